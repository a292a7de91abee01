-- The ledger's idempotency key is unique per (organization, key_source, key); its index led by
-- organization_id competed with the primary key (organization_id, id) for a client's ledger page
-- (`where organization_id = $1 order by id desc limit 50`): under RLS the generic plan a
-- prepared statement gets after five calls estimates one row for the organization (the policy's
-- `organization_id = any(my organizations)` and the filter taken as independent), and picked the
-- key index plus a sort of every entry of the organization: 447 ms at 1M entries
-- (bench/scale_bench.py, scale L) against 13 buffers by the primary key. The same uniqueness with
-- the organization last leaves the primary key the only index that starts with it; the ledger's
-- look-ups by key name all three columns (private.credit_entry_by_key).
-- On a live ledger of this size: create the new unique index concurrently first, then
-- `add constraint … using index` and drop the old one, outside a migration transaction.
alter table public.credit_transactions drop constraint credit_transactions_idempotency_key_key;
alter table public.credit_transactions
add constraint credit_transactions_idempotency_key_key unique (key_source, idempotency_key, organization_id);
