-- Local development data for `supabase db reset` (never deployed by `supabase db push`).
-- Two people sign up, one creates a studio and invites the other, as the API would: each step
-- runs through the same RPCs and triggers as a client's request. Sign in by magic link
-- (Inbucket, http://127.0.0.1:54324): ada@creatorverse.local, ben@creatorverse.local.

insert into auth.users (
    instance_id, id, aud, role, email, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at
)
values
(
    '00000000-0000-0000-0000-000000000000', 'a0000000-0000-4000-8000-000000000001', 'authenticated', 'authenticated',
    'ada@creatorverse.local', now(), '{"provider": "email", "providers": ["email"]}',
    '{"full_name": "Ada Director", "username": "ada"}', now(), now()
),
(
    '00000000-0000-0000-0000-000000000000', 'a0000000-0000-4000-8000-000000000002', 'authenticated', 'authenticated',
    'ben@creatorverse.local', now(), '{"provider": "email", "providers": ["email"]}',
    '{"full_name": "Ben Writer", "username": "ben"}', now(), now()
);

-- Ada, signed in: a team studio, Ben invited as editor, a project.
select set_config('request.jwt.claims', '{"sub": "a0000000-0000-4000-8000-000000000001", "email": "ada@creatorverse.local", "role": "authenticated"}', false);
select public.create_organization('Lantern Studio', 'lantern-studio');
select public.invite_member(
    (select o.id from public.organizations as o where o.slug = 'lantern-studio'), 'ben@creatorverse.local', 'editor'
);
insert into public.projects (organization_id, created_by, title, genre, visibility)
select o.id, o.primary_owner_user_id, 'The Lantern Keeper', 'fantasy', 'team'
from public.organizations as o where o.slug = 'lantern-studio';

-- Ben, signed in: accepts the invitation addressed to his email.
select set_config('request.jwt.claims', '{"sub": "a0000000-0000-4000-8000-000000000002", "email": "ben@creatorverse.local", "role": "authenticated"}', false);
select public.accept_invitation_by_id(
    (select i.id from public.invitations as i where i.email = 'ben@creatorverse.local')
);
select set_config('request.jwt.claims', '', false);
