"""The egress guard: every HTTP client that calls a URL a client chose (webhook endpoints,
provider base URLs and their output links, OpenAI-compatible embedders) is built here.

What the guard enforces on every request, redirects included (they are never followed):

- the URL is `https`, carries no credentials, and its host is not a name that only means
  something inside a network (`localhost`, `*.internal`, a single label);
- the host is resolved once, EVERY address it resolves to must be public (not loopback,
  private, link-local and the cloud metadata address, unique-local, CGNAT, multicast,
  reserved, IPv4-mapped or -translated private addresses …), and the connection goes to
  one of those checked addresses, so a second DNS answer (rebinding) is never used; TLS
  still verifies the certificate for, and sends SNI and Host with, the name in the URL;
- a response is read up to `max_response_bytes` and within `max_seconds`, then dropped;
  it is asked for uncompressed and refused compressed (a small gzip can unpack to gigabytes).

`CREATORVERSE_EGRESS_ALLOW_LOCAL=1` (development and tests only) lets `http://` and
local or private addresses through, for receivers on 127.0.0.1; the database has its own
switch for the URLs it stores (`system_settings` key `egress.allow_local`, docs/tenancy.md).
"""

from __future__ import annotations

import ipaddress
import socket
import time
import typing

import anyio
import httpcore
import httpx

from creatorverse.settings import get_settings

# The address blocks no request may reach, with what they are (IANA special-purpose
# registries). Everything else must also be `is_global` for Python's ipaddress.
REFUSED_NETWORKS: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.ip_network(block), label)
    for block, label in (
        ("0.0.0.0/8", "a 'this network' address"),
        ("10.0.0.0/8", "a private address"),
        ("100.64.0.0/10", "a carrier-grade NAT address"),
        ("127.0.0.0/8", "a loopback address"),
        ("169.254.0.0/16", "a link-local address (cloud metadata lives here)"),
        ("172.16.0.0/12", "a private address"),
        ("192.0.0.0/24", "an IETF protocol address"),
        ("192.0.2.0/24", "a documentation address"),
        ("192.168.0.0/16", "a private address"),
        ("198.18.0.0/15", "a benchmarking address"),
        ("198.51.100.0/24", "a documentation address"),
        ("203.0.113.0/24", "a documentation address"),
        ("224.0.0.0/4", "a multicast address"),
        ("240.0.0.0/4", "a reserved address"),
        ("::/128", "the unspecified address"),
        ("::1/128", "a loopback address"),
        ("::ffff:0:0/96", "an IPv4-mapped address"),
        ("64:ff9b::/96", "a NAT64 address"),
        ("64:ff9b:1::/48", "a NAT64 address"),
        ("100::/64", "a discard address"),
        ("2001::/32", "a Teredo address"),
        ("2001:db8::/32", "a documentation address"),
        ("2002::/16", "a 6to4 address"),
        ("fc00::/7", "a unique-local address"),
        ("fe80::/10", "a link-local address"),
        ("fec0::/10", "a site-local address"),
        ("ff00::/8", "a multicast address"),
    )
)
# Names that only resolve inside a network; a single label ("redis", "metadata") too.
LOCAL_NAME_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain", ".home.arpa")

WEBHOOK_RESPONSE_BYTES = 64 * 1024
API_RESPONSE_BYTES = 512 * 1024 * 1024  # a provider's rendered video, downloaded whole


class EgressRefused(httpx.TransportError):
    """The guard refused the request: never retried, and its message is safe to show."""


class _AddressRefused(httpcore.ConnectError):
    """Raised inside the connection pool; turned back into EgressRefused by the transport."""


def address_refusal(address: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why a request may not go to this address, or None when it is public."""
    ip = ipaddress.ip_address(address)
    for network, label in REFUSED_NETWORKS:
        if ip.version == network.version and ip in network:
            return label
    if not ip.is_global:
        return "not a public address"
    return None


def url_refusal(url: httpx.URL, *, allow_local: bool) -> str | None:
    """Why this URL may not be called, judged from its text alone (before any DNS)."""
    if url.scheme != "https" and not (allow_local and url.scheme == "http"):
        return f"only https URLs are called (not {url.scheme or 'a relative URL'})"
    if url.userinfo:
        return "a URL with credentials in it is not called"
    host = url.host.lower().rstrip(".")
    if not host:
        return "the URL has no host"
    if allow_local:
        return None
    try:
        reason = address_refusal(host)
    except ValueError:
        if host == "localhost" or host.endswith(LOCAL_NAME_SUFFIXES) or "." not in host:
            return f"{host} is a local name"
        return None
    return f"{host} is {reason}" if reason else None


def resolve(host: str, port: int) -> list[str]:
    """Every address the host resolves to (the one DNS answer the connection will use)."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise httpcore.ConnectError(f"cannot resolve {host}: {error.strerror}") from error
    return list(dict.fromkeys(info[4][0] for info in answers))


def checked_addresses(host: str, port: int, *, allow_local: bool) -> list[str]:
    addresses = resolve(host, port)
    if not allow_local:
        for address in addresses:
            if reason := address_refusal(address.split("%")[0]):
                # the address is not named: this message reaches what the organization reads
                raise _AddressRefused(f"{host} resolves to {reason}")
    return addresses


class _GuardedAsyncBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, allow_local: bool):
        self.allow_local = allow_local
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = await anyio.to_thread.run_sync(  # a hung lookup gives way to the time bound
            lambda: checked_addresses(host, port, allow_local=self.allow_local), abandon_on_cancel=True
        )
        last_error: Exception | None = None
        for address in addresses:  # the checked addresses, never a second lookup
            try:
                return await self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last_error = error
        raise last_error or httpcore.ConnectError(f"{host} has no address")

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise _AddressRefused("unix sockets are not reachable through the egress guard")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class _GuardedSyncBackend(httpcore.NetworkBackend):
    def __init__(self, allow_local: bool):
        self.allow_local = allow_local
        self.inner = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        last_error: Exception | None = None
        for address in checked_addresses(host, port, allow_local=self.allow_local):
            try:
                return self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last_error = error
        raise last_error or httpcore.ConnectError(f"{host} has no address")

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise _AddressRefused("unix sockets are not reachable through the egress guard")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def _refused(error: httpx.ConnectError, request: httpx.Request) -> Exception:
    if isinstance(error.__cause__, _AddressRefused):
        return EgressRefused(str(error.__cause__), request=request)
    return error


class _Limits:
    def __init__(self, max_response_bytes: int, max_seconds: float):
        self.max_response_bytes = max_response_bytes
        self.max_seconds = max_seconds

    def check_headers(self, response: httpx.Response, request: httpx.Request) -> None:
        # the bound counts bytes on the wire: a compressed body could unpack far past it
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):
            raise EgressRefused(f"the response is {encoding}-encoded, though identity was asked for", request=request)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_response_bytes:
            raise EgressRefused(f"the response is larger than {self.max_response_bytes} bytes", request=request)

    def check_body(self, received: int, started: float, request: httpx.Request) -> None:
        if received > self.max_response_bytes:
            raise EgressRefused(f"the response is larger than {self.max_response_bytes} bytes", request=request)
        if time.monotonic() - started > self.max_seconds:
            raise httpx.ReadTimeout(f"the response took longer than {self.max_seconds:g} s", request=request)


class _BoundedAsyncStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, limits: _Limits, started: float, request: httpx.Request):
        self.inner, self.limits, self.started, self.request = inner, limits, started, request

    async def __aiter__(self) -> typing.AsyncIterator[bytes]:
        received = 0
        async for chunk in self.inner:
            received += len(chunk)
            self.limits.check_body(received, self.started, self.request)
            yield chunk

    async def aclose(self) -> None:
        await self.inner.aclose()


class _BoundedSyncStream(httpx.SyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream, limits: _Limits, started: float, request: httpx.Request):
        self.inner, self.limits, self.started, self.request = inner, limits, started, request

    def __iter__(self) -> typing.Iterator[bytes]:
        received = 0
        for chunk in self.inner:
            received += len(chunk)
            self.limits.check_body(received, self.started, self.request)
            yield chunk

    def close(self) -> None:
        self.inner.close()


class GuardedAsyncTransport(httpx.AsyncBaseTransport):
    def __init__(self, *, allow_local: bool, max_response_bytes: int, max_seconds: float):
        self.allow_local = allow_local
        self.limits = _Limits(max_response_bytes, max_seconds)
        self.inner = httpx.AsyncHTTPTransport(trust_env=False)
        # httpx offers no way to name the pool's network backend: ours resolves and checks
        self.inner._pool._network_backend = _GuardedAsyncBackend(allow_local)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if reason := url_refusal(request.url, allow_local=self.allow_local):
            raise EgressRefused(reason, request=request)
        started = time.monotonic()
        try:
            with anyio.fail_after(self.limits.max_seconds):
                response = await self.inner.handle_async_request(request)
        except httpx.ConnectError as error:
            raise _refused(error, request) from error
        except TimeoutError as error:
            raise httpx.ReadTimeout(f"no answer within {self.limits.max_seconds:g} s", request=request) from error
        try:
            self.limits.check_headers(response, request)
        except EgressRefused:
            await response.aclose()
            raise
        response.stream = _BoundedAsyncStream(response.stream, self.limits, started, request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


class GuardedSyncTransport(httpx.BaseTransport):
    def __init__(self, *, allow_local: bool, max_response_bytes: int, max_seconds: float):
        self.allow_local = allow_local
        self.limits = _Limits(max_response_bytes, max_seconds)
        self.inner = httpx.HTTPTransport(trust_env=False)
        self.inner._pool._network_backend = _GuardedSyncBackend(allow_local)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if reason := url_refusal(request.url, allow_local=self.allow_local):
            raise EgressRefused(reason, request=request)
        started = time.monotonic()
        try:
            response = self.inner.handle_request(request)
        except httpx.ConnectError as error:
            raise _refused(error, request) from error
        try:
            self.limits.check_headers(response, request)
        except EgressRefused:
            response.close()
            raise
        response.stream = _BoundedSyncStream(response.stream, self.limits, started, request)
        return response

    def close(self) -> None:
        self.inner.close()


def _options(timeout: float, max_seconds: float | None, max_response_bytes: int, allow_local: bool | None) -> dict:
    return {
        "allow_local": get_settings().egress_allow_local if allow_local is None else allow_local,
        "max_response_bytes": max_response_bytes,
        "max_seconds": max_seconds if max_seconds is not None else 4 * timeout,
    }


def async_client(
    *,
    base_url: str = "",
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
    max_seconds: float | None = None,
    max_response_bytes: int = API_RESPONSE_BYTES,
    allow_local: bool | None = None,
) -> httpx.AsyncClient:
    """An AsyncClient whose every request passes the guard. `timeout` bounds each connect,
    read and write; `max_seconds` (default 4 times timeout) the whole request, body included."""
    transport = GuardedAsyncTransport(**_options(timeout, max_seconds, max_response_bytes, allow_local))
    return httpx.AsyncClient(
        base_url=base_url,
        headers={"Accept-Encoding": "identity", **(headers or {})},
        timeout=httpx.Timeout(timeout),
        transport=transport,
        follow_redirects=False,
        trust_env=False,
    )


def sync_client(
    *,
    base_url: str = "",
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
    max_seconds: float | None = None,
    max_response_bytes: int = API_RESPONSE_BYTES,
    allow_local: bool | None = None,
) -> httpx.Client:
    """The blocking twin of `async_client`, for the operator's embeddings endpoint; here
    `max_seconds` bounds the body, and the wait for headers is bounded per read by `timeout`."""
    transport = GuardedSyncTransport(**_options(timeout, max_seconds, max_response_bytes, allow_local))
    return httpx.Client(
        base_url=base_url,
        headers={"Accept-Encoding": "identity", **(headers or {})},
        timeout=httpx.Timeout(timeout),
        transport=transport,
        follow_redirects=False,
        trust_env=False,
    )
