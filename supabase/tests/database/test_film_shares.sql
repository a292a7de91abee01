-- Film share links: who may share a film, bounded expiry, the token shown once and opened by
-- anyone holding it (anon included) until it expires or is revoked; deleted means gone.
begin;
\ir ../helpers/tests_schema.psql
select plan(27);

select tests.create_user(name) from unnest(array['owner', 'editor', 'viewer', 'publisher', 'outsider']) name;
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'editor', 'editor');
select tests.add_member('acme', 'viewer', 'viewer');
select tests.add_member('acme', 'publisher', 'viewer');
update public.organization_members set permissions = '{publish}'
where user_id = tests.get_user_id('publisher');
select tests.create_organization('outsider', 'globex');

select tests.authenticate_as('editor');
insert into public.projects (organization_id, created_by, title, visibility, slug)
values (tests.org_id('acme'), auth.uid(), 'Harbor', 'team', 'harbor');
insert into public.assets (organization_id, project_id, type, filename, mime_type, storage_provider, storage_bucket,
                           storage_path, size_bytes, title, duration_seconds)
select tests.org_id('acme'), p.id, t.type, t.filename, t.mime, 'supabase', 'media', 'generations/g1/' || t.filename, 100,
       'The Harbor Light', 12.5
from public.projects p, (values ('video', 'film.mp4', 'video/mp4'), ('image', 'thumb.jpg', 'image/jpeg')) t (type, filename, mime)
where p.slug = 'harbor';
reset role;

create temporary table ids on commit drop as
select (select id from public.assets where organization_id = tests.org_id('acme') and filename = 'film.mp4') as film,
       (select id from public.assets where organization_id = tests.org_id('acme') and filename = 'thumb.jpg') as thumb;
create temporary table links (who text, share_id uuid, token text, expires_at timestamptz) on commit drop;
grant select on ids to authenticated, anon;
grant all on links to authenticated, anon;

-- who may share
select tests.authenticate_as('editor');
insert into links select 'editor', s.* from public.share_film((select film from ids)) s;
select ok((select token like 'film\_%' and length(token) = 69 from links where who = 'editor'),
    'an editor shares a film and gets the token once');
select ok((select expires_at between now() + interval '7 days' - interval '1 minute' and now() + interval '7 days'
           from links where who = 'editor'), 'a link lasts 7 days unless told otherwise');
insert into links select 'short', s.* from public.share_film((select film from ids), interval '10 minutes') s;
select ok((select expires_at <= now() + interval '10 minutes' from links where who = 'short'), 'or as long as asked');
select throws_ok(format('select public.share_film(%L, interval ''31 days'')', (select film from ids)),
    '22023', 'a share link lasts from 1 minute to 30 days, not 31 days', 'at most 30 days');
select throws_ok(format('select public.share_film(%L, interval ''10 seconds'')', (select film from ids)),
    '22023', null, 'at least a minute');
select throws_ok(format('select public.share_film(%L)', (select thumb from ids)),
    '22023', 'only a ready video can be shared (this asset: image, ready)', 'only films are shared');

select tests.authenticate_as('viewer');
select throws_ok(format('select public.share_film(%L)', (select film from ids)),
    '42501', 'only editors and above may share films', 'a viewer may not share');
select tests.authenticate_as('publisher');
insert into links select 'publisher', s.* from public.share_film((select film from ids)) s;
select is((select count(*) from links where who = 'publisher'), 1::bigint, 'a viewer holding the publish permission may');
select tests.authenticate_as('outsider');
select throws_ok(format('select public.share_film(%L)', (select film from ids)),
    'PT404', 'film not found', 'an outsider learns nothing about the film');
select tests.clear_authentication();
select throws_ok(format('select public.share_film(%L)', (select film from ids)),
    '42501', null, 'anon cannot share');

-- opening a link: anyone with the token
select tests.clear_authentication();
select results_eq(
    format('select bucket, object_name, title, mime_type, size_bytes, duration_seconds from public.open_film_share(%L)',
           (select token from links where who = 'editor')),
    format($$values ('media', '%s/generations/g1/film.mp4', 'The Harbor Light', 'video/mp4', 100::bigint, 12.5::numeric)$$,
           tests.org_id('acme')),
    'anon opens the link: the film''s object in the media bucket');
select throws_ok($$select * from public.open_film_share('film_0000')$$, 'PT404', 'share link not found',
    'an unknown token opens nothing');
select throws_ok(format('select * from public.open_film_share(%L)', repeat('x', 201)), 'PT404', 'share link not found',
    'an oversized token is refused the same way');

-- listing and revoking
select tests.authenticate_as('editor');
select is((select array_agg(opened_count order by opened_count desc) from public.film_share_links((select film from ids))),
    array[1, 0, 0]::bigint[], 'editors list the film''s live links, with how often each was opened');
select tests.authenticate_as('viewer');
select is((select count(*) from public.film_share_links((select film from ids))), 0::bigint, 'viewers list none');
select tests.authenticate_as('publisher');
select is((select array_agg(share_id) from public.film_share_links((select film from ids))),
    (select array_agg(share_id) from links where who = 'publisher'), 'a member who shared lists their own links');
select throws_ok(format('select public.revoke_film_share(%L)', (select share_id from links where who = 'editor')),
    'PT404', 'share link not found', 'a viewer cannot revoke another member''s link');
select tests.authenticate_as('editor');
select lives_ok(format('select public.revoke_film_share(%L)', (select share_id from links where who = 'editor')),
    'its creator revokes it');
select lives_ok(format('select public.revoke_film_share(%L)', (select share_id from links where who = 'editor')),
    'revoking twice is a no-op');
select tests.clear_authentication();
select throws_ok(format('select * from public.open_film_share(%L)', (select token from links where who = 'editor')),
    'PT404', 'share link not found', 'a revoked link opens nothing');
select tests.authenticate_as('owner');
select lives_ok(format('select public.revoke_film_share(%L)', (select share_id from links where who = 'short')),
    'an admin revokes anyone''s link');

-- expiry
select tests.authenticate_as('editor');
insert into links select 'expiring', s.* from public.share_film((select film from ids), interval '1 minute') s;
reset role;
update private.film_shares set created_at = created_at - interval '2 minutes', expires_at = expires_at - interval '2 minutes'
where token_hash = private.token_hash((select token from links where who = 'expiring'));
select tests.clear_authentication();
select throws_ok(format('select * from public.open_film_share(%L)', (select token from links where who = 'expiring')),
    'PT404', 'share link not found', 'an expired link opens nothing');

-- the limit of live links per film
select tests.authenticate_as('editor');
select lives_ok(format('select public.share_film(%L) from generate_series(1, 49)', (select film from ids)),
    'up to 50 live links per film (the publisher''s and 49 more)');
select throws_ok(format('select public.share_film(%L)', (select film from ids)),
    'PT429', 'share limit reached: at most 50 live share links per film', 'the 51st is refused');

-- deleted means gone
reset role;
update public.assets set deleted_at = now() where id = (select film from ids);
select tests.clear_authentication();
select throws_ok(
    format('select * from public.open_film_share(%L)',
           (select token from links where who = 'publisher')),
    'PT404', 'share link not found', 'a deleted film''s links open nothing');
reset role;
update public.assets set deleted_at = null where id = (select film from ids);
select tests.clear_authentication();
select lives_ok(format('select * from public.open_film_share(%L)', (select token from links where who = 'publisher')),
    'the film restored, its live links open again');
select tests.authenticate_as('owner');
select public.delete_organization(tests.org_id('acme'));
select tests.clear_authentication();
select throws_ok(format('select * from public.open_film_share(%L)', (select token from links where who = 'publisher')),
    'PT404', 'share link not found', 'a deleted organization''s links open nothing');

select * from finish();
rollback;
