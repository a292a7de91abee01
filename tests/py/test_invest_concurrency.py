"""Invest and Watch under concurrency, as real signed-in users on separate connections:
buyers racing for the last slots of a limited tier, Stripe confirmations delivered twice at
once, concurrent ratings and watch progress; and a revenue distribution whose amounts do not
divide evenly."""

from __future__ import annotations

import json
import random
import threading
import uuid
from collections import Counter
from fractions import Fraction

import psycopg
import pytest

BUYERS = 20


def race(db_url: str, jobs: list, work) -> Counter:
    """`work(conn, job)` for every job at once, one connection and transaction each."""
    outcomes: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(len(jobs))

    def worker(job):
        with psycopg.connect(db_url) as conn:
            barrier.wait()
            try:
                result = work(conn, job)
                conn.commit()
            except psycopg.Error as error:
                conn.rollback()
                result = error.diag.sqlstate
            with lock:
                outcomes[result] += 1

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def paid_event(investment_id, amount: int, delivery: str = "") -> str:
    return json.dumps(
        {
            "id": f"evt_{investment_id}",
            "type": "payment_intent.succeeded",
            "created": 1790000000,
            "delivery": delivery,
            "data": {
                "object": {
                    "id": f"pi_{investment_id}",
                    "amount_received": amount,
                    "currency": "usd",
                    "metadata": {"investment_id": str(investment_id)},
                }
            },
        }
    )


@pytest.fixture
def studio(db_url):
    """A committed studio with a project, and its cleanup (money rows first)."""
    tag = uuid.uuid4().hex[:8]
    users: list = []
    with psycopg.connect(db_url, autocommit=True) as conn:

        def user(name: str):
            users.append(conn.execute("select tests.create_user(%s)", (f"{name}-{tag}",)).fetchone()[0])
            return f"{name}-{tag}"

        owner = user("owner")
        org_id = conn.execute("select tests.create_organization(%s, %s)", (owner, f"studio-{tag}")).fetchone()[0]
        project_id = conn.execute(
            "insert into public.projects (organization_id, title) values (%s, 'Lantern') returning id", (org_id,)
        ).fetchone()[0]
        yield {"conn": conn, "org": org_id, "project": project_id, "user": user, "tag": tag}
        for table in ("investor_payouts", "revenue_distributions", "investments", "campaigns", "contents", "projects"):
            conn.execute(f"delete from public.{table} where organization_id = %s", (org_id,))
        conn.execute("delete from public.organizations where id = %s", (org_id,))
        conn.execute("delete from auth.users where id = any(%s)", (users,))


def launch_campaign(conn, project_id, funding_type="flexible", investor_share_bps=0) -> uuid.UUID:
    campaign = conn.execute(
        "insert into public.campaigns"
        " (project_id, title, goal_amount_cents, funding_type, investor_share_bps, end_date)"
        " values (%s, 'Race', 1000000, %s, %s, now() + interval '30 days') returning id",
        (project_id, funding_type, investor_share_bps),
    ).fetchone()[0]
    return campaign


def activate(conn, campaign) -> None:
    conn.execute("select public.set_campaign_status(%s, 'pending_review')", (campaign,))
    conn.execute("select public.set_campaign_status(%s, 'active')", (campaign,))


def invest_as(conn, identifier: str, campaign, amount: int, tier=None):
    """Pledge as `identifier` (the role lasts until the enclosing transaction ends)."""
    with conn.transaction():
        conn.execute("select tests.authenticate_as(%s)", (identifier,))
        return conn.execute("select id from public.invest(%s, %s, %s)", (campaign, amount, tier)).fetchone()[0]


def test_twenty_buyers_race_for_the_last_three_slots(db_url, studio):
    conn = studio["conn"]
    campaign = launch_campaign(conn, studio["project"])
    tier = conn.execute(
        "insert into public.investment_tiers (campaign_id, name, min_amount_cents, limit_quantity)"
        " values (%s, 'Gold', 5000, 5) returning id",
        (campaign,),
    ).fetchone()[0]
    activate(conn, campaign)
    # two of five slots already sold and paid
    for name in ("early1", "early2"):
        with conn.transaction():
            investment = invest_as(conn, studio["user"](name), campaign, 5000, tier)
            conn.execute("select tests.authenticate_as_service_role()")
            conn.execute("select public.stripe_apply_event(%s)", (paid_event(investment, 5000),))
    buyers = [studio["user"](f"buyer{n}") for n in range(BUYERS)]

    outcomes = race(db_url, buyers, lambda c, who: invest_as(c, who, campaign, 5000, tier) and "bought")

    assert outcomes == {"bought": 3, "PT409": BUYERS - 3}
    sold, holding = conn.execute(
        "select t.sold_quantity, (select count(*) from public.investments i"
        " where i.tier_id = t.id and i.status in ('pending', 'confirmed')) from public.investment_tiers t"
        " where t.id = %s",
        (tier,),
    ).fetchone()
    assert (sold, holding) == (5, 5)

    # each winner's payment is delivered twice, all at once: each counts once
    pending = [
        row[0]
        for row in conn.execute(
            "select id from public.investments where tier_id = %s and status = 'pending'", (tier,)
        ).fetchall()
    ]

    def confirm(c, job):
        investment, delivery = job
        c.execute("select tests.authenticate_as_service_role()")
        return c.execute("select public.stripe_apply_event(%s)", (paid_event(investment, 5000, delivery),)).fetchone()[
            0
        ]

    outcomes = race(db_url, [(i, d) for i in pending for d in ("a", "b")], confirm)
    # the second delivery of an event either waits for the first (then: duplicate) or fails
    # on the unique event id at commit (23505); never a second application
    assert outcomes["applied"] == 3 and outcomes["applied"] + outcomes["duplicate"] + outcomes["23505"] == 6
    raised, backers = conn.execute(
        "select raised_amount_cents, backer_count from public.campaigns where id = %s", (campaign,)
    ).fetchone()
    assert (raised, backers) == (25000, 5)


def test_one_account_racing_itself_holds_at_most_its_share_of_a_limited_tier(db_url, studio):
    conn = studio["conn"]
    campaign = launch_campaign(conn, studio["project"])
    tier = conn.execute(
        "insert into public.investment_tiers (campaign_id, name, min_amount_cents, limit_quantity)"
        " values (%s, 'Gold', 5000, 20) returning id",
        (campaign,),
    ).fetchone()[0]
    activate(conn, campaign)
    squatter = studio["user"]("squatter")

    # six pledges of one account at once: the tier's row lock queues them, and each counts the
    # account's holds after the previous one committed
    outcomes = race(db_url, list(range(6)), lambda c, _: invest_as(c, squatter, campaign, 5000, tier) and "held")

    assert outcomes == {"held": 2, "PT429": 4}
    assert conn.execute("select sold_quantity from public.investment_tiers where id = %s", (tier,)).fetchone()[0] == 2


def test_concurrent_confirmations_and_refunds_of_one_backer_keep_exact_totals(db_url, studio):
    conn = studio["conn"]
    campaign = launch_campaign(conn, studio["project"])
    activate(conn, campaign)
    backer = studio["user"]("backer")
    others = [studio["user"](f"other{n}") for n in range(4)]
    mine = [invest_as(conn, backer, campaign, 1000 + n) for n in range(8)]
    theirs = [invest_as(conn, who, campaign, 700) for who in others]
    conn.execute("reset role")

    def confirm(c, investment):
        amount = c.execute("select amount_cents from public.investments where id = %s", (investment,)).fetchone()[0]
        c.execute("select tests.authenticate_as_service_role()")
        return c.execute("select public.stripe_apply_event(%s)", (paid_event(investment, amount),)).fetchone()[0]

    assert race(db_url, mine + theirs, confirm) == {"applied": 12}
    row = conn.execute(
        "select raised_amount_cents, backer_count from public.campaigns where id = %s", (campaign,)
    ).fetchone()
    assert row == (sum(1000 + n for n in range(8)) + 4 * 700, 5)

    def refund(c, investment):
        amount = c.execute("select amount_cents from public.investments where id = %s", (investment,)).fetchone()[0]
        c.execute("select tests.authenticate_as_service_role()")
        event = {
            "id": f"evt_refund_{investment}",
            "type": "charge.refunded",
            "created": 1790000100,
            "data": {
                "object": {"id": f"ch_{investment}", "payment_intent": f"pi_{investment}", "amount_refunded": amount}
            },
        }
        return c.execute("select public.stripe_apply_event(%s)", (json.dumps(event),)).fetchone()[0]

    assert race(db_url, mine, refund) == {"applied": 8}
    row = conn.execute(
        "select raised_amount_cents, backer_count from public.campaigns where id = %s", (campaign,)
    ).fetchone()
    assert row == (4 * 700, 4)


def test_concurrent_ratings_and_progress_leave_exact_aggregates(db_url, studio):
    conn = studio["conn"]
    content = conn.execute(
        "insert into public.contents (project_id, title, type, visibility, duration_minutes, video_url)"
        " values (%s, 'Race film', 'movie', 'free', 10, 'https://cdn.test/f.mp4') returning id",
        (studio["project"],),
    ).fetchone()[0]
    conn.execute("update public.contents set status = 'published' where id = %s", (content,))
    viewers = [studio["user"](f"viewer{n}") for n in range(BUYERS)]

    def rate_and_watch(c, who):
        rng = random.Random(who)
        c.execute("select tests.authenticate_as(%s)", (who,))
        c.execute(
            "insert into public.content_ratings (content_id, rating) values (%s, %s)", (content, rng.randint(1, 5))
        )
        c.commit()
        for _ in range(3):
            c.execute("select tests.authenticate_as(%s)", (who,))
            c.execute(
                "update public.content_ratings set rating = %s where content_id = %s", (rng.randint(1, 5), content)
            )
            c.execute("select public.record_watch_progress(%s, %s)", (content, rng.randint(0, 600)))
            c.commit()
        if rng.random() < 0.3:
            c.execute("select tests.authenticate_as(%s)", (who,))
            c.execute("delete from public.content_ratings where content_id = %s", (content,))
        return "done"

    assert race(db_url, viewers, rate_and_watch) == {"done": BUYERS}
    counted = conn.execute(
        "select rating_sum, rating_count, average_rating, view_count from public.contents where id = %s", (content,)
    ).fetchone()
    actual = conn.execute(
        "select coalesce(sum(rating), 0), count(*), round(avg(rating), 2) from public.content_ratings"
        " where content_id = %s",
        (content,),
    ).fetchone()
    assert counted[:3] == actual
    assert counted[3] == BUYERS, "every viewer counts one view today"
    completed = conn.execute(
        "select count(*) from public.watch_history where content_id = %s and completed", (content,)
    ).fetchone()[0]
    stats = conn.execute(
        "select sum(viewers), sum(completions) from public.content_daily_stats where content_id = %s", (content,)
    ).fetchone()
    assert completed > 0, "some viewers should pass the 90 % mark in this test"
    assert stats == (BUYERS, completed)
    assert conn.execute("select completion_count from public.contents where id = %s", (content,)).fetchone()[0] == (
        completed
    )


def test_revenue_distribution_with_uneven_amounts_sums_exactly_to_the_pool(db_url, studio):
    conn = studio["conn"]
    campaign = launch_campaign(conn, studio["project"], investor_share_bps=3333)
    tiers = {
        share: conn.execute(
            "insert into public.investment_tiers (campaign_id, name, min_amount_cents, revenue_share_percent)"
            " values (%s, %s, 100, %s) returning id",
            (campaign, f"share {share}", share),
        ).fetchone()[0]
        for share in (100, 37.5, 0)
    }
    activate(conn, campaign)
    rng = random.Random(7)
    plan = [(share, rng.randint(100, 99999)) for share in (100, 100, 37.5, 37.5, 37.5, 100, 0, 100, 37.5, 100, 100)]
    investments = []
    for n, (share, amount) in enumerate(plan):
        with conn.transaction():
            investment = invest_as(conn, studio["user"](f"investor{n}"), campaign, amount, tiers[share])
            conn.execute("select tests.authenticate_as_service_role()")
            conn.execute("select public.stripe_apply_event(%s)", (paid_event(investment, amount),))
        investments.append((investment, share, amount))
    conn.execute("reset role")
    with conn.transaction():  # the settle_campaigns duty, 31 days on
        conn.execute("select set_config('creatorverse.now', (now() + interval '31 days')::text, true)")
        conn.execute("select private.settle_campaigns(100000)")
    total = 1_000_003
    platform, pool, creator = conn.execute(
        "select platform_share_cents, investor_pool_cents, creator_share_cents"
        " from public.distribute_revenue(%s, '2027-01-01', '2027-03-31', %s)",
        (campaign, total),
    ).fetchone()
    assert (platform, pool) == (total * 500 // 10000, total * 3333 // 10000)
    assert platform + pool + creator == total
    payouts = dict(
        conn.execute(
            "select p.investment_id, p.amount_cents from public.investor_payouts p"
            " join public.revenue_distributions d on d.id = p.distribution_id where d.campaign_id = %s",
            (campaign,),
        ).fetchall()
    )
    assert sum(payouts.values()) == pool
    # largest remainder, recomputed with exact fractions
    weights = {i: amount * Fraction(str(share)) for i, share, amount in investments if share}
    exact = {i: pool * w / sum(weights.values()) for i, w in weights.items()}
    assert set(payouts) == set(exact), "one payout per revenue-sharing investment, none for the 0 % tier"
    floors = {i: int(x) for i, x in exact.items()}
    leftover = pool - sum(floors.values())
    assert 0 < leftover < len(exact), "the amounts were chosen not to divide evenly"
    order = sorted(exact, key=lambda i: -(exact[i] - floors[i]))
    expected = {i: floors[i] + (1 if rank < leftover else 0) for rank, i in enumerate(order)}
    assert payouts == expected
    with pytest.raises(psycopg.errors.ExclusionViolation):
        conn.execute("select public.distribute_revenue(%s, '2027-03-01', '2027-04-30', 5000)", (campaign,))
