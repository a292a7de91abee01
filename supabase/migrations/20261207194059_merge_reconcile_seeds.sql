-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.record_audit_event(organization_id uuid, action text, entity_type text, entity_id text, old_values jsonb DEFAULT NULL::jsonb, new_values jsonb DEFAULT NULL::jsonb, changes jsonb DEFAULT NULL::jsonb, metadata jsonb DEFAULT '{}'::jsonb)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    request record := private.request_metadata();
begin
    insert into public.audit_logs (
        organization_id, user_id, action, entity_type, entity_id, old_values, new_values, changes,
        ip_address, user_agent, metadata
    )
    values (
        record_audit_event.organization_id, private.caller_id(), record_audit_event.action, record_audit_event.entity_type,
        record_audit_event.entity_id, record_audit_event.old_values, record_audit_event.new_values,
        record_audit_event.changes, request.ip_address, request.user_agent, record_audit_event.metadata
    );
end
$function$
;

CREATE OR REPLACE FUNCTION private.set_deleted(target regclass, row_id uuid, deleting boolean)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.share_film(asset_id uuid, expires_in interval DEFAULT '7 days'::interval)
 RETURNS TABLE(share_id uuid, token text, expires_at timestamp with time zone)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    film public.assets;
    new_token text := 'film_' || private.random_token();
    live_links integer;
begin
    perform private.require_user();
    if expires_in is null or expires_in < interval '1 minute' or expires_in > interval '30 days' then
        raise exception 'a share link lasts from 1 minute to 30 days, not %', coalesce(expires_in::text, 'null')
            using errcode = '22023';
    end if;
    -- the film's row locked against other shares of it, so that concurrent calls count each other
    select a.* into film from public.assets a
    where a.id = share_film.asset_id and a.deleted_at is null
      and ((a.project_id is null and a.organization_id in (select private.my_org_ids()))
           or a.project_id in (select private.readable_project_ids()))
    for no key update of a;
    if film.id is null then
        raise exception 'film not found' using errcode = 'P0002';
    end if;
    if film.type <> 'video' or film.status <> 'ready' then
        raise exception 'only a ready video can be shared (this asset: %, %)', film.type, film.status
            using errcode = '22023';
    end if;
    -- the caller's membership, locked: a concurrent removal or organization deletion waits
    perform private.require_org_role(film.organization_id, 'editor', 'share films', 'publish');
    select count(*) into live_links from private.film_shares s
    where s.asset_id = film.id and s.revoked_at is null and s.expires_at > now();
    if live_links >= 50 then
        raise exception 'share limit reached: at most 50 live share links per film' using errcode = 'PT429';
    end if;
    insert into private.film_shares as s (asset_id, organization_id, token_hash, created_by, expires_at)
    values (film.id, film.organization_id, private.token_hash(new_token), private.caller_id(), now() + expires_in)
    returning s.id, s.expires_at into share_id, expires_at;
    perform private.record_audit_event(film.organization_id, 'share', 'assets', film.id::text,
                                       metadata => jsonb_build_object('share_id', share_id, 'expires_at', expires_at));
    token := new_token;
    return next;
end
$function$
;

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.generations FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();
