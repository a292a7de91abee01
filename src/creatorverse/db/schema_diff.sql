-- Catalog reads for the schema differ: what `results` leaves out (privileges, comments).

-- name: privileges
-- Every privilege on the project's functions, relations and schemas, defaults made explicit
-- (a NULL ACL means the owner's defaults: PUBLIC may execute a function). MAINTAIN (PostgreSQL
-- 17+) is left out: migrations must run on 15.
with ours as (
    select n.oid from pg_namespace n where n.nspname <> all(%(not_ours)s) and n.nspname !~ '^pg_(toast|temp)'
),

extension_members as (
    select d.objid from pg_depend d where d.deptype = 'e'
),

acl as (
    select 'function' as kind, p.oid::regprocedure::text as identity, p.proowner as owner,
           coalesce(p.proacl, acldefault('f', p.proowner)) as entries
    from pg_proc p
    where p.pronamespace in (select oid from ours) and p.oid not in (select objid from extension_members)
    union all
    select case c.relkind when 'S' then 'sequence' else 'table' end, c.oid::regclass::text, c.relowner,
           coalesce(c.relacl, acldefault(case c.relkind when 'S' then 's' else 'r' end::"char", c.relowner))
    from pg_class c
    where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and c.relnamespace in (select oid from ours)
      and c.oid not in (select objid from extension_members)
    union all
    select 'schema', quote_ident(n.nspname), n.nspowner, coalesce(n.nspacl, acldefault('n', n.nspowner))
    from pg_namespace n
    where n.oid in (select oid from ours)
)

-- one row per object with no grants at all (grantee null), so its revokes are not missed
select acl.kind, acl.identity,
       case e.grantee when 0 then 'public' else quote_ident(pg_get_userbyid(e.grantee)) end as grantee,
       e.privilege_type, e.is_grantable
from acl
left join lateral aclexplode(acl.entries) e on e.grantee <> acl.owner and e.privilege_type <> 'MAINTAIN';

-- name: comments
-- Comments on the project's objects, named the way COMMENT ON names them.
with ours as (
    select n.nspname from pg_namespace n where n.nspname <> all(%(not_ours)s) and n.nspname !~ '^pg_(toast|temp)'
)

select o.type, o.identity, d.description
from pg_description d, pg_identify_object(d.classoid, d.objoid, d.objsubid) o
where (o.schema in (select nspname from ours) or (o.type = 'schema' and o.identity in (select nspname from ours)))
  and d.objoid not in (select e.objid from pg_depend e where e.deptype = 'e');
