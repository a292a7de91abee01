"""Two members share the same film at once when it has one live link left before the limit."""

from __future__ import annotations

import threading
import time
import uuid

import psycopg
import pytest


@pytest.fixture
def film(db_url):
    """A committed team organization with two editors and a film that has 49 live share links."""
    tag = uuid.uuid4().hex[:8]
    with psycopg.connect(db_url, autocommit=True) as conn:
        users = [conn.execute("select tests.create_user(%s)", (f"{n}-{tag}",)).fetchone()[0] for n in ("a", "b")]
        org_id = conn.execute("select tests.create_organization(%s, %s)", (f"a-{tag}", f"share-{tag}")).fetchone()[0]
        conn.execute("select tests.add_member(%s, %s, 'editor')", (f"share-{tag}", f"b-{tag}"))
        asset_id = conn.execute(
            "insert into public.assets (organization_id, type, filename, mime_type, storage_provider, storage_bucket, "
            "storage_path) values (%s, 'video', 'film.mp4', 'video/mp4', 'supabase', 'media', 'films/f.mp4') "
            "returning id",
            (org_id,),
        ).fetchone()[0]
        with conn.transaction():
            conn.execute("select tests.authenticate_as(%s)", (f"a-{tag}",))
            conn.execute("select public.share_film(%s) from generate_series(1, 49)", (asset_id,))
    yield asset_id, [f"a-{tag}", f"b-{tag}"]
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("delete from public.organizations where id = %s", (org_id,))
        conn.execute("delete from auth.users where id = any(%s)", (users,))


def test_the_last_link_goes_to_one_of_two_concurrent_shares(db_url, film):
    asset_id, (first, second) = film
    with psycopg.connect(db_url) as holder:
        holder.execute("select tests.authenticate_as(%s)", (first,))
        holder.execute("select public.share_film(%s)", (asset_id,))  # the 50th, not committed yet
        outcome: list[object] = []

        def share_too() -> None:
            with psycopg.connect(db_url) as conn:
                conn.execute("select tests.authenticate_as(%s)", (second,))
                try:
                    outcome.append(conn.execute("select public.share_film(%s)", (asset_id,)).fetchone())
                    conn.commit()
                except psycopg.Error as error:
                    outcome.append(error)

        racer = threading.Thread(target=share_too)
        racer.start()
        time.sleep(0.5)
        assert racer.is_alive() and outcome == []  # waits for the first share's transaction
        holder.commit()
        racer.join(timeout=10)
    assert len(outcome) == 1 and isinstance(outcome[0], psycopg.Error)
    assert outcome[0].diag.sqlstate == "PT429"
    with psycopg.connect(db_url) as conn:
        live = conn.execute(
            "select count(*) from private.film_shares where asset_id = %s and revoked_at is null", (asset_id,)
        ).fetchone()[0]
    assert live == 50
