-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION public.film_share_links(asset_id uuid)
 RETURNS TABLE(share_id uuid, created_by uuid, created_at timestamp with time zone, expires_at timestamp with time zone, revoked_at timestamp with time zone, opened_count bigint, last_opened_at timestamp with time zone)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select s.id, s.created_by, s.created_at, s.expires_at, s.revoked_at, s.opened_count, s.last_opened_at
    from private.film_shares s
    join public.assets a on a.id = s.asset_id and a.deleted_at is null
    where s.asset_id = film_share_links.asset_id
      and s.expires_at > now()
      and (s.organization_id in (select private.my_org_ids('editor'))
           or (s.created_by = (select auth.uid()) and s.organization_id in (select private.my_org_ids())))
    order by s.created_at desc
$function$
;

CREATE OR REPLACE FUNCTION public.open_film_share(token text)
 RETURNS TABLE(bucket text, object_name text, expires_at timestamp with time zone, title text, mime_type text, size_bytes bigint, duration_seconds numeric)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    link private.film_shares;
begin
    if token is null or length(token) > 200 then
        raise exception 'share link not found' using errcode = 'P0002';
    end if;
    update private.film_shares s set opened_count = s.opened_count + 1, last_opened_at = now()
    where s.token_hash = private.token_hash(open_film_share.token)
      and s.revoked_at is null and s.expires_at > now()
      and exists (select 1 from public.organizations o where o.id = s.organization_id and o.deleted_at is null)
    returning s.* into link;
    return query
    select a.storage_bucket, a.organization_id || '/' || a.storage_path, link.expires_at, a.title, a.mime_type,
           a.size_bytes, a.duration_seconds
    from public.assets a
    where a.id = link.asset_id and a.deleted_at is null and a.status = 'ready';
    if not found then
        raise exception 'share link not found' using errcode = 'P0002';
    end if;
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
begin
    update private.film_shares s set revoked_at = coalesce(s.revoked_at, now()), revoked_by = coalesce(s.revoked_by, caller)
    where s.id = revoke_film_share.share_id
      and ((s.created_by = caller and s.organization_id in (select private.my_org_ids()))
           or s.organization_id in (select private.my_org_ids('admin')));
    if not found then
        raise exception 'share link not found' using errcode = 'P0002';
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
    return query
    insert into private.film_shares as s (asset_id, organization_id, token_hash, created_by, expires_at)
    values (film.id, film.organization_id, private.token_hash(new_token), auth.uid(), now() + expires_in)
    returning s.id, new_token, s.expires_at;
end
$function$
;

create or replace view "private"."withheld_media" with (security_barrier=true) as  SELECT a.organization_id,
    a.storage_bucket,
    a.storage_path,
    a.project_id,
    a.deleted_at IS NOT NULL AS deleted
   FROM public.assets a
     LEFT JOIN public.projects p ON a.project_id = p.id
  WHERE a.storage_provider = 'supabase'::text AND (a.deleted_at IS NOT NULL OR p.visibility = 'private'::text OR p.deleted_at IS NOT NULL) AND (a.organization_id IN ( SELECT m.organization_id
           FROM private.my_memberships m));


drop policy if exists "media_bucket_select" on "storage"."buckets";

create policy "media_bucket_select"
on "storage"."buckets"
as permissive
for select
to authenticated
using ((id = 'media'::text));


drop policy if exists "media_delete" on "storage"."objects";

create policy "media_delete"
on "storage"."objects"
as permissive
for delete
to authenticated
using (((bucket_id = 'media'::text) AND ((storage.foldername(name))[1] = ANY (ARRAY( SELECT (org_id.org_id)::text AS org_id
   FROM private.my_org_ids('editor'::public.member_role) org_id(org_id))))));


drop policy if exists "media_insert" on "storage"."objects";

create policy "media_insert"
on "storage"."objects"
as permissive
for insert
to authenticated
with check (((bucket_id = 'media'::text) AND ((storage.foldername(name))[1] = ANY (ARRAY( SELECT (org_id.org_id)::text AS org_id
   FROM private.my_org_ids('editor'::public.member_role) org_id(org_id))))));


drop policy if exists "media_select_members" on "storage"."objects";

create policy "media_select_members"
on "storage"."objects"
as permissive
for select
to authenticated
using (((bucket_id = 'media'::text) AND ((storage.foldername(name))[1] = ANY (ARRAY( SELECT (org_id.org_id)::text AS org_id
   FROM private.my_org_ids() org_id(org_id)))) AND (NOT (EXISTS ( SELECT 1
   FROM private.withheld_media w
  WHERE ((w.organization_id =
        CASE
            WHEN (objects.name ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/'::text) THEN ("left"(objects.name, 36))::uuid
            ELSE NULL::uuid
        END) AND (w.storage_bucket = objects.bucket_id) AND (w.storage_path = substr(objects.name, 38)) AND (w.deleted OR (w.project_id <> ALL (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))))))))));


drop policy if exists "media_select_public" on "storage"."objects";

create policy "media_select_public"
on "storage"."objects"
as permissive
for select
to anon, authenticated
using (((bucket_id = 'media'::text) AND (EXISTS ( SELECT 1
   FROM public.assets a
  WHERE ((a.organization_id =
        CASE
            WHEN (objects.name ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/'::text) THEN ("left"(objects.name, 36))::uuid
            ELSE NULL::uuid
        END) AND (a.storage_provider = 'supabase'::text) AND (a.storage_bucket = objects.bucket_id) AND (a.storage_path = substr(objects.name, 38)) AND (a.deleted_at IS NULL) AND (a.status = 'ready'::text) AND (a.project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))))));


drop policy if exists "media_update" on "storage"."objects";

create policy "media_update"
on "storage"."objects"
as permissive
for update
to authenticated
using (((bucket_id = 'media'::text) AND ((storage.foldername(name))[1] = ANY (ARRAY( SELECT (org_id.org_id)::text AS org_id
   FROM private.my_org_ids('editor'::public.member_role) org_id(org_id))))))
with check (((bucket_id = 'media'::text) AND ((storage.foldername(name))[1] = ANY (ARRAY( SELECT (org_id.org_id)::text AS org_id
   FROM private.my_org_ids('editor'::public.member_role) org_id(org_id))))));

grant execute on function public.film_share_links(uuid) to authenticated;
grant execute on function public.open_film_share(text) to anon;
grant execute on function public.open_film_share(text) to authenticated;
grant execute on function public.revoke_film_share(uuid) to authenticated;
grant execute on function public.share_film(uuid,interval) to authenticated;
grant select on table private.withheld_media to authenticated;
