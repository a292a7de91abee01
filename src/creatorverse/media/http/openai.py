"""Any OpenAI-compatible API (OpenAI, OpenRouter, LiteLLM, vLLM, ...): chat for script and
scene writing, image generation, speech. Cost is taken from the answer where the server
reports it: `usage.cost` (OpenRouter) or the `x-litellm-response-cost` header (LiteLLM)."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any

import httpx
from PIL import Image, UnidentifiedImageError
from pydantic import ValidationError

from creatorverse.media.errors import ProviderError
from creatorverse.media.http.base import HTTPProvider
from creatorverse.media.http.transport import field
from creatorverse.media.local import ffmpeg
from creatorverse.media.models import (
    Book,
    BookChapter,
    BrandStyle,
    ChapterScript,
    Character,
    ImageRequest,
    MediaResult,
    PlotOverview,
    SceneSpec,
    SpeechRequest,
    StoryCharacter,
    StoryResult,
    TextRequest,
    TextResult,
)

SCENES_SYSTEM = (
    "Split the script into scenes. Answer with JSON only: "
    '{"scenes": [{"number": 1, "title": "...", "location": "...", "time_of_day": "night", '
    '"description": "what the frame shows", "characters": [{"name": "..."}], '
    '"lines": [{"speaker": "NAME or null for narration", "text": "..."}]}]}'
)


PLOT_SYSTEM = (
    "You are a story developer. Read the book and answer with JSON only: "
    '{"logline": "one sentence, at most 300 characters", "themes": ["..."], "story_type": "three_act", '
    '"genre": "...", "tone": "...", "audience": "...", "setting": "...", '
    '"structure": [{"act": "setup", "chapters": [1]}]}'
)
CHARACTERS_SYSTEM = (
    "You are a story developer. From the book and its plot overview, list its characters. Answer with JSON "
    'only: {"characters": [{"name": "...", "role": "protagonist|antagonist|deuteragonist|supporting|mentor|'
    'love_interest|comic_relief|minor|narrator", "archetype": "one of Innocent, Everyman, Hero, Caregiver, '
    'Explorer, Rebel, Lover, Creator, Jester, Sage, Magician, Ruler", "archetypes": ["..."], '
    '"physical_description": "...", "personality": "...", "want": "...", "need": "...", "character_arc": "..."}]}'
)
SCRIPT_SYSTEM = (
    "You are a screenwriter. Write the chapter as a script enhanced by the plot overview and the characters: "
    "scene headings (SCENE n - PLACE), dialogue as NAME: line, narration as plain lines. Answer with JSON only: "
    '{"script": "...", "acts": [{"act": "...", "chapter": 1}], "beats": [{"scene": 1, "beat": "..."}], '
    '"character_details": [{"name": "...", "role": "..."}], '
    '"character_arcs": [{"name": "...", "in_this_chapter": "..."}]}'
)


def _book_text(book: Book, limit: int = 60000) -> str:
    text = "\n\n".join(f"Chapter {c.number}: {c.title}\n{c.content}" for c in book.chapters)
    return text[:limit]


def _cost(response: httpx.Response, document: Any = None) -> float | None:
    usage = document.get("usage") if isinstance(document, dict) else None
    if isinstance(usage, dict) and isinstance(usage.get("cost"), int | float):
        return float(usage["cost"])
    header = response.headers.get("x-litellm-response-cost")
    try:
        return float(header) if header else None
    except ValueError:
        return None


class OpenAICompatibleProvider(HTTPProvider):
    kinds = frozenset({"text", "image", "audio", "plot_overview", "story_characters", "chapter_script"})

    def __init__(
        self,
        base_url: str = "https://api.openai.com/v1",
        api_key: str | None = None,
        *,
        name: str = "openai",
        chat_model: str = "gpt-4o-mini",
        image_model: str = "gpt-image-1",
        speech_model: str = "gpt-4o-mini-tts",
        voice: str = "alloy",
        timeout: float = 60.0,
        max_attempts: int = 4,
        backoff: float = 0.5,
    ):
        self.chat_model, self.image_model, self.speech_model, self.voice = chat_model, image_model, speech_model, voice
        super().__init__(base_url, api_key, name=name, timeout=timeout, max_attempts=max_attempts, backoff=backoff)

    @staticmethod
    def _key(idempotency_key: str | None) -> dict[str, str]:
        return {"Idempotency-Key": idempotency_key} if idempotency_key else {}

    async def _chat(
        self, messages: list[dict[str, str]], request: TextRequest, *, idempotency_key: str | None = None, **extra: Any
    ) -> TextResult:
        body = {
            "model": self.chat_model,
            "messages": messages,
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
            **extra,
        }
        response, document = await self.http.request_json(
            "POST", "/chat/completions", json=body, headers=self._key(idempotency_key or request.idempotency_key)
        )
        text = field(document, "choices", 0, "message", "content", provider=self.name, expected=str)
        usage = document.get("usage") if isinstance(document.get("usage"), dict) else {}
        return TextResult(
            text=text,
            provider=self.name,
            model=document.get("model") or self.chat_model,
            prompt_tokens=usage.get("prompt_tokens"),
            completion_tokens=usage.get("completion_tokens"),
            cost_usd=_cost(response, document),
        )

    async def text(self, request: TextRequest) -> TextResult:
        messages = ([{"role": "system", "content": request.system}] if request.system else []) + [
            {"role": "user", "content": request.prompt}
        ]
        return await self._chat(messages, request)

    async def scenes(
        self, script: str, characters: list[Character] | None = None, style: BrandStyle | None = None
    ) -> list[SceneSpec]:
        cast = ", ".join(c.name for c in characters or [])
        prompt = f"Characters: {cast or 'unknown'}.\n\nScript:\n{script}"
        result = await self._chat(
            [{"role": "system", "content": SCENES_SYSTEM}, {"role": "user", "content": prompt}],
            TextRequest(prompt=prompt, max_tokens=4000, temperature=0.2),
            response_format={"type": "json_object"},
        )
        try:
            scenes = json.loads(result.text)["scenes"]
            return [SceneSpec.model_validate(scene) for scene in scenes]
        except (ValueError, KeyError, TypeError, ValidationError) as error:
            raise ProviderError(
                f"{self.name}: the scenes answer is not the JSON asked for ({type(error).__name__})",
                code="malformed_response",
            ) from error

    async def _json(self, system: str, prompt: str, key: str | None, parse: Any) -> StoryResult:
        """A JSON chat answer parsed by `parse`; an answer that is not the JSON asked for is a
        non-retryable malformed_response."""
        result = await self._chat(
            [{"role": "system", "content": system}, {"role": "user", "content": prompt}],
            TextRequest(prompt=prompt, max_tokens=4000, temperature=0.3),
            idempotency_key=key,
            response_format={"type": "json_object"},
        )
        try:
            value = parse(json.loads(result.text))
        except (ValueError, KeyError, TypeError, ValidationError) as error:
            raise ProviderError(
                f"{self.name}: the answer is not the JSON asked for ({type(error).__name__})", code="malformed_response"
            ) from error
        return StoryResult(value=value, **result.model_dump(exclude={"text"}))

    async def plot_overview(self, book: Book, key: str | None = None) -> StoryResult:
        return await self._json(PLOT_SYSTEM, f"Title: {book.title}\n\n{_book_text(book)}", key,
                                PlotOverview.model_validate)  # fmt: skip

    async def story_characters(self, book: Book, overview: PlotOverview, key: str | None = None) -> StoryResult:
        prompt = f"Plot overview: {overview.model_dump_json()}\n\nTitle: {book.title}\n\n{_book_text(book)}"
        return await self._json(CHARACTERS_SYSTEM, prompt, key,
                                lambda doc: [StoryCharacter.model_validate(c) for c in doc["characters"]])  # fmt: skip

    async def chapter_script(
        self, book: Book, chapter: BookChapter, overview: PlotOverview, cast: list[StoryCharacter],
        key: str | None = None,
    ) -> StoryResult:  # fmt: skip
        characters = json.dumps([c.model_dump(exclude_none=True) for c in cast], ensure_ascii=False)
        prompt = (
            f"Plot overview: {overview.model_dump_json()}\nCharacters: {characters}\n\n"
            f"Book: {book.title}. Chapter {chapter.number}: {chapter.title}\n{chapter.content}"
        )
        return await self._json(SCRIPT_SYSTEM, prompt, key, ChapterScript.model_validate)

    async def image(self, request: ImageRequest, workdir: Path) -> MediaResult:
        prompt = request.prompt or (request.scene.description if request.scene else "") or ""
        body = {
            "model": self.image_model,
            "prompt": prompt,
            "n": 1,
            "size": f"{request.width}x{request.height}",
            "response_format": "b64_json",
        }
        response, document = await self.http.request_json(
            "POST", "/images/generations", json=body, headers=self._key(request.idempotency_key)
        )
        item = field(document, "data", 0, provider=self.name, expected=dict)
        if isinstance(item.get("b64_json"), str):
            try:
                data = base64.b64decode(item["b64_json"], validate=True)
            except ValueError as error:
                raise ProviderError(f"{self.name}: b64_json is not base64", code="malformed_response") from error
        elif isinstance(item.get("url"), str):
            data = (await self.http.request("GET", item["url"])).content
        else:
            raise ProviderError(
                f"{self.name}: the image answer has neither b64_json nor url", code="malformed_response"
            )
        try:
            with Image.open(io.BytesIO(data)) as picture:
                width, height, fmt = picture.width, picture.height, (picture.format or "png").lower()
        except UnidentifiedImageError as error:
            raise ProviderError(f"{self.name}: the image is not a picture", code="malformed_response") from error
        path = workdir / f"image.{'jpg' if fmt == 'jpeg' else fmt}"
        path.write_bytes(data)
        return MediaResult(
            path=path,
            content_type=f"image/{fmt}",
            provider=self.name,
            model=self.image_model,
            width=width,
            height=height,
            cost_usd=_cost(response, document),
            metadata={"revised_prompt": item.get("revised_prompt")} if item.get("revised_prompt") else {},
        )

    async def speech(self, request: SpeechRequest, workdir: Path) -> MediaResult:
        body = {
            "model": self.speech_model,
            "input": request.text,
            "voice": request.voice or self.voice,
            "response_format": "wav",
        }
        response = await self.http.request(
            "POST", "/audio/speech", json=body, headers=self._key(request.idempotency_key)
        )
        path = workdir / "speech.wav"
        path.write_bytes(response.content)
        probe = await ffmpeg.probe(path)
        if probe.first("audio") is None:
            raise ProviderError(f"{self.name}: the speech answer is not audio", code="malformed_response")
        return MediaResult(
            path=path,
            content_type=response.headers.get("content-type", "audio/wav").split(";")[0],
            provider=self.name,
            model=self.speech_model,
            duration_seconds=probe.duration_seconds,
            cost_usd=_cost(response),
            metadata={"voice": body["voice"]},
        )
