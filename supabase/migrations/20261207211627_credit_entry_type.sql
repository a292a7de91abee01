-- A ledger entry to post, as the ledger's posting primitive takes it (issue 27): the credit
-- ledger posts a batch of entries in one pass (private.post_credit_entries, credit_ledger.sql),
-- so that completing a batch of paid jobs settles all its holds at once; the one-entry form
-- (private.post_credit_entry) posts an array of one. The fields are post_credit_entry's
-- arguments, named as the columns of public.credit_transactions they fill.
create type private.credit_entry as (
    organization_id uuid,
    type text,
    main_delta bigint,
    rollover_delta bigint,
    bonus_delta bigint,
    held_delta bigint,
    idempotency_key text,
    user_id uuid,
    hold_id uuid,
    reference_type text,
    reference_id text,
    description text,
    metadata jsonb,
    key_source text
);
comment on type private.credit_entry is
'A ledger entry to post (private.post_credit_entries): the bucket deltas and what the entry records; amount, balance_after, held_after, id and created_at are set when it is posted.';
