-- name: schema_summary
-- Tables, RLS coverage, policies, functions and views per platform schema.
select
    n.nspname as schema_name,
    count(c.oid) filter (where c.relkind in ('r', 'p') and not c.relispartition) as tables,
    count(c.oid) filter (where c.relkind in ('r', 'p') and not c.relispartition and c.relrowsecurity) as rls_tables,
    (select count(*) from pg_policies p where p.schemaname = n.nspname) as policies,
    (select count(*) from pg_proc f where f.pronamespace = n.oid) as functions,
    count(c.oid) filter (where c.relkind in ('v', 'm')) as views
from pg_namespace n
left join pg_class c on c.relnamespace = n.oid
where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'extensions', 'tests')
  and n.nspname not like 'pg\_%'
group by n.oid, n.nspname
order by n.nspname;
