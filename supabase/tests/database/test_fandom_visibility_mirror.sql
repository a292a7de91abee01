-- What makes a community's content public is mirrored onto each content row (community_hidden,
-- issue 28) and the community carries its organization's deletion (organization_deleted_at,
-- private.mirror_organization_deleted_at):
-- the select policies judge rows by those columns. The mirror follows every change that decides
-- it, set-based, and a client can set neither column.
begin;
\ir ../helpers/tests_schema.psql
select plan(22);

select tests.create_user(name) from unnest(array['owner', 'fan', 'outsider']) name;
select tests.create_organization('owner', 'studio');

select tests.authenticate_as('owner');
insert into public.communities (organization_id, name, slug, visibility)
values (tests.org_id('studio'), 'Keepers', 'keepers', 'public'),
       (tests.org_id('studio'), 'Backstage', 'backstage', 'private');
select tests.authenticate_as('fan');
select public.join_community(id) from public.communities where slug = 'keepers';
insert into public.discussions (community_id, title, content, community_hidden)
select id, 'Theories', 'Season two', true from public.communities where slug = 'keepers';
insert into public.discussion_comments (discussion_id, content)
select id, 'Agreed' from public.discussions where title = 'Theories';
insert into public.discussion_votes (discussion_id, vote_type)
select id, 'up' from public.discussions where title = 'Theories';
select tests.authenticate_as('owner');
insert into public.discussions (community_id, title, content)
select id, 'Secret plans', 'Season two' from public.communities where slug = 'backstage';

-- set on insert from the community, whatever the client sent
select is((select community_hidden from public.discussions where title = 'Theories'), false,
    'a post in a public community is public, though the client sent community_hidden = true');
select is((select community_hidden from public.discussions where title = 'Secret plans'), true,
    'a post in a private community is hidden');
select is((select bool_or(community_hidden) from public.discussion_comments), false,
    'a comment takes its community''s visibility (community_id derived from its post)');
select is((select bool_or(community_hidden) from public.discussion_votes), false, 'so does a vote');

select tests.authenticate_as('fan');
update public.discussions set community_hidden = true where title = 'Theories';
select is((select community_hidden from public.discussions where title = 'Theories'), false,
    'an author''s update of community_hidden is put back from the community');
select tests.authenticate_as('outsider');
select is((select count(*) from public.discussions), 1::bigint, 'an outsider reads the public community''s post only');
select is((select count(*) from public.discussion_comments), 1::bigint, 'and its comment');
select is((select count(*) from public.discussion_votes), 1::bigint, 'and its vote');

-- the community turns private: its content hides at once, for outsiders only
select tests.authenticate_as('owner');
update public.communities set visibility = 'private' where slug = 'keepers';
select is((select bool_and(community_hidden) from public.discussions), true, 'a community turned private hides its posts');
select is((select bool_and(community_hidden) from public.discussion_comments), true, 'and their comments');
select is((select bool_and(community_hidden) from public.discussion_votes), true, 'and their votes');
select tests.authenticate_as('outsider');
select is((select count(*) from public.discussions), 0::bigint, 'an outsider no longer reads them');
select is((select count(*) from public.communities), 2::bigint, 'a private community is still listed');
select tests.authenticate_as('fan');
select is((select count(*) from public.discussions), 1::bigint, 'an active member still does');

-- banned, then active and public again
select tests.authenticate_as_service_role();
update public.communities set visibility = 'public' where slug = 'keepers';
select is((select community_hidden from public.discussions where title = 'Theories'), false, 'public again: shown');
update public.communities set status = 'banned' where slug = 'keepers';
select is((select community_hidden from public.discussions where title = 'Theories'), true, 'a banned community hides');
update public.communities set status = 'active' where slug = 'keepers';

-- the organization's deletion reaches its communities and their content, and its restoring
update public.organizations set deleted_at = now() where id = tests.org_id('studio');
select isnt((select organization_deleted_at from public.communities where slug = 'keepers'), null,
    'a deleted organization''s communities carry its deletion');
select is((select community_hidden from public.discussions where title = 'Theories'), true, 'and hide their content');
select tests.authenticate_as('outsider');
select is((select count(*) from public.communities), 0::bigint, 'its communities are listed to nobody outside');
select tests.authenticate_as_service_role();
update public.organizations set deleted_at = null where id = tests.org_id('studio');
select is((select community_hidden from public.discussions where title = 'Theories'), false,
    'restoring the organization shows its public content again');

-- the community's mirror column is not the client's either
select tests.authenticate_as('owner');
update public.communities set organization_deleted_at = now() where slug = 'keepers';
select is((select organization_deleted_at from public.communities where slug = 'keepers'), null,
    'a client cannot mark its community as of a deleted organization (put back from the organization)');
insert into public.communities (organization_id, name, slug, organization_deleted_at)
values (tests.org_id('studio'), 'Late', 'late', now());
select is((select organization_deleted_at from public.communities where slug = 'late'), null,
    'nor start one so');

select * from finish();
rollback;
