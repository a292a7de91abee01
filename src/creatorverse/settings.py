"""All configuration in one place: environment variables and an optional `.env` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def find_project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` holding `supabase/migrations`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "supabase" / "migrations").is_dir():
            return folder
    return here


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # A libpq URL of an external Postgres (>= 15 with pgvector, e.g. a Supabase project).
    # When unset, the embedded server under `data_dir` is used.
    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    project_root: Path = Field(default_factory=find_project_root, alias="CREATORVERSE_ROOT")
    data_dir: Path | None = Field(default=None, alias="CREATORVERSE_DATA_DIR")
    database_name: str = Field(default="creatorverse", alias="CREATORVERSE_DB_NAME")
    # The endpoint secret (whsec_...) Stripe signs webhook deliveries with.
    stripe_webhook_secret: str | None = Field(default=None, alias="STRIPE_WEBHOOK_SECRET")
    # Where generated media go: a local folder (default `<state dir>/media`) or Supabase Storage.
    media_storage: Literal["local", "supabase"] = Field(default="local", alias="CREATORVERSE_MEDIA_STORAGE")
    media_dir: Path | None = Field(default=None, alias="CREATORVERSE_MEDIA_DIR")
    media_bucket: str = Field(default="media", alias="CREATORVERSE_MEDIA_BUCKET")
    supabase_url: str | None = Field(default=None, alias="SUPABASE_URL")
    supabase_service_role_key: str | None = Field(default=None, alias="SUPABASE_SERVICE_ROLE_KEY")
    # The platform's OpenAI-compatible chat API for text and story development (text,
    # plot_overview, story_characters, chapter_script) when an organization brings no credential
    # of its own for the kind; unset: the offline writer.
    text_base_url: str | None = Field(default=None, alias="CREATORVERSE_TEXT_BASE_URL")
    text_api_key: str | None = Field(default=None, alias="CREATORVERSE_TEXT_API_KEY")
    text_model: str = Field(default="gpt-4o-mini", alias="CREATORVERSE_TEXT_MODEL")
    # Development and tests only: outbound requests (webhooks, providers) may use http:// and
    # reach loopback and private addresses. Never set in production (creatorverse.egress).
    egress_allow_local: bool = Field(default=False, alias="CREATORVERSE_EGRESS_ALLOW_LOCAL")
    # What stands between the workers and DATABASE_URL: `transaction` for a transaction-mode
    # pooler (PgBouncer, Supavisor), where a session is not the client's: no LISTEN, no
    # server-side prepared statements. `auto`: transaction on port 6543 (Supabase's pooler).
    database_pooler: Literal["auto", "transaction", "none"] = Field(
        default="auto", alias="CREATORVERSE_DATABASE_POOLER"
    )

    @field_validator("database_url")
    @classmethod
    def _url_is_postgres(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("postgres://", "postgresql://")):
            raise ValueError("DATABASE_URL must be a postgresql:// URL (postgresql://user:password@host:5432/dbname)")
        return value

    @property
    def embedded(self) -> bool:
        return self.database_url is None

    @property
    def state_dir(self) -> Path:
        return (self.data_dir or self.project_root / ".creatorverse").resolve()

    @property
    def media_root(self) -> Path:
        return (self.media_dir or self.state_dir / "media").resolve()

    @property
    def pgdata(self) -> Path:
        return self.state_dir / "pgdata"

    @property
    def migrations_dir(self) -> Path:
        return self.project_root / "supabase" / "migrations"

    @property
    def declarative_dirs(self) -> list[Path]:
        """The declarative sources `creatorverse db diff` compiles into migrations, in application order."""
        root = self.project_root
        return [root / "supabase" / "functions", root / "supabase" / "policies", root / "sql" / "views"]


@lru_cache
def get_settings() -> Settings:
    return Settings()
