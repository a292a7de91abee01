"""Cost of a legal status move under the status_machine trigger (docs/architecture.md, "Status
machines"): a micro-measure, not a throughput benchmark.

Part 1, per row: a temporary stand-in (`id`, `status`) of --rows rows is moved queued -> running
-> queued (both legal in the generations machine) under three shapes, interleaved in a shuffled
order per round, the table vacuumed between updates:
- `none`: no trigger;
- `compiled`: the trigger as private.status_machine_trigger renders it (the moves in its WHEN
  clause; a legal move calls no function);
- `function`: the former shape, `when (old.status is distinct from new.status)` calling a
  security-definer function that probes private.transitions for every move.

Part 2, per WHEN clause: the time of each candidate clause beyond `old is distinct from new`
alone, evaluated over legal pairs of the machine repeated --pairs times (CASE on the old status,
row-constructor NOT IN list, concatenated `<> all` array).

Reported: median per row with the min-max range, and the load average. Runs on the project
database (temporary objects only; it changes nothing).

    python bench/status_machine_bench.py [--rows 20000] [--rounds 5] [--pairs 50000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

import psycopg

from creatorverse.db import connect
from creatorverse.settings import get_settings

MACHINE = "generations"

# the shape before the moves were compiled into the WHEN clause (core.sql before this change)
FORMER_FUNCTION = """
create function pg_temp.enforce_transition_by_probe() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
    if not exists (select from private.transitions t
                   where t.machine = tg_argv[0] and t.from_status = old.status and t.to_status = new.status) then
        perform private.require_transition(tg_argv[0], old.status, new.status);
    end if;
    return new;
end
$$"""

CLAUSES = {
    "case_on_old": "case o {arms} else true end",
    "row_not_in": "(o, n) not in ({pairs})",
    "concat_all": "o || '>' || n <> all ({array})",
}


def install(conn: psycopg.Connection, shape: str) -> None:
    conn.execute("drop trigger if exists status_machine on pg_temp.stand_in")
    if shape == "compiled":
        statement = conn.execute(
            "select private.status_machine_trigger(%s, 'pg_temp.stand_in')", (MACHINE,)
        ).fetchone()[0]
        conn.execute(statement)
    elif shape == "function":
        conn.execute(
            "create trigger status_machine before update on pg_temp.stand_in for each row "
            "when (old.status is distinct from new.status) "
            f"execute function pg_temp.enforce_transition_by_probe('{MACHINE}')"
        )


def per_row(conn: psycopg.Connection, rows: int, rounds: int) -> dict[str, list[float]]:
    conn.execute("create temp table stand_in (id int primary key, status text not null)")
    conn.execute("insert into stand_in select g, 'queued' from generate_series(1, %s) g", (rows,))
    conn.execute(FORMER_FUNCTION)
    conn.execute("vacuum analyze stand_in")
    timings: dict[str, list[float]] = {"none": [], "compiled": [], "function": []}
    shapes = list(timings)
    for _ in range(rounds):
        random.shuffle(shapes)
        for shape in shapes:
            install(conn, shape)
            for status in ("running", "queued"):
                started = time.perf_counter()
                conn.execute("update stand_in set status = %s", (status,))
                timings[shape].append((time.perf_counter() - started) * 1e6 / rows)
                conn.execute("vacuum stand_in")
    return timings


def per_clause(conn: psycopg.Connection, copies: int, rounds: int) -> dict[str, list[float]]:
    moves = conn.execute(
        "select from_status, to_status from private.transitions where machine = %s order by 1, 2", (MACHINE,)
    ).fetchall()
    conn.execute(
        "create temp table pairs as select m.from_status as o, m.to_status as n "
        "from generate_series(1, %s), private.transitions m where m.machine = %s",
        (copies, MACHINE),
    )
    conn.execute("vacuum analyze pairs")
    by_from: dict[str, list[str]] = {}
    for from_status, to_status in moves:
        by_from.setdefault(from_status, []).append(to_status)
    filled = {
        "arms": " ".join(
            f"when '{f}' then n not in ({', '.join(repr(t) for t in to)})" for f, to in sorted(by_from.items())
        ),
        "pairs": ", ".join(f"('{f}', '{t}')" for f, t in moves),
        "array": "'{" + ",".join(f"{f}>{t}" for f, t in moves) + "}'::text[]",
    }
    count = conn.execute("select count(*) from pairs").fetchone()[0]
    queries = {"distinct_only": "select count(*) from pairs where o is distinct from n"}
    for name, clause in CLAUSES.items():
        queries[name] = f"select count(*) from pairs where o is distinct from n and {clause.format(**filled)}"
    timings: dict[str, list[float]] = {name: [] for name in queries}
    names = list(queries)
    for _ in range(rounds):
        random.shuffle(names)
        for name in names:
            started = time.perf_counter()
            refused = conn.execute(queries[name]).fetchone()[0]
            timings[name].append((time.perf_counter() - started) * 1e9 / count)
            if name != "distinct_only" and refused:
                raise SystemExit(f"{name} refuses {refused} legal moves")
    return timings


def report(title: str, unit: str, timings: dict[str, list[float]]) -> None:
    print(title)
    for name, values in sorted(timings.items(), key=lambda item: statistics.median(item[1])):
        print(
            f"  {name:14} median {statistics.median(values):8.2f} {unit}  "
            f"range {min(values):.2f}-{max(values):.2f}  (n={len(values)})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pairs", type=int, default=50000, help="copies of the machine's moves in part 2")
    args = parser.parse_args()
    with psycopg.connect(connect.database_url(get_settings()), autocommit=True) as conn:
        print(f"load average {os.getloadavg()[0]:.2f}")
        report("per legal move, µs per row (update of --rows rows)", "µs", per_row(conn, args.rows, args.rounds))
        report(
            "per WHEN clause, ns per row (its time beyond `is distinct from` is the clause's cost)",
            "ns",
            per_clause(conn, args.pairs, args.rounds + 2),
        )


if __name__ == "__main__":
    main()
