"""The egress guard (creatorverse.egress): webhooks and providers pointed at 127.0.0.1 are
refused unless the development switch is on, a name that resolves to a private address is
refused at connect time, the connection goes to the address that was checked, redirects
are not followed, responses are bounded in size and time; and no HTTP client is built
anywhere else in src/."""

from __future__ import annotations

import ast
import asyncio
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import psycopg
import pytest
from media_api import Reply, ScriptedAPI
from psycopg.types.json import Jsonb
from test_media_pipeline import SIZE, generation, work
from test_media_storage import credentials, save_credential
from test_queue_workers import make_studio, request
from test_webhooks import deliver, finish_a_generation

from creatorverse import egress
from creatorverse.media.errors import ProviderError
from creatorverse.media.http.openai import OpenAICompatibleProvider
from creatorverse.media.models import TextRequest
from creatorverse.media.storage.local import LocalStorage

__all__ = ["credentials"]  # a fixture, imported

SRC = Path(__file__).resolve().parents[2] / "src"

# HTTP clients built outside the guard, each for an endpoint the operator configures (never a client).
OUTSIDE_THE_GUARD = {
    "creatorverse/billing/stripe_webhook.py": "the Stripe SDK, to api.stripe.com with the operator's key",
    "creatorverse/invest/refunds.py": "the Stripe SDK, to api.stripe.com with the operator's key",
}


class Internal:
    """A service on 127.0.0.1 that must never be read through the platform."""

    def __init__(self, body: bytes = b"internal secret: db password hunter2", *, status: int = 200, headers=None,
                 declare_length: bool = True, delay: float = 0.0):  # fmt: skip
        self.requests: list[tuple[str, str, str]] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                service.requests.append((self.command, self.path, self.headers.get("Host", "")))
                time.sleep(delay)
                try:
                    self.send_response(status)
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    if declare_length:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def internal():
    services: list[Internal] = []

    def start(*args, **kwargs) -> Internal:
        services.append(Internal(*args, **kwargs))
        return services[-1]

    yield start
    for service in services:
        service.close()


@pytest.fixture
def admin(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn


@pytest.fixture
def webhook_for(admin):
    """A webhook of a new studio, created by its owner; deleted afterwards with its pending
    events, which later tests' deliveries would otherwise pick up."""
    created = []

    def create(url: str) -> tuple:
        org_id, _, user = make_studio(admin)
        with admin.transaction():
            admin.execute("select tests.authenticate_as(%s)", (user,))
            webhook_id = admin.execute(
                "select webhook_id from public.create_webhook(%s, %s)", (org_id, url)
            ).fetchone()[0]
            admin.execute("reset role")
        created.append(webhook_id)
        return org_id, webhook_id

    yield create
    admin.execute("delete from public.webhooks where id = any(%s)", (created,))


@pytest.fixture
def resolver(monkeypatch):
    """Names of our own choosing for socket.getaddrinfo: {name: [addresses]}; calls counted."""
    names: dict[str, list[str]] = {}
    calls: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in names:
            calls.append(host)
            return [
                (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in names[host]
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names, calls


def get(url: str, **options) -> httpx.Response:
    async def go():
        async with egress.async_client(timeout=5.0, **options) as client:
            return await client.get(url)

    return asyncio.run(go())


# --- webhooks and providers against 127.0.0.1 ---------------------------------------------


def test_a_webhook_to_an_internal_service_is_refused_and_its_reply_never_stored(
    admin, db_url, internal, webhook_for, local_egress_db
):
    """The database's switch lets the URL be stored (a development database); the worker's
    switch is off, so the delivery is refused before a byte is sent."""
    service = internal()
    org_id, webhook_id = webhook_for(service.url + "/hook")
    finish_a_generation(admin, org_id)
    assert deliver(db_url) == 1
    assert service.requests == [], "nothing reached the internal service"
    status, http_status, error = admin.execute(
        "select status, http_status, error from public.webhook_deliveries where webhook_id = %s", (webhook_id,)
    ).fetchone()
    assert (status, http_status) == ("failed", None)
    assert error == "refused by the egress guard: only https URLs are called (not http)"


def test_a_delivery_records_status_and_time_never_the_body(
    admin, db_url, internal, webhook_for, local_egress, local_egress_db
):
    service = internal(status=500)
    org_id, webhook_id = webhook_for(service.url + "/hook")
    finish_a_generation(admin, org_id)
    deliver(db_url)
    assert len(service.requests) == 1
    row = admin.execute(
        "select to_jsonb(d) from public.webhook_deliveries d where webhook_id = %s", (webhook_id,)
    ).fetchone()[0]
    assert (row["http_status"], row["error"]) == (500, None)
    assert row["duration_ms"] >= 0
    assert "response_body" not in row and "hunter2" not in str(row), "clients read status, time and summary only"


def test_a_provider_at_an_internal_address_is_refused_without_the_development_setting():
    api = ScriptedAPI()
    api.script("/v1/chat/completions", Reply(json={"secret": "hunter2"}, repeat=True))
    https_url = api.url.replace("http://", "https://")
    try:
        refusals = ((api.url, "only https URLs are called"), (https_url, "127.0.0.1 is a loopback address"))
        for base_url, reason in refusals:
            provider = OpenAICompatibleProvider(base_url + "/v1", "sk-test", chat_model="m", backoff=0.01)

            async def go(provider=provider):
                try:
                    return await provider.text(TextRequest(prompt="x"))
                finally:
                    await provider.aclose()

            with pytest.raises(ProviderError) as failure:
                asyncio.run(go())
            assert failure.value.code == "egress_refused" and not failure.value.retryable
            assert reason in str(failure.value)
            assert provider.http.attempts == 1, "a refusal is not retried"
        assert api.requests == [], "nothing reached the internal service"
    finally:
        api.close()


def test_a_provider_whose_name_resolves_inward_fails_its_generation_at_once(
    admin, db_url, credentials, resolver, tmp_path
):
    """The worker's path: a public-looking base_url (accepted by SQL) resolves to 127.0.0.1 at
    connect time; the job fails with egress_refused, is not retried, its hold is released, and
    nothing of the internal service reaches generations.error_message."""
    api = ScriptedAPI()
    api.script("/v1/images/generations", Reply(json={"secret": "hunter2"}, repeat=True))
    names, _ = resolver
    names["images.example.com"] = ["127.0.0.1"]
    port = api.url.rsplit(":", 1)[1]
    try:
        org_id, project_id, user = make_studio(admin, credits=1000)
        credentials.append(org_id)
        config = {"kinds": ["image"], "base_url": f"https://images.example.com:{port}/v1"}
        save_credential(admin, user, org_id, "openai", "sk-test-0123456789abcdef", config)
        image = request(admin, user, project_id, "image", prompt="a harbor at dawn", params=Jsonb(SIZE))
        work(db_url, LocalStorage(tmp_path / "media"), "image")
    finally:
        api.close()
    failed = generation(admin, image)
    assert (failed["status"], failed["error_code"], failed["attempts"]) == ("failed", "egress_refused", 1)
    assert "refused: images.example.com resolves to a loopback address" in failed["error_message"]
    assert "hunter2" not in failed["error_message"] and api.requests == []
    hold = admin.execute("select status from public.credit_holds where id = %s", (failed["hold_id"],)).fetchone()[0]
    assert hold == "released"


# --- connect time: the names resolve, every address is checked, the checked one is used -----


@pytest.mark.parametrize(
    "addresses",
    [
        ["10.0.0.5"],
        ["169.254.169.254"],
        ["93.184.216.34", "127.0.0.1"],  # one private answer among public ones is enough
        ["::1"],
        ["::ffff:10.0.0.1"],
        ["fd00::1"],
        ["100.64.0.1"],
        ["0.0.0.0"],
    ],
)
def test_a_name_that_resolves_to_a_non_public_address_is_refused_at_connect_time(resolver, addresses):
    names, calls = resolver
    names["hooks.example.com"] = addresses
    with pytest.raises(egress.EgressRefused, match=r"^hooks\.example\.com resolves to "):
        get("https://hooks.example.com/hook", allow_local=False)
    assert calls == ["hooks.example.com"]


def test_the_connection_goes_to_the_address_that_was_checked(resolver, internal):
    """One DNS answer: a rebinding second answer is never asked for; Host stays the name."""
    service = internal(b"hello")
    names, calls = resolver
    names["receiver.example"] = ["127.0.0.1"]
    response = get(f"http://receiver.example:{service.port}/x", allow_local=True)
    assert (response.status_code, response.content) == (200, b"hello")
    assert calls == ["receiver.example"]
    assert service.requests == [("GET", "/x", f"receiver.example:{service.port}")]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://example.com/", "only https URLs are called"),
        ("https://user:pw@example.com/", "credentials"),
        ("https://127.0.0.1/", "127.0.0.1 is a loopback address"),
        ("https://[::1]/", "::1 is a loopback address"),
        ("https://169.254.169.254/latest/meta-data", "link-local"),
        ("https://localhost/", "localhost is a local name"),
        ("https://metadata.google.internal/", "local name"),
        ("https://redis:6379/", "redis is a local name"),
    ],
)
def test_urls_refused_before_any_lookup(resolver, url, reason):
    _, calls = resolver
    with pytest.raises(egress.EgressRefused, match=reason):
        get(url, allow_local=False)
    assert calls == []


@pytest.mark.parametrize("host", ["127.1", "0x7f.0.0.1"])
def test_numeric_host_forms_are_refused_at_connect_time(host):
    """These are 127.0.0.1 to the resolver: the address check catches what the text hides."""
    with pytest.raises(egress.EgressRefused, match="resolves to a loopback address"):
        get(f"https://{host}/", allow_local=False)


# --- redirects, size and time -----------------------------------------------------------------


def test_redirects_are_not_followed(internal):
    service = internal(b"", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data"})
    response = get(service.url + "/start", allow_local=True)
    assert response.status_code == 302 and response.next_request is not None
    assert [path for _, path, _ in service.requests] == ["/start"]


@pytest.mark.parametrize("declare_length", [True, False])
def test_a_response_is_read_up_to_its_bound(internal, declare_length):
    service = internal(b"x" * 100_000, declare_length=declare_length)
    with pytest.raises(egress.EgressRefused, match="larger than 1000 bytes"):
        get(service.url, allow_local=True, max_response_bytes=1000)
    assert len(get(service.url, allow_local=True, max_response_bytes=100_000).content) == 100_000


def test_a_compressed_answer_is_refused(internal):
    """The size bound counts wire bytes: 1 KiB of gzip can unpack to a gigabyte, so the guard
    asks for identity and refuses anything else."""
    import gzip

    service = internal(gzip.compress(b"x" * 1_000_000), headers={"Content-Encoding": "gzip"})
    with pytest.raises(egress.EgressRefused, match="gzip-encoded"):
        get(service.url, allow_local=True)


def test_the_request_asks_for_an_uncompressed_answer(internal):
    service = internal(b"ok")
    seen = {}

    async def go():
        async with egress.async_client(allow_local=True) as client:
            response = await client.get(service.url)
            seen.update(response.request.headers)

    asyncio.run(go())
    assert seen["accept-encoding"] == "identity"


def test_a_slow_answer_is_cut_at_the_time_bound(internal):
    service = internal(b"late", delay=2.0)
    started = time.monotonic()
    with pytest.raises(httpx.TimeoutException, match=r"no answer within 0\.5 s"):
        get(service.url, allow_local=True, max_seconds=0.5)
    assert time.monotonic() - started < 1.5


def test_the_blocking_client_is_guarded_too(resolver):
    names, _ = resolver
    names["embeddings.example.com"] = ["192.168.1.20"]
    with egress.sync_client(allow_local=False) as client, pytest.raises(egress.EgressRefused, match="private"):
        client.post("https://embeddings.example.com/v1/embeddings", json={})


def test_the_development_setting_comes_from_the_environment(internal, local_egress):
    service = internal(b"ok")
    assert get(service.url).content == b"ok"


# --- one guard: no HTTP client is built anywhere else ------------------------------------------

HTTPX_CLIENTS = {"Client", "AsyncClient", "get", "post", "put", "patch", "delete", "head", "request", "stream"}
# other HTTP libraries, and SDKs that carry their own HTTP client
HTTP_MODULES = {"requests", "aiohttp", "urllib3", "urllib.request", "http.client", "pycurl", "stripe", "supabase"}


def clients_built_outside_the_guard(root: Path) -> list[str]:
    """`path:line what` for every HTTP client built under root except in creatorverse/egress.py."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative == "creatorverse/egress.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                if isinstance(owner, ast.Name) and owner.id == "httpx" and node.func.attr in HTTPX_CLIENTS:
                    found.append(f"{relative}:{node.lineno} httpx.{node.func.attr}(…)")
            elif isinstance(node, ast.ImportFrom) and node.module == "httpx":
                names = sorted({alias.name for alias in node.names} & HTTPX_CLIENTS)
                found.extend(f"{relative}:{node.lineno} from httpx import {name}" for name in names)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module]
                found.extend(
                    f"{relative}:{node.lineno} import {m}"
                    for m in modules
                    if m and (m in HTTP_MODULES or m.split(".")[0] in HTTP_MODULES)
                )
    return found


def test_no_http_client_is_built_outside_the_egress_module():
    """Build HTTP clients with creatorverse.egress.async_client/sync_client; anything else in
    src/ must be allow-listed above, with the reason its endpoint is the operator's."""
    outside = [line for line in clients_built_outside_the_guard(SRC) if line.split(":")[0] not in OUTSIDE_THE_GUARD]
    assert outside == []
    assert all(reason.strip() for reason in OUTSIDE_THE_GUARD.values())


def test_the_scan_finds_clients_built_elsewhere(tmp_path):
    package = tmp_path / "creatorverse"
    package.mkdir()
    (package / "stray.py").write_text(
        "import httpx\nfrom httpx import AsyncClient\nimport requests\n\n"
        "client = httpx.Client(timeout=1)\nhttpx.post('https://example.com')\n"
    )
    (package / "egress.py").write_text("import httpx\nclient = httpx.AsyncClient()\n")
    assert clients_built_outside_the_guard(tmp_path) == [
        "creatorverse/stray.py:2 from httpx import AsyncClient",
        "creatorverse/stray.py:3 import requests",
        "creatorverse/stray.py:5 httpx.Client(…)",
        "creatorverse/stray.py:6 httpx.post(…)",
    ]
