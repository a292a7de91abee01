-- private.deleted_org_ids() (the store's policies: nothing of a deleted organization is for
-- sale) read every organization row on every product read: a sequential scan that grows with
-- the platform (bench/scale_bench.py, store product page: 208 of its 473 buffers at 3,000
-- organizations). Deleted organizations are few: a partial index holds only them, and the
-- helper becomes an index-only scan of those.
create index organizations_deleted_idx on public.organizations (id) where deleted_at is not null;
