-- name: ensure_demo_user
-- A demo user (Supabase Auth would create it on sign-up); the signup trigger gives it a profile.
insert into auth.users (id, aud, role, email, raw_user_meta_data, created_at, updated_at)
select gen_random_uuid(), 'authenticated', 'authenticated', 'demo@creatorverse.local',
       '{"full_name": "Demo Director", "username": "demo_director"}', now(), now()
where not exists (select 1 from auth.users where email = 'demo@creatorverse.local');

-- name: demo_book
select b.id from public.books as b
join public.organizations as o on b.organization_id = o.id
where o.slug = 'demo-studio' and b.title = %(title)s and b.deleted_at is null;

-- name: wallet
select b.balance + b.rollover_balance + b.bonus_balance as available, s.plan_id
from public.credit_balances as b
join public.subscriptions as s on b.organization_id = s.organization_id
join public.organizations as o on b.organization_id = o.id
where o.slug = 'demo-studio';
