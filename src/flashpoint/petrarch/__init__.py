"""Run PETRARCH/TABARI dictionaries on Python 3 with spaCy: the CAMEO verb dictionary, the
Phoenix actor and agent dictionaries, discards and issues, and PETRARCH's validation suites.

>>> from flashpoint.petrarch import load_dictionaries, DictionaryCoder        # doctest: +SKIP
>>> d = load_dictionaries("path/to/dictionaries")      # every file, recognised by its content
>>> [str(p) for p in d.problems][:1]                   # malformed lines, with file and line
['.../Phoenix.agents.txt:544: error: malformed agent line ...']
>>> coder = DictionaryCoder(d)                         # mode="alone"
>>> events = coder.code_text("Arnor condemned Gondor.", date=date(1995, 1, 1))

Dictionaries are read by :mod:`flashpoint.petrarch.dictionaries` (formats documented there) and
run by :mod:`flashpoint.petrarch.engine` on spaCy's dependency parse (how patterns, sources,
targets and noun phrases are read is documented there). :class:`DictionaryCoder` has the
interface of the built-in :class:`~flashpoint.coding.coder.Coder`, so
``flashpoint code --dictionaries DIR``, the evaluation and the pipeline take either.
:func:`run_validation` runs PETRARCH's validation records.

Precedence
----------
``mode="alone"``
    Only the dictionaries: their verbs trigger events, their actors and agents name the
    source and target. Within the dictionaries, a file loaded later overrides an earlier one
    for the same actor name or verb (a folder is read in file-name order), and each clash is
    reported as a warning in ``Dictionaries.problems``.
``mode="combined"``
    The built-in coder (its lexicon and its actor knowledge base) and the dictionaries run on
    the same parse of each sentence. Events: the built-in coder's first; a dictionary event is
    added when it says something the built-in events do not (another dyad or CAMEO root, or a
    target where the built-in event found none, which it then replaces). Actors in dictionary
    events: the dictionary's actor when it has one, else the knowledge base's reading of the
    phrase -- except that, with ``prefer_builtin_leaders=True`` (the default), the knowledge
    base wins whenever the phrase names a *person* it knows, because its roles carry dates up to
    today while the public Phoenix dictionaries stop around 2015 ("Barack Obama" is USAGOV there
    for ever). Pass ``prefer_builtin_leaders=False`` to keep the dictionaries' roles.

Dates: dictionary roles are resolved at the article's date with PETRARCH's rules (the first
restricted code that holds, else the unrestricted default; ``<950601`` is before 1 June 1995,
``>990816`` from 16 August 1999 on, ``19950601-19990815`` inclusive; two-digit years up to 30 are
20xx).
"""

from flashpoint.petrarch.coder import DictionaryCoder
from flashpoint.petrarch.dictionaries import Dictionaries, DictionaryProblem, load_dictionaries
from flashpoint.petrarch.validation import ValidationReport, run_validation

__all__ = [
    "Dictionaries",
    "DictionaryCoder",
    "DictionaryProblem",
    "ValidationReport",
    "load_dictionaries",
    "run_validation",
]
