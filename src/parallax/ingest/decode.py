"""Bytes to text: refuse binaries, find the encoding, normalise newlines, sniff the format.

Order of trust when decoding: a byte-order mark, then strict UTF-8 (most inputs,
and a cheap test that almost never passes by accident on other encodings), then
charset-normalizer's guess. Binaries are refused before any of that, by magic
number and by their share of NUL and control bytes.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

# How many leading bytes the binary sniffers look at: enough for any magic number
# and a fair sample of the content, small enough to stay cheap on big files.
SNIFF_BYTES = 8192

# (offset, signature, what it is). Offsets other than 0 are rare (ISO-BMFF "ftyp").
MAGIC_NUMBERS: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"%PDF-", "PDF document"),
    (0, b"PK\x03\x04", "ZIP archive (or office document)"),
    (0, b"PK\x05\x06", "ZIP archive"),
    (0, b"\x1f\x8b", "gzip archive"),
    (0, b"BZh", "bzip2 archive"),
    (0, b"\xfd7zXZ\x00", "xz archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (0, b"\x28\xb5\x2f\xfd", "zstd archive"),
    (0, b"\x7fELF", "executable"),
    (0, b"\xcf\xfa\xed\xfe", "executable"),
    (0, b"\xca\xfe\xba\xbe", "executable or class file"),
    (0, b"\x00asm", "WebAssembly module"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office document"),
    (0, b"ID3", "MP3 audio"),
    (0, b"OggS", "Ogg media"),
    (0, b"fLaC", "FLAC audio"),
    (0, b"RIFF", "RIFF media (WAV, AVI or WebP)"),
    (0, b"\x1a\x45\xdf\xa3", "Matroska/WebM video"),
    (0, b"wOFF", "web font"),
    (0, b"wOF2", "web font"),
    (4, b"ftyp", "MP4/QuickTime media or HEIC image"),
)

BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control bytes that never occur in text (tab, newlines, form feed and ESC excluded).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_CONTROL_SHARE_LIMIT = 0.05

_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x85")

# A document that declares itself HTML, possibly after comments or an XML prolog.
_HTML_START = re.compile(
    r"\A(?:\ufeff)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
# Fragments without the document shell: count closing block tags in the first few KB.
_BLOCK_CLOSE = re.compile(r"</(?:p|div|article|section|h[1-6]|li|table|span|a)>", re.IGNORECASE)
_FRAGMENT_MIN_TAGS = 3


def describe_size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} kB"
    return f"{n} bytes"


def too_large(size: int, limit: int, where: str) -> InputError:
    return InputError(
        f"too large: {describe_size(size)} is over the limit of {describe_size(limit)} (raise it with --max-bytes)",
        where=where,
    )


def binary_kind(data: bytes) -> str | None:
    """What kind of binary `data` looks like ("PNG image", "binary data"), or None for text."""
    for offset, signature, kind in MAGIC_NUMBERS:
        if data[offset:offset + len(signature)] == signature:
            return kind
    if _bom_encoding(data):
        return None  # UTF-16/32 text is full of NULs; the BOM says it is text
    head = data[:SNIFF_BYTES]
    if not head:
        return None
    if b"\x00" in head:
        return None if _utf16_without_bom(head) else "binary data"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls / len(head) > _CONTROL_SHARE_LIMIT:
        return "binary data"
    return None


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """Mostly-ASCII UTF-16 has a NUL in every other byte; anything else with NULs is binary."""
    if len(head) < 4:
        return None
    even_nuls = head[0::2].count(0) / len(head[0::2])
    odd_nuls = head[1::2].count(0) / len(head[1::2])
    if odd_nuls > 0.6 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.6 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, where: str, declared: str | None = None) -> tuple[str, str]:
    """Decode `data` to text with `\\n` newlines; returns (text, encoding name).

    `declared` is an encoding stated outside the bytes (an HTTP charset); it is
    trusted after a BOM but before guessing, and only if the bytes decode with it.
    Raises InputError for binary data and for empty or whitespace-only input.
    """
    kind = binary_kind(data)
    if kind:
        raise InputError(f"looks like a binary file ({kind}), not an article", where=where)
    text, encoding = _decode(data, declared)
    if not text.strip():
        raise InputError("empty file" if not data else "empty file (only whitespace)", where=where)
    return normalise_newlines(text), encoding


def _decode(data: bytes, declared: str | None) -> tuple[str, str]:
    bom = _bom_encoding(data)
    if bom:
        return data[_bom_length(data):].decode(bom, errors="replace"), bom
    if declared:
        try:
            return data.decode(declared), codecs.lookup(declared).name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown header charset: fall through to the content
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guess = _utf16_without_bom(data[:SNIFF_BYTES])
    if guess:
        return data.decode(guess, errors="replace"), guess
    return _guess_legacy(data)


def _bom_length(data: bytes) -> int:
    for bom, _ in BOMS:
        if data.startswith(bom):
            return len(bom)
    return 0


def _guess_legacy(data: bytes) -> tuple[str, str]:
    """Not UTF-8: Western single-byte text first, else charset-normalizer, else latin-1 (cannot fail).

    charset-normalizer alone misreads short Western text (it picks cp1250 and
    turns "très" into "trčs"), and news in this tool's languages is mostly
    Western. Text in Cyrillic or Greek code pages decodes under cp1252 too, but
    then nearly every letter is non-ASCII, which `_plausibly_western` rejects.
    """
    western = _plausibly_western(data)
    if western:
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    return data.decode("latin-1"), "latin_1"


# Above this share of non-ASCII letters, single-byte text is not a Western language.
_WESTERN_NON_ASCII_LETTER_SHARE = 0.3


def _plausibly_western(data: bytes) -> tuple[str, str] | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = non_ascii = 0
    for char in text:
        if char.isalpha():
            letters += 1
            non_ascii += char > "\x7f"
    if not letters or non_ascii / letters > _WESTERN_NON_ASCII_LETTER_SHARE:
        return None
    # Without bytes 0x80-0x9f, cp1252 and latin-1 agree: name the plainer one.
    if any(0x80 <= b <= 0x9F for b in data):
        return text, "cp1252"
    return text, "latin_1"


def normalise_newlines(text: str) -> str:
    return _NEWLINES.sub("\n", text)


def looks_like_html(text: str) -> bool:
    """A whole HTML document, or a fragment dense with closing block tags."""
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return head.lstrip().startswith("<") and len(_BLOCK_CLOSE.findall(head)) >= _FRAGMENT_MIN_TAGS
