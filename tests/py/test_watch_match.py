"""Match scores come from real embeddings: contents embedded with the local model, a
viewer's taste is the mean of what they watched, the score is 100 * cosine similarity."""

from __future__ import annotations

import numpy as np
import pytest
from pgvector.psycopg import register_vector

from creatorverse.embeddings import make_embedder
from creatorverse.watch.embed import embed_pending_contents

CATALOGUE = {
    "Starfall": ("sci-fi", "A crew of astronauts fights to bring a damaged starship home through an asteroid field."),
    "Orbit Nine": ("sci-fi", "On a space station orbiting Jupiter, an engineer uncovers sabotage of the reactor."),
    "Paris in Spring": ("romance", "Two strangers fall in love over letters exchanged in a little Paris bookshop."),
    "Knead": ("documentary", "Bakers across Italy share their family recipes for bread, pasta and pastry."),
}


def refreshed_matches(conn, auth, viewer: str) -> dict:
    """The viewer's match scores after the refresh_content_matches duty's run (they are
    precomputed; tests/py/test_watch_rankings.py runs it through the scheduler)."""
    auth.as_service_role()
    conn.execute("select private.refresh_content_matches(200)")
    auth.as_user(viewer)
    return dict(conn.execute("select title, match_score from public.content_matches").fetchall())


@pytest.fixture(scope="module")
def embedder():
    return make_embedder("local")


def test_match_scores_follow_what_the_viewer_watched(conn, auth, embedder):
    register_vector(conn)
    auth.create_user("maker")
    auth.create_user("fan")
    org = conn.execute("select tests.create_organization('maker', 'match-studio')").fetchone()[0]
    project = conn.execute(
        "insert into public.projects (organization_id, title) values (%s, 'Anthology') returning id", (org,)
    ).fetchone()[0]
    ids = {}
    for title, (genre, synopsis) in CATALOGUE.items():
        ids[title] = conn.execute(
            "insert into public.contents (project_id, title, type, genre, synopsis, visibility, duration_minutes,"
            " video_url) values (%s, %s, 'movie', %s, %s, 'free', 90, 'https://cdn.test/v.mp4') returning id",
            (project, title, genre, synopsis),
        ).fetchone()[0]
    conn.execute("update public.contents set status = 'published' where organization_id = %s", (org,))
    assert embed_pending_contents(conn, embedder, batch_size=3) >= len(CATALOGUE)
    vectors = dict(
        conn.execute("select title, embedding from public.contents where organization_id = %s", (org,)).fetchall()
    )
    assert all(v is not None for v in vectors.values())

    auth.as_user("fan")
    conn.execute("select public.record_watch_progress(%s, 600)", (ids["Starfall"],))
    scores = refreshed_matches(conn, auth, "fan")
    assert scores["Starfall"] == 100, "the only thing watched matches itself fully"
    assert scores["Orbit Nine"] > scores["Paris in Spring"] and scores["Orbit Nine"] > scores["Knead"]
    taste = np.asarray(vectors["Starfall"].to_numpy())
    other = np.asarray(vectors["Orbit Nine"].to_numpy())
    cosine = float(taste @ other / (np.linalg.norm(taste) * np.linalg.norm(other)))
    assert scores["Orbit Nine"] == max(0, round(100 * cosine))

    # a second film moves the taste towards it
    conn.execute("select public.record_watch_progress(%s, 600)", (ids["Paris in Spring"],))
    after = refreshed_matches(conn, auth, "fan")
    assert after["Paris in Spring"] > scores["Paris in Spring"] and after["Starfall"] < 100

    # changing what a content is about queues it for embedding again
    auth.as_owner()
    conn.execute("update public.contents set synopsis = 'A heist in Monaco.' where id = %s", (ids["Knead"],))
    assert conn.execute("select embedding is null from public.contents where id = %s", (ids["Knead"],)).fetchone()[0]
