"""Two connections accept the same one-time invitation link at once."""

from __future__ import annotations

import threading
import uuid

import psycopg
import pytest


@pytest.fixture
def invitation(db_url):
    """A committed organization, an invitation link and two users who both hold its token."""
    tag = uuid.uuid4().hex[:8]
    with psycopg.connect(db_url, autocommit=True) as conn:
        owner, first, second = (
            conn.execute("select tests.create_user(%s, %s)", (f"{name}-{tag}", f"{name}-{tag}@test.local")).fetchone()[
                0
            ]
            for name in ("owner", "first", "second")
        )
        org_id = conn.execute("select tests.create_organization(%s, %s)", (f"owner-{tag}", f"race-{tag}")).fetchone()[0]
        with conn.transaction():
            conn.execute("select tests.authenticate_as(%s)", (f"owner-{tag}",))
            # an "anyone with the link" invitation: an email invitation accepts only its addressee
            token = conn.execute("select token from public.create_invitation_link(%s)", (org_id,)).fetchone()[0]
    yield org_id, token, [f"first-{tag}", f"second-{tag}"]
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("delete from public.organizations where id = %s", (org_id,))
        conn.execute("delete from auth.users where id = any(%s)", ([owner, first, second],))


def test_exactly_one_acceptance_wins(db_url, invitation):
    org_id, token, identifiers = invitation
    barrier = threading.Barrier(len(identifiers))
    outcomes: dict[str, object] = {}

    def accept(identifier: str) -> None:
        with psycopg.connect(db_url) as conn:
            conn.execute("select tests.authenticate_as(%s)", (identifier,))
            barrier.wait()
            try:
                outcomes[identifier] = conn.execute("select public.accept_invitation(%s)", (token,)).fetchone()[0]
                conn.commit()
            except psycopg.Error as error:
                outcomes[identifier] = error

    threads = [threading.Thread(target=accept, args=(i,)) for i in identifiers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    winners = [v for v in outcomes.values() if v == org_id]
    losers = [v for v in outcomes.values() if isinstance(v, psycopg.Error)]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].diag.sqlstate == "PT409" and losers[0].diag.message_primary == "invitation is accepted"
    with psycopg.connect(db_url) as conn:
        members = conn.execute(
            "select count(*) from public.organization_members where organization_id = %s and role = 'viewer'", (org_id,)
        ).fetchone()[0]
    assert members == 1
