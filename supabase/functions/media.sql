-- Film share links: a film (a video asset) shown outside its organization for a bounded time.
-- Errors: docs/errors.md; design: docs/media.md, "Sharing a film".

-- A share link for a film: editors of its organization (or members holding the `publish`
-- permission) who may read the film. Returns the token once (only its hash is kept), with
-- the link's id (to revoke it) and its expiry: at least a minute, at most 30 days.
create or replace function public.share_film(asset_id uuid, expires_in interval default interval '7 days')
returns table (share_id uuid, token text, expires_at timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
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
        raise exception 'film not found' using errcode = 'PT404';
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
$$;
revoke execute on function public.share_film(uuid, interval) from public;
grant execute on function public.share_film(uuid, interval) to authenticated;

-- Revokes a share link at once: its creator, or an admin of the film's organization.
-- Revoking twice is a no-op. Someone else's link, or one that does not exist: PT404.
create or replace function public.revoke_film_share(share_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
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
        raise exception 'share link not found' using errcode = 'PT404';
    end if;
    perform private.record_audit_event(link.organization_id, 'unshare', 'assets', link.asset_id::text,
                                       metadata => jsonb_build_object('share_id', link.id));
end
$$;
revoke execute on function public.revoke_film_share(uuid) from public;
grant execute on function public.revoke_film_share(uuid) to authenticated;

-- The film's live share links: all of them for its organization's editors, their own for the
-- members who made them (no tokens: they are shown once).
create or replace function public.film_share_links(asset_id uuid)
returns table (
    share_id uuid, created_by uuid, created_at timestamptz, expires_at timestamptz, revoked_at timestamptz,
    opened_count bigint, last_opened_at timestamptz
)
language sql
stable
security definer
set search_path = ''
as $$
    select s.id, s.created_by, s.created_at, s.expires_at, s.revoked_at, s.opened_count, s.last_opened_at
    from private.film_shares s
    join public.assets a on a.id = s.asset_id and a.deleted_at is null
    where s.asset_id = film_share_links.asset_id
      and s.expires_at > now()
      and (s.organization_id in (select private.my_org_ids('editor'))
           or (s.created_by = (select private.acting_user_id()) and s.organization_id in (select private.my_org_ids())))
    order by s.created_at desc
$$;
revoke execute on function public.film_share_links(uuid) from public;
grant execute on function public.film_share_links(uuid) to authenticated;

-- What a share link opens, for anyone holding the token (anon included): the film's object in
-- Storage and the link's expiry, counted as one opening. The caller (a share page's server,
-- an Edge Function) then asks Storage for a signed URL that expires no later than the link
-- (creatorverse.media.share.open_share). A token that is unknown, revoked or expired, or whose
-- film or organization is deleted: PT404 'share link not found' (the three are not told apart).
create or replace function public.open_film_share(token text)
returns table (
    bucket text, object_name text, expires_at timestamptz, title text, mime_type text, size_bytes bigint,
    duration_seconds numeric
)
language plpgsql
security definer
set search_path = ''
as $$
declare
    link private.film_shares;
begin
    if token is null or length(token) > 200 then
        raise exception 'share link not found' using errcode = 'PT404';
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
        raise exception 'share link not found' using errcode = 'PT404';
    end if;
end
$$;
revoke execute on function public.open_film_share(text) from public;
grant execute on function public.open_film_share(text) to anon, authenticated, service_role;
