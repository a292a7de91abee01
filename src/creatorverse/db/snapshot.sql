-- Catalog reads for the committed schema snapshot's ER diagrams.

-- name: columns
-- Columns of the API's tables (schema public), with key markers.
select c.relname as table_name, a.attname as column_name, format_type(a.atttypid, a.atttypmod) as type,
       exists(select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'p' and a.attnum = any(k.conkey)) as pk,
       exists(select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'f' and a.attnum = any(k.conkey)) as fk
from pg_class c
join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
order by c.relname, a.attnum;

-- name: foreign_keys
-- child table, parent (schema-qualified unless public), the key's columns, whether all are NOT NULL.
select c.relname as child,
       case p.relnamespace when 'public'::regnamespace then p.relname
            else p.relnamespace::regnamespace::text || '_' || p.relname end as parent,
       string_agg(a.attname, ', ' order by a.attnum) as columns,
       bool_and(a.attnotnull) as required
from pg_constraint k
join pg_class c on c.oid = k.conrelid
join pg_class p on p.oid = k.confrelid
join pg_attribute a on a.attrelid = c.oid and a.attnum = any(k.conkey)
where k.contype = 'f' and c.relnamespace = 'public'::regnamespace and not c.relispartition
group by c.relname, p.relnamespace, p.relname, k.conname
order by c.relname, k.conname;
