"""The one error providers raise. The worker reads `retryable`, `code` and `retry_in` from it
(as from `JobError`): a retryable failure is tried again later, any other dead-letters the
job and releases its credit hold."""

from __future__ import annotations


class ProviderError(Exception):
    def __init__(
        self, message: str, *, retryable: bool = False, code: str = "provider_error", retry_in: float | None = None
    ):
        super().__init__(message)
        self.retryable = retryable
        self.code = code
        self.retry_in = retry_in
