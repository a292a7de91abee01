-- The passage index with m = 16 (pgvector's default) instead of 24: a filtered walk expands
-- many nodes before enough passages pass the caller's filters, and each expansion reads every
-- neighbour's vector; 16 neighbours a layer (32 at the bottom) instead of 24 (48) made the
-- largest organization's match_chapters ~15% faster on the real-text bench with recall still
-- above 0.98 (docs/studio.md, bench/search_bench.py). Rebuilding locks writes to the table
-- for as long as the build takes (seconds per 100k passages on 2 cores).
drop index public.chapter_embeddings_hnsw_idx;

create index chapter_embeddings_hnsw_idx on public.chapter_embeddings
using hnsw (embedding extensions.halfvec_cosine_ops) with (m = 16, ef_construction = 128);
