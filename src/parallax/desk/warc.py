"""WARC files (web archives, as crawlers and `wget --warc-file` write them), read with warcio.

Every `response` record with status 200 and every `resource` record whose content type is
one `parallax read` understands becomes an input named `FILE#URL`, with the record's
target URI as its URL. Other records (requests, metadata, images, redirects) are passed over.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..ingest import MEDIA_SUFFIXES
from ..ingest.decode import describe_size
from ..ingest.fetch import parse_content_type
from ..ingest.files import inputs_from_bytes
from ..model import RawInput


def _record_inputs(record, where: str, options) -> Iterator[RawInput | InputError]:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    if record.rec_type == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return
        header = record.http_headers.get_header("Content-Type")
    else:
        header = record.rec_headers.get_header("Content-Type")
    media_type, charset = parse_content_type(header)
    if media_type and media_type not in MEDIA_SUFFIXES and not media_type.startswith("text/"):
        return
    content = record.content_stream().read(options.max_bytes + 1)
    if len(content) > options.max_bytes:
        yield InputError(f"record too large: over the limit of {describe_size(options.max_bytes)} (raise it with --max-bytes)", where=where)
        return
    for item in inputs_from_bytes(content, where, MEDIA_SUFFIXES.get(media_type or "", ""), charset):
        if isinstance(item, RawInput):
            item.url = item.url or uri
        yield item


def warc_inputs(path: Path, options) -> Iterator[RawInput | InputError]:
    found = 0
    try:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type not in ("response", "resource"):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or "?"
                for item in _record_inputs(record, f"{path}#{uri}", options):
                    found += 1
                    yield item
    except FileNotFoundError:
        yield InputError("no such file", where=str(path))
        return
    except (OSError, ArchiveLoadFailed) as error:
        yield InputError(f"not a readable WARC file ({error})", where=str(path))
        return
    if not found:
        yield InputError("no article pages in this WARC file (only records of other kinds, or non-200 responses)", where=str(path))
