"""One HTTP call policy for every provider: a timeout per request, retries on 429, 5xx,
timeouts and dropped connections with exponential backoff (jittered) that honours
`Retry-After`, and clear errors: a non-retryable 4xx or a malformed answer fails at once.

Every request goes through the egress guard (`creatorverse.egress`): a provider's base URL
and the output links it answers with are chosen by a client. Errors say the status and its
reason phrase, never the body: they end up in `generations.error_message`."""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from typing import Any

import httpx

from creatorverse import egress
from creatorverse.media.errors import ProviderError

RETRY_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


def retry_after(response: httpx.Response) -> float | None:
    """Seconds from a `Retry-After` header (delta seconds or an HTTP date)."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


def retry_delay(attempt: int, response: httpx.Response | None, *, backoff: float, max_backoff: float) -> float:
    """How long to wait before attempt `attempt + 1`: the answer's `Retry-After` (capped), else a
    jittered `backoff * 2 ** (attempt - 1)`."""
    hinted = retry_after(response) if response is not None else None
    if hinted is not None:
        return min(hinted, max_backoff)
    return random.uniform(0.5, 1.0) * min(max_backoff, backoff * 2 ** (attempt - 1))


class Transport:
    def __init__(
        self,
        base_url: str,
        *,
        provider: str,
        headers: dict[str, str] | None = None,
        timeout: float = 60.0,
        max_attempts: int = 4,
        backoff: float = 0.5,
        max_backoff: float = 20.0,
    ):
        self.provider = provider
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        # a request, its retries aside, may take ten timeouts: a rendered video downloads whole
        bounds = {"timeout": timeout, "max_seconds": 10 * timeout}
        self.client = egress.async_client(base_url=base_url.rstrip("/"), headers=headers or {}, **bounds)
        # downloads from other hosts (a CDN's output URL) never carry the API key
        self.bare = egress.async_client(**bounds)
        self.attempts = 0  # every request sent, retries included (for tests and logs)

    def _delay(self, attempt: int, response: httpx.Response | None) -> float:
        return retry_delay(attempt, response, backoff=self.backoff, max_backoff=self.max_backoff)

    def _client_for(self, url: str) -> httpx.AsyncClient:
        target = httpx.URL(url)
        if target.is_absolute_url and target.netloc != self.client.base_url.netloc:
            return self.bare
        return self.client

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        client = self._client_for(url)
        for attempt in range(1, self.max_attempts + 1):
            self.attempts += 1
            response = None
            try:
                response = await client.request(method, url, **kwargs)
            except egress.EgressRefused as error:
                failure = ProviderError(f"{self.provider}: {method} {url} refused: {error}", code="egress_refused")
            except httpx.TimeoutException as error:
                failure = ProviderError(
                    f"{self.provider}: {method} {url} timed out ({type(error).__name__})",
                    retryable=True,
                    code="provider_timeout",
                )
            except httpx.TransportError as error:
                failure = ProviderError(
                    f"{self.provider}: {method} {url} failed: {error}", retryable=True, code="provider_unreachable"
                )
            else:
                if response.is_success:
                    return response
                retryable = response.status_code in RETRY_STATUSES or response.status_code >= 500
                failure = ProviderError(
                    f"{self.provider}: {method} {url} answered {response.status_code} {response.reason_phrase}",
                    retryable=retryable,
                    code=f"http_{response.status_code}",
                    retry_in=retry_after(response),
                )
            if not failure.retryable or attempt == self.max_attempts:
                raise failure
            await asyncio.sleep(self._delay(attempt, response))
        raise AssertionError("unreachable")

    async def request_json(self, method: str, url: str, **kwargs: Any) -> tuple[httpx.Response, Any]:
        """The response and its JSON document; a malformed body fails at once, clearly."""
        response = await self.request(method, url, **kwargs)
        try:
            return response, response.json()
        except ValueError as error:
            raise ProviderError(
                f"{self.provider}: {method} {url} answered with malformed JSON "
                f"({len(response.content)} bytes of {response.headers.get('content-type', 'no content type')})",
                code="malformed_response",
            ) from error

    async def aclose(self) -> None:
        await self.client.aclose()
        await self.bare.aclose()


def field(document: Any, *path: str | int, provider: str, expected: type | tuple[type, ...] = object) -> Any:
    """document[path...], or a non-retryable `malformed_response` error naming the missing part."""
    value = document
    for step in path:
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            where = "".join(f"[{s!r}]" for s in path)
            raise ProviderError(f"{provider}: malformed answer, no {where} in it", code="malformed_response") from None
    if not isinstance(value, expected):
        raise ProviderError(
            f"{provider}: malformed answer, {path[-1]!r} is {type(value).__name__}", code="malformed_response"
        )
    return value
