"""Marketplace limits under concurrency: stock, event seats and vote scores stay exact when
many users act at the same moment, each on their own connection, as PostgREST would."""

from __future__ import annotations

import json
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator

import psycopg
import pytest


def act_as(conn: psycopg.Connection, user_id) -> None:
    """What PostgREST does per request: role authenticated and the user's JWT claims."""
    conn.execute(
        "select set_config('role', 'authenticated', false),"
        " set_config('request.jwt.claims', json_build_object('sub', %s::text, 'role', 'authenticated')::text, false)",
        (str(user_id),),
    )


def race(db_url: str, user_ids: list, action: Callable[[psycopg.Connection, object], object]) -> Counter:
    """Every user runs `action` at once (after a barrier), in autocommit; outcomes by SQLSTATE."""
    outcomes: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(len(user_ids))

    def worker(user_id):
        with psycopg.connect(db_url, autocommit=True) as conn:
            act_as(conn, user_id)
            barrier.wait()
            try:
                action(conn, user_id)
                result = "ok"
            except psycopg.Error as error:
                result = error.diag.sqlstate
            with lock:
                outcomes[result] += 1

    threads = [threading.Thread(target=worker, args=(u,)) for u in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def committed(db_url: str) -> Iterator[tuple[psycopg.Connection, str, Callable[[str], uuid.UUID]]]:
    """A committed world for one test: make users with `new_user(name)`; all removed afterwards."""
    tag = uuid.uuid4().hex[:8]
    users: list = []
    orgs: list = []
    with psycopg.connect(db_url, autocommit=True) as conn:

        def new_user(name: str):
            user_id = conn.execute("select tests.create_user(%s)", (f"{name}-{tag}",)).fetchone()[0]
            users.append(user_id)
            return user_id

        def new_org(owner: str, slug: str):
            org_id = conn.execute(
                "select tests.create_organization(%s, %s)", (f"{owner}-{tag}", f"{slug}-{tag}")
            ).fetchone()[0]
            orgs.append(org_id)
            return org_id

        new_user.org = new_org  # type: ignore[attr-defined]
        yield conn, tag, new_user
        conn.execute("reset role")
        for org_id in orgs:
            conn.execute("delete from public.orders where organization_id = %s", (org_id,))
            conn.execute("delete from public.organizations where id = %s", (org_id,))
        conn.execute("delete from auth.users where id = any(%s)", (users,))


def test_twenty_buyers_race_for_the_last_three_units(db_url, committed):
    conn, _tag, new_user = committed
    new_user("seller")
    org_id = new_user.org("seller", "store")
    product_id = conn.execute(
        "insert into public.products (organization_id, name, category, price_cents, stock_quantity, status)"
        " values (%s, 'Last lanterns', 'collectibles', 1200, 3, 'active') returning id",
        (org_id,),
    ).fetchone()[0]
    buyers = [new_user(f"buyer{n}") for n in range(20)]
    for buyer in buyers:
        cart_id = conn.execute("insert into public.carts (user_id) values (%s) returning id", (buyer,)).fetchone()[0]
        conn.execute("insert into public.cart_items (cart_id, product_id) values (%s, %s)", (cart_id, product_id))

    outcomes = race(db_url, buyers, lambda c, _: c.execute("select public.place_order()"))

    assert outcomes == Counter({"ok": 3, "PT409": 17})
    stock, sold = conn.execute(
        "select stock_quantity, sold_count from public.products where id = %s", (product_id,)
    ).fetchone()
    assert (stock, sold) == (0, 3)
    orders = conn.execute(
        "select count(*), count(distinct order_number), sum(total_cents) from public.orders where organization_id = %s",
        (org_id,),
    ).fetchone()
    assert orders == (3, 3, 3 * 1200)
    # the losers keep their carts; the winners' carts are empty
    assert (
        conn.execute(
            "select count(*) from public.carts where user_id = any(%s) and item_count = 1", (buyers,)
        ).fetchone()[0]
        == 17
    )


def community_with_members(conn, new_user, count: int, prefix: str):
    """A public community of a fresh organization (its creator the owner) with `count` members."""
    owner = new_user(f"{prefix}-owner")
    org_id = new_user.org(f"{prefix}-owner", prefix)
    community_id = conn.execute(
        "insert into public.communities (organization_id, created_by, name, slug)"
        " values (%s, %s, 'Fans', %s) returning id",
        (org_id, owner, f"{prefix}-{uuid.uuid4().hex[:8]}"),
    ).fetchone()[0]
    members = [new_user(f"{prefix}{n}") for n in range(count)]
    conn.execute(
        "insert into public.community_members (community_id, user_id) select %s, unnest(%s::uuid[])",
        (community_id, members),
    )
    return owner, community_id, members


def test_fifty_fans_rsvp_for_ten_seats(db_url, committed):
    conn, _tag, new_user = committed
    owner, community_id, fans = community_with_members(conn, new_user, 50, "rsvp")
    event_id = conn.execute(
        "insert into public.events (community_id, created_by, title, event_type, event_date, max_attendees)"
        " values (%s, %s, 'Premiere', 'premiere', now() + interval '1 day', 10) returning id",
        (community_id, owner),
    ).fetchone()[0]

    outcomes = race(db_url, fans, lambda c, _: c.execute("select public.rsvp_event(%s, 'going')", (event_id,)))

    assert outcomes == Counter({"ok": 10, "PT409": 40})
    seats, going = conn.execute(
        "select e.current_attendees, (select count(*) from public.event_rsvps r"
        " where r.event_id = e.id and r.status = 'going') from public.events e where e.id = %s",
        (event_id,),
    ).fetchone()
    assert (seats, going) == (10, 10)


def test_concurrent_votes_leave_exact_scores(db_url, committed):
    conn, _tag, new_user = committed
    author, community_id, voters = community_with_members(conn, new_user, 40, "vote")
    discussion_id = conn.execute(
        "insert into public.discussions (community_id, author_id, title, content)"
        " values (%s, %s, 'Best keeper?', 'Discuss') returning id",
        (community_id, author),
    ).fetchone()[0]

    # every voter votes up, then half switch to down and a quarter withdraw, all at once
    def vote(c, user_id):
        n = voters.index(user_id)
        c.execute("select public.cast_vote(%s, null, 'up')", (discussion_id,))
        if n % 2 == 0:
            c.execute("select public.cast_vote(%s, null, 'down')", (discussion_id,))
        if n % 4 == 1:
            c.execute("select public.cast_vote(%s, null, null)", (discussion_id,))

    outcomes = race(db_url, voters, vote)

    assert outcomes == Counter({"ok": 40})
    counted = conn.execute(
        "select upvotes, downvotes, score from public.discussions where id = %s", (discussion_id,)
    ).fetchone()
    actual = conn.execute(
        "select count(*) filter (where vote_type = 'up'), count(*) filter (where vote_type = 'down')"
        " from public.discussion_votes where discussion_id = %s",
        (discussion_id,),
    ).fetchone()
    assert actual == (10, 20)  # 40 up; 20 (even) switch down; 10 (n % 4 == 1) withdraw
    assert counted == (10, 20, -10)


def test_expiry_and_late_payments_race_without_losing_or_doubling_stock(db_url, committed):
    """Five unpaid orders past their hold: their payments and two expiry runs arrive at once.
    Each order ends either paid and confirmed (its units sold) or expired with its units back
    in stock (its payment owed back); never both, never neither."""
    conn, _tag, new_user = committed
    new_user("seller")
    org_id = new_user.org("seller", "holds")
    product_id = conn.execute(
        "insert into public.products (organization_id, name, category, price_cents, stock_quantity, status)"
        " values (%s, 'Held lanterns', 'collectibles', 1000, 5, 'active') returning id",
        (org_id,),
    ).fetchone()[0]
    orders = []
    for n in range(5):
        buyer = new_user(f"holder{n}")
        cart_id = conn.execute("insert into public.carts (user_id) values (%s) returning id", (buyer,)).fetchone()[0]
        conn.execute("insert into public.cart_items (cart_id, product_id) values (%s, %s)", (cart_id, product_id))
        act_as(conn, buyer)
        orders.append(conn.execute("select id from public.place_order()").fetchone()[0])
        conn.execute("reset role")
    conn.execute("update public.orders set hold_expires_at = now() - interval '1 second' where id = any(%s)", (orders,))

    def checkout(order_id) -> str:
        session = {
            "id": f"cs_{order_id}",
            "payment_status": "paid",
            "amount_total": 1000,
            "currency": "usd",
            "payment_intent": f"pi_{order_id}",
            "metadata": {"order_id": str(order_id)},
        }
        event = {"id": f"evt_{order_id}", "type": "checkout.session.completed", "created": 1790000000}
        return json.dumps({**event, "data": {"object": session}})

    jobs = [("pay", order_id) for order_id in orders] + [("expire", None), ("expire", None)]
    results: list = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(jobs))

    def worker(job):
        kind, order_id = job
        with psycopg.connect(db_url, autocommit=True) as c:
            c.execute("set role service_role")
            barrier.wait()
            if kind == "pay":
                outcome = c.execute("select public.stripe_apply_event(%s::jsonb)", (checkout(order_id),)).fetchone()[0]
            else:
                outcome = c.execute("select private.expire_unpaid_orders(10)").fetchone()[0]
            with lock:
                results.append((kind, outcome))

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    expired = sum(outcome for kind, outcome in results if kind == "expire")
    owed_back = sum(1 for kind, outcome in results if kind == "pay" and "hold expired" in outcome)
    states = Counter(
        conn.execute("select status, payment_status from public.orders where id = any(%s)", (orders,)).fetchall()
    )
    stock, sold = conn.execute(
        "select stock_quantity, sold_count from public.products where id = %s", (product_id,)
    ).fetchone()
    assert len(results) == 7
    assert expired == owed_back == states[("cancelled", "paid")]
    assert states[("confirmed", "paid")] == 5 - expired
    assert (stock, sold) == (expired, 5 - expired)


def test_unread_counts_stay_exact_under_concurrent_fan_outs_and_reads(db_url, committed):
    """private.notification_inboxes is kept by statement triggers: fan-outs naming both users in
    opposite orders, while each user marks everything read again and again, leave each user's kept
    count equal to their unread rows (and no deadlock: the inserts lock inboxes in user order)."""
    conn, _tag, new_user = committed
    ann, bob = new_user("ann"), new_user("bob")

    def act(c: psycopg.Connection, who) -> None:
        if who in (ann, bob):
            for _ in range(20):
                c.execute("select public.mark_notifications_read()")
            return
        c.execute("reset role")
        first, second = (ann, bob) if who % 2 else (bob, ann)
        for n in range(20):
            c.execute(
                "insert into public.notifications (user_id, type, title)"
                " select u, 'mention', 'fan-out ' || %s from unnest(array[%s, %s]::uuid[]) u",
                (n, first, second),
            )

    outcomes = race(db_url, [ann, bob, *range(6)], act)

    assert outcomes == Counter({"ok": 8})
    rows = conn.execute(
        "select u, (select count(*) from public.notifications n where n.user_id = u and n.read_at is null),"
        " coalesce((select i.unread_count from private.notification_inboxes i where i.user_id = u), 0)"
        " from unnest(%s::uuid[]) u",
        ([ann, bob],),
    ).fetchall()
    assert all(unread == kept for _, unread, kept in rows), rows
    assert (
        conn.execute("select count(*) from public.notifications where user_id = any(%s)", ([ann, bob],)).fetchone()[0]
        == 6 * 20 * 2
    )
