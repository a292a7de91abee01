"""LitinkAI's story development end to end: a real book from examples/ through
`public.request_story` and in-process workers becomes a plot overview, its characters (with
archetypes and roles) and per chapter a plot-enhanced script with scenes the film pipeline
reads; every job's credits are captured exactly once; the rows are readable by the
organization's members only; the OpenAI-compatible provider is asked with the expected
request shape, retried on 5xx with the same idempotency key."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

import psycopg
import pytest
from media_api import Reply, ScriptedAPI
from test_media_storage import credentials, save_credential
from test_queue_workers import make_studio

from creatorverse.books.importer import import_book
from creatorverse.media import story
from creatorverse.media.handlers import MediaHandlers
from creatorverse.media.http.openai import CHARACTERS_SYSTEM, PLOT_SYSTEM, SCRIPT_SYSTEM
from creatorverse.media.storage.local import LocalStorage
from creatorverse.workers.handlers import JobError

__all__ = ["credentials"]  # a fixture, imported

BOOK = Path(__file__).resolve().parents[2] / "examples" / "the_lantern_keeper.md"
STORY_KINDS = ["plot_overview", "story_characters", "chapter_script"]


@pytest.fixture
def admin(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("delete from private.job_queue where kind = any(%s)", (STORY_KINDS,))
        yield conn


def studio_book(admin) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID, str]:
    """(organization, user, book, user name): a studio with credits and the imported book."""
    org_id, project_id, name = make_studio(admin, credits=1000)
    user = admin.execute("select tests.get_user_id(%s)", (name,)).fetchone()[0]
    done = import_book(admin, str(org_id), BOOK, project_id=project_id, created_by=user, as_new=True)
    return org_id, user, done.book_id, name


def test_a_book_is_developed_into_overview_characters_and_enhanced_scripts(admin, db_url, tmp_path):
    org_id, user, book_id, name = studio_book(admin)
    root, status = story.request_story(admin, book_id, user, {}, "lantern")
    assert status == "queued"
    # the same key: the same story, nothing charged again
    assert story.request_story(admin, book_id, user, {}, "lantern")[0] == root
    jobs = admin.execute(
        "select kind, count(*), sum(estimated_credits) from public.generations "
        "where id = %(r)s or parent_id = %(r)s group by kind order by kind",
        {"r": root},
    ).fetchall()
    assert {k: n for k, n, _ in jobs} == {"chapter_script": 4, "plot_overview": 1, "story_characters": 1}
    held = sum(c for _, _, c in jobs)

    state = asyncio.run(story.run_story(db_url, LocalStorage(tmp_path / "media"), root))
    assert state["done"] == state["jobs"] == 6, state

    report = story.story_report(admin, root)
    overview = report["overview"]
    assert overview["logline"].startswith("The Lantern Keeper: ") and "Mara" in overview["logline"]
    assert "lighthouse" in overview["themes"] and overview["genre"] == "adventure"
    assert overview["setting"] == "The storm came in from the sea at dusk."
    assert overview["created_by"] == user and overview["version"] == 1 and overview["organization_id"] == org_id
    cast = {c["name"]: c for c in report["characters"]}
    assert cast["Mara"]["role"] == "protagonist" and cast["Mara"]["archetype"] == "Hero"
    assert cast["Grandfather"]["role"] == "mentor" and "Sage" in cast["Grandfather"]["archetypes"]
    assert "The Stranger" in cast
    assert [s["chapter_number"] for s in report["scripts"]] == [1, 2, 3, 4]
    assert all(s["plot_enhanced"] and s["character_enhanced"] and s["scene_count"] >= 1 for s in report["scripts"])
    # the chapter scripts feed the film pipeline: scenes with their characters and lines
    scene = admin.execute(
        "select sc.characters, sc.audio_requirements, cs.character_details from public.scenes sc "
        "join public.chapter_scripts cs on cs.script_id = sc.script_id "
        "join public.chapters ch on ch.id = cs.chapter_id "
        "where ch.book_id = %s and ch.chapter_number = 2",
        (book_id,),
    ).fetchone()
    assert {c["name"] for c in scene[0]} == {"Mara"}
    assert {c["name"] for c in scene[2]} == {"Mara", "The Stranger"}
    assert any("bread" in line["text"] for line in scene[1]["lines"])
    beats = admin.execute(
        "select cs.beats, cs.acts from public.chapter_scripts cs join public.chapters ch on ch.id = cs.chapter_id "
        "where ch.book_id = %s and ch.chapter_number = 4",
        (book_id,),
    ).fetchone()
    assert beats[1][0]["act"] == "resolution" and "grandfather vanished" in beats[0][0]["beat"]
    # credits: every job held once and captured once, nothing left held
    assert report["moves"] == {"hold": 6, "capture": 6} and report["credits"]["capture"] <= held
    assert (
        admin.execute(
            "select held_balance from public.credit_balances where organization_id = %s", (org_id,)
        ).fetchone()[0]
        == 0
    )
    assert (
        admin.execute(
            "select count(*) from public.usage_events where resource_type = 'llm_tokens' and event_id in "
            "(select id from public.generations where id = %(r)s or parent_id = %(r)s)",
            {"r": root},
        ).fetchone()[0]
        == 6
    )

    # RLS: the organization's members read what was written; an outsider reads nothing
    outsider = f"o{uuid.uuid4().hex[:10]}"
    admin.execute("select tests.create_user(%s)", (outsider,))
    for who, expected in ((name, (1, 3, 4)), (outsider, (0, 0, 0))):
        with admin.transaction():
            admin.execute("select tests.authenticate_as(%s)", (who,))
            seen = admin.execute(
                "select (select count(*) from public.plot_overviews where book_id = %(b)s), "
                "(select count(*) from public.characters where book_id = %(b)s), "
                "(select count(*) from public.chapter_scripts cs join public.chapters ch on ch.id = cs.chapter_id "
                "where ch.book_id = %(b)s)",
                {"b": book_id},
            ).fetchone()
            admin.execute("reset role")
        assert seen == expected, who

    # developed again: the book's one overview, its next version; the new characters replace
    # the ones the first development wrote
    again, _ = story.request_story(admin, book_id, user, {}, "lantern-again")
    assert again != root
    state = asyncio.run(story.run_story(db_url, LocalStorage(tmp_path / "media"), again))
    assert state["done"] == state["jobs"] == 6, state
    overviews = admin.execute(
        "select id, version, generation_id from public.plot_overviews where book_id = %s and deleted_at is null",
        (book_id,),
    ).fetchall()
    assert [(o[0], o[1], o[2]) for o in overviews] == [(overview["id"], 2, again)]
    live, gone = admin.execute(
        "select count(*) filter (where deleted_at is null), count(*) filter (where deleted_at is not null) "
        "from public.characters where plot_overview_id = %s",
        (overview["id"],),
    ).fetchone()
    assert (live, gone) == (3, 3)


def test_a_book_of_another_organization_is_not_found(admin):
    _, _, book_id, _ = studio_book(admin)
    _, _, stranger = make_studio(admin)
    with pytest.raises(psycopg.Error, match="book not found") as refused, admin.transaction():
        admin.execute("select tests.authenticate_as(%s)", (stranger,))
        admin.execute("select public.request_story(%s)", (book_id,))
    assert refused.value.sqlstate == "PT404"  # HTTP 404 through PostgREST (docs/errors.md)


def chat(document: dict, tokens: int = 100) -> Reply:
    return Reply(
        json={
            "model": "story-writer-1",
            "usage": {"prompt_tokens": tokens, "completion_tokens": 50},
            "choices": [{"message": {"role": "assistant", "content": json.dumps(document)}}],
        }
    )


PLOT = {
    "logline": "A keeper's granddaughter follows a stranger's map to learn why her grandfather vanished.",
    "themes": ["inheritance", "the sea"],
    "story_type": "three_act",
    "genre": "mystery",
    "tone": "brooding",
    "audience": "all ages",
    "setting": "A lighthouse on a stormy coast",
    "structure": [{"act": "setup", "chapters": [1]}],
}
CAST = {
    "characters": [
        {
            "name": "Mara",
            "role": "protagonist",
            "archetype": "Explorer",
            "archetypes": ["Explorer", "Caregiver"],
            "want": "to keep the light burning",
            "need": "to learn the truth",
        },
        {"name": "The Stranger", "role": "supporting", "archetype": "Trickster", "archetypes": ["Trickster", "Sage"]},
    ]
}
SCRIPT = {
    "script": "SCENE 1 - LIGHTHOUSE\nMARA: Who are you?\nThe wind howls.",
    "beats": [{"scene": 1, "beat": "Mara meets the stranger"}],
    "acts": [{"act": "setup", "chapter": 1}],
}


@pytest.mark.usefixtures("local_egress", "local_egress_db")
def test_the_openai_compatible_writer_is_asked_retried_and_never_charged_twice(admin, db_url, credentials, tmp_path):
    api = ScriptedAPI()
    api.script(
        "/v1/chat/completions",
        Reply(500, body=b"busy"),
        chat(PLOT, 900),
        chat(CAST),
        chat(SCRIPT, 300),
        Reply(503, body=b"busy"),
        chat({**SCRIPT, "script": "SCENE 1\nNarration."}, 300),
    )
    api.script("/v1/chat/completions", chat(SCRIPT, 300), chat(SCRIPT, 300))
    org_id, user, book_id, name = studio_book(admin)
    credentials.append(org_id)
    save_credential(
        admin,
        name,
        org_id,
        "openai",
        "sk-test-0123456789abcdef",
        {"kinds": STORY_KINDS, "base_url": api.url + "/v1", "chat_model": "story-writer-1", "max_attempts": 3},
    )
    media = MediaHandlers(db_url, LocalStorage(tmp_path / "media"))
    handlers = media.as_dict()
    crashed: list = []

    async def crashing_overview(job, ctx):  # the first attempt writes, then its worker loses the job
        outcome = await handlers["plot_overview"](job, ctx)
        if not crashed:
            crashed.append(job.generation_id)
            raise JobError("the worker lost its connection after writing", code="lost", retry_in=0.2)
        return outcome

    try:
        root, _ = story.request_story(admin, book_id, user, {}, None)
        state = asyncio.run(
            story.run_story(db_url, None, root, handlers={**handlers, "plot_overview": crashing_overview})
        )
    finally:
        api.close()
    assert state["done"] == state["jobs"] == 6, state
    calls = api.seen("/v1/chat/completions")
    # the 500 was retried with the same key; the retried job wrote nothing twice and asked nothing again
    plot_calls = [c for c in calls if c.json["messages"][0]["content"] == PLOT_SYSTEM]
    assert len(plot_calls) == 2 and plot_calls[0].headers["Idempotency-Key"] == f"job:{root}:plot_overview"
    assert plot_calls[0].headers["Idempotency-Key"] == plot_calls[1].headers["Idempotency-Key"]
    first = plot_calls[0]
    assert first.headers["Authorization"] == "Bearer sk-test-0123456789abcdef"
    assert first.json["model"] == "story-writer-1" and first.json["response_format"] == {"type": "json_object"}
    assert "Title: The Lantern Keeper" in first.json["messages"][1]["content"]
    assert "Hidden inside the stranger's coat" in first.json["messages"][1]["content"]
    assert sum(c.json["messages"][0]["content"] == CHARACTERS_SYSTEM for c in calls) == 1
    script_calls = [c for c in calls if c.json["messages"][0]["content"] == SCRIPT_SYSTEM]
    assert len({c.headers["Idempotency-Key"] for c in script_calls}) == 4  # one key per chapter job
    assert '"name": "Mara"' in script_calls[0].json["messages"][1]["content"]  # enhanced by the characters
    assert PLOT["logline"] in script_calls[0].json["messages"][1]["content"]  # and by the overview

    report = story.story_report(admin, root)
    assert report["overview"]["logline"] == PLOT["logline"] and report["overview"]["generation_method"] == "openai"
    assert admin.execute("select count(*) from public.plot_overviews where book_id = %s", (book_id,)).fetchone()[0] == 1
    # an archetype the catalogue does not know is dropped, not invented
    cast = {c["name"]: c for c in report["characters"]}
    assert cast["Mara"]["archetypes"] == ["Explorer", "Caregiver"] and cast["The Stranger"]["archetypes"] == ["Sage"]
    assert all(s["scene_count"] >= 1 for s in report["scripts"]) and len(report["scripts"]) == 4
    # the overview job was tried twice and charged once; every job captured once
    assert report["moves"] == {"hold": 6, "capture": 6}
    attempts = admin.execute("select attempts, status from public.generations where id = %s", (root,)).fetchone()
    assert attempts == (2, "succeeded")


def test_without_a_credential_the_platform_chat_api_from_the_settings_writes(admin, db_url, credentials, monkeypatch):
    from creatorverse.media.http.openai import OpenAICompatibleProvider
    from creatorverse.media.local.provider import LocalProvider
    from creatorverse.media.registry import select_provider
    from creatorverse.settings import get_settings

    org_id, _, name = make_studio(admin)

    async def chosen(kind: str, requested: str | None = None):
        async with await psycopg.AsyncConnection.connect(db_url, autocommit=True) as conn:
            provider = await select_provider(conn, org_id, kind, requested)
            await provider.aclose()
            return provider

    assert isinstance(asyncio.run(chosen("plot_overview")), LocalProvider)  # nothing configured: offline
    monkeypatch.setenv("CREATORVERSE_TEXT_BASE_URL", "https://llm.example.com/v1")
    monkeypatch.setenv("CREATORVERSE_TEXT_MODEL", "house-writer")
    get_settings.cache_clear()
    try:
        platform = asyncio.run(chosen("chapter_script"))
        assert isinstance(platform, OpenAICompatibleProvider)
        assert (platform.name, platform.chat_model) == ("platform", "house-writer")
        assert isinstance(asyncio.run(chosen("image")), LocalProvider)  # only text and story writing
        assert isinstance(asyncio.run(chosen("plot_overview", "local")), LocalProvider)  # asked for by name
        # the organization's own key (BYOK) comes first
        credentials.append(org_id)
        save_credential(admin, name, org_id, "openrouter", "sk-or-v1-0123456789abcdef",
                        {"kinds": ["plot_overview"], "base_url": "https://openrouter.example.com/v1"})  # fmt: skip
        assert asyncio.run(chosen("plot_overview")).name == "openrouter"
    finally:
        get_settings.cache_clear()
