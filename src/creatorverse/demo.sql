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

-- name: welcome_credits
-- once per studio (the key makes a second grant return the first)
select public.credits_grant(%(org)s, %(credits)s, 'bonus', %(key)s);

-- name: film_project
with found as (
    select p.id from public.projects as p
    where p.organization_id = %(org)s and p.title = %(title)s and p.deleted_at is null
    order by p.created_at limit 1
),

made as (
    insert into public.projects (organization_id, created_by, title)
    select %(org)s, %(owner)s, %(title)s where not exists (select 1 from found)
    returning id
)

select id from found
union all
select id from made;

-- name: film_book
select b.id from public.books as b
where b.organization_id = %(org)s and b.project_id = %(project)s and b.title = %(title)s and b.deleted_at is null
order by b.created_at limit 1;

-- name: film_chapters
select c.content from public.chapters as c
where c.book_id = %(book)s and c.deleted_at is null
order by c.chapter_number;

-- name: film_first_chapter
select c.id from public.chapters as c
where c.book_id = %(book)s and c.deleted_at is null
order by c.chapter_number limit 1;

-- name: film_script
-- a live script: its organization, the organization's slug, the book's title and the scenes
select s.organization_id, o.slug, coalesce(b.title, c.title, 'script') as title, s.scene_count
from public.scripts as s
join public.organizations as o on s.organization_id = o.id
left join public.chapters as c on s.chapter_id = c.id
left join public.books as b on c.book_id = b.id
where s.id::text = %(script)s and s.deleted_at is null;
