"""Watch catalogue reads under row-level security, against the same query with the filter
written out by hand (service role, no RLS): the plan-tier policy, trending and match scores.

A subscriber (basic plan: free + subscribers tiers) reads, as PostgREST would:
  - the 50 newest contents their plan opens        (policy: published, tier <= the plan's)
  - the top 20 of trending_contents                 (precomputed; the explicit arm: 7 days of stats)
  - the top 20 of content_matches                   (precomputed; the explicit arm: mean of 20 watched
                                                     embeddings vs every content)
The explicit arm runs the same SQL with the policy's predicate inlined. Arms alternate in every
round, so machine drift hits both alike; figures are medians and p95 over the rounds, and
both arms must return the same rows.

    .venv/bin/python bench/watch_bench.py [--contents 50000] [--rounds 200]
"""

from __future__ import annotations

import argparse
import statistics
import time

import psycopg
from common import act_as_user, bench_database

SEED = """
select tests_bench.seed(%(contents)s);
"""

SEED_FUNCTIONS = """
create schema if not exists tests_bench;
create or replace function tests_bench.seed(contents integer) returns void language plpgsql as $$
declare
    owner uuid := gen_random_uuid();
    fan uuid := gen_random_uuid();
    org uuid;
    project uuid;
begin
    insert into auth.users (id, aud, role, email) values (owner, 'authenticated', 'authenticated', 'owner@bench.local'),
        (fan, 'authenticated', 'authenticated', 'fan@bench.local');
    insert into public.organizations (name, slug, primary_owner_user_id, created_by)
    values ('Bench', 'bench', owner, owner) returning id into org;
    insert into public.organization_members (organization_id, user_id, role) values (org, owner, 'owner');
    update public.subscriptions s set plan_id = 'basic'
    from public.organizations o where o.id = s.organization_id and o.is_personal and o.primary_owner_user_id = fan;
    insert into public.projects (organization_id, title) values (org, 'Catalogue') returning id into project;
    insert into public.contents (project_id, title, type, genre, visibility, duration_minutes, video_url, created_at)
    select project, 'Title ' || n, (array['movie', 'series', 'short', 'documentary'])[1 + n % 4],
           (array['drama', 'sci-fi', 'comedy', 'horror', 'romance'])[1 + n % 5],
           (array['free', 'subscribers', 'premium'])[1 + n % 3], 90, 'https://cdn.bench/' || n,
           now() - n * interval '1 minute'
    from generate_series(1, contents) n;
    -- publish directly, triggers off (the status machine is not what is measured): 90 % published,
    -- each at its own time
    perform set_config('session_replication_role', 'replica', true);
    update public.contents c set status = 'published', published_at = c.created_at,
        -- correlated with the row (view_count * 0), so that every content draws its own vector
        embedding = (select array_agg(random())::real[]
                     from generate_series(1, 384 + (c.view_count * 0)::int))::extensions.vector
    where c.organization_id = org and (hashtext(c.title) % 10) <> 0;
    perform set_config('session_replication_role', 'origin', true);
    insert into public.content_daily_stats (content_id, day, viewers, likes, completions)
    select c.id, (now() at time zone 'UTC')::date - d, (hashtext(c.title || d) & 1023), (hashtext(c.title) & 63), d
    from public.contents c, generate_series(0, 6) d
    where c.status = 'published';
    insert into public.watch_history (user_id, content_id, progress_seconds, duration_seconds)
    select fan, c.id, 600, 5400 from public.contents c
    where c.status = 'published' and c.visibility <> 'premium' order by c.title limit 20;
    -- trending and match scores are precomputed: the duties' runs, as the scheduler makes them
    perform private.refresh_trending_contents(7);
    perform private.refresh_content_matches(200);
    analyze;
end
$$;
"""

QUERIES = {
    "50 newest the plan opens": (
        "select id, title from public.contents order by published_at desc nulls last limit 50",
        "select id, title from public.contents where project_deleted_at is null and status = 'published' "
        "and visibility_rank <= 1 order by published_at desc nulls last limit 50",
    ),
    "trending top 20": (
        "select content_id, trending_score from public.trending_contents order by trending_rank, content_id limit 20",
        """with recent as (
               select s.content_id, sum(s.viewers) v, sum(s.likes) l, sum(s.completions) c
               from public.content_daily_stats s where s.day > (now() at time zone 'UTC')::date - 7
               group by s.content_id)
           select c.id, coalesce(r.v + 2 * r.l + 3 * r.c, 0)::bigint as score from public.contents c
           left join recent r on r.content_id = c.id
           where c.status = 'published' and c.project_deleted_at is null and c.visibility_rank <= 1
           order by score desc, c.id limit 20""",
    ),
    "match scores top 20": (
        "select content_id, match_score from public.content_matches order by match_score desc, content_id limit 20",
        """with taste as (
               select extensions.avg(c.embedding) e from public.contents c
               where c.id in (select h.content_id from public.watch_history h where h.user_id = %(fan)s))
           select c.id, greatest(0, round(100 * (1 - (c.embedding operator(extensions.<=>) t.e))))::integer as s
           from public.contents c cross join taste t
           where c.status = 'published' and c.project_deleted_at is null and c.visibility_rank <= 1
             and c.embedding is not null
           order by s desc, c.id limit 20""",
    ),
}


def timed(conn: psycopg.Connection, query: str, params: dict) -> tuple[float, list]:
    started = time.perf_counter()
    rows = conn.execute(query, params, prepare=True).fetchall()
    return (time.perf_counter() - started) * 1000, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contents", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    with bench_database("creatorverse_bench_watch", keep=args.keep) as url:
        started = time.perf_counter()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(SEED_FUNCTIONS)
            conn.execute(SEED, {"contents": args.contents})
            fan = conn.execute("select id from auth.users where email = 'fan@bench.local'").fetchone()[0]
        seconds = time.perf_counter() - started
        print(f"seeded {args.contents:,} contents (7 days of stats, 384-d embeddings) in {seconds:.1f}s")

        with psycopg.connect(url, autocommit=True) as rls, psycopg.connect(url, autocommit=True) as explicit:
            act_as_user(rls, fan)
            explicit.execute("set role service_role")
            results = {}
            for label, (rls_query, explicit_query) in QUERIES.items():
                times: dict[str, list[float]] = {"rls": [], "explicit": []}
                for round_number in range(args.rounds + 5):
                    rls_ms, rls_rows = timed(rls, rls_query, {})
                    explicit_ms, explicit_rows = timed(explicit, explicit_query, {"fan": fan})
                    if round_number == 0:
                        # match scores tie (scores are whole numbers): the same scores, not always the same rows
                        same = (lambda r: r[1]) if label.startswith("match") else tuple
                        assert [same(r) for r in rls_rows] == [same(r) for r in explicit_rows], label
                    if round_number >= 5:  # warm-up rounds are not counted
                        times["rls"].append(rls_ms)
                        times["explicit"].append(explicit_ms)
                results[label] = {arm: sorted(t) for arm, t in times.items()}

    print(f"\nmedian and p95 of {args.rounds} interleaved rounds (ms); same rows in both arms")
    print(f"{'query':<26} {'RLS med':>9} {'explicit med':>13} {'ratio':>6} {'RLS p95':>9} {'explicit p95':>13}")
    for label, arms in results.items():
        r, e = arms["rls"], arms["explicit"]
        rm, em = statistics.median(r), statistics.median(e)
        p95 = int(0.95 * (len(r) - 1))
        print(f"{label:<26} {rm:>9.2f} {em:>13.2f} {rm / em:>6.2f} {r[p95]:>9.2f} {e[p95]:>13.2f}")


if __name__ == "__main__":
    main()
