-- Soft delete (docs/studio.md, Soft delete). Every table with a `deleted_at` column keeps a
-- client's deletion as a soft delete, one mechanism for all of them:
-- - a client's DELETE (supabase-js `.delete()`, PostgREST, an invoker RPC) is judged by the
--   table's DELETE policies as usual, then the trigger `soft_delete` stamps `deleted_at` instead
--   of removing the row; the SELECT policies (`deleted_at is null`) hide it from every read path;
-- - `public.restore(table, id)` brings it back within the retention period, for whoever may
--   delete it (the same DELETE policies decide);
-- - the duty purge_deleted_rows removes rows deleted longer ago than the retention period.
-- Deletes by the platform itself (service_role, duties, cascades, security-definer RPCs) stay
-- hard deletes.

-- How long a deleted row can be restored. The deleted files of assets are kept as long
-- (private.storage_orphans), so nothing restorable has lost its file.
create or replace function private.soft_delete_retention()
returns interval
language sql
immutable
set search_path = ''
as $$
    select interval '7 days'
$$;

revoke execute on function private.soft_delete_retention() from public;
grant execute on function private.soft_delete_retention() to authenticated, service_role;

-- Stamps (deleting) or clears (restoring) a row's `deleted_at` for the calling user, who must hold
-- the right to delete the row: the table's own DELETE policies for `authenticated`, read from the
-- catalog and evaluated on the row, so the right is written once, in supabase/policies. Restoring
-- finds only a row deleted within the retention period. Returns whether a row changed.
create or replace function private.set_deleted(target regclass, row_id uuid, deleting boolean)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
    permissive text;
    restrictive text;
    changed uuid;
    row_data jsonb;
begin
    if private.caller_id() is null then
        return false;
    end if;
    select string_agg(format('(%s)', coalesce(pg_catalog.pg_get_expr(p.polqual, p.polrelid), 'true')), ' or ')
               filter (where p.polpermissive),
           string_agg(format('(%s)', coalesce(pg_catalog.pg_get_expr(p.polqual, p.polrelid), 'true')), ' and ')
               filter (where not p.polpermissive)
    into permissive, restrictive
    from pg_catalog.pg_policy p
    where p.polrelid = target and p.polcmd in ('d', '*')
      and (0::oid = any(p.polroles) or 'authenticated'::regrole = any(p.polroles));
    if permissive is null then
        return false;
    end if;
    execute format(
        'update %s set deleted_at = %s where id = $1 and %s and (%s) and (%s) returning id',
        target,
        case when deleting then 'private.now()' else 'null' end,
        case when deleting then 'deleted_at is null'
             else 'deleted_at > private.now() - private.soft_delete_retention()'
                  -- a row whose file is gone (assets) stays deleted
                  || case when exists (select from pg_catalog.pg_attribute a where a.attrelid = target
                                         and a.attname = 'storage_purged_at' and not a.attisdropped)
                          then ' and storage_purged_at is null' else '' end end,
        permissive, coalesce(restrictive, 'true'))
    into changed using row_id;
    -- a client's DELETE made soft (the trigger below) is audited here: the audit trigger records
    -- the user's own statements only, and this UPDATE runs inside a trigger
    if changed is not null and deleting and pg_catalog.pg_trigger_depth() > 0 then
        execute format('select to_jsonb(t) from %s t where t.id = $1', target) into row_data using row_id;
        perform private.record_audit_event(
            coalesce((row_data ->> 'organization_id')::uuid,
                     case when target = 'public.organizations'::regclass then row_id end),
            'delete', (select c.relname from pg_catalog.pg_class c where c.oid = target), row_id::text,
            old_values => private.audit_bounded(row_data), metadata => '{"soft_delete": true}');
    end if;
    return changed is not null;
end
$$;

revoke execute on function private.set_deleted(regclass, uuid, boolean) from public;
grant execute on function private.set_deleted(regclass, uuid, boolean) to authenticated, service_role;

-- The trigger: a client's delete, already admitted by the DELETE policies, becomes a soft delete
-- and the row stays (the statement reports it as not deleted: 0 rows, no row returned). Runs as
-- the caller, so that a delete by the platform (service_role, a definer RPC, a cascade) is
-- recognised as such and stays a hard delete.
create or replace function private.soft_delete()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if not private.is_client_request() then
        return old;
    end if;
    perform private.set_deleted(tg_relid::regclass, old.id, true);
    return null;
end
$$;

revoke execute on function private.soft_delete() from public;

-- the tables that promise soft delete: every table with `deleted_at` (a guard test holds them to it)
create or replace trigger soft_delete before delete on public.animations
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.assets
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.books
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.brand_policies
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.chapter_scripts
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.chapters
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.characters
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.feedback
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.generations
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.moodboards
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.organizations
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.performance_predictions
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.plot_overviews
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.profiles
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.projects
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.prompts
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.scenes
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.scripts
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.stories
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.templates
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.universes
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.versions
for each row execute function private.soft_delete();
create or replace trigger soft_delete before delete on public.workflows
for each row execute function private.soft_delete();

-- A table of the mechanism, by name (the RPCs take the name PostgREST passes); 22023 for any
-- other name.
create or replace function private.soft_delete_table(table_name text)
returns regclass
language plpgsql
stable
set search_path = ''
as $$
declare
    target regclass := (select c.oid::regclass
                        from pg_catalog.pg_class c
                        join pg_catalog.pg_trigger t on t.tgrelid = c.oid and t.tgname = 'soft_delete'
                        where c.relnamespace = 'public'::regnamespace and c.relname = table_name);
begin
    if target is null then
        raise exception 'rows of % are not soft-deleted', table_name using errcode = '22023';
    end if;
    return target;
end
$$;

revoke execute on function private.soft_delete_table(text) from public;
grant execute on function private.soft_delete_table(text) to authenticated, service_role;

-- The same soft delete as an RPC, for a caller who must know it happened (a DELETE reports 0
-- rows either way): PT404 when there is no live row the caller may delete.
create or replace function public.soft_delete(table_name text, row_id uuid)
returns void
language plpgsql
set search_path = ''
as $$
begin
    perform private.require_user();
    if not private.set_deleted(private.soft_delete_table(table_name), row_id, true) then
        raise exception '% % not found', table_name, row_id using errcode = 'PT404';
    end if;
end
$$;

revoke execute on function public.soft_delete(text, uuid) from public, anon;
grant execute on function public.soft_delete(text, uuid) to authenticated, service_role;

-- Brings a soft-deleted row back, within the retention period, for whoever may delete it.
-- PT404 when there is no such row (never deleted, deleted too long ago, or not the caller's to
-- delete).
create or replace function public.restore(table_name text, row_id uuid)
returns void
language plpgsql
set search_path = ''
as $$
begin
    perform private.require_user();
    if not private.set_deleted(private.soft_delete_table(table_name), row_id, false) then
        raise exception 'no deleted % % to restore (deleted over % ago, or not yours to delete)',
            table_name, row_id, private.soft_delete_retention() using errcode = 'PT404';
    end if;
end
$$;

revoke execute on function public.restore(text, uuid) from public, anon;
grant execute on function public.restore(text, uuid) to authenticated, service_role;

-- Duty purge_deleted_rows: rows clients deleted longer ago than the retention period are removed
-- for good (their children by their foreign keys' cascades), at most p_batch, oldest first, over
-- the tables clients may delete from (those with a DELETE policy; organizations and profiles are
-- deleted by their own flows). A row whose file still waits for removal (assets:
-- storage_purged_at) is kept until cleanup_storage_orphans removed it; a row a foreign key still
-- points at (a generation's input, a campaign's project) is kept and tried again a retention
-- period later, so it never blocks the batch.
create or replace function private.purge_deleted_rows(p_batch integer)
returns integer
language plpgsql
set search_path = ''
as $$
declare
    target regclass;
    doomed uuid;
    purged integer := 0;
    cutoff timestamptz := private.now() - private.soft_delete_retention();
begin
    for target in
        select c.oid::regclass
        from pg_catalog.pg_class c
        join pg_catalog.pg_trigger t on t.tgrelid = c.oid and t.tgname = 'soft_delete'
        where c.relnamespace = 'public'::regnamespace
          and exists (select from pg_catalog.pg_policy p
                      where p.polrelid = c.oid and p.polcmd in ('d', '*')
                        and 'authenticated'::regrole = any(p.polroles))
        order by c.relname
    loop
        exit when purged >= p_batch;
        for doomed in execute format(
            'select t.id from %s t
             where t.deleted_at <= $1 %s
               and not exists (select from private.purge_deferred d
                               where d.table_name = $2 and d.row_id = t.id and d.retry_after > private.now())
             order by t.deleted_at limit $3 for update skip locked',
            target,
            case when exists (select from pg_catalog.pg_attribute a
                              where a.attrelid = target and a.attname = 'storage_purged_at' and not a.attisdropped)
                 then 'and t.storage_purged_at is not null' else '' end)
            using cutoff, target, p_batch - purged
        loop
            begin
                execute format('delete from %s where id = $1', target) using doomed;
                delete from private.purge_deferred d where d.table_name = target and d.row_id = doomed;
                purged := purged + 1;
            exception when foreign_key_violation or restrict_violation then
                insert into private.purge_deferred (table_name, row_id, retry_after)
                values (target, doomed, private.now() + private.soft_delete_retention())
                on conflict (table_name, row_id) do update set retry_after = excluded.retry_after;
            end;
        end loop;
    end loop;
    return purged;
end
$$;

revoke execute on function private.purge_deleted_rows(integer) from public;
