"""Schedules run by the real scheduler loop as their owners, through the one door into
generation: a deleted organization's schedule starts nothing and holds nothing, a schedule
naming another organization's moodboard (ids of public projects' moodboards are readable by
anyone) takes nothing from it, and a sound schedule beside
them runs (docs/generation.md, "One door")."""

from __future__ import annotations

import asyncio
import logging
import os
import uuid

import psycopg
import pytest

from conftest import template_clone
from creatorverse.workers.scheduler import scheduler_loop


@pytest.fixture(scope="module")
def db_url(admin_url, settings):
    """A database of this module's own: its committed projects and its scheduler (which runs every
    due duty) stay away from the other tests' rows."""
    with template_clone(admin_url, settings, f"creatorverse_schedules_{os.getpid()}") as url:
        yield url


def make_owner(conn: psycopg.Connection, credits: int = 500) -> tuple[str, uuid.UUID, uuid.UUID]:
    """A committed user, the team organization they own with `credits`, and a team project (this
    test commits: nothing of it may show to other tests' users)."""
    name = f"s{uuid.uuid4().hex[:10]}"
    user_id = conn.execute("select tests.create_user(%s)", (name,)).fetchone()[0]
    org_id = conn.execute("select tests.create_organization(%s, %s)", (name, name)).fetchone()[0]
    conn.execute("select public.credits_grant(%s, %s, 'bonus', %s)", (org_id, credits, f"test:{name}"))
    project_id = conn.execute(
        "insert into public.projects (organization_id, created_by, title, visibility) "
        "values (%s, %s, %s, 'team') returning id",
        (org_id, user_id, f"Scheduled {name}"),
    ).fetchone()[0]
    return name, org_id, project_id


def schedule(conn: psycopg.Connection, user: str, project_id, name: str, request: str) -> uuid.UUID:
    """A yearly schedule inserted by `user` the way PostgREST does, then made due at once (as the
    platform): it runs once in this test."""
    with conn.transaction():
        conn.execute("select tests.authenticate_as(%s)", (user,))
        schedule_id = conn.execute(
            "insert into public.schedules (project_id, name, cron, kind, request) "
            "values (%s, %s, '0 0 1 1 *', 'image', %s) returning id",
            (project_id, name, request),
        ).fetchone()[0]
        conn.execute("reset role")
    conn.execute("update public.schedules set next_run_at = now() - interval '1 minute' where id = %s", (schedule_id,))
    return schedule_id


def wallet(conn: psycopg.Connection, org_id) -> tuple[int, int]:
    """(generations of the organization, credits held from its wallet)."""
    return conn.execute(
        "select (select count(*) from public.generations where organization_id = %(org)s),"
        " (select held_balance from public.credit_balances where organization_id = %(org)s)",
        {"org": org_id},
    ).fetchone()


def run_scheduler_until(db_url: str, done) -> None:
    """The scheduler loop (elected leader, ticking) until `done()` holds, at most 60 s."""

    async def run():
        stopping = asyncio.Event()
        loop = asyncio.create_task(scheduler_loop(db_url, stopping, logging.getLogger("test.schedules"), tick=0.05))
        deadline = asyncio.get_running_loop().time() + 60
        while not await asyncio.to_thread(done) and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        stopping.set()
        await loop

    asyncio.run(run())


def test_the_scheduler_runs_schedules_as_their_owners_through_the_one_door(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        # all other committed schedules stay out of this test's way
        conn.execute("update public.schedules set enabled = false")
        owner, org_id, project_id = make_owner(conn)
        doomed, doomed_org, doomed_project = make_owner(conn)
        _victim, victim_org, victim_project = make_owner(conn)
        moodboard = conn.execute(
            "insert into public.moodboards (project_id, organization_id, beat_name, beat_index) "
            "values (%s, %s, %s, 0) returning id",
            (victim_project, victim_org, f"Beat of {victim_project}"),
        ).fetchone()[0]

        sound = schedule(conn, owner, project_id, "sound", '{"prompt": "a sound frame"}')
        orphaned = schedule(conn, doomed, doomed_project, "orphaned", '{"prompt": "of a deleted studio"}')
        with conn.transaction():
            conn.execute("select tests.authenticate_as(%s)", (doomed,))
            conn.execute("select public.delete_organization(%s)", (doomed_org,))
            conn.execute("reset role")
        # a schedule row written before requests were checked (past the triggers): it names the
        # victim's public moodboard
        with conn.transaction():
            conn.execute("set local session_replication_role = replica")
            stealing = conn.execute(
                "insert into public.schedules (organization_id, project_id, created_by, name, cron, kind, request,"
                " next_run_at) select p.organization_id, p.id, p.created_by, 'stealing', '0 0 1 1 *', 'image', %s,"
                " now() - interval '1 minute' from public.projects p where p.id = %s returning id",
                (f'{{"moodboard_id": "{moodboard}", "units": 20}}', project_id),
            ).fetchone()[0]

        def state(schedule_id):
            return conn.execute(
                "select enabled, run_count, last_error from public.schedules where id = %s", (schedule_id,)
            ).fetchone()

        run_scheduler_until(
            db_url,
            lambda: state(sound)[1] >= 1 and not state(orphaned)[0] and not state(stealing)[0],
        )

        assert state(orphaned) == (False, 0, "paused: project not found"), "the deleted studio's schedule is paused"
        assert wallet(conn, doomed_org) == (0, 0), "it started nothing and held nothing"
        assert state(stealing) == (False, 0, "paused: a referenced moodboard was not found in this project")
        assert wallet(conn, victim_org) == (0, 0), "nothing was created in or held from the victim's organization"
        assert conn.execute("select status from public.moodboards where id = %s", (moodboard,)).fetchone()[0] == "draft"
        assert state(sound)[:2] == (True, 1), "the sound schedule ran, as its owner"
        assert wallet(conn, org_id) == (1, 4), "one image generation, its 4 credits held"
