"""Bytes -> text: encodings, byte-order marks, and telling text from binary.

Order of trust:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) decides;
2. strict UTF-8 (by far the most common; a multi-byte character cut at the very end of a
   capped read is dropped, and a handful of stray bytes in otherwise valid UTF-8 become
   U+FFFD rather than sending the whole text through a guesser);
3. an encoding the document declares (``<meta charset>`` in HTML), if it decodes cleanly;
4. Western single-byte text (Latin-1 / Windows-1252: "café" as ``63 61 66 e9``), recognised by
   its shape — non-ASCII bytes scattered one or two at a time inside ASCII words — and decoded
   as cp1252 (a superset of Latin-1's printable range; its five undefined bytes fall back to
   Latin-1);
5. otherwise charset-normalizer's best guess (Cyrillic, Greek, CJK legacy encodings...),
   and cp1252 with replacement characters as the last resort.

charset-normalizer alone is unreliable on short Western texts (it reads ``b"caf\\xe9"`` as
UTF-16), which is why step 4 comes first.
"""

from __future__ import annotations

import codecs
import re

# bytes that never occur in text files (besides NUL): C0 controls other than \t \n \v \f \r
# and ESC (ANSI colours in logs)
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_HIGH_RUNS = re.compile(rb"[\x80-\xff]+")
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})""", re.I)
_SAMPLE = 1 << 16


class BinaryContent(ValueError):
    """Raised by :func:`decode_bytes` for data that is not text."""


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when every other byte is NUL, as in BOM-less UTF-16 text."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def is_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes (outside UTF-16/32), or many control bytes."""
    sample = data[:_SAMPLE]
    if not sample:
        return False
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return _utf16_without_bom(sample) is None
    controls = len(_CONTROL_BYTES.findall(sample))
    return controls > 0.02 * len(sample)


def _looks_western(data: bytes) -> bool:
    """Non-ASCII bytes that sit one or two at a time inside words, as accented letters and
    curly quotes do in Latin-1/cp1252 text (in Cyrillic or Greek code pages whole words
    are non-ASCII)."""
    sample = data[: 4 * _SAMPLE]
    runs = _HIGH_RUNS.findall(sample)
    if not runs:
        return True
    long_runs = sum(1 for r in runs if len(r) >= 3)
    high = sum(len(r) for r in runs)
    return long_runs <= 0.15 * len(runs) and high <= 0.3 * len(sample)


def _latin1_fallback(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    return err.object[err.start : err.end].decode("latin-1"), err.end


codecs.register_error("flashpoint-latin1", _latin1_fallback)


def _decode_cp1252(data: bytes) -> str:
    # cp1252 leaves 0x81 0x8d 0x8f 0x90 0x9d undefined; Latin-1 maps them (to C1 controls)
    return data.decode("cp1252", errors="flashpoint-latin1")


def _try_utf8(data: bytes, cut: bool = False) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        # a multi-byte character cut off by a capped read
        if cut and err.reason == "unexpected end of data" and err.start >= len(data) - 3:
            try:
                return data[: err.start].decode("utf-8")
            except UnicodeDecodeError:
                pass
    # mostly valid UTF-8 with a few stray bytes: keep UTF-8, replace the strays
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if multibyte >= 3 and bad <= max(1, 0.01 * multibyte):
        return text
    return None


def declared_encoding(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first bytes, if Python knows it."""
    head = data[:4096]
    m = _DECLARED.search(head) or re.search(rb"""<\?xml[^>]*encoding=["']([A-Za-z0-9._:-]+)""", head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, check_binary: bool = True, cut: bool = False) -> str:
    """Decode a document's bytes to text, detecting the encoding (see module notes).

    ``cut`` says the bytes are the start of a longer file (a capped read), so a multi-byte
    character broken at the end is expected. Raises :class:`BinaryContent` for data that is
    not text (when ``check_binary``).
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data.decode("utf-32", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if check_binary and is_binary(data):
        raise BinaryContent("binary file, not text")
    if b"\x00" in data[:_SAMPLE]:
        enc = _utf16_without_bom(data[:_SAMPLE])
        if enc:
            return data[: len(data) // 2 * 2].decode(enc, errors="replace")
    text = _try_utf8(data, cut)
    if text is not None:
        return text
    declared = declared_encoding(data)
    if declared and declared not in ("utf-8", "utf-16", "utf-32"):
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    if _looks_western(data):
        return _decode_cp1252(data)
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[: 4 * _SAMPLE]).best()
    except Exception:  # noqa: BLE001 - a guesser failure must not lose the document
        best = None
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding, errors="replace")
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace")
