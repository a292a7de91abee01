"""HTTP providers against a real API on 127.0.0.1: retries on 429 (honouring Retry-After)
and 5xx, timeouts, clear failures on 4xx and malformed answers, cost from the answer,
images and speech, and an asynchronous video API polled by external job id."""

from __future__ import annotations

import asyncio
import base64
import io
import time
from pathlib import Path

import pytest
from media_api import Reply, ScriptedAPI
from PIL import Image

from creatorverse.media.errors import ProviderError
from creatorverse.media.http.async_video import AsyncVideoProvider
from creatorverse.media.http.openai import OpenAICompatibleProvider
from creatorverse.media.local.provider import LocalProvider
from creatorverse.media.models import ImageRequest, SceneSpec, SceneVideoRequest, SpeechRequest, TextRequest

# receivers on 127.0.0.1: the development switches of the egress guard (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("local_egress")

CHAT = {
    "model": "story-writer-1",
    "choices": [{"message": {"role": "assistant", "content": "Once upon a time."}}],
    "usage": {"prompt_tokens": 12, "completion_tokens": 5, "cost": 0.00042},
}


@pytest.fixture
def api():
    server = ScriptedAPI()
    yield server
    server.close()


def openai(api: ScriptedAPI, **options) -> OpenAICompatibleProvider:
    return OpenAICompatibleProvider(
        api.url + "/v1", "sk-test", chat_model="story-writer-1", backoff=0.05, **{"timeout": 2.0, **options}
    )


def call(provider, method: str, *args):
    async def go():
        try:
            return await getattr(provider, method)(*args)
        finally:
            await provider.aclose()

    return asyncio.run(go())


def test_429_then_success_waits_for_retry_after(api):
    api.script(
        "/v1/chat/completions",
        Reply(429, json={"error": "slow down"}, headers={"Retry-After": "0.4"}),
        Reply(json=CHAT),
    )
    result = call(openai(api), "text", TextRequest(prompt="Write a story", idempotency_key="job:3:text"))
    assert (result.text, result.model, result.prompt_tokens, result.cost_usd) == (
        "Once upon a time.", "story-writer-1", 12, 0.00042,
    )  # fmt: skip
    first, second = api.seen("/v1/chat/completions")
    assert second.at - first.at >= 0.4
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"] == "job:3:text", (
        "the job's key on every try: a gateway that honours it does not bill the retry"
    )
    assert first.headers["Authorization"] == "Bearer sk-test"
    assert first.json["messages"] == [{"role": "user", "content": "Write a story"}]


def test_500s_are_retried_with_backoff(api):
    api.script("/v1/chat/completions", Reply(500, body=b"boom"), Reply(503, body=b"busy"), Reply(json=CHAT))
    provider = openai(api)
    assert call(provider, "text", TextRequest(prompt="x")).text == "Once upon a time."
    assert provider.http.attempts == 3


def test_500s_to_the_end_fail_retryable(api):
    api.script("/v1/chat/completions", Reply(502, body=b"upstream db-7 password=hunter2", repeat=True))
    provider = openai(api, max_attempts=3)
    with pytest.raises(ProviderError, match=r"answered 502 Bad Gateway$") as failure:
        call(provider, "text", TextRequest(prompt="x"))
    assert (failure.value.retryable, failure.value.code, provider.http.attempts) == (True, "http_502", 3)
    assert "hunter2" not in str(failure.value), "the status and its reason, never the body (generations.error_message)"


def test_timeouts_are_retried_then_fail_retryable(api):
    api.script("/v1/chat/completions", Reply(json=CHAT, delay=1.0, repeat=True))
    provider = openai(api, timeout=0.2, max_attempts=2)
    started = time.monotonic()
    with pytest.raises(ProviderError, match="timed out") as failure:
        call(provider, "text", TextRequest(prompt="x"))
    assert (failure.value.retryable, failure.value.code, provider.http.attempts) == (True, "provider_timeout", 2)
    assert time.monotonic() - started < 1.5


def test_a_client_error_is_not_retried(api):
    api.script("/v1/chat/completions", Reply(401, json={"error": "bad key"}))
    provider = openai(api)
    with pytest.raises(ProviderError, match="answered 401") as failure:
        call(provider, "text", TextRequest(prompt="x"))
    assert (failure.value.retryable, provider.http.attempts) == (False, 1)


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (
            Reply(body=b"<html>not json</html>", headers={"Content-Type": "text/html"}),
            r"malformed JSON \(21 bytes of text/html\)$",  # what it said is not copied
        ),
        (Reply(json={"choices": []}), r"no \['choices'\]\[0\]"),
        (Reply(json={"choices": [{"message": {"content": 7}}]}), "'content' is int"),
    ],
)
def test_malformed_answers_fail_clearly_and_are_not_retried(api, reply, message):
    api.script("/v1/chat/completions", reply)
    provider = openai(api)
    with pytest.raises(ProviderError, match=message) as failure:
        call(provider, "text", TextRequest(prompt="x"))
    assert (failure.value.code, failure.value.retryable, provider.http.attempts) == ("malformed_response", False, 1)


def test_scenes_from_chat_are_validated(api):
    scenes = '{"scenes": [{"number": 1, "title": "Harbor", "lines": [{"speaker": null, "text": "Boats."}]}]}'
    api.script(
        "/v1/chat/completions",
        Reply(json={"choices": [{"message": {"content": scenes}}]}),
        Reply(json={"choices": [{"message": {"content": '{"scenes": [{"number": 0}]}'}}]}),
    )
    [scene] = call(openai(api), "scenes", "EXT. HARBOR\nBoats.")
    assert (scene.title, scene.lines[0].text) == ("Harbor", "Boats.")
    assert api.seen("/v1/chat/completions")[0].json["response_format"] == {"type": "json_object"}
    with pytest.raises(ProviderError, match="not the JSON asked for"):
        call(openai(api), "scenes", "EXT. HARBOR\nBoats.")


def test_images_and_speech(api, tmp_path: Path):
    picture = io.BytesIO()
    Image.new("RGB", (64, 36), (200, 30, 30)).save(picture, format="PNG")
    api.script(
        "/v1/images/generations",
        Reply(json={"data": [{"b64_json": base64.b64encode(picture.getvalue()).decode()}]},
              headers={"x-litellm-response-cost": "0.04"}),
        Reply(json={"data": [{"b64_json": base64.b64encode(b"not a picture").decode()}]}),
    )  # fmt: skip
    speech = asyncio.run(LocalProvider().speech(SpeechRequest(text="Hello there."), tmp_path))
    api.script("/v1/audio/speech", Reply(body=speech.path.read_bytes(), headers={"Content-Type": "audio/wav"}))
    image = call(
        openai(api),
        "image",
        ImageRequest(prompt="a harbor", width=64, height=36, idempotency_key="job:1:image"),
        tmp_path,
    )
    assert (image.width, image.height, image.content_type, image.cost_usd) == (64, 36, "image/png", 0.04)
    sent = api.seen("/v1/images/generations")[0]
    assert sent.headers["Idempotency-Key"] == "job:1:image" and sent.json["size"] == "64x36"
    with pytest.raises(ProviderError, match="not a picture"):
        call(openai(api), "image", ImageRequest(prompt="a harbor"), tmp_path)
    (tmp_path / "out").mkdir()
    audio = call(openai(api), "speech", SpeechRequest(text="Hello there.", voice="nova"), tmp_path / "out")
    assert audio.duration_seconds == pytest.approx(speech.duration_seconds, abs=0.05)
    assert api.seen("/v1/audio/speech")[0].json["voice"] == "nova"


@pytest.fixture
def cdn():
    server = ScriptedAPI()
    yield server
    server.close()


def test_async_video_is_polled_by_external_job_id(api, cdn, tmp_path: Path):
    local = LocalProvider()
    frame = asyncio.run(local.image(ImageRequest(scene=SceneSpec(number=1), width=64, height=36), tmp_path))
    clip = asyncio.run(
        local.scene_video(SceneVideoRequest(image=frame.path, duration_seconds=1, width=64, height=36, fps=4), tmp_path)
    )
    api.script("/v1/tasks", Reply(json={"id": "task-42", "status": "PENDING"}))
    api.script(
        "/v1/tasks/task-42",
        Reply(json={"id": "task-42", "status": "PENDING", "progress": 0}),
        Reply(json={"id": "task-42", "status": "RUNNING", "progress": 0.5}),
        Reply(503, body=b"busy"),
        Reply(json={"id": "task-42", "status": "SUCCEEDED", "output": [cdn.url + "/files/out.mp4"], "cost": 0.25}),
    )
    cdn.script("/files/out.mp4", Reply(body=clip.path.read_bytes(), headers={"Content-Type": "video/mp4"}))
    seen_progress = []

    async def progress(percent, external_id):
        seen_progress.append((percent, external_id))

    provider = AsyncVideoProvider(
        api.url + "/v1", "rk-test", name="runway", poll_interval=0.01, backoff=0.01, on_progress=progress
    )
    request = SceneVideoRequest(image=frame.path, prompt="slow push in", duration_seconds=1, width=64, height=36,
                                idempotency_key="job:7:video")  # fmt: skip
    out = tmp_path / "remote"
    out.mkdir()
    result = call(provider, "scene_video", request, out)
    assert (result.external_job_id, result.cost_usd, result.width, result.provider) == ("task-42", 0.25, 64, "runway")
    assert result.duration_seconds == pytest.approx(1, abs=0.1)
    assert seen_progress == [(0.0, "task-42"), (0.0, "task-42"), (50.0, "task-42")]
    submitted = api.seen("/v1/tasks")[0]
    assert submitted.headers["Idempotency-Key"] == "job:7:video"
    assert submitted.json["image"].startswith("data:image/png;base64,")
    # the output is downloaded from its host without the API key
    assert "Authorization" not in cdn.seen("/files/out.mp4")[0].headers


def test_a_failed_remote_task_fails_clearly(api, tmp_path: Path):
    frame = tmp_path / "f.png"
    Image.new("RGB", (16, 16)).save(frame)
    api.script("/v1/tasks", Reply(json={"id": "t-9"}))
    api.script("/v1/tasks/t-9", Reply(json={"status": "failed", "error": "content policy"}))
    provider = AsyncVideoProvider(api.url + "/v1", poll_interval=0.01)
    with pytest.raises(ProviderError, match="task t-9 failed: content policy") as failure:
        call(provider, "scene_video", SceneVideoRequest(image=frame, duration_seconds=1), tmp_path)
    assert (failure.value.code, failure.value.retryable) == ("provider_job_failed", False)


class WorkerDied(Exception):
    """The worker stops right after the submission was recorded (a SIGKILL, a lost lease)."""


def test_a_retry_resumes_the_submitted_task_instead_of_paying_again(api, cdn, tmp_path: Path):
    frame = tmp_path / "f.png"
    Image.new("RGB", (64, 36)).save(frame)
    clip = asyncio.run(
        LocalProvider().scene_video(SceneVideoRequest(image=frame, duration_seconds=1, width=64, height=36, fps=4),
                                    tmp_path)
    )  # fmt: skip
    api.script("/v1/tasks", Reply(json={"id": "task-5", "status": "PENDING"}))
    api.script(
        "/v1/tasks/task-5",
        Reply(json={"status": "RUNNING", "progress": 0.4}),
        Reply(json={"status": "SUCCEEDED", "output": [cdn.url + "/out.mp4"], "cost": 0.5}),
    )
    cdn.script("/out.mp4", Reply(body=clip.path.read_bytes()))
    recorded: list[str] = []  # the generation's external_job_id

    async def record_then_die(percent, external_id):
        recorded.append(external_id)
        raise WorkerDied

    request = SceneVideoRequest(image=frame, duration_seconds=1, width=64, height=36, idempotency_key="job:8:video")
    first = AsyncVideoProvider(api.url + "/v1", name="runway", poll_interval=0.01, on_progress=record_then_die)
    with pytest.raises(WorkerDied):
        call(first, "scene_video", request, tmp_path)
    assert recorded == ["task-5"], "the task id is reported as soon as it is submitted, before any polling"
    assert api.seen("/v1/tasks/task-5") == []

    retry = AsyncVideoProvider(api.url + "/v1", name="runway", poll_interval=0.01)
    out = tmp_path / "retry"
    out.mkdir()
    result = call(retry, "scene_video", request.model_copy(update={"submitted_task_id": recorded[-1]}), out)
    assert (result.external_job_id, result.cost_usd) == ("task-5", 0.5)
    assert len(api.seen("/v1/tasks")) == 1, "the retry polled the submitted task and submitted nothing"
    assert len(api.seen("/v1/tasks/task-5")) == 2


def test_a_resumed_task_the_provider_failed_fails_without_a_new_submission(api, tmp_path: Path):
    frame = tmp_path / "f.png"
    Image.new("RGB", (16, 16)).save(frame)
    api.script("/v1/tasks/t-3", Reply(json={"status": "failed", "error": "content policy"}))
    provider = AsyncVideoProvider(api.url + "/v1", poll_interval=0.01)
    request = SceneVideoRequest(image=frame, duration_seconds=1, submitted_task_id="t-3")
    with pytest.raises(ProviderError, match="task t-3 failed: content policy") as failure:
        call(provider, "scene_video", request, tmp_path)
    assert (failure.value.code, failure.value.retryable) == ("provider_job_failed", False)
    assert api.seen("/v1/tasks") == []
