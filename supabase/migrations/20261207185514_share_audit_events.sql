-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION public.create_project_share_link(project_id uuid)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
    token text := 'shr_' || private.random_token();
begin
    if create_project_share_link.project_id not in (select private.editable_project_ids()) then
        raise exception 'project % not found', project_id using errcode = 'P0002';
    end if;
    insert into private.project_share_tokens (project_id, token_hash, created_by)
    values (create_project_share_link.project_id, private.token_hash(token), caller)
    on conflict on constraint project_share_tokens_pkey do update
    set token_hash = excluded.token_hash, created_by = excluded.created_by, created_at = now();
    perform private.record_audit_event(private.project_organization(create_project_share_link.project_id), 'share',
                                       'projects', create_project_share_link.project_id::text);
    return token;
end
$function$
;

CREATE OR REPLACE FUNCTION public.revoke_film_share(share_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
    link private.film_shares;
begin
    update private.film_shares s set revoked_at = coalesce(s.revoked_at, now()), revoked_by = coalesce(s.revoked_by, caller)
    where s.id = revoke_film_share.share_id
      and ((s.created_by = caller and s.organization_id in (select private.my_org_ids()))
           or s.organization_id in (select private.my_org_ids('admin')))
    returning s.* into link;
    if link.id is null then
        raise exception 'share link not found' using errcode = 'P0002';
    end if;
    perform private.record_audit_event(link.organization_id, 'unshare', 'assets', link.asset_id::text,
                                       metadata => jsonb_build_object('share_id', link.id));
end
$function$
;

CREATE OR REPLACE FUNCTION public.revoke_project_share_link(project_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    perform private.require_user();
    if revoke_project_share_link.project_id not in (select private.editable_project_ids()) then
        raise exception 'project % not found', project_id using errcode = 'P0002';
    end if;
    delete from private.project_share_tokens s where s.project_id = revoke_project_share_link.project_id;
    if found then
        perform private.record_audit_event(private.project_organization(revoke_project_share_link.project_id),
                                           'unshare', 'projects', revoke_project_share_link.project_id::text);
    end if;
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
    values (film.id, film.organization_id, private.token_hash(new_token), auth.uid(), now() + expires_in)
    returning s.id, s.expires_at into share_id, expires_at;
    perform private.record_audit_event(film.organization_id, 'share', 'assets', film.id::text,
                                       metadata => jsonb_build_object('share_id', share_id, 'expires_at', expires_at));
    token := new_token;
    return next;
end
$function$
;
