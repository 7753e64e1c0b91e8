"""Fetching one URL safely: http(s) only, bounded time, size and redirects, no private addresses.

The address check happens where the connection is made (a custom httpcore
network backend), not only before the request: the host is resolved once, every
address it resolves to is checked, and the socket connects to a checked address.
A DNS answer that changes between a check and the connection (DNS rebinding)
therefore cannot slip a private address through, and every redirect hop that
opens a connection is checked again. Proxies from the environment are not used,
since a proxy would make the connection on our behalf and hide the address.

`fetch_url` is the one entry point; the `ingest` command and feed reader reuse it.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urlsplit

import httpcore
import httpx

from .. import __version__
from ..errors import FetchError
from .decode import describe_size

ALLOWED_SCHEMES = ("http", "https")
USER_AGENT = f"parallax/{__version__} (news reader; +https://github.com/parallax)"
CHUNK_BYTES = 65536


@dataclass
class FetchedPage:
    url: str  # the final URL, after redirects
    status: int
    content: bytes
    media_type: str | None  # "text/html", lower case, without parameters
    charset: str | None  # from the Content-Type header, when it says
    redirects: list[str] = field(default_factory=list)  # the URLs that redirected, in order


def check_scheme(url: str, where: str | None = None) -> None:
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError as error:  # "Invalid IPv6 URL" and the like
        raise FetchError(f"invalid URL: {error}", where=where or url) from None
    if scheme not in ALLOWED_SCHEMES:
        hint = " (give a local file as a plain path)" if scheme == "file" else ""
        raise FetchError(f"unsupported URL scheme '{scheme}:': only http and https URLs are fetched{hint}", where=where or url)


def refusal_reason(address: str) -> str | None:
    """Why connecting to `address` is refused by default ("a loopback address"), or None if it is public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for test, label in (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_private", "a private address"),
        ("is_unspecified", "an unspecified address"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),
    ):
        if getattr(ip, test):
            return label
    return None if ip.is_global else "a non-public address"


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, in resolver order, without duplicates."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


class RefusedAddress(FetchError):
    """The host resolves to an address the safety rules refuse."""


class GuardedBackend(httpcore.SyncBackend):
    """Connects only to addresses that pass the check, unless private ones are allowed."""

    def __init__(self, allow_private: bool):
        self.allow_private = allow_private

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            addresses = resolve(host, port)
        except socket.gaierror as error:
            raise httpcore.ConnectError(f"cannot resolve host {host!r} ({error.strerror})") from None
        if not self.allow_private:
            for address in addresses:
                reason = refusal_reason(address)
                if reason:
                    named = f"{host} is" if host == address else f"{host} is {address},"
                    raise RefusedAddress(
                        f"refused: {named} {reason}; use --allow-private to fetch from "
                        "loopback, private and link-local addresses"
                    )
        last_error: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last_error = error
        raise last_error or httpcore.ConnectError(f"no address for host {host!r}")


def _client(options) -> httpx.Client:
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx has no public hook for the network backend; the pool it builds accepts one.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        network_backend=GuardedBackend(options.allow_private),
    )
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(options.timeout),
        follow_redirects=False,  # followed by hand, to check scheme and count each hop
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain,application/json;q=0.9,*/*;q=0.5"},
        trust_env=False,
    )


def fetch_url(url: str, options, client: httpx.Client | None = None) -> FetchedPage:
    """Fetch `url` under the limits in `options` (a ReadOptions); raise FetchError naming `url`."""
    check_scheme(url)
    deadline = time.monotonic() + options.timeout
    own_client = client is None
    client = client or _client(options)
    try:
        return _fetch(client, url, options, deadline)
    except FetchError as error:
        error.where = url
        raise
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {options.timeout:g} s (raise it with --timeout)", where=url) from None
    except httpx.ConnectError as error:
        raise FetchError(f"could not connect: {_reason(error)}", where=url) from None
    except httpx.HTTPError as error:
        raise FetchError(f"fetch failed: {_reason(error)}", where=url) from None
    except (httpx.InvalidURL, ValueError) as error:  # no host, bad port, bad IDNA...
        raise FetchError(f"invalid URL: {error}", where=url) from None
    finally:
        if own_client:
            client.close()


def _fetch(client: httpx.Client, url: str, options, deadline: float) -> FetchedPage:
    request = client.build_request("GET", url)
    redirects: list[str] = []
    while True:
        response = client.send(request, stream=True)
        try:
            if not response.has_redirect_location:  # a 304 is a 3xx but not a redirect
                return _read_page(response, redirects, options, deadline)
            if len(redirects) >= options.max_redirects:
                raise FetchError(f"too many redirects (more than {options.max_redirects}; raise it with --max-redirects)")
            redirects.append(str(response.url))
            request = response.next_request
            if request is None:
                raise FetchError(f"redirect ({response.status_code}) without a Location header")
            check_scheme(str(request.url), where=url)
        finally:
            response.close()


def _read_page(response: httpx.Response, redirects: list[str], options, deadline: float) -> FetchedPage:
    if response.status_code >= 400:
        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > options.max_bytes:
        raise FetchError(_too_large(f"the server announces {describe_size(int(declared))}", options.max_bytes))
    chunks, size = [], 0
    for chunk in response.iter_bytes(CHUNK_BYTES):
        size += len(chunk)
        if size > options.max_bytes:
            raise FetchError(_too_large(f"more than {describe_size(options.max_bytes)} received", options.max_bytes))
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("deadline passed")
        chunks.append(chunk)
    media_type, charset = parse_content_type(response.headers.get("content-type"))
    return FetchedPage(str(response.url), response.status_code, b"".join(chunks), media_type, charset, redirects)


def _too_large(detail: str, limit: int) -> str:
    return f"too large: {detail}, over the limit of {describe_size(limit)} (raise it with --max-bytes)"


def parse_content_type(header: str | None) -> tuple[str | None, str | None]:
    """(media type, charset) of a Content-Type header; (None, None) when there is none."""
    if not header:
        return None, None
    message = Message()
    message["content-type"] = header
    charset = message.get_param("charset")
    return message.get_content_type(), charset if isinstance(charset, str) else None


def _reason(error: Exception) -> str:
    """The innermost useful message: httpx wraps socket errors with little text of its own."""
    text = str(error)
    cause = error.__context__ or error.__cause__
    while not text and cause is not None:
        text, cause = str(cause), cause.__context__ or cause.__cause__
    return text or type(error).__name__
