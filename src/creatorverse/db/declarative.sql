-- Applying the declarative sources (supabase/functions, supabase/policies, sql/views) to a
-- scratch database, so that it holds exactly what those files define. Superuser only: the
-- capture needs an event trigger. Never run against a deployed database.

-- name: start_capture
-- Record every object a DDL command creates or replaces until stop_capture.
create schema declarative_capture;
create table declarative_capture.touched (classid oid not null, objid oid not null);
create function declarative_capture.record() returns event_trigger
language plpgsql
as $$
begin
    insert into declarative_capture.touched (classid, objid)
    select c.classid, c.objid from pg_event_trigger_ddl_commands() c where c.objid is not null;
end
$$;
create event trigger declarative_capture on ddl_command_end execute function declarative_capture.record(); -- noqa: PRS

-- name: untouched
-- Objects of the kinds the declarative files own (functions, triggers, policies, views) that
-- the files did not define: removed from the sources, so they are dropped. Schemas in
-- `not_ours` (Supabase's, the compatibility layer's, tooling) and extension members are left alone,
-- except the policies on Storage's tables, which a project writes itself.
with ours as (
    select n.oid from pg_namespace n where n.nspname <> all(%(not_ours)s) and n.nspname !~ '^pg_(toast|temp)'
),
extension_members as (
    select d.classid, d.objid from pg_depend d where d.deptype = 'e'
),
owned as (
    select 1 as drop_order, 'policy' as kind, 'pg_policy'::regclass as classid, pol.oid as objid,
           format('%%I on %%s', pol.polname, pol.polrelid::regclass) as identity
    from pg_policy pol
    join pg_class c on c.oid = pol.polrelid
    -- Storage's tables are Supabase's, their policies the project's (supabase/policies/storage.sql)
    where c.relnamespace in (select oid from ours) or c.relnamespace = to_regnamespace('storage')
    union all
    select 2, 'trigger', 'pg_trigger'::regclass, t.oid, format('%%I on %%s', t.tgname, t.tgrelid::regclass)
    from pg_trigger t
    join pg_proc p on p.oid = t.tgfoid
    where not t.tgisinternal and t.tgparentid = 0 and p.pronamespace in (select oid from ours)
    union all
    -- materialized views hold data and indexes: like tables, they live in migrations
    select 3, 'view', 'pg_class'::regclass, c.oid, c.oid::regclass::text
    from pg_class c
    where c.relkind = 'v' and c.relnamespace in (select oid from ours)
    union all
    select 4, case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' else 'function' end,
           'pg_proc'::regclass, p.oid, p.oid::regprocedure::text
    from pg_proc p
    where p.pronamespace in (select oid from ours)
)
select o.kind, o.identity
from owned o
where (o.classid, o.objid) not in (select t.classid, t.objid from declarative_capture.touched t)
  and (o.classid, o.objid) not in (select e.classid, e.objid from extension_members e)
order by o.drop_order, o.identity;

-- name: stop_capture
drop event trigger declarative_capture;
drop schema declarative_capture cascade;
