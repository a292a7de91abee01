"""RLS cost on the audit log: an authenticated admin's queries under RLS versus the
same queries as service_role with an explicit organization filter.

The explicit filter names the same organizations RLS admits (the admin's team and
personal organization), so both return the same rows.

Data: 10,000 users (each with a personal organization), 5,000 team organizations of two
members each, 1,000,000 audit rows spread over the team organizations and the last 40 days.

    python bench/rls_bench.py [--rows 1000000] [--repeat 300] [--keep]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_database, query_runner, sample

SEED = """
insert into auth.users (id, email, raw_user_meta_data)
select gen_random_uuid(), 'user' || g || '@bench.local', jsonb_build_object('test_identifier', 'user' || g)
from generate_series(1, %(users)s) g;

create temporary table ranked_users as
select id, row_number() over (order by email) - 1 as n from auth.users;

insert into public.organizations (name, slug, primary_owner_user_id, created_by)
select 'Team ' || n, 'team-' || n, id, id from ranked_users where n < %(orgs)s;

-- two members per team: the owner and the user numbered n + orgs as an admin
insert into public.organization_members (organization_id, user_id, role)
select o.id, u.id, case when u.n < %(orgs)s then 'owner' else 'admin' end::public.member_role
from ranked_users u
join public.organizations o on o.slug = 'team-' || (u.n %% %(orgs)s)
where u.n < 2 * %(orgs)s;

insert into public.audit_logs (organization_id, user_id, action, entity_type, entity_id, new_values, created_at)
select o.id, o.primary_owner_user_id, (array['insert', 'update', 'delete'])[1 + g %% 3], 'projects',
       gen_random_uuid()::text, jsonb_build_object('n', g), now() - random() * interval '40 days'
from generate_series(1, %(rows)s) g
join (select id, primary_owner_user_id, row_number() over (order by id) - 1 as k from public.organizations
      where not is_personal) o on o.k = g %% %(orgs)s;
analyze;
"""

# The policy shapes the helper replaced. The benchmark database is disposable, so each is
# installed in turn as the real audit_logs policy and measured through RLS.
OTHER_POLICY_SHAPES = {
    "exists (...)": "exists (select 1 from public.organization_members m where m.organization_id = "
    "audit_logs.organization_id and m.user_id = (select auth.uid()) and m.role >= 'admin')",
    "in (select ...)": "organization_id in (select m.organization_id from public.organization_members m "
    "where m.user_id = (select auth.uid()) and m.role >= 'admin')",
}

QUERIES = {
    "50 newest rows": (
        "select * from public.audit_logs order by created_at desc limit 50",
        "select * from public.audit_logs where organization_id = any(%s) order by created_at desc limit 50",
    ),
    "count": (
        "select count(*) from public.audit_logs",
        "select count(*) from public.audit_logs where organization_id = any(%s)",
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--orgs", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    with bench_database("creatorverse_bench_rls", keep=args.keep) as url:
        started = time.perf_counter()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(SEED % {"users": args.users, "orgs": args.orgs, "rows": args.rows})
        print(
            f"seeded {args.rows:,} audit rows, {args.users:,} users, {args.orgs:,} teams "
            f"in {time.perf_counter() - started:.1f}s"
        )

        with psycopg.connect(url, autocommit=True) as conn:
            # an admin (not the owner) of one team, acting as PostgREST does
            user_id = conn.execute(
                "select m.user_id from public.organization_members m "
                "join public.organizations o on o.id = m.organization_id "
                "where m.role = 'admin' and not o.is_personal order by o.slug limit 1"
            ).fetchone()[0]
            # the explicit filter names the same organizations RLS admits: the team and the
            # user's personal organization
            org_ids = [
                r[0]
                for r in conn.execute(
                    "select organization_id from public.organization_members where user_id = %s and role >= 'admin'",
                    (user_id,),
                )
            ]
            claims = json.dumps({"sub": str(user_id), "role": "authenticated"})
            results = {}
            for label, (rls_query, explicit_query) in QUERIES.items():
                conn.execute("set role authenticated")
                conn.execute("select set_config('request.jwt.claims', %s, false)", (claims,))
                rls = sample(query_runner(conn, rls_query), args.repeat)
                rls_rows = conn.execute(rls_query).fetchall()
                conn.execute("reset role")
                conn.execute("set role service_role")
                explicit = sample(query_runner(conn, explicit_query, (org_ids,)), args.repeat)
                explicit_rows = conn.execute(explicit_query, (org_ids,)).fetchall()
                conn.execute("reset role")
                assert rls_rows == explicit_rows, f"{label}: RLS and explicit filter disagree"
                results[label] = (rls, explicit)

            conn.execute("set role authenticated")
            plan = conn.execute("explain (costs off) " + QUERIES["50 newest rows"][0]).fetchall()
            conn.execute("reset role")

            other_shapes = {}
            for shape, predicate in OTHER_POLICY_SHAPES.items():
                conn.execute("drop policy audit_logs_select on public.audit_logs")
                conn.execute(
                    f"create policy audit_logs_select on public.audit_logs for select to authenticated "
                    f"using ({predicate})"
                )
                conn.execute("set role authenticated")
                runner = query_runner(conn, QUERIES["50 newest rows"][0])
                other_shapes[shape] = sample(runner, max(args.repeat // 20, 5), warmup=1)
                conn.execute("reset role")

    header = ("query", "RLS median", "explicit median", "ratio", "RLS p95", "explicit p95")
    print("\n{:<16} {:>11} {:>16} {:>6} {:>9} {:>13}".format(*header))
    for label, (rls, explicit) in results.items():
        ratio = rls["median"] / explicit["median"]
        print(
            f"{label:<16} {rls['median']:>9.3f}ms {explicit['median']:>14.3f}ms {ratio:>6.2f} "
            f"{rls['p95']:>7.3f}ms {explicit['p95']:>11.3f}ms"
        )
    baseline = results["50 newest rows"][1]["median"]
    print("\n'50 newest rows' under other policy shapes:")
    for shape, timing in other_shapes.items():
        print(f"  {shape:<16} median {timing['median']:>9.3f}ms = {timing['median'] / baseline:,.0f}x explicit")
    print("\nplan of the RLS query (50 newest rows):")
    for (line,) in plan[:12]:
        print("  " + line)


if __name__ == "__main__":
    main()
