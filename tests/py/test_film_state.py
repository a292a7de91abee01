"""A film's progress is read from what its client may read: `film.film_state` gives the studio's
user (role authenticated, RLS on) the same answer as the operator, and counts a job that waits
for a cancelled input as one that can no longer run."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from test_film_pipeline import MEDIA_KINDS, OPTIONS, studio_script

from creatorverse.db.acting import acting_as
from creatorverse.media import film


@pytest.fixture
def admin(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("delete from private.job_queue where kind = any(%s)", (list(MEDIA_KINDS),))
        yield conn


def as_client(admin, user, film_id) -> dict:
    with acting_as(admin, user):
        return film.film_state(admin, film_id)


def test_a_client_reads_the_same_film_state_and_a_blocked_job_is_not_active(admin):
    _, user, script_id = studio_script(admin)
    requested = film.request_film(admin, script_id, user, OPTIONS, None)
    state = film.film_state(admin, requested.id)
    # three scenes (image, audio, scene video) and the merge, none started: all can run
    assert (state["status"], state["jobs"], state["done"], state["active"]) == ("running", 10, 0, 10)
    assert as_client(admin, user, requested.id) == state

    first_image = admin.execute(
        "select id from public.generations where parent_id = %s and kind = 'image' and scene_number = 1",
        (requested.id,),
    ).fetchone()[0]
    with acting_as(admin, user):
        admin.execute("select public.cancel_generation(%s)", (first_image,))
    state = film.film_state(admin, requested.id)
    # the cancelled image, scene 1's video (its input) and the merge (every scene's video) cannot run
    assert (state["jobs"], state["active"]) == (10, 7)
    assert state["error_message"].startswith("image of scene 1 cancelled")
    assert as_client(admin, user, requested.id) == state

    outsider = admin.execute("select tests.create_user(%s)", (f"outsider_{uuid.uuid4().hex[:8]}",)).fetchone()[0]
    assert as_client(admin, outsider, requested.id) is None  # another studio's film: nothing to read
