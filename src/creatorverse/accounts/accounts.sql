-- name: user_by_email
select u.id from auth.users as u where lower(u.email) = lower(%(email)s);

-- name: insert_user
-- What Supabase Auth does on sign-up; the signup trigger adds the profile and personal organization.
insert into auth.users (id, aud, role, email, raw_user_meta_data, raw_app_meta_data, created_at, updated_at)
values (
    gen_random_uuid(), 'authenticated', 'authenticated', lower(%(email)s), %(meta)s, '{"provider": "email"}', now(), now()
)
returning id;

-- name: create_organization
select o.id, o.slug from public.create_organization(%(name)s, %(slug)s) as o;

-- name: organization
-- by id (any case) or slug (any case)
select o.id, o.slug, o.name from public.organizations as o
where (o.id::text = lower(%(ref)s) or o.slug = lower(%(ref)s)) and o.deleted_at is null;

-- name: organizations
select
    o.slug,
    o.name,
    case when o.is_personal then 'personal' else 'team' end as kind,
    p.email as owner,
    (select count(*) from public.organization_members as m where m.organization_id = o.id) as members,
    (select count(*) from public.books as b where b.organization_id = o.id and b.deleted_at is null) as books,
    o.id
from public.organizations as o
left join public.profiles as p on o.primary_owner_user_id = p.id
where o.deleted_at is null and (%(include_personal)s or not o.is_personal)
order by o.is_personal, o.created_at;

-- name: members
select p.email, m.role::text, coalesce(p.display_name, '') as display_name, m.joined_at, m.user_id
from public.organization_members as m
join public.organizations as o on m.organization_id = o.id
left join public.profiles as p on m.user_id = p.id
where m.organization_id = %(organization_id)s
order by m.role desc, p.email;

-- name: primary_owner
select o.primary_owner_user_id from public.organizations as o where o.id = %(organization_id)s;
