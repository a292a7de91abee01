-- The search RPCs, called as the acting user (RLS decides what is found).

-- name: hybrid
select h.chapter_id, h.score, h.keyword_rank, h.semantic_rank
from public.hybrid_search_chapters(
    %(query)s, %(embedding)s, %(k)s, 1, 1, 50, %(organization_id)s, %(book_id)s
) as h
order by h.score desc;

-- name: keyword
-- No embedding needed: the keyword path alone.
select k.chapter_id, k.rank::double precision as score, k.keyword_rank, null::bigint as semantic_rank
from public.keyword_search_chapters(%(query)s, %(k)s, %(organization_id)s, %(book_id)s) as k
order by k.keyword_rank;

-- name: vector
select
    m.chapter_id,
    m.similarity as score,
    null::bigint as keyword_rank,
    row_number() over (order by m.similarity desc) as semantic_rank
from public.match_chapters(%(embedding)s, %(k)s, %(organization_id)s, %(book_id)s) as m
order by m.similarity desc;

-- name: chapters
select c.id, b.title as book_title, c.chapter_number, c.title, c.content
from public.chapters as c
join public.books as b on c.book_id = b.id
where c.id = any(%(ids)s);

-- name: book
select b.id from public.books as b
where
    b.organization_id = coalesce(%(organization_id)s, b.organization_id)
    and (b.id::text = lower(%(ref)s) or lower(b.title) = lower(%(ref)s))
    and b.deleted_at is null;

-- name: passage_index_changes
-- The DDL that brings the per-organization passage indexes in line (create, drop), in order.
select c.organization_id, c.action, c.statement
from public.passage_index_changes(%(min_passages)s) as c;
