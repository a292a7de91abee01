-- organizations.storage_limit_bytes follows the organization's plan: set when the subscription
-- is created or changes plan, and when a plan's own limit changes; null (enterprise) is no limit.
begin;
\ir ../helpers/tests_schema.psql
select plan(9);

select tests.create_user('owner');
select tests.create_organization('owner', 'studio');
create function pg_temp.limit_of(org_slug text) returns bigint language sql as $$
    select storage_limit_bytes from public.organizations where slug = org_slug
$$;
create function pg_temp.upload(name text, bytes bigint) returns void language sql as $$
    insert into public.assets (organization_id, type, filename, mime_type, size_bytes, storage_path)
    values (tests.org_id('studio'), 'image', name, 'image/png', bytes, 'studio/' || name)
$$;
grant execute on function pg_temp.limit_of(text), pg_temp.upload(text, bigint) to public;

select is(pg_temp.limit_of('studio'), (select storage_limit_bytes from public.plans where id = 'free'),
    'a new organization gets its (free) plan''s storage limit');
select is((select o.storage_limit_bytes from public.organizations o
           where o.is_personal and o.primary_owner_user_id = tests.get_user_id('owner')),
          (select storage_limit_bytes from public.plans where id = 'free'),
    'so does a user''s personal organization: the per-user limit is its plan''s');

update public.subscriptions set plan_id = 'pro' where organization_id = tests.org_id('studio');
select is(pg_temp.limit_of('studio'), 53687091200::bigint, 'an upgrade raises the limit to the new plan''s');

update public.plans set storage_limit_bytes = 60000000000 where id = 'pro';
select is(pg_temp.limit_of('studio'), 60000000000::bigint, 'a change of the plan''s own limit reaches its organizations');

update public.subscriptions set plan_id = 'enterprise' where organization_id = tests.org_id('studio');
select is(pg_temp.limit_of('studio'), null, 'a plan without a storage limit lifts it');
select tests.authenticate_as('owner');
select lives_ok($$select pg_temp.upload('huge.mov', 900000000)$$, 'and any upload fits');

reset role;
update public.subscriptions set plan_id = 'free' where organization_id = tests.org_id('studio');
select is((select storage_used_bytes from public.organizations where slug = 'studio'), 900000000::bigint,
    'a downgrade below the bytes in use keeps every file');
select tests.authenticate_as('owner');
select throws_ok($$select pg_temp.upload('more.png', 10)$$, 'PT507', 'storage limit of 524288000 bytes reached',
    'but refuses new uploads until enough is deleted or the plan raised');
select throws_ok($$update public.organizations set storage_limit_bytes = null where slug = 'studio'$$,
    '42501', null, 'a member cannot lift the limit themselves');

select * from finish();
rollback;
