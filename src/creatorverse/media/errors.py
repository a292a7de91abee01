"""The one error providers raise: a `JobError`, so the worker records its code and either
retries the job later (`retryable`) or dead-letters it at once and releases its credit hold."""

from __future__ import annotations

from creatorverse.workers.handlers import JobError


class ProviderError(JobError):
    def __init__(
        self, message: str, *, retryable: bool = False, code: str = "provider_error", retry_in: float | None = None
    ):
        super().__init__(message, retryable=retryable, code=code, retry_in=retry_in)
