"""The queries client apps run most, measured at three sizes of the platform (issue 28).

A platform is built at scale S, M or L and kept in a database of its own on the same server
(`creatorverse_scale_s|m|l`), tagged with the migrations it was built from: a later run at
the same scale reuses it unless the migrations or this seed changed (or `--rebuild`).

    scale  organizations  generations  ledger + usage   notifications  contents  fandom rows  passages
    S      1,000          10,000       100k + 100k      10,000         1,000     10,000       10,000
    M      3,000          100,000      1M + 1M          100,000        10,000    100,000      100,000
    L      10,000         1,000,000    10M + 10M        1,000,000      100,000   1,000,000    1,000,000

Organizations differ in size as platforms do (Zipf, s = 1): the k-th largest has 1/k of the
first's generations, ledger entries, usage events, contents and communities. Rows are bulk
loaded set-based (`insert … select generate_series`) with triggers off
(`session_replication_role = replica`), and the bench then does what those triggers would
have done, set-based: balances from the ledger, content and discussion counters, the usage
rollups and `analytics.daily_usage`, the precomputed trending and match scores (by the duties'
own functions). Users, organizations and projects are created with their triggers on.
Passages (chapter_embeddings: each organization's own book, chapters of ten passages, 384-d
vectors clustered by topic) are loaded without the shared HNSW index, which is then built once, and the
per-organization passage indexes are built by the sync_passage_indexes duty's own code.

Every client query runs as PostgREST runs it: role `authenticated` (or `anon`) and the claims
of a real access token (bench/common.py), prepared, on one connection; the analyst views as
role `analyst`. Per query: median and p95 over `--repeat` calls, the plan's top nodes,
shared buffers per call (EXPLAIN ANALYZE BUFFERS), and, once several scales are measured, the
growth L/S of the p95. Results are kept per scale in .creatorverse/cache/scale_bench_<scale>.json,
and the table shows every scale measured so far.

    .venv/bin/python bench/scale_bench.py --scale S [--rebuild | --reuse-any] [--repeat 200] [--queue] [--sizes]
    .venv/bin/python bench/scale_bench.py --table          # the table of what is measured

The queue is measured apart (`--queue`): claim + complete of 100 no-op jobs, one at a time,
with the scale's finished generations in the table, against an empty table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import act_as_user

from creatorverse.db import connect, server
from creatorverse.db.migrate import Migrator
from creatorverse.search.indexes import sync_passage_indexes
from creatorverse.settings import get_settings

SEED_VERSION = "7"
ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".creatorverse" / "cache"

SCALES = {
    # next to nothing: the queue's cost with no finished generations (--scale 0 --queue)
    "0": dict(
        orgs=2,
        viewers=2,
        generations=0,
        ledger=0,
        usage=0,
        notifications=0,
        contents=0,
        history_per_viewer=1,
        communities=1,
        discussions=0,
        comments=1,
        votes=1,
        passages=0,
    ),
    "S": dict(
        orgs=1_000,
        viewers=1_000,
        generations=10_000,
        ledger=100_000,
        usage=100_000,
        notifications=10_000,
        contents=1_000,
        history_per_viewer=10,
        communities=100,
        discussions=2_000,
        comments=5_000,
        votes=3_000,
        passages=10_000,
    ),
    "M": dict(
        orgs=3_000,
        viewers=3_000,
        generations=100_000,
        ledger=1_000_000,
        usage=1_000_000,
        notifications=100_000,
        contents=10_000,
        history_per_viewer=30,
        communities=300,
        discussions=20_000,
        comments=50_000,
        votes=30_000,
        passages=100_000,
    ),
    "L": dict(
        orgs=10_000,
        viewers=10_000,
        generations=1_000_000,
        ledger=10_000_000,
        usage=10_000_000,
        notifications=1_000_000,
        contents=100_000,
        history_per_viewer=100,
        communities=1_000,
        discussions=200_000,
        comments=500_000,
        votes=300_000,
        passages=1_000_000,
    ),
}

# Each step: (label, SQL). %(name)s are the scale's numbers. Zipf: org k (1-based) gets
# total * (1/k) / H(orgs) rows, at least one.
# Passage vectors clustered by topic (seed 7; '%%' for the steps' %-formatting): 500 topics, each
# a Gaussian direction fixed by hashtext; a chapter's topic from its organization's rank and its
# number; a passage its topic plus Gaussian noise of 0.6 per component.
TOPICS_SQL = """
create table bench.topics as
select t, array_agg(sqrt(-2 * ln((abs(hashtext(t || ':' || d || ':u')) %% 1000000 + 0.5) / 1000000.0))
                    * cos(2 * pi() * (abs(hashtext(t || ':' || d || ':v')) %% 1000000) / 1000000.0)
                    order by d)::real[] as v
from generate_series(0, 499) t cross join generate_series(1, 384) d group by t;
alter table bench.topics add primary key (t);
"""
CHAPTER_TOPIC = "abs(hashtext(o.k || ':' || x.chapter_number)) %% 500"
PASSAGE_VECTOR = (
    "(select array_agg(tp.v[d] + 0.6 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) order by d)::real[]"
    " from generate_series(1, 384) d)::extensions.halfvec"
)
# the query: topic 0 plus fixed noise, the same at every scale
QUERY_VECTOR = (
    "select '[' || string_agg(to_char(v[d] + 0.6 * sqrt(-2 * ln((abs(hashtext('q:' || d || ':u')) % 1000000 + 0.5)"
    " / 1000000.0)) * cos(2 * pi() * (abs(hashtext('q:' || d || ':v')) % 1000000) / 1000000.0), 'FM9990.0000'), ','"
    " order by d) || ']' from bench.topics, generate_series(1, 384) d where t = 0"
)

STEPS = [
    (
        "users and organizations (triggers on)",
        """
create schema bench;
insert into auth.users (id, email, raw_user_meta_data)
select gen_random_uuid(), 'owner' || g || '@bench.local', jsonb_build_object('n', g)
from generate_series(1, %(orgs)s) g;
insert into auth.users (id, email, raw_user_meta_data)
select gen_random_uuid(), 'viewer' || g || '@bench.local', jsonb_build_object('n', g)
from generate_series(1, %(viewers)s) g;
insert into public.organizations (name, slug, primary_owner_user_id, created_by)
select 'Studio ' || (u.raw_user_meta_data ->> 'n'), 'studio-' || (u.raw_user_meta_data ->> 'n'), u.id, u.id
from auth.users u where u.email like 'owner%%';
insert into public.organization_members (organization_id, user_id, role)
select o.id, o.primary_owner_user_id, 'owner' from public.organizations o where not o.is_personal
on conflict do nothing;
insert into public.projects (organization_id, created_by, title, slug, visibility)
select o.id, o.primary_owner_user_id, 'Saga', 'saga', 'public' from public.organizations o where not o.is_personal;
-- k: the organization's rank by size; share: its Zipf share of every per-organization total
create table bench.orgs as
select o.id, o.primary_owner_user_id as owner_id, p.id as project_id,
       (regexp_replace(o.slug, '\\D', '', 'g'))::integer as k
from public.organizations o join public.projects p on p.organization_id = o.id
where not o.is_personal;
alter table bench.orgs add column share double precision;
update bench.orgs set share = (1.0 / k) / (select sum(1.0 / g) from generate_series(1, %(orgs)s) g);
create unique index on bench.orgs (k);
create table bench.viewers as
select u.id, (u.raw_user_meta_data ->> 'n')::integer as n from auth.users u where u.email like 'viewer%%';
create unique index on bench.viewers (n);
-- the measured viewer reads the subscribers' tier (basic plan)
update public.subscriptions s set plan_id = 'basic'
from public.organizations o, bench.viewers v
where o.id = s.organization_id and o.is_personal and o.primary_owner_user_id = v.id and v.n = 1;
""",
    ),
    (
        "generations (finished, triggers off)",
        """
set session_replication_role = replica;
-- ids from (organization rank, number): every 20th generation of an organization is a pipeline,
-- the parent of the 19 before it
insert into public.generations (id, organization_id, project_id, user_id, kind, provider, model, prompt, status,
    progress, attempts, max_attempts, estimated_credits, actual_credits, estimated_cost_usd, actual_cost_usd,
    created_at, queued_at, started_at, completed_at, failed_at, updated_at, parent_id)
select md5(o.k || ':' || n)::uuid, o.id, o.project_id, o.owner_id,
       (array['image', 'video', 'audio', 'text'])[1 + n %% 4],
       (array['openai', 'runway', 'elevenlabs', 'local'])[1 + n %% 4], 'model-' || (n %% 7),
       'prompt ' || n, case when n %% 50 = 0 then 'failed' else 'succeeded' end, 100, 1, 3, 10, 10, 0.5, 0.5,
       t.at, t.at, t.at + interval '1 second', case when n %% 50 <> 0 then t.at + interval '20 seconds' end,
       case when n %% 50 = 0 then t.at + interval '20 seconds' end, t.at + interval '20 seconds',
       case when n %% 20 <> 0 and n <= c.cnt - c.cnt %% 20 then md5(o.k || ':' || (n + 20 - n %% 20))::uuid end
from bench.orgs o
cross join lateral (select greatest(1, round(%(generations)s * o.share))::integer as cnt) c
cross join lateral generate_series(1, c.cnt) n
cross join lateral (select now() - (n * interval '37 seconds') - interval '1 minute' as at) t;
set session_replication_role = origin;
""",
    ),
    (
        "credit ledger (triggers off) and balances from it",
        """
set session_replication_role = replica;
insert into public.credit_transactions (organization_id, user_id, type, amount, main_delta, balance_after,
    held_after, description, created_at)
select o.id, o.owner_id, case when n = 1 then 'grant' else 'usage' end,
       case when n = 1 then 1000000000 else -10 end, case when n = 1 then 1000000000 else -10 end,
       1000000000 - 10 * (n - 1), 0, 'bench', now() - (cnt - n) * interval '13 seconds'
from bench.orgs o
cross join lateral (select greatest(1, round(%(ledger)s * o.share))::integer as cnt) c
cross join lateral generate_series(1, c.cnt) n;
set session_replication_role = origin;
-- what the ledger's writers keep: the balance is the last entry's balance_after
update public.credit_balances b set balance = l.balance_after, held_balance = 0
from (select distinct on (t.organization_id) t.organization_id, t.balance_after
      from public.credit_transactions t order by t.organization_id, t.id desc) l
where l.organization_id = b.organization_id;
""",
    ),
    (
        "usage events (monthly partitions, as the scheduler keeps them)",
        """
do $$
declare m date;
begin
    for m in select generate_series(date_trunc('month', now() - interval '62 days'),
                                    date_trunc('month', now()) + interval '1 month',
                                    interval '1 month')::date loop
        execute format(
            'create table if not exists private.%%I partition of public.usage_events for values from (%%L) to (%%L)',
            'usage_events_y' || to_char(m, 'YYYY') || 'm' || to_char(m, 'MM'), m, m + interval '1 month');
    end loop;
end
$$;
set session_replication_role = replica;
-- recorded as they occurred (the rollup duty tells late events by recorded_at)
insert into public.usage_events (event_id, occurred_at, recorded_at, organization_id, user_id, project_id,
    resource_type, provider, model, input_tokens, output_tokens, units, credits, cost_usd, duration_ms, status,
    plan_at_time)
select gen_random_uuid(), t.at, t.at, o.id, o.owner_id, o.project_id,
       (array['image', 'video', 'llm_tokens', 'audio'])[1 + n %% 4],
       (array['openai', 'runway', 'elevenlabs', 'local'])[1 + n %% 4], 'model-' || (n %% 7), 100, 50, 1, 10, 0.5,
       900 + n %% 300, case when n %% 50 = 0 then 'error' else 'success' end, 'pro'
from bench.orgs o
cross join lateral (select greatest(1, round(%(usage)s * o.share))::integer as cnt) c
cross join lateral generate_series(1, c.cnt) n
cross join lateral (select now() - (n * interval '1 second' * (5184000.0 / greatest(c.cnt, 1))) as at) t;
set session_replication_role = origin;
""",
    ),
    (
        "notifications",
        """
insert into public.notifications (user_id, type, title, message, read_at, created_at)
select v.id, (array['comment_reply', 'mention', 'follow', 'like'])[1 + x %% 4], 'Notice ' || x, 'Something happened',
       case when x %% 3 = 0 then null else now() end,
       now() - x * interval '1 minute'
from bench.viewers v
cross join lateral generate_series(1, greatest(1, round(%(notifications)s * (1.0 / v.n)
    / (select sum(1.0 / g) from generate_series(1, %(viewers)s) g)))::integer) x;
""",
    ),
    (
        "watch: contents, history, ratings, a week of stats (triggers off) and counters",
        """
set session_replication_role = replica;
insert into public.contents (project_id, organization_id, title, slug, type, genre, visibility, status,
    duration_minutes,
    video_url, published_at, created_at, embedding)
select o.project_id, o.id, 'Title ' || o.k || '-' || n, 'title-' || o.k || '-' || n,
       (array['movie', 'series', 'short', 'documentary'])[1 + n %% 4],
       (array['drama', 'sci-fi', 'comedy', 'horror', 'romance'])[1 + n %% 5],
       (array['free', 'subscribers', 'premium'])[1 + n %% 3], case when n %% 10 = 0 then 'draft' else 'published' end,
       90, 'https://cdn.bench/' || o.k || '/' || n, case when n %% 10 <> 0 then now() - n * interval '1 hour' end,
       now() - n * interval '1 hour',
       (select array_agg(random())::real[] from generate_series(1, 384 + (n * 0)))::extensions.vector
from bench.orgs o
cross join lateral generate_series(1, greatest(1, round(%(contents)s * o.share))::integer) n;
create table bench.contents as
select c.id, row_number() over (order by c.id) - 1 as i from public.contents c where c.status = 'published';
create unique index on bench.contents (i);
insert into public.watch_history (user_id, content_id, progress_seconds, duration_seconds, completed, completed_at,
    watched_at)
select distinct on (v.id, c.id) v.id, c.id, 600 + h * 10, 5400, h %% 4 = 0, case when h %% 4 = 0 then now() end,
       now() - h * interval '1 hour'
from bench.viewers v
cross join lateral generate_series(1, %(history_per_viewer)s) h
join bench.contents c on c.i = (v.n::bigint * 7919 + h * 104729) %% (select count(*) from bench.contents);
insert into public.content_ratings (user_id, content_id, rating)
select h.user_id, h.content_id, 1 + abs(hashtext(h.id::text)) %% 5 from public.watch_history h
where abs(hashtext(h.id::text)) %% 5 = 0;
insert into public.content_daily_stats (content_id, day, viewers, likes, completions)
select c.id, (now() at time zone 'UTC')::date - d, abs(hashtext(c.id::text || d)) %% 1000,
       abs(hashtext(c.id::text)) %% 50,
       d
from bench.contents c, generate_series(0, 6) d;
set session_replication_role = origin;
-- the counters the ratings' and history's triggers keep
update public.contents c set rating_count = r.cnt, rating_sum = r.total
from (select content_id, count(*) as cnt, sum(rating) as total from public.content_ratings group by content_id) r
where r.content_id = c.id;
update public.contents c set view_count = h.cnt, completion_count = h.done
from (select content_id, count(*) as cnt, count(*) filter (where completed) as done
      from public.watch_history group by content_id) h
where h.content_id = c.id;
-- the viewers whose taste the match duty keeps: the measured viewer and a hundred others
insert into private.viewer_tastes (user_id) select v.id from bench.viewers v where v.n <= 100;
""",
    ),
    (
        "fandom: communities, discussions, comments, votes (triggers off) and counters",
        """
set session_replication_role = replica;
insert into public.communities (organization_id, project_id, created_by, name, slug, visibility, status)
select o.id, o.project_id, o.owner_id, 'Fans of ' || o.k, 'fans-' || o.k, 'public', 'active'
from bench.orgs o where o.k <= %(communities)s;
create table bench.communities as
select c.id, o.k from public.communities c join bench.orgs o on o.id = c.organization_id;
-- community_hidden as the insert trigger sets it: every bench community is public
insert into public.discussions (community_id, community_hidden, author_id, title, content, created_at)
select c.id, false, v.id, 'Thread ' || x, 'What did you think?', now() - x * interval '7 minutes'
from bench.communities c
cross join lateral generate_series(1, greatest(1, round(%(discussions)s * (1.0 / c.k)
    / (select sum(1.0 / g) from generate_series(1, %(communities)s) g)))::integer) x
join bench.viewers v on v.n = 1 + x %% %(viewers)s;
create table bench.discussions as
select d.id, d.community_id, row_number() over (order by d.id) - 1 as i from public.discussions d;
create unique index on bench.discussions (i);
insert into public.discussion_comments (discussion_id, community_id, community_hidden, author_id, content, created_at)
select d.id, d.community_id, false, v.id, 'Agreed', now() - x * interval '1 minute'
from generate_series(1, %(comments)s) x
join bench.discussions d on d.i = (x::bigint * 7919) %% (select count(*) from bench.discussions)
join bench.viewers v on v.n = 1 + x %% %(viewers)s;
insert into public.discussion_votes (user_id, discussion_id, community_id, community_hidden, vote_type)
select distinct on (v.id, d.id) v.id, d.id, d.community_id, false, case when x %% 5 = 0 then 'down' else 'up' end
from generate_series(1, %(votes)s) x
join bench.discussions d on d.i = (x::bigint * 104729) %% (select count(*) from bench.discussions)
join bench.viewers v on v.n = 1 + (x / 7) %% %(viewers)s;
set session_replication_role = origin;
update public.discussions d set upvotes = x.up, downvotes = x.down, score = x.up - x.down
from (select discussion_id, count(*) filter (where vote_type = 'up') as up,
             count(*) filter (where vote_type = 'down') as down
      from public.discussion_votes where discussion_id is not null group by discussion_id) x
where x.discussion_id = d.id;
update public.discussions d set comment_count = x.cnt
from (select discussion_id, count(*) as cnt from public.discussion_comments group by discussion_id) x
where x.discussion_id = d.id;
update public.communities c set post_count = x.cnt
from (select community_id, count(*) as cnt from public.discussions group by community_id) x
where x.community_id = c.id;
""",
    ),
    (
        "store: products with variants (triggers off)",
        """
set session_replication_role = replica;
insert into public.products (organization_id, project_id, created_by, name, slug, category, price_cents, stock_quantity,
    status, visibility, has_variants)
select o.id, o.project_id, o.owner_id, 'Poster ' || n, 'poster-' || o.k || '-' || n, 'collectibles', 2500, 100,
       'active', 'public', true
from bench.orgs o cross join generate_series(1, 5) n where o.k <= %(communities)s;
insert into public.product_variants (product_id, organization_id, title, options, price_cents, stock_quantity)
select p.id, p.organization_id, s, jsonb_build_object('size', s), 2500, 30
from public.products p cross join unnest(array['S', 'M', 'L']) s;
set session_replication_role = origin;
""",
    ),
    (
        "search: books, chapters and passages with synthetic vectors (triggers off), the shared HNSW index",
        f"""
-- each organization's own book (no project: its passages are what a per-organization index
-- covers), chapters of ten passages of twelve words, one 384-d vector per passage, clustered as
-- text embeddings are: each chapter is about one of 500 topics (a fixed Gaussian direction) and
-- its passages' vectors are the topic plus Gaussian noise (cosine ~0.73 within a topic, ~0
-- across). Uniform random vectors, the earlier seeds', are the hard case for HNSW: a walk
-- touched 5.7 times the buffers, for 11%% of the true nearest (docs/scaling.md).
-- Words are drawn as text uses them (Zipf: the word of rank r with probability ~1/r, from
-- 20,000): 'w1' is in nearly every chapter, the named words sit at ranks 500, 1000, ...,
-- 19500 ('lantern' in ~2%% of chapters, 'harbour' in ~1%%)
{TOPICS_SQL}
insert into public.books (organization_id, created_by, title, status)
select o.id, o.owner_id, 'Chronicle ' || o.k, 'ready' from bench.orgs o;
create table bench.passages as
select b.id as book_id, o.id as organization_id, p / 10 + 1 as chapter_number, p %% 10 as passage_no,
       (select string_agg(case when r.rank %% 500 = 0 then w.words[r.rank / 500] else 'w' || r.rank end, ' ')
        from generate_series(1, 12) i
        cross join lateral (select floor(exp(ln(20000) * (abs(hashtext(o.k || ':' || p || ':' || i)) %% 1000000)
                                             / 1000000.0))::integer as rank) r) as text
from bench.orgs o
join public.books b on b.organization_id = o.id
cross join (select array['lantern', 'river', 'harbour', 'storm', 'captain', 'letter', 'garden', 'mirror', 'winter',
    'dragon', 'forest', 'signal', 'engine', 'castle', 'island', 'thunder', 'silver', 'shadow', 'orchard', 'compass',
    'violin', 'desert', 'glacier', 'market', 'beacon', 'tower', 'meadow', 'falcon', 'canyon', 'station', 'ember',
    'harvest', 'voyage', 'whisper', 'copper', 'lighthouse', 'archive', 'festival', 'midnight', 'border'] as words) w
cross join lateral generate_series(0, greatest(1, round(%(passages)s * o.share))::integer - 1) p;
alter table bench.passages add column passage_start integer, add column passage_end integer;
update bench.passages x set passage_start = y.start, passage_end = y.start + length(x.text)
from (select book_id, chapter_number, passage_no,
             (coalesce(sum(length(text) + 1) over (partition by book_id, chapter_number order by passage_no
                  rows between unbounded preceding and 1 preceding), 0))::integer as start
      from bench.passages) y
where y.book_id = x.book_id and y.chapter_number = x.chapter_number and y.passage_no = x.passage_no;
set session_replication_role = replica;
insert into public.chapters (book_id, organization_id, chapter_number, title, content, embedding_status)
select x.book_id, x.organization_id, x.chapter_number, 'Chapter ' || x.chapter_number,
       string_agg(x.text, ' ' order by x.passage_no), 'embedded'
from bench.passages x group by x.book_id, x.organization_id, x.chapter_number;
create table bench.hnsw as
select pg_get_indexdef('public.chapter_embeddings_hnsw_idx'::regclass) as definition;
drop index public.chapter_embeddings_hnsw_idx;
insert into public.chapter_embeddings (chapter_id, organization_id, book_id, embedding, embedding_model, passage_no,
    passage_start, passage_end)
select c.id, x.organization_id, x.book_id, {PASSAGE_VECTOR}, 'synthetic', x.passage_no, x.passage_start,
       x.passage_end
from bench.passages x
join public.chapters c on c.book_id = x.book_id and c.chapter_number = x.chapter_number
join bench.orgs o on o.id = x.organization_id
join bench.topics tp on tp.t = {CHAPTER_TOPIC};
set session_replication_role = origin;
-- what the chapters' trigger keeps
update public.books b set total_chapters = x.cnt
from (select book_id, count(*) as cnt from public.chapters group by book_id) x where x.book_id = b.id;
-- the graph in memory at L too (~1.3 kB per passage): past maintenance_work_mem the build slows down many times
set maintenance_work_mem = '2GB';
do $$ begin execute (select definition from bench.hnsw); end $$;
set maintenance_work_mem = '512MB';
""",
    ),
    (
        "a live job in the queue for each measured organization (triggers on)",
        """
insert into public.generations (organization_id, kind) select o.id, 'noop' from bench.orgs o where o.k in (1, 2);
""",
    ),
    ("maintenance: usage rollups (62 days)", "select private.refresh_usage_rollups(62);"),
    ("maintenance: analytics.daily_usage", "select private.refresh_daily_usage(1);"),
    ("maintenance: trending", "select private.refresh_trending_contents(7);"),
    ("maintenance: match scores of 100 viewers", "select private.refresh_content_matches(200);"),
    ("vacuum analyze", "vacuum analyze;"),
]


def fingerprint() -> str:
    migrations = sorted(p.name for p in get_settings().migrations_dir.glob("*.sql"))
    return hashlib.sha256(("\n".join(migrations) + SEED_VERSION).encode()).hexdigest()[:16]


def admin_url() -> str:
    settings = get_settings()
    return settings.database_url or connect.embedded_admin_url(settings)


def database_tag(url: str, name: str) -> str | None:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "select shobj_description(oid, 'pg_database') from pg_database where datname = %s", (name,)
        ).fetchone()
    return row[0] if row else None


def build(scale: str, rebuild: bool, reuse_any: bool = False) -> str:
    """The scale's database, built unless a current one is kept (or any built one, with
    `reuse_any`: its migrations may be older than the worktree's); its URL."""
    name = f"creatorverse_scale_{scale.lower()}"
    admin = admin_url()
    tag = f"scale_bench {fingerprint()}"
    kept = database_tag(admin, name)
    if not rebuild and (kept == tag or (reuse_any and kept and kept.startswith("scale_bench "))):
        print(f"scale {scale}: reusing database {name} ({kept}{'' if kept == tag else ', older migrations'})")
        return server.with_database(admin, name)
    server.drop_database(admin, name)
    url = server.ensure_database(admin, name)
    Migrator(url, get_settings().migrations_dir).run()
    numbers = SCALES[scale]
    timings = {}
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("set maintenance_work_mem = '512MB'")
        conn.execute("set work_mem = '256MB'")
        for label, statements in STEPS:
            step_started = time.perf_counter()
            conn.execute(statements % numbers if "%(" in statements or "%%" in statements else statements)
            timings[label] = time.perf_counter() - step_started
            print(f"  {label}: {timings[label]:.1f}s", flush=True)
        # the per-organization passage indexes the scheduler's duty keeps (same code)
        label = "search: per-organization passage indexes (duty sync_passage_indexes)"
        step_started = time.perf_counter()
        own_indexes = [c for c in sync_passage_indexes(conn) if c.action == "create" and not c.error]
        conn.execute("analyze public.chapter_embeddings")
        timings[label] = time.perf_counter() - step_started
        print(f"  {label}: {timings[label]:.1f}s ({len(own_indexes)} indexes)", flush=True)
        conn.execute(sql.SQL("comment on database {} is {}").format(sql.Identifier(name), sql.Literal(tag)))
    total = time.perf_counter() - started
    print(f"scale {scale}: built in {total:.0f}s (load average {os.getloadavg()[0]:.1f})")
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / f"scale_bench_{scale}_build.json").write_text(json.dumps({"seconds": total, "steps": timings}, indent=1))
    return url


# (label, who, SQL): who is a key of the actors (see actors()); %(x)s are the actors' ids
QUERIES = [
    (
        "generations: my org's newest page",
        "owner",
        "select id, kind, status, progress, created_at from public.generations where organization_id = %(org)s"
        " order by created_at desc limit 50",
    ),
    (
        "generations: one's status",
        "owner",
        "select status, progress, error_message from public.generations where id = %(generation)s",
    ),
    (
        "credits: my balance",
        "owner",
        "select balance, held_balance from public.credit_balances where organization_id = %(org)s",
    ),
    (
        "credits: my ledger page",
        "owner",
        "select id, type, amount, balance_after, created_at from public.credit_transactions"
        " where organization_id = %(org)s order by id desc limit 50",
    ),
    ("notifications: unread count", "viewer", "select public.unread_notification_count()"),
    # before: counting the unread rows (grows with the user's backlog), as supabase-js's head count does
    (
        "notifications: unread count, counted (before)",
        "viewer",
        "select count(*) from public.notifications where read_at is null",
    ),
    (
        "notifications: newest page",
        "viewer",
        "select id, title, read, created_at from public.notifications order by created_at desc limit 20",
    ),
    (
        "watch: catalogue page",
        "viewer",
        "select id, title, poster_url from public.contents order by published_at desc nulls last limit 50",
    ),
    (
        "watch: trending top 20",
        "viewer",
        "select content_id, title, trending_score from public.trending_contents order by trending_rank limit 20",
    ),
    (
        "watch: match scores top 20",
        "viewer",
        "select content_id, title, match_score from public.content_matches order by match_score desc limit 20",
    ),
    # before issue 28: the same two reads computed live (the old views' SQL, the viewer's plan
    # filter written out; service role), for the before/after comparison
    (
        "watch: trending top 20, live (before)",
        "service_role",
        "with recent as (select s.content_id, sum(s.viewers) v, sum(s.likes) l, sum(s.completions) c"
        "  from public.content_daily_stats s where s.day > (now() at time zone 'UTC')::date - 7 group by s.content_id)"
        " select c.id, c.title, coalesce(r.v + 2 * r.l + 3 * r.c, 0)::bigint as score from public.contents c"
        " left join recent r on r.content_id = c.id"
        " where c.status = 'published' and c.project_deleted_at is null and c.visibility_rank <= 1"
        " order by score desc, c.id limit 20",
    ),
    (
        "watch: match scores top 20, live (before)",
        "service_role",
        "with watched as (select distinct h.content_id from public.watch_history h where h.user_id = %(viewer_id)s),"
        " taste as (select extensions.avg(c.embedding) e from watched w join public.contents c on c.id = w.content_id"
        "  where c.embedding is not null)"
        " select c.id, c.title,"
        " greatest(0, round(100 * (1 - (c.embedding operator(extensions.<=>) t.e))))::integer as s"
        " from public.contents c cross join taste t"
        " where c.status = 'published' and c.project_deleted_at is null and c.visibility_rank <= 1"
        " and c.embedding is not null order by s desc, c.id limit 20",
    ),
    (
        "watch: continue watching",
        "viewer",
        "select content_id, title, progress_percent from public.continue_watching limit 20",
    ),
    # before: the view's earlier SQL, the latest position of every content the viewer started
    # (distinct on content), then the page
    (
        "watch: continue watching (before)",
        "viewer",
        "select l.content_id, l.title, l.progress_percent from (select distinct on (h.content_id) h.content_id,"
        " c.title, h.progress_percent, h.progress_seconds, h.completed, h.watched_at"
        " from public.watch_history h join public.contents c on c.id = h.content_id"
        " where h.user_id = (select auth.uid()) order by h.content_id, h.watched_at desc) l"
        " where not l.completed and l.progress_seconds > 0 order by l.watched_at desc limit 20",
    ),
    (
        "fandom: newest discussions",
        "viewer",
        "select id, title, score, upvotes, downvotes, comment_count from public.discussions"
        " where community_id = %(community)s order by created_at desc limit 20",
    ),
    (
        "projects: my list",
        "owner",
        "select id, title, status from public.projects where organization_id = %(org)s"
        " order by updated_at desc limit 50",
    ),
    (
        "store: product page with stock",
        "anon",
        "select p.id, p.name, p.price_cents, p.stock_quantity, p.stock_level,"
        " (select json_agg(json_build_object('id', v.id, 'stock', v.stock_quantity)) from public.product_variants v"
        "  where v.product_id = p.id) from public.products p where p.id = %(product)s",
    ),
    ("queue: a job's position", "owner", "select public.generation_queue_position(%(queued)s)"),
    # the largest organization's library grows with the scale (S 1,336 passages, M 11,650, L
    # ~102,000); the first organization of at least 1,000 passages has the same library at every
    # scale (1,336 / 1,059 / 1,001): its rows are the platform's growth alone
    (
        "search: match_chapters, my org",
        "owner",
        "select chapter_id, similarity from public.match_chapters(%(query_vector)s::extensions.vector(384), 10,"
        " filter_organization_id => %(org)s)",
    ),
    (
        "search: hybrid, my org",
        "owner",
        "select chapter_id, score from public.hybrid_search_chapters('lantern harbour',"
        " %(query_vector)s::extensions.vector(384), 10, filter_organization_id => %(org)s)",
    ),
    (
        "search: match_chapters, 1k-passage org",
        "library_owner",
        "select chapter_id, similarity from public.match_chapters(%(query_vector)s::extensions.vector(384), 10,"
        " filter_organization_id => %(library_org)s)",
    ),
    (
        "search: hybrid, 1k-passage org",
        "library_owner",
        "select chapter_id, score from public.hybrid_search_chapters('lantern harbour',"
        " %(query_vector)s::extensions.vector(384), 10, filter_organization_id => %(library_org)s)",
    ),
    # the worst case: words in nearly every chapter, so keyword ranking reads all of them
    (
        "search: hybrid, words in every chapter",
        "owner",
        "select chapter_id, score from public.hybrid_search_chapters('w1 w2',"
        " %(query_vector)s::extensions.vector(384), 10, filter_organization_id => %(org)s)",
    ),
    (
        "analyst: daily usage, one org, 30 days",
        "analyst",
        "select * from analytics.daily_usage where organization_id = %(org)s and day >= current_date - 30",
    ),
    (
        "analyst: pipeline usage, one pipeline",
        "analyst",
        "select * from analytics.pipeline_usage where pipeline_id = %(pipeline)s",
    ),
    (
        "analyst: generation cost, a day",
        "analyst",
        "select * from analytics.generation_cost where day = %(last_full_day)s",
    ),
    (
        "analyst: content engagement, one project",
        "analyst",
        "select * from analytics.content_engagement where project_id = %(project)s",
    ),
    (
        "analyst: cost by provider/model, this month",
        "analyst",
        "select * from analytics.cost_by_provider_model where month = date_trunc('month', now(), 'UTC')::date",
    ),
]


# the smallest organization whose library holds at least 1,000 passages
LIBRARY_ORG = (
    "k = (select max(o.k) from bench.orgs o where (select count(*) from public.chapter_embeddings e"
    " where e.organization_id = o.id) >= 1000)"
)


def actors(conn: psycopg.Connection) -> dict:
    """The measured subjects: the largest organization (k = 1) and its owner, the first viewer
    (the most notifications, a subscriber), the largest community, a product, a pipeline, and
    the organization whose library is the same size at every scale (LIBRARY_ORG) and its owner."""

    def one(query: str):
        row = conn.execute(query).fetchone()
        return row[0] if row else None

    row = conn.execute(f"select id, owner_id from bench.orgs where {LIBRARY_ORG}").fetchone()
    library = {"library_org": row[0] if row else None, "library_owner_id": row[1] if row else None}

    return {
        "org": one("select id from bench.orgs where k = 1"),
        "owner_id": one("select owner_id from bench.orgs where k = 1"),
        **library,
        "viewer_id": one("select id from bench.viewers where n = 1"),
        "generation": one(
            "select g.id from public.generations g join bench.orgs o on o.id = g.organization_id"
            " where o.k = 1 order by g.created_at limit 1"
        ),
        "queued": one(
            "select g.id from public.generations g join bench.orgs o on o.id = g.organization_id"
            " where o.k = 1 and g.status = 'queued' order by g.created_at, g.id limit 1"
        ),
        "community": one("select id from bench.communities where k = 1"),
        "project": one("select project_id from bench.orgs where k = 1"),
        "product": one("select id from public.products order by created_at, id limit 1"),
        # the last full day of the data, the day before it was built (a database is reused on
        # later days, when `current_date - 1` would be the build day: most generations of the
        # smaller organizations fall in its last hour)
        "last_full_day": one("select (max(created_at) at time zone 'UTC')::date - 1 from public.generations"),
        # a query about topic 0 (synthetic, the same at every scale)
        "query_vector": one(QUERY_VECTOR),
        "pipeline": one(
            "select g.parent_id from public.generations g join bench.orgs o on o.id = g.organization_id"
            " where o.k = 1 and g.parent_id is not null limit 1"
        ),
    }


def act(conn: psycopg.Connection, who: str, ids: dict) -> None:
    conn.execute("reset role")
    if who == "owner":
        act_as_user(conn, ids["owner_id"])
    elif who == "library_owner":
        act_as_user(conn, ids["library_owner_id"])
    elif who == "viewer":
        act_as_user(conn, ids["viewer_id"])
    elif who == "anon":
        conn.execute("set role anon")
        conn.execute("select set_config('request.jwt.claims', '{\"role\": \"anon\"}', false)")
    else:
        conn.execute(f"set role {who}")


def plan_summary(conn: psycopg.Connection, query: str, params: dict) -> tuple[str, float]:
    """The plan's top nodes (down to the first scan) and shared buffers touched per call."""
    plan = conn.execute("explain (analyze, buffers, format json) " + query, params).fetchone()[0][0]
    node, path = plan["Plan"], []
    while True:
        label = node["Node Type"]
        if "Index Name" in node:
            label += f" {node['Index Name']}"
        elif "Relation Name" in node:
            label += f" {node['Relation Name']}"
        path.append(label)
        children = [c for c in node.get("Plans", []) if c.get("Parent Relationship") not in ("InitPlan", "SubPlan")]
        if "Relation Name" in node or not children:
            break
        node = children[0]
    top = plan["Plan"]
    return " > ".join(path[:3]), top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)


def settle_queue(conn: psycopg.Connection) -> None:
    """The same live queue at every scale: one job for each measured organization (earlier runs'
    --queue claims leave more behind), in a hot table rewritten as a fresh deploy has it (the
    churn of earlier runs differs from one database to the next)."""
    conn.execute(
        "select public.cancel_generation(g.id) from public.generations g join bench.orgs o on o.id = g.organization_id"
        " where o.k in (1, 2) and g.status = 'queued' and g.id <> (select f.id from public.generations f"
        " where f.organization_id = o.id and f.status = 'queued' order by f.created_at, f.id limit 1)"
    )
    conn.execute("vacuum full analyze private.job_queue")


def measure(url: str, scale: str, repeat: int, budget: float = 20.0) -> dict:
    results = {}
    with psycopg.connect(url, autocommit=True) as conn:
        settle_queue(conn)
        ids = actors(conn)
        for label, who, query in QUERIES:
            act(conn, who, ids)
            params = {k: v for k, v in ids.items() if f"%({k})s" in query}
            if None in params.values():
                continue  # nothing of the kind at this scale
            # warm-up: five calls (the plan cache's switch to a generic plan), one for a slow query
            for _ in range(5):
                started = time.perf_counter()
                conn.execute(query, params, prepare=True).fetchall()
                if time.perf_counter() - started > 0.2:
                    break
            timings = []
            budget_ends = time.perf_counter() + budget
            # `repeat` calls, fewer for a slow query (analyst views at L): at least 5, within the budget
            while len(timings) < repeat and (len(timings) < 5 or time.perf_counter() < budget_ends):
                started = time.perf_counter()
                conn.execute(query, params, prepare=True).fetchall()
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            top, buffers = plan_summary(conn, query, params)
            results[label] = {
                "calls": len(timings),
                "p50": statistics.median(timings),
                "p95": timings[int(0.95 * (len(timings) - 1))],
                "plan": top,
                "buffers": buffers,
            }
            print(
                f"  {label:<44} p50 {results[label]['p50']:8.2f} ms  p95 {results[label]['p95']:8.2f} ms"
                f"  {buffers:>7} buf  {top}",
                flush=True,
            )
        conn.execute("reset role")
    return results


def queue_cost(url: str, jobs: int = 100) -> dict:
    """Claim + complete of `jobs` no-op jobs one by one (ms per job, median and p95) with the
    database's finished generations in place; the hot queue table holds only live jobs."""
    with psycopg.connect(url, autocommit=True) as conn:
        org = conn.execute("select id from bench.orgs where k = 2").fetchone()[0]
        finished = conn.execute("select count(*) from public.generations where status = 'succeeded'").fetchone()[0]
        conn.execute(
            "insert into public.generations (organization_id, kind) select %s, 'noop' from generate_series(1, %s)",
            (org, jobs),
        )
        queue_rows = conn.execute("select count(*) from private.job_queue").fetchone()[0]
        conn.execute("set role service_role")
        timings = []
        for _ in range(jobs):
            started = time.perf_counter()
            claimed = conn.execute("select queue_id, lease_token from public.job_claim('bench', 'noop', 1)").fetchone()
            if claimed is None:
                break
            conn.execute(
                "select public.job_complete(array[%s]::bigint[], array[%s]::bigint[], array['{}'::jsonb])",
                claimed,
                prepare=True,
            )
            timings.append((time.perf_counter() - started) * 1000)
        conn.execute("reset role")
        # the claims took the measured organizations' live jobs too: they are queued again
        conn.execute(
            "insert into public.generations (organization_id, kind) select o.id, 'noop' from bench.orgs o"
            " where o.k in (1, 2) and not exists (select from public.generations g"
            " where g.organization_id = o.id and g.status = 'queued')"
        )
    timings.sort()
    return {
        "finished_generations": finished,
        "queue_rows": queue_rows,
        "jobs": len(timings),
        "p50": statistics.median(timings),
        "p95": timings[int(0.95 * (len(timings) - 1))],
    }


def print_table() -> None:
    measured = {
        s: json.loads((CACHE / f"scale_bench_{s}.json").read_text())
        for s in SCALES
        if (CACHE / f"scale_bench_{s}.json").exists()
    }
    if not measured:
        print("nothing measured yet")
        return
    scales = [s for s in measured if s != "0"]
    if not scales:
        scales = list(measured)
    largest = scales[-1]
    head = f"{'query':<44}" + "".join(f" {s + ' p50':>8} {s + ' p95':>8} {s + ' buf':>7}" for s in scales)
    head += f" {'p95 ' + largest + '/S':>9} {'buf ' + largest + '/S':>9}  plan at {largest}"
    print(head)
    for label, _, _ in QUERIES:
        row = f"{label:<44}"
        for s in scales:
            r = measured[s]["queries"].get(label)
            row += f" {r['p50']:>8.2f} {r['p95']:>8.2f} {r['buffers']:>7}" if r else f" {'-':>8} {'-':>8} {'-':>7}"
        last, first = measured[largest]["queries"].get(label), measured[scales[0]]["queries"].get(label)
        comparable = last and first and scales[0] == "S"
        growth = f"{last['p95'] / first['p95']:.2f}x" if comparable else "-"
        buffer_growth = f"{last['buffers'] / max(first['buffers'], 1):.2f}x" if comparable else "-"
        row += f" {growth:>9} {buffer_growth:>9}  {last['plan'] if last else ''}"
        print(row)
    for s in measured:
        meta = measured[s]
        queue = meta.get("queue")
        print(
            f"{s}: measured {meta['measured_at']} (load average {meta['load']:.1f}, {meta['repeat']} calls each)"
            + (
                f"; queue claim+complete p50 {queue['p50']:.2f} ms p95 {queue['p95']:.2f} ms with "
                f"{queue['finished_generations']:,} finished generations, {queue['queue_rows']} queue rows"
                if queue
                else ""
            )
        )


def sizes(url: str) -> list[tuple]:
    """Table and index bytes per row of the largest tables."""
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute("""
            select c.oid::regclass::text, c.reltuples::bigint,
                   pg_table_size(c.oid) / greatest(c.reltuples, 1), pg_indexes_size(c.oid) / greatest(c.reltuples, 1)
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where c.relkind = 'r' and n.nspname in ('public', 'private', 'auth') and c.reltuples > 1000
            order by pg_total_relation_size(c.oid) desc limit 12""").fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=list(SCALES))
    parser.add_argument(
        "--rebuild", action="store_true", help="build the scale's database even if a current one is kept"
    )
    parser.add_argument(
        "--reuse-any", action="store_true", help="measure the kept database even if built from older migrations"
    )
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--queue", action="store_true", help="also measure claim + complete (adds 100 jobs)")
    parser.add_argument("--sizes", action="store_true", help="bytes per row of the largest tables")
    parser.add_argument("--table", action="store_true", help="print the table of every scale measured")
    args = parser.parse_args()
    if args.scale:
        url = build(args.scale, args.rebuild, args.reuse_any)
        print(f"scale {args.scale}: measuring ({args.repeat} calls per query)")
        results = {
            "queries": measure(url, args.scale, args.repeat),
            "repeat": args.repeat,
            "load": os.getloadavg()[0],
            "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        }
        if args.queue:
            results["queue"] = queue_cost(url)
        if args.sizes:
            results["sizes"] = [list(r) for r in sizes(url)]
            for name, rows, table, index in results["sizes"]:
                print(f"  {name:<40} {rows:>12,} rows {table:>8.0f} B/row table {index:>8.0f} B/row indexes")
        CACHE.mkdir(parents=True, exist_ok=True)
        (CACHE / f"scale_bench_{args.scale}.json").write_text(json.dumps(results, indent=1, default=str))
    print_table()


if __name__ == "__main__":
    main()
