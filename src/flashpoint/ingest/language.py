"""Which language a text is in, without a model download: scripts and stop words.

flashpoint codes English news. A page in Portuguese or Korean run through an English parser and
lexicon yields nonsense events, so sources report such documents as skipped, naming the
language, instead of coding them.

How :func:`detect_language` decides:

1. Letters of a non-Latin script (Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai, Hangul,
   kana, Han...) making up more than a third of all letters name the language of that script
   (Hangul -> ``ko``, kana -> ``ja``, Han alone -> ``zh``, Cyrillic -> ``ru``/``uk``/``bg``
   by their distinctive letters...).
2. Otherwise the words are matched against short lists of the most frequent function words of
   sixteen languages written in Latin script. Function words make up 30-50% of running text in
   any of them, and the lists barely overlap, so the share of each list in the text separates
   the languages well from about twenty words on.
3. Texts shorter than ``MIN_WORDS`` words, or without a clear winner, are undetermined
   (``None``): a short or odd text is never skipped for its language.

The declared language of a page (``<html lang>``, ``og:locale``) is only a fallback: templates
often declare ``en`` on pages in other languages, and the reverse.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flashpoint.model import Article

MIN_WORDS = 20

# The most frequent function words of each language (articles, pronouns, prepositions,
# conjunctions, auxiliaries), lower case, accents kept. Words shared by several languages
# count for each of them.
_STOPWORDS: dict[str, str] = {
    "en": "the of and to a in is that for it was on with as he be by at are this from his have "
    "an or but not they had which were has their been its would who will there said more also "
    "after about than into when them could we our she her what",
    "pt": "de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi "
    "ao ele das tem à seu sua ou ser quando muito há nos já está eu também só pelo pela até "
    "isso ela entre era depois sem mesmo aos ter seus quem nas me esse eles você essa num nem "
    "suas meu às minha são",
    "es": "de la que el en y a los del se las por un para con no una su al lo como más pero sus "
    "le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde quien "
    "desde todo nos durante todos uno les ni contra otros ese eso ante ellos e esto mí antes "
    "algunos qué unos yo otro otras otra él fue ha son está",
    "fr": "de la le et les des en un du une que est pour qui dans a par plus pas au sur ne se ce "
    "il sont aux avec son ses mais ou elle nous vous leur été cette comme tout on était ont "
    "fait sa bien sans peut lui dont très",
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch "
    "es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über "
    "einen so zum war haben nur oder aber vor zur bis mehr durch man",
    "it": "di e il la che a per un in è del non una con da i le si al sono della lo come dei ma "
    "anche nel più alla gli ha o se delle questo ci nella essere ad tra sua suo loro cui "
    "stato quando già dopo",
    "nl": "de van het een en in is dat op te zijn met voor niet aan er die ook als bij door maar "
    "om werd dan wordt nog naar uit tot kan hij zij heeft hebben over was worden deze al "
    "geen meer ze we",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada oleh saya "
    "karena kita bisa atau mereka sudah telah kami seperti bahwa adalah lebih harus jika "
    "hanya tersebut ia dia orang pun sebagai saat agar para",
    "sv": "och i att det som en på är av för med till den har de inte om ett han men var jag sig "
    "från vi så kan man när år säger hon under också efter eller nu sin där vid mot ska",
    "da": "og i at det er en til på som de med han af for ikke der var mig sig men et har om vi "
    "min havde ham hun nu over da fra du ud sin dem os op skal hvor eller",
    "no": "og i det er som til en på å av for med har de ikke at den han var men om et vi seg "
    "fra sin kan så også etter når hun eller skal vil ble blir",
    "pl": "i w nie na się z do to że jest o jak po co ale tak za od jego przez jej są być już "
    "czy może tylko jako dla który która które aby przy oraz też było",
    "tr": "ve bir bu da de için ile çok ne daha gibi olarak olan ama en kadar sonra her ya o "
    "ise ki mi değil var şey diye ancak göre",
    "ro": "și în de la a cu pe care că nu un o din este pentru mai s au sunt ca fost ce se lui "
    "sau dar ei după acest această prin fi despre",
    "cs": "a se na je že v to s z do o jsou by ve k pro jak ale jsem tak po už jako co jeho "
    "které který která nebo jen při bylo byl jejich",
    "ca": "de la i que el en a les per un una del amb és no es dels al els com més però va "
    "seu seva aquest aquesta han ha",
}
_WORDSETS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Unicode script of a letter, from its name's first word (cheap and dependency-free).
_SCRIPT_LANG = {
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "CJK": "zh",
    "ARABIC": "ar",
    "HEBREW": "he",
    "GREEK": "el",
    "DEVANAGARI": "hi",
    "BENGALI": "bn",
    "THAI": "th",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "TAMIL": "ta",
    "ETHIOPIC": "am",
    "CYRILLIC": "ru",
}


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """``language``: an ISO 639-1 code, or None when undetermined; ``score``: how sure
    (share of stop words, or of the script's letters); ``basis``: ``"script"``,
    ``"stopwords"``, ``"declared"`` or ``"too short"``."""

    language: str | None
    score: float
    basis: str


def _script_of(ch: str) -> str | None:
    if ch.isascii():
        return "LATIN"
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    first = name.split(" ", 1)[0]
    if first in ("LATIN", "FULLWIDTH"):
        return "LATIN"
    return first


def _cyrillic_language(text: str) -> str:
    if re.search(r"[іїєґ]", text, re.I):
        return "uk"
    if re.search(r"[ыэъё]", text, re.I):
        return "ru"
    if re.search(r"[ђћџљњ]", text, re.I):
        return "sr"
    return "ru"  # Russian, or another Cyrillic language without the letters above


def detect_language(
    text: str, *, declared: str | None = None, max_chars: int = 8_000
) -> LanguageGuess:
    """The language of ``text`` (see the module notes); ``declared`` (a page's own
    ``lang``) is used only when the text cannot decide."""
    sample = text[:max_chars]
    letters = [c for c in sample if c.isalpha()]
    if letters:
        scripts: dict[str, int] = {}
        for c in letters[:2000]:
            s = _script_of(c)
            if s is not None:
                scripts[s] = scripts.get(s, 0) + 1
        total = sum(scripts.values()) or 1
        best_script, count = max(scripts.items(), key=lambda kv: kv[1], default=("LATIN", 0))
        if best_script != "LATIN" and count / total > 1 / 3:
            if best_script in ("HIRAGANA", "KATAKANA") or (
                best_script == "CJK"
                and (scripts.get("HIRAGANA", 0) + scripts.get("KATAKANA", 0)) > 0.05 * total
            ):
                lang = "ja"
            elif best_script == "CYRILLIC":
                lang = _cyrillic_language(sample)
            else:
                lang = _SCRIPT_LANG.get(best_script)
            return LanguageGuess(lang, count / total, "script")
    words = [w.casefold().replace("’", "'") for w in _WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return _declared(declared, "too short")
    hits = {lang: sum(1 for w in words if w in ws) for lang, ws in _WORDSETS.items()}
    ranked = sorted(hits.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    share = top / len(words)
    if share < 0.12 or top < 1.25 * second:
        return (
            _declared(declared, "stopwords")
            if share < 0.12
            else LanguageGuess(None, share, "stopwords")
        )
    return LanguageGuess(best, share, "stopwords")


def _declared(declared: str | None, basis: str) -> LanguageGuess:
    lang = normalise_language_tag(declared)
    if lang:
        return LanguageGuess(lang, 0.0, "declared")
    return LanguageGuess(None, 0.0, basis)


def normalise_language_tag(tag: str | None) -> str | None:
    """``"en-US"``, ``"pt_BR"``, ``"EN"`` -> ``"en"``, ``"pt"``, ``"en"``; junk -> None."""
    if not tag:
        return None
    m = re.match(r"\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$", tag)
    return m.group(1).lower() if m else None


def is_english(text: str, *, declared: str | None = None) -> bool | None:
    """True, False, or None when the text is too short or mixed to say."""
    guess = detect_language(text, declared=declared)
    if guess.language is None:
        return None
    return guess.language == "en"


def skip_reason(guess: LanguageGuess) -> str | None:
    """The reason to skip a document whose text is surely not in English, or None to keep it.

    Only a decision from the text itself skips a document; a declared ``lang`` alone never
    does."""
    if guess.language is None or guess.language == "en" or guess.basis == "declared":
        return None
    return f"skipped: not in English (language: {guess.language})"


def article_language(article: Article) -> tuple[str | None, str | None]:
    """``(language, reason to skip)`` of an article, from its title and text; what sources
    and ``flashpoint watch`` admit an article by."""
    guess = detect_language((article.title or "") + "\n" + article.text)
    return guess.language, skip_reason(guess)
