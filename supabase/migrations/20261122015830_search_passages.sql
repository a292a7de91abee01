-- Search over whole chapters and the way people type (issue 15; long chapters of issue 10).
--
-- 1. chapter_embeddings holds one vector per PASSAGE of a chapter (about 120 words each, the
--    whole chapter), keyed by (chapter_id, passage_no) with the passage's character offsets in
--    chapters.content. Search returns the chapter through its best passage.
-- 2. chapters.fts_english: the English configuration's tsvector (stop words dropped, words
--    stemmed) for the keyword half's ranked OR matching; `fts` ('simple') stays for words of
--    other scripts (Korean, Chinese) matched by prefix.
-- match_chapters and hybrid_search_chapters return new columns: their old definitions are
-- dropped here and recreated by supabase/functions/search.sql.

drop function if exists public.hybrid_search_chapters(
    text, extensions.vector, integer, double precision, double precision, integer, uuid, uuid
);
drop function if exists public.match_chapters(extensions.vector, integer, uuid, uuid, uuid, integer);

-- vectors of the old layout (one mean vector per chapter) go back to the queue as passages
delete from public.chapter_embeddings;
update public.chapters set embedding_status = 'pending'
where embedding_status = 'embedded' and deleted_at is null;

alter table public.chapter_embeddings
drop constraint chapter_embeddings_pkey,
add column passage_no integer not null default 0 check (passage_no >= 0),
add column passage_start integer not null default 0 check (passage_start >= 0),
add column passage_end integer not null default 0,
add constraint chapter_embeddings_passage_offsets check (passage_end >= passage_start),
add primary key (chapter_id, passage_no);

comment on table public.chapter_embeddings is
'One vector per passage of every live chapter (removed when the chapter is soft-deleted or edited); '
'search with match_chapters() or hybrid_search_chapters().';
comment on column public.chapter_embeddings.passage_no is 'The passage''s place in its chapter, from 0.';
comment on column public.chapter_embeddings.passage_start is
'Where the passage starts in chapters.content: a 0-based character offset.';
comment on column public.chapter_embeddings.passage_end is
'Where the passage ends in chapters.content: a 0-based character offset, exclusive.';

alter table public.chapters
add column fts_english tsvector generated always as (
    setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', content), 'B')
) stored;
create index chapters_fts_english_idx on public.chapters using gin (fts_english);
