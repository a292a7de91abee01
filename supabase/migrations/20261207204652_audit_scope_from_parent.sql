-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.record_audit()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    old_row jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end;
    new_row jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end;
    row_data jsonb := coalesce(new_row, old_row);
    diff jsonb;
    organization uuid;
begin
    if tg_nargs > 0 then
        old_row := old_row - tg_argv;
        new_row := new_row - tg_argv;
    end if;
    if tg_op = 'UPDATE' then
        select jsonb_object_agg(n.key, jsonb_build_object('old', old_row -> n.key, 'new', n.value))
        into diff
        from jsonb_each(new_row) n
        where n.key <> 'updated_at' and old_row -> n.key is distinct from n.value;
        if diff is null then
            return null;  -- nothing but updated_at changed
        end if;
        old_row := null;
        new_row := null;
        select jsonb_object_agg(d.key, private.audit_bounded(d.value)) into diff from jsonb_each(diff) d;
    end if;
    -- a row without its own organization takes its project's or community's: the one rule of
    -- scope from the parent (missing_ok: a parent gone since is no reason to lose the record)
    organization := coalesce(
        case when tg_table_name = 'organizations' then (row_data ->> 'id')::uuid
             else (row_data ->> 'organization_id')::uuid end,
        (private.parent_scope(row_data, array['projects:project_id', 'communities:community_id'], tg_table_name, true)
         ->> 'organization_id')::uuid);
    perform private.record_audit_event(
        organization, lower(tg_op), tg_table_name, coalesce(row_data ->> 'id', row_data ->> 'key'),
        private.audit_bounded(old_row), private.audit_bounded(new_row), diff
    );
    return null;
end
$function$
;
