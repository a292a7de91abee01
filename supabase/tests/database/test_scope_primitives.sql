-- One primitive per kind of rule (issue 22): a row's scope comes from its parent through
-- private.inherit_scope / private.parent_scope, frozen columns through private.protect_columns.
-- Catalog guards: every client-insertable table whose scope has a parent derives it through the
-- primitive, and no other trigger function writes a row's scope or compares frozen columns inline.
begin;
\ir ../helpers/tests_schema.psql
select plan(12);

-- 1. Every table with a scope column (organization_id; community_id for a fan community's
-- rows) and a foreign key to a table with the same column that a client may insert into takes
-- its scope through an inherit_scope trigger firing on INSERT. Roots (organizations, projects:
-- their parent, organizations, has no organization_id; discussions, events: communities has no
-- community_id) fall outside by construction; so do tables only definer RPCs write (no INSERT
-- for anon or authenticated), generations among them: the door (checked_generation) resolves
-- their scope through private.parent_scope.
select is_empty($$
    with scoped as (
        select c.oid, a.attname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attname in ('organization_id', 'community_id')
                               and not a.attisdropped
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
    )
    select distinct s.oid::regclass::text from scoped s
    where (has_table_privilege('authenticated', s.oid, 'insert') or has_table_privilege('anon', s.oid, 'insert'))
      and exists (select from pg_constraint k join scoped p on p.oid = k.confrelid and p.attname = s.attname
                  where k.conrelid = s.oid and k.contype = 'f')
      and not exists (select from pg_trigger t
                      where t.tgrelid = s.oid and t.tgfoid = 'private.inherit_scope'::regproc
                        and t.tgtype & 2 <> 0 and t.tgtype & 4 <> 0)  -- BEFORE, INSERT
    order by 1
$$, 'every client-insertable table with a scoped parent takes its scope through inherit_scope');

-- 2. No hand-written scope: no other trigger function assigns a row's organization_id,
-- project_id, book_id or community_id.
select is_empty($$
    select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('public', 'private') and p.prorettype = 'trigger'::regtype
      and p.oid <> 'private.inherit_scope'::regproc
      and p.prosrc ~* '(new\.(organization_id|project_id|book_id|community_id)\s*:=|into\s+([a-z_.]+,\s*)*new\.(organization_id|project_id|book_id|community_id))'
$$, 'no trigger function but inherit_scope writes a row''s scope');

-- 3. No inline frozen columns: a trigger function comparing several of NEW's columns with OLD's
-- as a row, then refusing, is protect_columns written again.
select is_empty($$
    select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('public', 'private') and p.prorettype = 'trigger'::regtype
      and p.prosrc ~* '\((new|old)\.[a-z_]+,\s*(new|old)\.[a-z_]+[^)]*\)\s*is distinct from\s*\((new|old)\.'
      and p.prosrc ~* 'errcode = ''42501'''
$$, 'no trigger function compares frozen columns inline');

-- Behaviour of the extended primitive
select tests.create_user(name) from unnest(array['owner', 'buyer']) name;
select tests.create_organization('owner', 'maker');
select tests.create_organization('buyer', 'other');

select tests.authenticate_as('owner');
insert into public.projects (organization_id, created_by, title, slug)
values (tests.org_id('maker'), auth.uid(), 'Lantern', 'lantern'), (tests.org_id('maker'), auth.uid(), 'Gone', 'gone');
insert into public.license_catalog (project_id, available_types, available_territories)
select id, array['merchandise'], array['global'] from public.projects where slug = 'lantern';

-- the parent named by another key than id ('license_catalog.project_id:project_id')
select tests.authenticate_as('buyer');
insert into public.license_requests (organization_id, project_id, company_name, contact_name, contact_email,
                                     license_type, territory)
select tests.org_id('other'), project_id, 'Toyco', 'Tia', 'tia@toyco.test', 'merchandise', 'global'
from public.license_catalog;
select tests.authenticate_as_service_role();
select is((select organization_id from public.license_requests), tests.org_id('maker'),
    'a licence request takes the catalogue entry''s organization, whatever the licensee sent');

-- a named parent: missing and soft-deleted answer alike, PT404 '<name> not found'
select tests.authenticate_as('owner');
select throws_ok($$insert into public.products (organization_id, project_id, name, slug, category, price_cents)
                   values (tests.org_id('maker'), gen_random_uuid(), 'Mug', 'mug', 'collectibles', 100)$$,
    'PT404', 'project not found', 'a product of a project that does not exist: not found');
delete from public.projects where slug = 'gone';  -- a client's delete is a soft delete
select tests.authenticate_as_service_role();
select throws_ok($$insert into public.products (organization_id, project_id, name, slug, category, price_cents)
                   select tests.org_id('maker'), id, 'Mug', 'mug', 'collectibles', 100 from public.projects where slug = 'gone'$$,
    'PT404', 'project not found', 'nor of a deleted one, even for the service role');

-- several possible parents: the first one named wins; none named keeps what was sent
select tests.authenticate_as('owner');
insert into public.products (organization_id, project_id, name, slug, category, price_cents)
select tests.org_id('other'), id, 'Cap', 'cap', 'apparel', 100 from public.projects where slug = 'lantern';
select is((select organization_id from public.products where slug = 'cap'), tests.org_id('maker'),
    'a product of a project takes the project''s organization, whatever was sent');
insert into public.products (organization_id, name, slug, category, price_cents)
values (tests.org_id('maker'), 'Pin', 'pin', 'collectibles', 100);
select is((select organization_id from public.products where slug = 'pin'), tests.org_id('maker'),
    'a product without a project keeps the organization it was given');

-- the creator is the caller (client_defaults), scope frozen afterwards
select is((select created_by from public.products where slug = 'cap'), tests.get_user_id('owner'),
    'a client''s product is created by the caller');
select throws_ok($$update public.products set project_id = null where slug = 'cap'$$, '42501', null,
    'a client cannot move a product out of its project');

-- the door resolves a request's project from its first parent through the same rule
select is(
    (private.parent_scope(jsonb_build_object('scene_id', null, 'project_id', p.id), array['scenes:scene_id',
                          'projects:project_id'], 'generations') ->> 'organization_id')::uuid,
    tests.org_id('maker'), 'parent_scope passes over an unnamed parent to the next')
from public.projects p where p.slug = 'lantern';
select is(private.parent_scope(jsonb_build_object('scene_id', gen_random_uuid()), array['scenes:scene_id'],
                               'generations', missing_ok => true),
    null, 'with missing_ok a missing parent gives no scope (the door checks the reference itself)');

select * from finish();
rollback;
