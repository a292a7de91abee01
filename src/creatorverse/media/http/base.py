"""What every HTTP provider shares: a name, a `Transport` with its bearer key, closing it."""

from __future__ import annotations

from creatorverse.media.base import Provider
from creatorverse.media.http.transport import Transport


class HTTPProvider(Provider):
    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        *,
        name: str,
        timeout: float = 60.0,
        max_attempts: int = 4,
        backoff: float = 0.5,
    ):
        self.name = name
        self.http = Transport(
            base_url,
            provider=name,
            headers={"Authorization": f"Bearer {api_key}"} if api_key else {},
            timeout=timeout,
            max_attempts=max_attempts,
            backoff=backoff,
        )

    async def aclose(self) -> None:
        await self.http.aclose()
