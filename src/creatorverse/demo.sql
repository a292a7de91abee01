-- name: ensure_demo_user
-- A demo user (Supabase Auth would create it on sign-up); the signup trigger gives it a profile.
insert into auth.users (id, aud, role, email, raw_user_meta_data, created_at, updated_at)
select gen_random_uuid(), 'authenticated', 'authenticated', 'demo@creatorverse.local',
       '{"full_name": "Demo Director", "username": "demo_director"}', now(), now()
where not exists (select 1 from auth.users where email = 'demo@creatorverse.local');

-- name: ensure_demo_studio
-- The user's team organization (created as create_organization() would).
with demo as (
    select id as user_id from auth.users where email = 'demo@creatorverse.local'
),

studio as (
    insert into public.organizations (name, slug, primary_owner_user_id, created_by)
    select 'Demo Studio', 'demo-studio', demo.user_id, demo.user_id as created_by from demo
    where not exists (select 1 from public.organizations where slug = 'demo-studio')
    returning id, primary_owner_user_id
)

insert into public.organization_members (organization_id, user_id, role)
select studio.id, studio.primary_owner_user_id, 'owner' as role from studio;

-- name: demo_book
select b.id from public.books as b
join public.organizations as o on b.organization_id = o.id
where o.slug = 'demo-studio' and b.title = %(title)s and b.deleted_at is null;

-- name: demo_claims
select json_build_object('sub', id, 'email', email, 'role', 'authenticated')::text
from auth.users where email = 'demo@creatorverse.local';

-- name: hybrid_search
select c.title, round(h.score::numeric, 4) as score, h.keyword_rank, h.semantic_rank
from public.hybrid_search_chapters(%(query)s, %(embedding)s, 3) as h
join public.chapters as c on h.chapter_id = c.id
order by h.score desc;

-- name: wallet
select b.balance + b.rollover_balance + b.bonus_balance as available, s.plan_id
from public.credit_balances as b
join public.subscriptions as s on b.organization_id = s.organization_id
join public.organizations as o on b.organization_id = o.id
where o.slug = 'demo-studio';
