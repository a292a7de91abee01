"""Asynchronous video APIs (the Runway / Kling / Replicate style): submit a task, get an
external job id, poll it until it succeeds or fails, download the output.

Statuses are normalized across vendors (`PENDING`/`RUNNING`/`SUCCEEDED`/`FAILED`,
`starting`/`processing`/`succeeded`/`failed`/`canceled`, ...). A retried attempt never pays
twice: the task id is reported (`on_progress`, which the worker commits on the generation) as
soon as the task is submitted, and a retry given it (`submitted_task_id`) resumes polling it;
the submission carries the job's idempotency key, which covers the moment between the
provider's answer and that record. A resumed task the provider failed fails the job as a
first one would (not retryable). Cost is taken from the finished task (`cost_usd`, `cost`,
or `metrics.cost_usd`)."""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from creatorverse.media.errors import ProviderError
from creatorverse.media.http.base import HTTPProvider
from creatorverse.media.http.transport import field
from creatorverse.media.local import ffmpeg
from creatorverse.media.models import MediaResult, SceneVideoRequest

WAITING = frozenset({"pending", "queued", "starting", "processing", "running", "in_progress", "throttled"})
DONE = frozenset({"succeeded", "success", "completed", "complete"})
FAILED = frozenset({"failed", "failure", "error", "canceled", "cancelled"})

Progress = Callable[[float, str], Awaitable[Any]]  # (percent, external job id)


def _output_url(task: dict[str, Any]) -> str | None:
    output = task.get("output")
    if isinstance(output, list) and output and isinstance(output[0], str):
        return output[0]
    if isinstance(output, str):
        return output
    if isinstance(output, dict) and isinstance(output.get("url"), str):
        return output["url"]
    return task.get("video_url") if isinstance(task.get("video_url"), str) else None


def _task_cost(task: dict[str, Any]) -> float | None:
    metrics = task.get("metrics") if isinstance(task.get("metrics"), dict) else {}
    for value in (task.get("cost_usd"), task.get("cost"), metrics.get("cost_usd")):
        if isinstance(value, int | float):
            return float(value)
    return None


class AsyncVideoProvider(HTTPProvider):
    kinds = frozenset({"video", "scene_video"})

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        *,
        name: str = "async_video",
        model: str = "gen3a_turbo",
        submit_path: str = "/tasks",
        status_path: str = "/tasks/{id}",
        poll_interval: float = 5.0,
        max_wait: float = 900.0,
        timeout: float = 60.0,
        max_attempts: int = 4,
        backoff: float = 0.5,
        on_progress: Progress | None = None,
    ):
        self.model = model
        self.submit_path, self.status_path = submit_path, status_path
        self.poll_interval, self.max_wait = poll_interval, max_wait
        self.on_progress = on_progress
        super().__init__(base_url, api_key, name=name, timeout=timeout, max_attempts=max_attempts, backoff=backoff)

    async def submit(self, request: SceneVideoRequest) -> str:
        image = base64.b64encode(request.image.read_bytes()).decode()
        body = {
            "model": self.model,
            "prompt": request.prompt,
            "image": f"data:image/png;base64,{image}",
            "duration": request.duration_seconds,
            "ratio": f"{request.width}:{request.height}",
        }
        headers = {"Idempotency-Key": request.idempotency_key} if request.idempotency_key else {}
        _, document = await self.http.request_json("POST", self.submit_path, json=body, headers=headers)
        return str(field(document, "id", provider=self.name, expected=(str, int)))

    async def wait(self, task_id: str) -> dict[str, Any]:
        deadline = time.monotonic() + self.max_wait
        while True:
            _, task = await self.http.request_json("GET", self.status_path.format(id=task_id))
            status = str(field(task, "status", provider=self.name, expected=str)).lower()
            if status in DONE:
                return task
            if status in FAILED:
                # the provider's own reason, one short line: the answer itself is never copied
                reason = " ".join(str(task.get("error") or task.get("failure") or status).split())[:120]
                raise ProviderError(f"{self.name}: task {task_id} {status}: {reason}", code="provider_job_failed")
            if status not in WAITING:
                raise ProviderError(
                    f"{self.name}: task {task_id} has unknown status {status!r}", code="malformed_response"
                )
            progress = task.get("progress")
            if self.on_progress and isinstance(progress, int | float):
                await self.on_progress(float(progress) * (100 if progress <= 1 else 1), task_id)
            if time.monotonic() > deadline:
                raise ProviderError(
                    f"{self.name}: task {task_id} not done after {self.max_wait:.0f} s",
                    retryable=True,
                    code="provider_job_timeout",
                )
            await asyncio.sleep(self.poll_interval)

    async def scene_video(self, request: SceneVideoRequest, workdir: Path) -> MediaResult:
        task_id = request.submitted_task_id
        if not task_id:
            task_id = await self.submit(request)
            if self.on_progress:  # the worker commits the id on the generation now, before any polling
                await self.on_progress(0.0, task_id)
        task = await self.wait(task_id)
        url = _output_url(task)
        if not url:
            raise ProviderError(
                f"{self.name}: task {task_id} succeeded without an output URL", code="malformed_response"
            )
        path = workdir / "scene.mp4"
        path.write_bytes((await self.http.request("GET", url)).content)
        return await ffmpeg.video_result(
            path, provider=self.name, model=self.model, cost_usd=_task_cost(task), external_job_id=task_id
        )
