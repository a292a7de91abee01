"""Timed duties, proven by running the elected scheduler (not the duties' functions) with the
clock moved forward (`creatorverse.now`, read by `private.now()`): each duty's effect is
observed once, two schedulers run each due duty once per due time, and a run killed in the
middle of its batch is completed by the next tick with nothing done twice.

The module has a database of its own: a scheduler at a moved clock acts on every row of it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import make_conninfo
from test_invest_concurrency import activate, invest_as, launch_campaign, paid_event

from conftest import template_clone
from creatorverse.media.storage.local import LocalStorage
from creatorverse.workers import duties
from creatorverse.workers.scheduler import Leadership, run_due_duties, scheduler_loop


@pytest.fixture(scope="module")
def db_url(admin_url, settings):
    """Overrides the session's database for this module (and the fixtures it borrows)."""
    with template_clone(admin_url, settings, f"creatorverse_duties_{os.getpid()}") as url:
        yield url


@pytest.fixture
def db(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn


class Runs(logging.Handler):
    """The scheduler's log lines: (message, fields)."""

    def __init__(self):
        super().__init__()
        self.lines: list[tuple[str, dict]] = []

    def emit(self, record):
        self.lines.append((record.getMessage(), getattr(record, "fields", {})))

    def ran(self, duty: str) -> int:
        return sum(1 for message, fields in self.lines if message == "duty" and fields.get("duty") == duty)

    def failures(self) -> list[dict]:
        return [fields for message, fields in self.lines if message == "duty failed"]


def at(url: str, clock: datetime) -> str:
    """`url` for sessions whose clock reads `clock` (private.now())."""
    return make_conninfo(url, options=f"-c creatorverse.now={clock.astimezone(UTC).isoformat()}")


def all_due(conn: psycopg.Connection) -> None:
    conn.execute("update private.duties set next_due_at = now() - interval '1 second'")


def run_scheduler(
    url: str,
    clock: datetime,
    *wanted: str,
    storage_root: Path | None = None,
    due: bool = True,
    until: Callable[[Runs], bool] = lambda runs: True,
):
    """Make every duty due (when `due`), run the elected scheduler at `clock` until each of
    `wanted` has run once (and `until` holds), stop it; return its log."""
    if due:
        with psycopg.connect(url, autocommit=True) as conn:
            all_due(conn)
    runs = Runs()
    logger = logging.getLogger(f"test.duties.{uuid.uuid4().hex[:6]}")
    logger.addHandler(runs)
    logger.setLevel(logging.INFO)
    options = {"storage": (lambda: LocalStorage(storage_root))} if storage_root else {}

    async def main():
        stopping = asyncio.Event()
        loop = asyncio.create_task(scheduler_loop(at(url, clock), stopping, logger, tick=0.05, **options))
        deadline = time.monotonic() + 120
        while not (all(runs.ran(d) for d in wanted) and until(runs)) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        stopping.set()
        await loop

    asyncio.run(main())
    assert all(runs.ran(d) for d in wanted), runs.lines
    assert runs.failures() == [], runs.failures()
    return runs


def first_of_next_month(now: datetime) -> datetime:
    return (now.replace(day=1) + timedelta(days=32)).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def test_every_duty_function_exists_with_the_one_signature(db):
    """Each SQL duty names a function `(integer) returns integer`; each Python duty has its handler;
    every cadence computes."""
    rows = db.execute(
        "select d.name, d.kind, d.function_name, to_regprocedure(d.function_name || '(integer)'),"
        " private.duty_next_due(d, now()) > now() from private.duties d order by d.name"
    ).fetchall()
    for name, kind, function, procedure, next_due_later in rows:
        assert next_due_later, name
        if kind == "python":
            assert name in duties.PYTHON_DUTIES, name
            continue
        assert procedure is not None, f"{name}: {function}(integer) does not exist"
        returns = db.execute("select prorettype::regtype::text from pg_proc where oid = %s::regprocedure", (procedure,))
        assert returns.fetchone()[0] == "integer", name
    assert set(duties.PYTHON_DUTIES) <= {name for name, kind, *_ in rows if kind == "python"}


def test_every_function_named_like_a_timed_rule_is_a_registered_duty(db):
    """A function of ours named like something the clock runs (expire_, settle_, refresh_, send_,
    award_, reap_, cleanup_, purge_, prune_, sync_, start_…_periods) whose arguments address no
    particular row (none, or only counts, times and flags) is a duty in the registry. Trigger
    functions (fired by a change) and functions given a row (an id, a record: one request's
    action, such as settle_royalty_report(id) or settle_hold(hold)) are not timed."""
    timed = db.execute(
        r"""
        select n.nspname || '.' || p.proname, p.oid::regprocedure::text
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname in ('public', 'private', 'analytics') and p.prokind = 'f'
          and p.prorettype <> 'trigger'::regtype
          and p.proname ~ '^(expire|settle|refresh|send|award|reap|cleanup|purge|prune|sync)_|^start_.*_periods$'
          and not exists (select from unnest(p.proargtypes::oid[]) t
                          where t not in ('integer'::regtype, 'bigint'::regtype, 'interval'::regtype,
                                          'timestamptz'::regtype, 'date'::regtype, 'boolean'::regtype))
        """
    ).fetchall()
    assert len(timed) >= 10, "the guard sees the duties themselves"
    registered = {f for (f,) in db.execute("select function_name from private.duties where kind = 'sql'")}
    unregistered = [signature for name, signature in timed if name not in registered]
    assert unregistered == [], f"timed functions missing from private.duties: {unregistered}"


def test_a_free_organization_is_refilled_on_the_first_of_the_month(db_url, db):
    """Free personal organization: 100 credits, 60 spent; on the 1st its 40 unused expire (the
    free plan rolls nothing over) and 100 are granted. A team organization on Starter granted by
    hand (no Stripe) carries 25% of its unused allowance. Once, however often the scheduler runs."""
    tag = uuid.uuid4().hex[:8]
    user = db.execute("select tests.create_user(%s)", (f"free-{tag}",)).fetchone()[0]
    personal = db.execute(
        "select o.id from public.organizations o where o.primary_owner_user_id = %s and o.is_personal", (user,)
    ).fetchone()[0]
    db.execute("select public.credits_spend(%s, 60, %s)", (personal, f"spend-{tag}"))
    team = db.execute("select tests.create_organization(%s, %s)", (f"free-{tag}", f"team-{tag}")).fetchone()[0]
    db.execute("update public.subscriptions set plan_id = 'starter' where organization_id = %s", (team,))
    db.execute("select public.credits_top_up_allowance(%s)", (team,))  # 1000 credits this period
    db.execute("select public.credits_spend(%s, 200, %s)", (team, f"spend-team-{tag}"))
    wallet = "select balance, rollover_balance, next_reset_at from public.credit_balances where organization_id = %s"
    first = first_of_next_month(datetime.now(UTC))
    assert db.execute(wallet, (personal,)).fetchone() == (40, 0, first)

    run_scheduler(db_url, first + timedelta(hours=1), "start_credit_periods")

    month_after = first_of_next_month(first)
    assert db.execute(wallet, (personal,)).fetchone() == (100, 0, month_after)
    assert db.execute(wallet, (team,)).fetchone() == (1000, 200, month_after), "25% of 800 unused carried over"
    entries = "select count(*) from public.credit_transactions where organization_id = %s"
    before = {org: db.execute(entries, (org,)).fetchone()[0] for org in (personal, team)}
    run_scheduler(db_url, first + timedelta(hours=2), "start_credit_periods")
    assert {org: db.execute(entries, (org,)).fetchone()[0] for org in (personal, team)} == before
    assert db.execute(wallet, (personal,)).fetchone() == (100, 0, month_after)


@pytest.fixture
def studio(db_url):
    """A committed studio and project, as test_invest_concurrency's (on this module's database)."""
    tag = uuid.uuid4().hex[:8]
    with psycopg.connect(db_url, autocommit=True) as conn:

        def user(name: str):
            conn.execute("select tests.create_user(%s)", (f"{name}-{tag}",))
            return f"{name}-{tag}"

        owner = user("owner")
        org_id = conn.execute("select tests.create_organization(%s, %s)", (owner, f"studio-{tag}")).fetchone()[0]
        project_id = conn.execute(
            "insert into public.projects (organization_id, title) values (%s, 'Lantern') returning id", (org_id,)
        ).fetchone()[0]
        yield {"conn": conn, "org": org_id, "project": project_id, "user": user, "owner": owner}


def failed_campaign_with_backers(conn, studio, backers: int = 2, ends_later: timedelta = timedelta(0)):
    """An active all-or-nothing campaign far from its goal (ending in 30 days + `ends_later`),
    with `backers` paid investments."""
    campaign = launch_campaign(conn, studio["project"], funding_type="all_or_nothing")
    conn.execute("update public.campaigns set end_date = end_date + %s where id = %s", (ends_later, campaign))
    activate(conn, campaign)
    for n in range(backers):
        with conn.transaction():
            investment = invest_as(conn, studio["user"](f"backer{n}"), campaign, 1000 + n)
            conn.execute("select tests.authenticate_as_service_role()")
            conn.execute("select public.stripe_apply_event(%s)", (paid_event(investment, 1000 + n),))
    return campaign


def settlement(conn, campaign):
    return conn.execute(
        "select c.status, c.raised_amount_cents,"
        " array_agg((i.status, i.payment_status, i.refunded_at)::text order by i.id)"
        " from public.campaigns c join public.investments i on i.campaign_id = c.id where c.id = %s"
        " group by c.id",
        (campaign,),
    ).fetchone()


def test_a_campaign_past_its_end_is_settled_and_refunded_once(db_url, studio):
    conn = studio["conn"]
    campaign = failed_campaign_with_backers(conn, studio)
    assert settlement(conn, campaign)[0] == "active"

    run_scheduler(db_url, datetime.now(UTC) + timedelta(days=31), "settle_campaigns")

    status, raised, investments = settlement(conn, campaign)
    assert (status, raised) == ("failed", 0)
    assert all("refunded,refund_pending" in i for i in investments), investments
    run_scheduler(db_url, datetime.now(UTC) + timedelta(days=32), "settle_campaigns")
    assert settlement(conn, campaign) == (status, raised, investments), "refunded once: nothing changed"


def test_a_lapsed_pledge_gives_its_slot_back(db_url, studio):
    conn = studio["conn"]
    campaign = launch_campaign(conn, studio["project"])
    tier = conn.execute(
        "insert into public.investment_tiers (campaign_id, name, min_amount_cents, limit_quantity)"
        " values (%s, 'Only one', 500, 1) returning id",
        (campaign,),
    ).fetchone()[0]
    activate(conn, campaign)
    pledge = invest_as(conn, studio["user"]("pledger"), campaign, 500, tier)
    sold = "select sold_quantity from public.investment_tiers where id = %s"
    assert conn.execute(sold, (tier,)).fetchone()[0] == 1

    run_scheduler(db_url, datetime.now(UTC) + timedelta(hours=1), "expire_investment_holds")

    assert conn.execute(sold, (tier,)).fetchone()[0] == 0, "the slot is free again"
    assert conn.execute("select status from public.investments where id = %s", (pledge,)).fetchone()[0] == "cancelled"
    assert invest_as(conn, studio["user"]("second"), campaign, 500, tier), "someone else can take it"


def test_an_unpaid_order_gives_its_stock_back(db_url, studio):
    conn = studio["conn"]
    product = conn.execute(
        "insert into public.products (organization_id, name, category, price_cents, stock_quantity, status)"
        " values (%s, 'Three lanterns', 'collectibles', 1000, 3, 'active') returning id",
        (studio["org"],),
    ).fetchone()[0]
    buyer = studio["user"]("buyer")
    with conn.transaction():
        conn.execute("select tests.authenticate_as_service_role()")
        cart = conn.execute(
            "insert into public.carts (user_id) values (tests.get_user_id(%s)) returning id", (buyer,)
        ).fetchone()[0]
        conn.execute(
            "insert into public.cart_items (cart_id, product_id, quantity) values (%s, %s, 3)", (cart, product)
        )
        conn.execute("select tests.authenticate_as(%s)", (buyer,))
        order = conn.execute("select id from public.place_order()").fetchone()[0]
    conn.execute("reset role")
    stock = "select stock_quantity from public.products where id = %s"
    assert conn.execute(stock, (product,)).fetchone()[0] == 0, "the unpaid order holds every unit"

    run_scheduler(db_url, datetime.now(UTC) + timedelta(hours=1), "expire_unpaid_orders")

    assert conn.execute(stock, (product,)).fetchone()[0] == 3, "its units are back for other buyers"
    assert conn.execute("select status, cancellation_reason from public.orders where id = %s", (order,)).fetchone() == (
        "cancelled",
        "hold_expired",
    )


def test_an_agreement_past_its_end_expires(db_url, studio):
    conn = studio["conn"]
    end = datetime.now(UTC).date() + timedelta(days=10)
    agreement = conn.execute(
        "insert into public.license_agreements (project_id, organization_id, licensee_company, license_type,"
        " territory, start_date, end_date, royalty_percent, status)"
        " values (%s, %s, 'Games Inc', 'gaming', 'global', current_date - 30, %s, 5, 'active') returning id",
        (studio["project"], studio["org"], end),
    ).fetchone()[0]
    status = "select status from public.license_agreements where id = %s"

    run_scheduler(
        db_url, datetime.combine(end, datetime.min.time(), UTC) + timedelta(hours=12), "expire_license_agreements"
    )
    assert conn.execute(status, (agreement,)).fetchone()[0] == "active", "not before its last day is over"
    run_scheduler(
        db_url,
        datetime.combine(end, datetime.min.time(), UTC) + timedelta(days=1, hours=1),
        "expire_license_agreements",
    )
    assert conn.execute(status, (agreement,)).fetchone()[0] == "expired"


def test_usage_rollups_are_filled(db_url, studio):
    conn = studio["conn"]
    clock = datetime.now(UTC) + timedelta(days=3)
    conn.execute(
        "insert into public.usage_events (event_id, occurred_at, organization_id, resource_type, provider, model,"
        " credits, cost_usd, duration_ms, status) values"
        " (gen_random_uuid(), %s, %s, 'video', 'local', %s, 10, 0.5, 900, 'success'),"
        " (gen_random_uuid(), %s, %s, 'image', 'local', %s, 2, 0.1, 100, 'error')",
        (clock - timedelta(minutes=5), studio["org"], f"model-{studio['org']}") * 2,
    )

    run_scheduler(db_url, clock, "refresh_usage_rollups")

    assert conn.execute(
        "select total_credits, total_events, total_videos from public.cost_aggregations"
        " where organization_id = %s and user_id is null",
        (studio["org"],),
    ).fetchone() == (12, 2, 1)
    assert conn.execute(
        "select request_count, failure_count from public.model_metrics where model_name = %s",
        (f"model-{studio['org']}",),
    ).fetchone() == (2, 1)


def test_orphaned_files_are_removed_from_storage(db_url, studio, tmp_path):
    """Deleted and failed assets' files go after 7 days; a recent deletion and a live asset stay.
    The failed asset's bytes leave the organization's storage use."""
    conn = studio["conn"]
    storage = LocalStorage(tmp_path)
    assets = {}
    for name, size in (("deleted", 11), ("failed", 13), ("recent", 17), ("live", 19)):
        path = f"renders/{name}.bin"
        target = storage.path_of(studio["org"], path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"x" * size)
        assets[name] = (
            conn.execute(
                "insert into public.assets (organization_id, project_id, type, filename, mime_type, size_bytes,"
                " storage_provider, storage_path) values (%s, %s, 'other', %s, 'application/octet-stream', %s,"
                " 'local', %s) returning id",
                (studio["org"], studio["project"], f"{name}.bin", size, path),
            ).fetchone()[0],
            target,
        )
    conn.execute("update public.assets set deleted_at = now() where id = %s", (assets["deleted"][0],))
    conn.execute("update public.assets set status = 'failed' where id = %s", (assets["failed"][0],))
    used = "select storage_used_bytes from public.organizations where id = %s"
    assert conn.execute(used, (studio["org"],)).fetchone()[0] == 13 + 17 + 19
    conn.execute("update public.assets set deleted_at = now() where id = %s", (assets["recent"][0],))
    clock = datetime.now(UTC) + timedelta(days=8)
    conn.execute(
        "update public.assets set deleted_at = %s where id = %s", (clock - timedelta(days=1), assets["recent"][0])
    )

    run_scheduler(db_url, clock, "cleanup_storage_orphans", storage_root=tmp_path)

    assert not assets["deleted"][1].exists() and not assets["failed"][1].exists()
    assert assets["recent"][1].exists() and assets["live"][1].exists()
    assert conn.execute(used, (studio["org"],)).fetchone()[0] == 19, "only the live asset counts"
    # the two files removed are marked purged on their rows; purge_deleted_rows (due at the same
    # clock) may then remove a marked row for good, never an unmarked one
    unmarked = "select count(*) from public.assets where id = any(%s) and storage_purged_at is null"
    gone = [assets["deleted"][0], assets["failed"][0]]
    assert conn.execute(unmarked, (gone,)).fetchone()[0] == 0
    kept = [assets["recent"][0], assets["live"][0]]
    assert conn.execute(unmarked, (kept,)).fetchone()[0] == 2


def test_an_expired_invitation_is_marked_and_no_longer_blocks(db_url, studio):
    conn = studio["conn"]
    email = f"late-{studio['org']}@test.local"

    def invite():
        with conn.transaction():
            conn.execute("select tests.authenticate_as(%s)", (studio["owner"],))
            return conn.execute("select invitation_id from public.invite_member(%s, %s)", (studio["org"], email))

    invitation = invite().fetchone()[0]
    with pytest.raises(psycopg.errors.UniqueViolation):
        invite()  # a pending invitation blocks a second one
    expires = conn.execute("select expires_at from public.invitations where id = %s", (invitation,)).fetchone()[0]

    run_scheduler(db_url, expires + timedelta(minutes=1), "expire_invitations")

    assert conn.execute("select status from public.invitations where id = %s", (invitation,)).fetchone()[0] == "expired"
    assert invite().fetchone()[0] != invitation, "the address can be invited again"


def test_event_reminders_are_sent_once(db_url, studio):
    conn = studio["conn"]
    fan = studio["user"]("fan")
    community = conn.execute(
        "insert into public.communities (organization_id, name, slug, visibility) values (%s, 'Fans', %s, 'public')"
        " returning id",
        (studio["org"], f"fans-{studio['org']}"),
    ).fetchone()[0]
    starts = datetime.now(UTC) + timedelta(days=5)
    event = conn.execute(
        "insert into public.events (community_id, title, event_type, event_date)"
        " values (%s, 'Premiere', 'premiere', %s) returning id",
        (community, starts),
    ).fetchone()[0]
    with conn.transaction():
        conn.execute("select tests.authenticate_as(%s)", (fan,))
        conn.execute("select public.join_community(%s)", (community,))
        conn.execute("select public.rsvp_event(%s, 'going')", (event,))
    reminders = "select count(*) from public.notifications where type = 'event_reminder' and reference_id = %s"

    run_scheduler(db_url, starts - timedelta(days=2), "send_event_reminders")
    assert conn.execute(reminders, (event,)).fetchone()[0] == 0, "two days ahead: not yet"
    run_scheduler(db_url, starts - timedelta(hours=3), "send_event_reminders")
    assert conn.execute(reminders, (event,)).fetchone()[0] == 1
    run_scheduler(db_url, starts - timedelta(hours=2), "send_event_reminders")
    assert conn.execute(reminders, (event,)).fetchone()[0] == 1, "once"


def test_tenure_badges_are_awarded(db_url, studio):
    conn = studio["conn"]
    member = studio["user"]("member")
    community = conn.execute(
        "insert into public.communities (organization_id, name, slug, visibility) values (%s, 'Old', %s, 'public')"
        " returning id",
        (studio["org"], f"old-{studio['org']}"),
    ).fetchone()[0]
    badge = conn.execute(
        "insert into public.badges (community_id, name, criteria_type, criteria_value)"
        " values (%s, 'Month', 'tenure_days', 30) returning id",
        (community,),
    ).fetchone()[0]
    with conn.transaction():
        conn.execute("select tests.authenticate_as(%s)", (member,))
        conn.execute("select public.join_community(%s)", (community,))
    awarded = "select count(*) from public.user_badges where badge_id = %s"

    run_scheduler(db_url, datetime.now(UTC) + timedelta(days=20), "award_tenure_badges")
    assert conn.execute(awarded, (badge,)).fetchone()[0] == 0
    run_scheduler(db_url, datetime.now(UTC) + timedelta(days=31), "award_tenure_badges")
    members = conn.execute(
        "select count(*) from public.community_members where community_id = %s and status = 'active'", (community,)
    ).fetchone()[0]
    assert members >= 1
    assert conn.execute(awarded, (badge,)).fetchone()[0] == members, "every member past 30 days"


def test_two_schedulers_run_each_due_duty_once(db_url, studio):
    """Two schedulers (a new leader while the old one still runs its tick, or `duties run` beside
    the leader) over one database: every due duty runs once, the campaign is settled once."""
    conn = studio["conn"]
    campaign = failed_campaign_with_backers(conn, studio)
    all_due(conn)
    before = dict(conn.execute("select name, runs from private.duties").fetchall())
    clock = at(db_url, datetime.now(UTC) + timedelta(days=31))
    runs = Runs()
    logger = logging.getLogger("test.duties.two")
    logger.addHandler(runs)
    logger.setLevel(logging.INFO)

    async def scheduler():
        background: dict = {}
        async with await psycopg.AsyncConnection.connect(clock, autocommit=True) as c:
            await run_due_duties(c, clock, logger, background, asyncio.Event())
        await asyncio.gather(*background.values())

    async def both():
        await asyncio.gather(scheduler(), scheduler())

    asyncio.run(both())
    after = dict(conn.execute("select name, runs from private.duties").fetchall())
    assert {name: after[name] - before[name] for name in after} == dict.fromkeys(after, 1)
    assert runs.failures() == []
    assert sum(runs.ran(name) for name in after) == len(after), "each logged once"
    status, _, investments = settlement(conn, campaign)
    assert status == "failed" and len(investments) == 2


def test_a_deposed_leader_runs_nothing(db_url, db):
    """A leader paused past its lease and replaced presents its old fencing token: every duty's
    transaction is refused before it claims anything (`Deposed`), and no duty runs."""
    db.execute("select private.leader_release('scheduler', holder) from private.leader_leases where role = 'scheduler'")
    old = Leadership("paused", db.execute("select private.leader_acquire('scheduler', 'paused', 30)").fetchone()[0])
    lapse = "update private.leader_leases set lease_expires_at = now() - interval '1 second' where role = 'scheduler'"
    db.execute(lapse)  # 'paused' froze past its lease
    assert db.execute("select private.leader_acquire('scheduler', 'new', 30)").fetchone()[0] == old.token + 1
    all_due(db)
    before = dict(db.execute("select name, runs from private.duties").fetchall())
    logger = logging.getLogger("test.duties.deposed")

    async def deposed_tick():
        background: dict = {}
        async with await psycopg.AsyncConnection.connect(db_url, autocommit=True) as c:
            with pytest.raises(duties.Deposed, match="fencing token"):
                await run_due_duties(c, db_url, logger, background, asyncio.Event(), fence=old)
        await asyncio.gather(*background.values())

    try:
        asyncio.run(deposed_tick())
        assert dict(db.execute("select name, runs from private.duties").fetchall()) == before
    finally:
        db.execute("select private.leader_release('scheduler', 'new')")


def test_a_run_killed_mid_batch_is_completed_by_the_next_tick_once(db_url, studio):
    """settle_campaigns settles one campaign, then waits for a row another transaction holds; its
    backend is terminated there. Its transaction rolls back (the first campaign too); the
    scheduler reconnects, the next tick settles both, each investment refunded once."""
    conn = studio["conn"]
    first = failed_campaign_with_backers(conn, studio, backers=1)
    second = failed_campaign_with_backers(conn, studio, backers=1, ends_later=timedelta(hours=1))
    all_due(conn)
    clock = datetime.now(UTC) + timedelta(days=32)
    runs = Runs()
    logger = logging.getLogger("test.duties.crash")
    logger.addHandler(runs)
    logger.setLevel(logging.INFO)
    blocker = psycopg.connect(db_url)
    blocker.execute("select 1 from public.investments where campaign_id = %s for update", (second,))

    def kill_when_stuck():
        with psycopg.connect(db_url, autocommit=True) as admin:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                stuck = admin.execute(
                    "select pid from pg_stat_activity where datname = current_database()"
                    " and wait_event_type = 'Lock' and query like '%%run_duty%%'"
                ).fetchone()
                if stuck:
                    seen.append(admin.execute("select status from public.campaigns where id = %s", (first,)).fetchone())
                    admin.execute("select pg_terminate_backend(%s)", stuck)
                    blocker.rollback()
                    return
                time.sleep(0.05)
            blocker.rollback()

    seen: list = []
    killer = threading.Thread(target=kill_when_stuck)
    killer.start()

    async def main():
        stopping = asyncio.Event()
        loop = asyncio.create_task(scheduler_loop(at(db_url, clock), stopping, logger, tick=0.05))
        deadline = time.monotonic() + 120
        while not runs.ran("settle_campaigns") and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        stopping.set()
        await loop

    asyncio.run(main())
    killer.join()
    blocker.close()
    assert seen == [("active",)], "killed mid-batch; uncommitted, no one saw the first campaign settled"
    assert any(m == "scheduler step failed" for m, _ in runs.lines), "the killed run failed the step"
    assert runs.ran("settle_campaigns") == 1
    for campaign in (first, second):
        status, raised, investments = settlement(conn, campaign)
        assert (status, raised, len(investments)) == ("failed", 0, 1)
        assert "refunded,refund_pending" in investments[0]
    duty = conn.execute("select runs, consecutive_failures from private.duties where name = 'settle_campaigns'")
    assert duty.fetchone()[1] == 0


def test_a_failing_duty_is_logged_and_retried_without_blocking_the_others(db_url, db):
    """A duty whose function fails: `duty failed` logged, the error and the failure count kept, the
    duty due again at the next tick; the others run."""
    db.execute(
        "insert into private.duties (name, description, function_name, every, batch_size)"
        " values ('expire_broken', 'fails on purpose', 'private.no_such_duty', '1 minute', 10)"
    )
    try:
        runs = Runs()
        logger = logging.getLogger("test.duties.failing")
        logger.addHandler(runs)
        logger.setLevel(logging.INFO)
        all_due(db)

        async def two_ticks():
            background: dict = {}
            async with await psycopg.AsyncConnection.connect(db_url, autocommit=True) as c:
                for _ in range(2):
                    await run_due_duties(c, db_url, logger, background, asyncio.Event())
            await asyncio.gather(*background.values())

        asyncio.run(two_ticks())
        failures = runs.failures()
        assert [f["duty"] for f in failures] == ["expire_broken", "expire_broken"], "retried at the next tick"
        assert "42883" in failures[0]["error"]
        assert runs.ran("expire_invitations") == 1, "the others ran, once"
        row = db.execute(
            "select consecutive_failures, last_error is not null, next_due_at <= now() from private.duties"
            " where name = 'expire_broken'"
        ).fetchone()
        assert row == (2, True, True)
        status = db.execute("select consecutive_failures from analytics.duty_status where name = 'expire_broken'")
        assert status.fetchone()[0] == 2
    finally:
        db.execute("delete from private.duties where name = 'expire_broken'")


def test_a_backlog_drains_in_bounded_batches_over_ticks(db_url, studio):
    """Five expired invitations and a batch of two: three runs at consecutive ticks (2, 2, 1),
    none handling more than its batch, then the duty waits for its cadence."""
    conn = studio["conn"]
    invitations = []
    for n in range(5):
        with conn.transaction():
            conn.execute("select tests.authenticate_as(%s)", (studio["owner"],))
            invitations.append(
                conn.execute(
                    "select invitation_id from public.invite_member(%s, %s)",
                    (studio["org"], f"backlog{n}-{studio['org']}@test.local"),
                ).fetchone()[0]
            )
    expires = conn.execute("select max(expires_at) from public.invitations where id = any(%s)", (invitations,))
    clock = expires.fetchone()[0] + timedelta(minutes=1)
    conn.execute(
        "update public.invitations set status = 'revoked' where status = 'pending' and id <> all(%s)", (invitations,)
    )  # earlier tests' pending invitations would share the batches
    conn.execute("update private.duties set batch_size = 2 where name = 'expire_invitations'")
    try:
        runs = run_scheduler(db_url, clock, "expire_invitations", until=lambda r: r.ran("expire_invitations") >= 3)
    finally:
        conn.execute("update private.duties set batch_size = 1000 where name = 'expire_invitations'")
    batches = [f["rows"] for m, f in runs.lines if m == "duty" and f["duty"] == "expire_invitations"]
    assert batches == [2, 2, 1]
    statuses = conn.execute(
        "select array_agg(distinct status) from public.invitations where id = any(%s)", (invitations,)
    )
    assert statuses.fetchone()[0] == ["expired"]
    next_due = conn.execute("select next_due_at from private.duties where name = 'expire_invitations'").fetchone()[0]
    assert next_due >= clock + timedelta(minutes=15), "drained: due again at its cadence"
