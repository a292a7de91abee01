"""Which provider serves an organization's job of a given kind.

An organization brings its own providers as `provider_credentials` (the key encrypted in
`private.provider_secrets`, revealed to workers only through the service-role function
`public.reveal_provider_credential`). The credential's `config` says what it serves and
how to reach it, e.g. `{"kinds": ["image", "audio"], "api": "openai", "base_url": ...,
"image_model": ...}`. The choice, most specific first: the provider the job names (its
credential must exist, unless it is `local`); an active credential listing the kind; an
active credential listing no kinds whose API serves the kind; for text and story writing, the
platform's chat API when the settings name one (`CREATORVERSE_TEXT_BASE_URL`, `_API_KEY`,
`_MODEL`); else the offline `local`.
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

import psycopg
from pydantic import BaseModel, ConfigDict, ValidationError

from creatorverse.db.queries import load
from creatorverse.media.base import Provider
from creatorverse.media.errors import ProviderError
from creatorverse.media.http.async_video import AsyncVideoProvider
from creatorverse.media.http.openai import OpenAICompatibleProvider
from creatorverse.media.local.provider import LocalProvider
from creatorverse.settings import get_settings

Q = load("creatorverse.media", "registry.sql")

OPENAI_STYLE = frozenset({"openai", "openrouter", "litellm", "together", "groq", "vllm", "azure_openai"})
ASYNC_VIDEO_STYLE = frozenset({"runway", "kling", "replicate", "luma", "pika", "minimax"})
# kinds a chat API writes: the platform's one (settings) serves them when no credential does
TEXT_KINDS = frozenset({"text", "plot_overview", "story_characters", "chapter_script"})
API_KINDS = {
    "openai": OpenAICompatibleProvider.kinds,
    "async_video": AsyncVideoProvider.kinds,
    "local": LocalProvider.kinds,
}


class CredentialConfig(BaseModel):
    """`provider_credentials.config`, checked before use."""

    model_config = ConfigDict(extra="allow")

    api: Literal["openai", "async_video", "local"] | None = None
    kinds: list[str] | None = None
    base_url: str | None = None
    timeout: float | None = None
    max_attempts: int | None = None

    def constructor_options(self) -> dict[str, Any]:
        allowed = {
            "chat_model", "image_model", "speech_model", "voice", "model",
            "submit_path", "status_path", "poll_interval", "max_wait",
        }  # fmt: skip
        options = {k: v for k, v in (self.model_extra or {}).items() if k in allowed}
        for key in ("timeout", "max_attempts"):
            if getattr(self, key) is not None:
                options[key] = getattr(self, key)
        return options


def api_of(provider: str, config: CredentialConfig) -> str:
    if config.api:
        return config.api
    if provider in OPENAI_STYLE:
        return "openai"
    if provider in ASYNC_VIDEO_STYLE:
        return "async_video"
    raise ProviderError(
        f"provider {provider}: set config.api to 'openai' or 'async_video' in its credential", code="provider_config"
    )


def build(provider: str, config: CredentialConfig, api_key: str | None) -> Provider:
    api = api_of(provider, config)
    if api == "local":
        return LocalProvider()
    if not config.base_url and api != "openai":
        raise ProviderError(f"provider {provider}: config.base_url is required", code="provider_config")
    options = {"name": provider, **config.constructor_options()}
    if config.base_url:
        options["base_url"] = config.base_url
    if api == "openai":
        return OpenAICompatibleProvider(api_key=api_key, **options)
    return AsyncVideoProvider(api_key=api_key, **options)


async def select_provider(
    conn: psycopg.AsyncConnection,
    organization_id: UUID,
    kind: str,
    requested: str | None = None,
    *,
    paid_by: Literal["platform", "own_key"] | None = None,
    credential_id: UUID | None = None,
) -> Provider:
    """The provider for this organization and kind (see the module's docstring). A generation
    carries the door's decision (`generations.paid_by`, `provider_credential_id`, made by
    `private.own_key_credential` with the same rule) and is run exactly as it was priced: on
    that credential, or on the platform's compute."""
    if requested == "local" or paid_by == "platform":
        if requested not in (None, "local"):
            raise ProviderError(
                f"provider {requested} has no active credential for {kind} in this organization",
                code="provider_not_configured",
            )
        return LocalProvider()
    rows = await (
        await conn.execute(
            Q["credentials"],
            {"org": organization_id, "requested": requested, "kind": kind, "credential": credential_id},
        )
    ).fetchall()
    if paid_by == "own_key" and not rows:
        raise ProviderError(
            f"the organization's key chosen for this {kind} generation is no longer active",
            code="provider_not_configured",
        )
    for credential_id, provider, raw in rows:
        try:
            config = CredentialConfig.model_validate(raw or {})
        except ValidationError as error:
            raise ProviderError(
                f"provider {provider}: its credential's config is invalid: {error.errors()[0]['msg']}",
                code="provider_config",
            ) from error
        serves = set(config.kinds) if config.kinds is not None else set(API_KINDS[api_of(provider, config)])
        if kind not in serves:
            continue
        secret = (await (await conn.execute(Q["reveal_credential"], {"credential": credential_id})).fetchone())[0]
        return build(provider, config, secret)
    if requested:
        raise ProviderError(
            f"provider {requested} has no active credential for {kind} in this organization",
            code="provider_not_configured",
        )
    settings = get_settings()
    if kind in TEXT_KINDS and settings.text_base_url:
        return OpenAICompatibleProvider(settings.text_base_url, settings.text_api_key, name="platform",
                                        chat_model=settings.text_model)  # fmt: skip
    return LocalProvider()
