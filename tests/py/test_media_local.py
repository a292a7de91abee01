"""The offline provider makes real media: frames, speech, scene videos, lip-sync, merges."""

from __future__ import annotations

import asyncio
import wave
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from creatorverse.media import subtitles
from creatorverse.media.local import ffmpeg
from creatorverse.media.local.frames import draw_frame
from creatorverse.media.local.provider import LocalProvider
from creatorverse.media.local.scenes import describe_scene, split_script
from creatorverse.media.local.speech import language_runs
from creatorverse.media.models import (
    BrandStyle,
    Character,
    ImageRequest,
    LipsyncRequest,
    MergeRequest,
    SceneSpec,
    SceneVideoRequest,
    SpeechRequest,
)

SCRIPT = """INT. LIGHTHOUSE - NIGHT
MINA: The lamp is out again.
The wind pulls at the shutters.

EXT. HARBOR - DAWN
JUN: The boats are back.
Gulls circle over the harbor while Mina waves.

EXT. CLIFF - EVENING
MINA: 등대가 다시 빛나요.
"""
STYLE = BrandStyle(colors=["#0b3d91", "#ffb703", "#fb8500"], heading_font="DejaVu Serif")
W, H = 160, 90


def run(coro):
    return asyncio.run(coro)


def test_the_splitter_is_deterministic_and_reads_headings_dialogue_and_characters():
    cast = [Character(name="Mina", description="the keeper's daughter")]
    scenes = split_script(SCRIPT, characters=cast)
    assert scenes == split_script(SCRIPT, characters=cast)
    assert [(s.number, s.location, s.time_of_day) for s in scenes] == [
        (1, "Lighthouse", "night"),
        (2, "Harbor", "dawn"),
        (3, "Cliff", "evening"),
    ]
    assert scenes[0].lines[0].speaker == "MINA" and scenes[0].lines[1].speaker is None
    # Mina is named in scene 2's prose: she is in frame, with her description
    assert [c.name for c in scenes[1].characters] == ["Jun", "Mina"]
    assert scenes[1].characters[1].description == "the keeper's daughter"
    description = describe_scene(scenes[1], STYLE)
    assert (
        "Harbor at dawn" in description and "Mina (the keeper's daughter)" in description and "#0b3d91" in description
    )


def test_prose_without_headings_is_grouped_into_scenes_by_length():
    story = "\n\n".join(f"Paragraph {n} " + "word " * 25 for n in range(5))
    scenes = split_script(story, max_words=60)
    assert [len(s.lines) for s in scenes] == [2, 2, 1]
    assert all(s.characters == [] for s in scenes)


def test_a_frame_is_a_composed_picture_in_the_brand_s_colors():
    scene = split_script(SCRIPT)[1]
    picture = np.asarray(draw_frame(scene, STYLE, 320, 180))
    assert picture.shape == (180, 320, 3)
    assert len(np.unique(picture.reshape(-1, 3), axis=0)) > 50  # gradient sky, hills, figures, text
    accent = np.all(picture == (0xFF, 0xB7, 0x03), axis=2)  # the brand's second color: stripe, a figure
    assert accent.sum() > 320
    night = np.asarray(draw_frame(scene.model_copy(update={"time_of_day": "night"}), STYLE, 320, 180))
    assert night[40:100].mean() < picture[40:100].mean() - 30  # a darker sky
    assert np.array_equal(picture, np.asarray(draw_frame(scene, STYLE, 320, 180)))


@pytest.mark.parametrize(
    ("text", "voice"),
    [
        ("The lamp is out again.", "en"),
        ("등대가 다시 빛나요.", "ko"),
        ("The lamp is out. 등대가 다시 빛나요.", "en+ko"),
    ],
)
def test_speech_is_real_audio_in_english_and_korean(tmp_path: Path, text: str, voice: str):
    result = run(LocalProvider().speech(SpeechRequest(text=text), tmp_path))
    assert result.model == f"espeak-ng:{voice}" and result.content_type == "audio/wav"
    with wave.open(str(result.path)) as audio:
        samples = np.frombuffer(audio.readframes(audio.getnframes()), dtype=np.int16)
        assert abs(audio.getnframes() / audio.getframerate() - result.duration_seconds) < 0.01
    assert 0.8 < result.duration_seconds < 6
    assert np.sqrt(np.mean(samples.astype(np.float64) ** 2)) > 300  # speech, not silence


def test_three_scenes_make_a_playable_film_with_subtitles_and_a_thumbnail(tmp_path: Path):
    provider = LocalProvider()

    async def film():
        scenes = await provider.scenes(SCRIPT, style=STYLE)
        clips, cues = [], []
        for scene in scenes:
            work = tmp_path / f"scene-{scene.number}"
            work.mkdir()
            frame = await provider.image(ImageRequest(scene=scene, style=STYLE, width=W, height=H), work)
            speech = await provider.speech(SpeechRequest(text=scene.spoken_text), work)
            timed = subtitles.cues_for_lines(scene.lines, 0, speech.duration_seconds)
            video = await provider.scene_video(
                SceneVideoRequest(
                    image=frame.path, audio=speech.path, cues=timed, width=W, height=H, fps=12, motion="pan_right"
                ),
                work,
            )
            clips.append(video)
            cues.append(timed)
        synced = await provider.lipsync(
            LipsyncRequest(video=clips[0].path, audio=tmp_path / "scene-1/speech.wav"), tmp_path
        )
        merged = await provider.merge(MergeRequest(clips=[c.path for c in clips], cues=cues), tmp_path)
        return clips, synced, merged, await ffmpeg.probe(merged.video.path)

    clips, synced, merged, probe = run(film())
    assert {s.type for s in probe.streams} == {"video", "audio"}
    assert (probe.first("video").width, probe.first("video").height) == (W, H)
    total = sum(c.duration_seconds for c in clips)
    assert abs(probe.duration_seconds - total) <= 0.05 * total
    assert all(c.duration_seconds > 1 for c in clips)
    parsed = subtitles.parse_srt(merged.subtitles.read_text(encoding="utf-8"))
    assert len(parsed) == 5 and parsed[-1].text == "MINA: 등대가 다시 빛나요."
    assert parsed[2].start == pytest.approx(clips[0].duration_seconds, abs=0.05)  # shifted by scene 1
    with Image.open(merged.thumbnail.path) as thumbnail:
        assert thumbnail.size == (W, H) and thumbnail.format == "JPEG"
    assert synced.metadata["lipsync"] == "remux" and "not animated" in synced.metadata["note"]
    assert {s.type for s in run(ffmpeg.probe(synced.path)).streams} == {"video", "audio"}


def test_burned_subtitles_change_the_picture(tmp_path: Path):
    provider = LocalProvider()
    scene = SceneSpec(number=1, title="EXT. FIELD - DAY")
    cues = [subtitles.Cue(start=0, end=2, text="WWWW MMMM WWWW")]

    async def both():
        frame = await provider.image(ImageRequest(scene=scene, style=STYLE, width=W, height=H), tmp_path)
        frames = []
        for burn in (False, True):
            work = tmp_path / str(burn)
            work.mkdir()
            video = await provider.scene_video(
                SceneVideoRequest(image=frame.path, cues=cues, duration_seconds=1, width=W, height=H, fps=6,
                                  motion="zoom_out", burn_subtitles=burn),
                work,
            )  # fmt: skip
            still = work / "still.png"
            await ffmpeg.run("-y", "-ss", "0.5", "-i", video.path, "-frames:v", "1", still)
            frames.append(np.asarray(Image.open(still).convert("L"), dtype=np.int16))
            assert video.metadata["subtitles"] == ("burned" if burn else "sidecar")
            assert subtitles.parse_srt(Path(video.metadata["subtitles_file"]).read_text()) == cues
        return frames

    plain, burned = run(both())
    changed = np.abs(burned - plain) > 40
    assert changed[H // 2 :].mean() > 0.01  # text over the lower half
    assert changed[: H // 4].mean() < 0.001  # the rest alike


def test_mixed_text_is_spoken_sentence_by_sentence_in_its_language():
    assert language_runs("Hello. It is late! 안녕하세요. 잘 자요. Good night.") == [
        ("en", "Hello. It is late!"),
        ("ko", "안녕하세요. 잘 자요."),
        ("en", "Good night."),
    ]


def test_malformed_subtitles_fail_clearly():
    with pytest.raises(ValueError, match="block 1 is malformed"):
        subtitles.parse_srt("1\nnot a time\nhello\n")
    with pytest.raises(ValueError, match="ends before it starts"):
        subtitles.parse_srt("1\n00:00:02,000 --> 00:00:01,000\nhello\n")
