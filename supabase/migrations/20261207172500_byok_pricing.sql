-- BYOK: which key pays a generation, and what a generation paid by the organization's own
-- provider key costs on a BYOK plan (supabase/functions/generation.sql, docs/billing.md).
alter table public.plans
    add column own_key_fee_percent integer not null default 100,
    add constraint plans_own_key_fee_percent_check check (own_key_fee_percent between 0 and 100),
    -- only a BYOK plan discounts own-key generations; others price them like platform ones
    add constraint plans_own_key_fee_only_byok check (is_byok or own_key_fee_percent = 100);
comment on column public.plans.own_key_fee_percent is
    'On a BYOK plan (is_byok): the share (percent) of the platform credit price a generation run on the organization''s own provider key costs; 0 = nothing.';
update public.plans set own_key_fee_percent = 0 where id = 'byok';

alter table public.generations
    add column paid_by text not null default 'platform',
    add column provider_credential_id uuid references public.provider_credentials (id) on delete set null,
    add constraint generations_paid_by_check check (paid_by in ('platform', 'own_key')),
    -- a platform-paid generation names no credential (an own-key one may outlive its credential)
    add constraint generations_own_key_credential check (paid_by = 'own_key' or provider_credential_id is null);
comment on column public.generations.paid_by is
    'Whose provider key pays: platform, or own_key (the organization''s provider_credential_id, chosen at the request).';
create index generations_provider_credential_idx on public.generations (provider_credential_id)
where provider_credential_id is not null;

alter table public.credit_holds
    add column paid_by text,
    add constraint credit_holds_paid_by_check check (paid_by in ('platform', 'own_key'));
comment on column public.credit_holds.paid_by is
    'For a generation''s hold: whose provider key pays it (platform or own_key); null for other holds.';
