-- Supabase Storage's `media` bucket as users reach it: members read their organization's
-- objects, editors write them, outsiders and anon see only public projects' ready media, and a
-- deleted organization's objects are invisible. Objects are rows of storage.objects, which the
-- Storage API reads and writes with the caller's token, so these are the checks it runs.
begin;
\ir ../helpers/tests_schema.psql
select plan(27);

select ok((select c.relrowsecurity from pg_class c where c.oid = 'storage.objects'::regclass)
          and (select c.relrowsecurity from pg_class c where c.oid = 'storage.buckets'::regclass),
    'storage.objects and storage.buckets have row-level security');
select is((select b.public from storage.buckets b where b.id = 'media'), false, 'the media bucket exists and is private');

select tests.create_user(name) from unnest(array['owner', 'editor', 'viewer', 'outsider']) name;
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'editor', 'editor');
select tests.add_member('acme', 'viewer', 'viewer');
select tests.create_organization('outsider', 'globex');

-- a public project with a ready film, a team project with one, a loose upload, another organization's file
select tests.authenticate_as('editor');
insert into public.projects (organization_id, created_by, title, visibility, slug)
values (tests.org_id('acme'), auth.uid(), 'Open', 'public', 'open'),
       (tests.org_id('acme'), auth.uid(), 'Inside', 'team', 'inside');
insert into public.assets (organization_id, project_id, type, filename, mime_type, storage_provider, storage_bucket,
                           storage_path, size_bytes)
select tests.org_id('acme'), p.id, 'video', 'film.mp4', 'video/mp4', 'supabase', 'media',
       'generations/' || p.slug || '/film.mp4', 100
from public.projects p where p.slug in ('open', 'inside');
select tests.authenticate_as_service_role();
insert into storage.objects (bucket_id, name)
values ('media', tests.org_id('acme') || '/generations/open/film.mp4'),
       ('media', tests.org_id('acme') || '/generations/inside/film.mp4'),
       ('media', tests.org_id('acme') || '/uploads/loose.png'),
       ('media', tests.org_id('globex') || '/uploads/theirs.png');
reset role;

-- the objects the caller sees, organizations named by slug, sorted
create function pg_temp.visible() returns text[] language sql as $$
    select coalesce(array_agg(v.name order by v.name), '{}')
    from storage.objects o
    cross join lateral (select replace(replace(o.name, tests.org_id('acme')::text, 'acme'),
                                       tests.org_id('globex')::text, 'globex') as name) v
    where o.bucket_id = 'media' and split_part(o.name, '/', 1) in (tests.org_id('acme')::text, tests.org_id('globex')::text)
$$;
select tests.share_temp_functions();

select tests.authenticate_as('viewer');
select is(pg_temp.visible(), array['acme/generations/inside/film.mp4', 'acme/generations/open/film.mp4',
                                   'acme/uploads/loose.png'],
    'a member reads every object in their organization''s folder, nothing of another');
select is((select count(*) from storage.buckets where id = 'media'), 1::bigint, 'a signed-in user sees the bucket');

select tests.authenticate_as('outsider');
select is(pg_temp.visible(), array['acme/generations/open/film.mp4', 'globex/uploads/theirs.png'],
    'a non-member reads only the public project''s film of that organization');

select tests.clear_authentication();
select is(pg_temp.visible(), array['acme/generations/open/film.mp4'], 'anon reads the public project''s ready film only');

-- writing: editors and above, into their organization's folder only
select tests.authenticate_as('viewer');
select throws_ok(format($$insert into storage.objects (bucket_id, name, owner_id) values ('media', '%s/uploads/v.png', auth.uid())$$,
                        tests.org_id('acme')),
    '42501', null, 'a viewer cannot upload');
-- what the Storage API sets for its own deletes (Supabase refuses other deletes from storage.objects)
select set_config('storage.can_delete', 'true', true);
with gone as (delete from storage.objects where name like '%/uploads/loose.png' returning 1)

select is(count(*), 0::bigint, 'a viewer deletes nothing') from gone;
with moved as (update storage.objects set name = name || '.bak' where name like '%/uploads/loose.png' returning 1)

select is(count(*), 0::bigint, 'a viewer changes nothing') from moved;

select tests.authenticate_as('editor');
with uploaded as (
    insert into storage.objects (bucket_id, name, owner_id)
    values ('media', tests.org_id('acme') || '/uploads/new.png', auth.uid()::text) returning name
)

select is(array_agg(split_part(name, '/', 2)), array['uploads'],
    'an editor uploads into the organization''s folder and sees the row (insert … returning)') from uploaded;
select throws_ok(format($$insert into storage.objects (bucket_id, name) values ('media', '%s/uploads/x.png')$$,
                        tests.org_id('globex')),
    '42501', null, 'an editor cannot upload into another organization''s folder');
select throws_ok($$insert into storage.objects (bucket_id, name) values ('media', 'loose-at-the-top.png')$$,
    '42501', null, 'an object outside any organization''s folder is refused');
select throws_ok(format($$insert into storage.objects (bucket_id, name) values ('other', '%s/x.png')$$,
                        tests.org_id('acme')),
    '42501', null, 'the policies open the media bucket only');
select throws_ok(format($$update storage.objects set name = '%s/stolen.png' where name like '%%/uploads/new.png'$$,
                        tests.org_id('globex')),
    '42501', null, 'an editor cannot move an object into another organization''s folder');
with gone as (delete from storage.objects where name like '%/uploads/new.png' returning 1)

select is(count(*), 1::bigint, 'an editor deletes the organization''s object') from gone;

select tests.clear_authentication();
select throws_ok(format($$insert into storage.objects (bucket_id, name) values ('media', '%s/uploads/anon.png')$$,
                        tests.org_id('acme')),
    '42501', null, 'anon cannot upload');

-- a file is hidden from whoever may not read its asset row: a private project's, a deleted asset's
select tests.authenticate_as('editor');
insert into public.projects (organization_id, created_by, title, visibility, slug)
values (tests.org_id('acme'), auth.uid(), 'Secret', 'private', 'secret');
insert into public.assets (organization_id, project_id, type, filename, mime_type, storage_provider, storage_bucket,
                           storage_path, size_bytes)
select tests.org_id('acme'), p.id, 'video', 'film.mp4', 'video/mp4', 'supabase', 'media', 'generations/secret/film.mp4', 100
from public.projects p where p.slug = 'secret';
select tests.authenticate_as_service_role();
insert into storage.objects (bucket_id, name) values ('media', tests.org_id('acme') || '/generations/secret/film.mp4');
select tests.authenticate_as('viewer');
select is(pg_temp.visible(), array['acme/generations/inside/film.mp4', 'acme/generations/open/film.mp4',
                                   'acme/uploads/loose.png'],
    'a viewer does not read a private project''s film');
select tests.authenticate_as('editor');
select ok('acme/generations/secret/film.mp4' = any(pg_temp.visible()), 'its creator does');
select tests.authenticate_as('owner');
select ok('acme/generations/secret/film.mp4' = any(pg_temp.visible()), 'and so do admins and owners');
reset role;
update public.assets set deleted_at = now() where organization_id = tests.org_id('acme') and storage_path = 'generations/inside/film.mp4';
select tests.authenticate_as('owner');
select ok(not 'acme/generations/inside/film.mp4' = any(pg_temp.visible()), 'a deleted asset''s file is hidden from members');
reset role;
update public.assets set deleted_at = null where organization_id = tests.org_id('acme') and storage_path = 'generations/inside/film.mp4';
select tests.authenticate_as('outsider');
select is((select count(*) from private.withheld_media), 0::bigint,
    'read directly, the withheld list shows nothing of other organizations');

-- public media follow the project and the asset
reset role;
update public.assets set status = 'processing' where organization_id = tests.org_id('acme') and storage_path = 'generations/open/film.mp4';
select tests.clear_authentication();
select is(pg_temp.visible(), '{}'::text[], 'a film still processing is not published');
reset role;
update public.assets set status = 'ready' where organization_id = tests.org_id('acme') and storage_path = 'generations/open/film.mp4';
update public.projects set visibility = 'team' where slug = 'open';
select tests.clear_authentication();
select is(pg_temp.visible(), '{}'::text[], 'a project made team-only takes its media with it');
reset role;
update public.projects set visibility = 'public' where slug = 'open';
update public.assets set deleted_at = now() where organization_id = tests.org_id('acme') and storage_path = 'generations/open/film.mp4';
select tests.authenticate_as('outsider');
select is(pg_temp.visible(), array['globex/uploads/theirs.png'], 'a deleted asset''s file is not public');
reset role;
update public.assets set deleted_at = null where organization_id = tests.org_id('acme') and storage_path = 'generations/open/film.mp4';

-- a deleted organization: its objects are invisible to its members and to everyone
select tests.authenticate_as('owner');
select public.delete_organization(tests.org_id('acme'));
select tests.authenticate_as('viewer');
select is(pg_temp.visible(), '{}'::text[], 'members of a deleted organization read none of its objects');
select throws_ok(format($$insert into storage.objects (bucket_id, name) values ('media', '%s/uploads/late.png')$$,
                        tests.org_id('acme')),
    '42501', null, 'nor write any');
select tests.clear_authentication();
select is(pg_temp.visible(), '{}'::text[], 'a deleted organization''s public film is gone for anon too');

select * from finish();
rollback;
