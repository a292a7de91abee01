"""RLS cost on the audit log: an authenticated admin's queries under the project's real
policy versus the same queries as service_role (no RLS) with an explicit organization filter.

Like is compared with like (the RLS arms carry the claims of a real Supabase access token,
bench/common.access_token_claims, since auth.uid() parses them in every statement):
- the explicit filter names the organizations RLS admits (the admin's team and personal
  organization), written into the SQL as a literal `uuid[]`, so neither arm converts
  anything in the driver and both plans have the same shape; the script checks that the
  plan trees match (node types, relations, indexes; the RLS arm's InitPlan aside), prints
  both and refuses to report figures otherwise;
- each arm is a prepared statement on its own connection; within a round the arms alternate
  call by call (A B, then B A), and each round gives a per-call median per arm and their ratio;
- a third arm, "RLS fn", runs the same queries under the previous shape of the policy
  (`array(select private.my_org_ids('admin'))`), given to a role of the benchmark's own that
  is dropped at the end;
- reported: the median over rounds and its spread (min-max and interquartile range) per arm,
  and the median of the per-round ratios with its spread, with the load average; as wall-clock
  latency and, when the server runs on this machine, as the backend's CPU time per call
  (/proc/<pid>/schedstat), which waiting for a core on a loaded machine does not inflate;
- on a local server the arms' backends share one CPU (pin_backends, --cpu-layout), so no
  arm gets a calmer core than another.

Data: 10,000 users (each with a personal organization), 5,000 team organizations of two
members each, 1,000,000 audit rows spread over the team organizations and the last 40 days,
in monthly partitions as the scheduler keeps them.

    python bench/rls_bench.py [--rows 1000000] [--rounds 30] [--per-round 20] [--keep]
        [--cpu-layout split|shared|off]

The alternative policy shapes (`exists (...)`, `in (select ...)`) are installed inside a
transaction that is rolled back, so the database (kept with --keep) ends with the project's
real policy; the script checks that at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import act_as_user, bench_database

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

-- the months the rows fall in get their partitions, as the scheduler would have made them
select private.ensure_monthly_partitions('public.audit_logs', 3);
do $$
declare m date;
begin
    for m in select generate_series(date_trunc('month', now() - interval '40 days'),
                                    date_trunc('month', now()), interval '1 month')::date loop
        execute format(
            'create table if not exists private.%%I partition of public.audit_logs for values from (%%L) to (%%L)',
            'audit_logs_y' || to_char(m, 'YYYY') || 'm' || to_char(m, 'MM'), m, m + interval '1 month');
    end loop;
end
$$;

insert into public.audit_logs (organization_id, user_id, action, entity_type, entity_id, new_values, created_at)
select o.id, o.primary_owner_user_id, (array['insert', 'update', 'delete'])[1 + g %% 3], 'projects',
       gen_random_uuid()::text, jsonb_build_object('n', g), now() - random() * interval '40 days'
from generate_series(1, %(rows)s) g
join (select id, primary_owner_user_id, row_number() over (order by id) - 1 as k from public.organizations
      where not is_personal) o on o.k = g %% %(orgs)s;
"""

# Policy shapes the helper replaced. Each is installed as the audit_logs policy inside a
# transaction that is rolled back, and measured through RLS.
OTHER_POLICY_SHAPES = {
    "exists (...)": "exists (select 1 from public.organization_members m where m.organization_id = "
    "audit_logs.organization_id and m.user_id = (select auth.uid()) and m.role >= 'admin')",
    "in (select ...)": "organization_id in (select m.organization_id from public.organization_members m "
    "where m.user_id = (select auth.uid()) and m.role >= 'admin')",
}

# (RLS arm, explicit arm); {orgs} becomes the literal array of the organizations RLS admits
QUERIES = {
    "50 newest rows": (
        "select * from public.audit_logs order by created_at desc limit 50",
        "select * from public.audit_logs where organization_id = any({orgs}) order by created_at desc limit 50",
    ),
    "count": (
        "select count(*) from public.audit_logs",
        "select count(*) from public.audit_logs where organization_id = any({orgs})",
    ),
}

POLICY_QUERY = (
    "select pg_get_expr(p.polqual, p.polrelid) from pg_policy p "
    "where p.polrelid = 'public.audit_logs'::regclass and p.polname = 'audit_logs_select'"
)


def plan_shape(node: dict) -> list[str]:
    """The plan tree as node types with their relation and index, InitPlans left out."""
    if node.get("Parent Relationship") == "InitPlan":
        return []
    label = " ".join(str(node[k]) for k in ("Node Type", "Relation Name", "Index Name") if k in node)
    return [label] + [line for child in node.get("Plans", []) for line in plan_shape(child)]


def explain(conn: psycopg.Connection, query: str) -> tuple[list[str], str]:
    tree = conn.execute(f"explain (format json, costs off) {query}").fetchone()[0][0]["Plan"]
    text = "\n".join(r[0] for r in conn.execute(f"explain (costs off) {query}"))
    return plan_shape(tree), text


def local_backend(conn: psycopg.Connection) -> bool:
    """Whether the connection's backend is a process on this machine (a Unix socket, and the
    pid is a postgres process here)."""
    comm = Path(f"/proc/{conn.info.backend_pid}/comm")
    return conn.info.host.startswith("/") and comm.is_file() and comm.read_text().strip() == "postgres"


class Arm:
    """One arm: a connection with its role and claims, and its query, prepared on first use.

    When the server runs on this machine (a Unix socket), the backend's CPU time is read from
    /proc/<pid>/schedstat around each call: time on CPU, which waiting for a core under load
    does not inflate, unlike the wall-clock latency."""

    def __init__(self, conn: psycopg.Connection, query: str):
        self.conn, self.query = conn, query
        self.schedstat = Path(f"/proc/{conn.info.backend_pid}/schedstat") if local_backend(conn) else None

    def cpu_ns(self) -> int:
        return int(self.schedstat.read_text().split()[0]) if self.schedstat else 0

    def call(self) -> tuple[float, float]:
        """Wall-clock latency and server CPU time of one call, in milliseconds."""
        cpu_before = self.cpu_ns()
        started = time.perf_counter()
        self.conn.execute(self.query, prepare=True).fetchall()
        wall = (time.perf_counter() - started) * 1000
        return wall, (self.cpu_ns() - cpu_before) / 1e6


def pin_backends(layout: str, *conns: psycopg.Connection) -> None:
    """When the server runs on this machine, put every arm's backend on one CPU, and this
    process on the other CPUs (layout "split") or on the same one ("shared"); "off" leaves
    placement to the kernel. Unpinned, a backend's CPU time per call on this 2-vCPU VM moved
    between two levels ~40% apart from one stretch of calls to the next, and backends on
    different vCPUs moved out of step, which made the per-round ratios swing (count: IQR
    1.32-1.78x); on one CPU the arms share a core's state and their ratio holds within a few
    per cent. "split" is like PostgREST and Postgres on separate cores (each call wakes an
    idle backend, which both arms pay); "shared" keeps the backend's caches warm between calls."""
    cpus = sorted(os.sched_getaffinity(0))
    if layout == "off" or len(cpus) < 2 or not all(local_backend(c) for c in conns):
        print("arms' backends not pinned")
        return
    server_cpu = cpus[-1]
    for conn in conns:
        os.sched_setaffinity(conn.info.backend_pid, {server_cpu})
    bench_cpus = set(cpus[:-1]) if layout == "split" else {server_cpu}
    os.sched_setaffinity(0, bench_cpus)
    print(f"arms' backends pinned to CPU {server_cpu}, the benchmark to CPU {','.join(map(str, sorted(bench_cpus)))}")


def spread(values: list[float]) -> dict[str, float]:
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "q1": q1, "q3": q3}


def interleaved(arms: dict[str, Arm], rounds: int, calls: int) -> dict[str, dict[str, list[float]]]:
    """Per-round medians of each arm's wall-clock latency and server CPU time. Within a round
    the arms alternate call by call (A B, then B A), so a burst of load from elsewhere hits
    both arms alike."""
    names = list(arms)
    for name in names:  # warm-up: prepare, fill caches
        for _ in range(5):
            arms[name].call()
    results = {name: {"wall": [], "cpu": []} for name in names}
    for _ in range(rounds):
        calls_of: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
        for i in range(calls):
            for name in names if i % 2 == 0 else reversed(names):
                calls_of[name].append(arms[name].call())
        for name in names:
            results[name]["wall"].append(statistics.median(w for w, _ in calls_of[name]))
            results[name]["cpu"].append(statistics.median(c for _, c in calls_of[name]))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--orgs", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--per-round", type=int, default=20, help="calls per arm per round")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--cpu-layout", choices=("split", "shared", "off"), default="split", help="see pin_backends (local server)"
    )
    args = parser.parse_args()

    with bench_database("creatorverse_bench_rls", keep=args.keep) as url:
        started = time.perf_counter()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(SEED % {"users": args.users, "orgs": args.orgs, "rows": args.rows})
            conn.execute("vacuum analyze")
        print(
            f"seeded {args.rows:,} audit rows, {args.users:,} users, {args.orgs:,} teams "
            f"in {time.perf_counter() - started:.1f}s"
        )

        measured = measure(url, args.rounds, args.per_round, args.cpu_layout)
    report(args, *measured)


# The previous shape of the policy, through the security-definer function, measured in the
# same rounds: a role of the benchmark's own gets it as its policy, and both are dropped at
# the end, so a kept database holds the project's policies only.
FUNCTION_ROLE = "rls_bench_function_shape"
FUNCTION_SHAPE = "organization_id = any(array(select private.my_org_ids('admin')))"
FUNCTION_ROLE_SETUP = f"""
drop role if exists {FUNCTION_ROLE};
create role {FUNCTION_ROLE} nologin;
grant usage on schema public, private, auth to {FUNCTION_ROLE};
grant execute on function private.my_org_ids(public.member_role), auth.uid() to {FUNCTION_ROLE};
grant select on public.audit_logs to {FUNCTION_ROLE};
create policy {FUNCTION_ROLE} on public.audit_logs for select to {FUNCTION_ROLE} using ({FUNCTION_SHAPE});
"""
FUNCTION_ROLE_TEARDOWN = (
    f"drop policy {FUNCTION_ROLE} on public.audit_logs; drop owned by {FUNCTION_ROLE}; drop role {FUNCTION_ROLE};"
)


def measure(url: str, rounds: int, per_round: int, layout: str) -> tuple:
    """The arms, interleaved, per query; the other policy shapes; the arms' plans."""
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(FUNCTION_ROLE_SETUP)
        try:
            return _measure(url, admin, rounds, per_round, layout)
        finally:
            admin.execute(FUNCTION_ROLE_TEARDOWN)


def _measure(url: str, admin: psycopg.Connection, rounds: int, per_round: int, layout: str) -> tuple:
    with (
        psycopg.connect(url, autocommit=True) as rls_conn,
        psycopg.connect(url, autocommit=True) as function_conn,
        psycopg.connect(url, autocommit=True) as explicit_conn,
    ):
        real_policy = admin.execute(POLICY_QUERY).fetchone()[0]
        # an admin (not the owner) of one team, acting as PostgREST does
        user_id = admin.execute(
            "select m.user_id from public.organization_members m "
            "join public.organizations o on o.id = m.organization_id "
            "where m.role = 'admin' and not o.is_personal order by o.slug limit 1"
        ).fetchone()[0]
        # the organizations RLS admits: the team and the user's personal organization,
        # written into the explicit arm's SQL as a literal
        org_ids = [
            str(r[0])
            for r in admin.execute(
                "select m.organization_id from public.organization_members m "
                "join public.organizations o on o.id = m.organization_id "
                "where m.user_id = %s and m.role >= 'admin' and o.deleted_at is null order by 1",
                (user_id,),
            )
        ]
        orgs_literal = "'{" + ",".join(org_ids) + "}'::uuid[]"
        act_as_user(rls_conn, user_id)
        act_as_user(function_conn, user_id, FUNCTION_ROLE)
        explicit_conn.execute("set role service_role")
        pin_backends(layout, rls_conn, function_conn, explicit_conn)

        results, plans = {}, {}
        for label, (rls_query, explicit_template) in QUERIES.items():
            explicit_query = explicit_template.format(orgs=orgs_literal)
            arms = {
                "RLS": Arm(rls_conn, rls_query),
                "RLS fn": Arm(function_conn, rls_query),
                "explicit": Arm(explicit_conn, explicit_query),
            }
            explicit_rows = explicit_conn.execute(explicit_query).fetchall()
            assert explicit_rows and explicit_rows != [(0,)], f"{label}: no rows"
            explicit_shape, explicit_plan = explain(explicit_conn, explicit_query)
            plans[label] = {"explicit": explicit_plan}
            for name in ("RLS", "RLS fn"):
                conn = arms[name].conn
                assert conn.execute(rls_query).fetchall() == explicit_rows, f"{label}: {name} and explicit disagree"
                shape, plans[label][name] = explain(conn, rls_query)
                if shape != explicit_shape:
                    sys.exit(f"{label}: the plans differ\n{name}:\n{plans[label][name]}\nexplicit:\n{explicit_plan}")
            results[label] = interleaved(arms, rounds, per_round)

        other_shapes = {}
        for shape, predicate in OTHER_POLICY_SHAPES.items():
            with rls_conn.transaction(force_rollback=True):
                rls_conn.execute("reset role")
                rls_conn.execute("drop policy audit_logs_select on public.audit_logs")
                rls_conn.execute(
                    f"create policy audit_logs_select on public.audit_logs for select to authenticated "
                    f"using ({predicate})"
                )
                rls_conn.execute("set local role authenticated")
                query = QUERIES["50 newest rows"][0]
                rls_conn.execute(query).fetchall()
                other_shapes[shape] = statistics.median(Arm(rls_conn, query).call()[0] for _ in range(5))
        assert admin.execute(POLICY_QUERY).fetchone()[0] == real_policy, "the real policy was not restored"
    return results, other_shapes, real_policy, plans


def report(args: argparse.Namespace, results: dict, other_shapes: dict, real_policy: str, plans: dict) -> None:
    load = os.getloadavg()
    measures = {"wall": "wall-clock latency per call"}
    if any(results[label]["RLS"]["cpu"][0] for label in results):
        measures["cpu"] = "server CPU time per call (backend's /proc/<pid>/schedstat)"
    print(f"\nload average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs")
    print(
        f"{args.rounds} interleaved rounds of {args.per_round} calls per arm; each figure is taken over "
        "the rounds' medians; microseconds"
    )
    for measure, title in measures.items():
        print(f"\n{title}:")
        header = ("query", "arm", "median", "min", "q1", "q3", "max")
        print("  {:<15} {:<9} {:>8} {:>8} {:>8} {:>8} {:>8}".format(*header))
        for label, arms in results.items():
            for arm, values in arms.items():
                s = spread([v * 1000 for v in values[measure]])
                print(
                    f"  {label:<15} {arm:<9} {s['median']:>8.1f} {s['min']:>8.1f} {s['q1']:>8.1f} "
                    f"{s['q3']:>8.1f} {s['max']:>8.1f}"
                )
        print("  ratio to explicit, per round:")
        for label, arms in results.items():
            for arm in ("RLS", "RLS fn"):
                ratios = [r / e for r, e in zip(arms[arm][measure], arms["explicit"][measure], strict=True)]
                s = spread(ratios)
                print(
                    f"    {label:<15} {arm:<7} median {s['median']:.2f}x  IQR {s['q1']:.2f}-{s['q3']:.2f}x  "
                    f"min-max {s['min']:.2f}-{s['max']:.2f}x"
                )
    baseline = statistics.median(results["50 newest rows"]["explicit"]["wall"])
    print("\n'50 newest rows' under other policy shapes (5 calls, rolled back afterwards):")
    for shape, timing in other_shapes.items():
        print(f"  {shape:<16} median {timing:>9.3f}ms = {timing / baseline:,.0f}x explicit")
    print(f"\nRLS: the project's policy on audit_logs: {real_policy}")
    print(f"RLS fn: the previous shape, {FUNCTION_SHAPE}")
    for label, by_arm in plans.items():
        print(f"\nplans, {label} (same shape checked):")
        for arm, plan in by_arm.items():
            print(f"  {arm}:")
            print("\n".join("    " + line for line in plan.splitlines()))


if __name__ == "__main__":
    main()
