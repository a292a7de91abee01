-- Issue 9, money and invitations: tables only (the functions live in supabase/functions).

-- 5. The free plan's allowance belongs to a person, once: it is granted to personal
-- organizations only. A team organization gets what a paid plan grants.
alter table public.plans add column allowance_personal_only boolean not null default false;
comment on column public.plans.allowance_personal_only is
'The monthly allowance is granted to personal organizations only (the free plan: one person, one allowance).';
update public.plans set allowance_personal_only = true where id = 'free';

-- Organization creation is rate-limited per user: the count looks back 24 hours.
create index organizations_created_by_idx on public.organizations (created_by, created_at) where not is_personal;

-- 7. Invitations: addressed to one email (the default), or an "anyone with the link" invitation
-- that has no email. Rate-limited per organization: the count looks back 24 hours.
alter table public.invitations add column kind text not null default 'email' check (kind in ('email', 'link'));
alter table public.invitations alter column email drop not null;
alter table public.invitations add constraint invitations_kind_email_check check ((kind = 'email') = (email is not null));
comment on column public.invitations.kind is
'email: only the user signed in with `email` may accept; link: anyone holding the token may (admins create these).';
create index invitations_organization_created_idx on public.invitations (organization_id, created_at);

-- 12. Idempotency keys: the ledger's own keys (hold:, capture:, release:, period:, stripe:)
-- and the keys callers pass live in separate namespaces, so no caller key reaches an internal entry.
alter table public.credit_transactions
add column key_source text not null default 'caller' check (key_source in ('caller', 'ledger'));
comment on column public.credit_transactions.key_source is
'Namespace of idempotency_key: caller (passed to credits_grant/credits_spend) or ledger (written by the ledger itself).';

alter table public.credit_transactions disable trigger forbid_changes;
update public.credit_transactions t set key_source = 'ledger'
where t.type in ('hold', 'capture', 'release', 'expiry', 'rollover')
   or (t.type = 'subscription' and t.idempotency_key like 'period:%'
       and (t.description like '% plan allowance' or t.description like 'upgrade to %: allowance topped up'))
   or (t.type = 'purchase' and t.idempotency_key like 'stripe:checkout:%' and t.reference_type = 'stripe_payment_intent')
   or (t.type = 'adjustment' and t.idempotency_key like 'stripe:refund:%' and t.reference_type = 'stripe_charge');
alter table public.credit_transactions enable trigger forbid_changes;

alter table public.credit_transactions drop constraint credit_transactions_organization_id_idempotency_key_key;
alter table public.credit_transactions
add constraint credit_transactions_idempotency_key_key unique (organization_id, key_source, idempotency_key);

-- The ledger internals whose signatures gain the key namespace: supabase/functions/credit_ledger.sql
-- creates them anew (the compiled migration that follows).
drop function private.post_credit_entry(uuid, text, bigint, bigint, bigint, bigint, text, uuid, uuid, text, text, text, jsonb);
drop function private.credit_entry_by_key(uuid, text);
drop function private.begin_credit_change(uuid, text, bigint);
