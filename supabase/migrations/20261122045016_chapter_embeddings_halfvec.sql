-- Passage vectors as halfvec(384): 2 bytes a dimension instead of 4. Filtered search reads a
-- heap page per passage it scores (the exact scan of an organization's passages, and every
-- passage the filtered HNSW scan passes over); at 1.5 kB a vector that was ~2 passages a
-- page, now ~9, and the HNSW index halves too (docs/studio.md, bench/search_bench.py).
-- all-MiniLM-L6-v2's unit vectors lose nothing that changes a top-10 at half precision.
-- Writers keep sending vector(384): the cast to halfvec is implicit.
drop index public.chapter_embeddings_hnsw_idx;

alter table public.chapter_embeddings
alter column embedding type extensions.halfvec(384) using embedding::extensions.halfvec(384);

create index chapter_embeddings_hnsw_idx on public.chapter_embeddings
using hnsw (embedding extensions.halfvec_cosine_ops) with (m = 24, ef_construction = 128);
