-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.accept_invitation_row(invitation public.invitations)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
begin
    if invitation.status <> 'pending' then
        raise exception 'invitation is %', invitation.status using errcode = '55000';
    end if;
    if invitation.expires_at <= now() then
        raise exception 'invitation has expired' using errcode = '55000';
    end if;
    if exists (select 1 from public.organization_members m
               where m.organization_id = invitation.organization_id and m.user_id = caller) then
        raise exception 'you are already a member of this organization' using errcode = '23505';
    end if;
    insert into public.organization_members (organization_id, user_id, role, invited_by, invited_at, joined_at)
    values (invitation.organization_id, caller, invitation.role, invitation.invited_by, invitation.created_at, now());
    update public.invitations i set status = 'accepted', accepted_at = now(), accepted_by = caller
    where i.id = invitation.id;
    return invitation.organization_id;
end
$function$
;

CREATE OR REPLACE FUNCTION private.caller_membership(org_id uuid)
 RETURNS public.organization_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    found public.organization_members;
begin
    select m.* into found from public.organization_members m
    join public.organizations o on o.id = m.organization_id and o.deleted_at is null
    where m.organization_id = org_id and m.user_id = private.require_user()
    for update of m;
    if found.id is null then
        raise exception 'organization % not found', org_id using errcode = 'P0002';
    end if;
    return found;
end
$function$
;

CREATE OR REPLACE FUNCTION private.chapter_candidates(filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, sees_everything boolean, cap integer)
 RETURNS integer
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select case
        when filter_book_id is not null then
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where e.book_id = filter_book_id limit cap) s)
        when filter_project_id is not null then
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where e.project_id = filter_project_id limit cap) s)
        when sees_everything then
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where filter_organization_id is null or e.organization_id = filter_organization_id
                                   limit cap) s)
        else least(cap,
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where e.organization_id = any(array(select private.my_org_ids()))
                                     and e.project_id is null
                                     and (filter_organization_id is null or e.organization_id = filter_organization_id)
                                   limit cap) s)
            + (select count(*) from (select 1 from public.chapter_embeddings e
                                     where (e.project_id = any(array(select private.readable_project_ids()))
                                            or e.project_id = any(array(select private.public_project_ids())))
                                       and (filter_organization_id is null or e.organization_id = filter_organization_id)
                                     limit cap) s))
    end::integer
$function$
;

CREATE OR REPLACE FUNCTION private.expire_invitations()
 RETURNS integer
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    with expired as (
        update public.invitations i set status = 'expired'
        where i.status = 'pending' and i.expires_at <= now()
        returning 1
    )
    select count(*)::integer from expired
$function$
;

CREATE OR REPLACE FUNCTION private.invitation_for_invitee(invitation_id uuid)
 RETURNS public.invitations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    invitation public.invitations;
begin
    perform private.require_user();
    select i.* into invitation from public.invitations i
    where i.id = invitation_for_invitee.invitation_id and lower(i.email) = lower(auth.email())
    for update;
    if invitation.id is null then
        raise exception 'invitation not found' using errcode = 'P0002';
    end if;
    return invitation;
end
$function$
;

CREATE OR REPLACE FUNCTION private.is_primary_owner(org_id uuid, member_user_id uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select exists (
        select 1 from public.organizations o where o.id = org_id and o.primary_owner_user_id = member_user_id
    )
$function$
;

CREATE OR REPLACE FUNCTION private.org_for_primary_owner(org_id uuid, action text)
 RETURNS public.organizations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members := private.caller_membership(org_id);
    org public.organizations;
begin
    select o.* into org from public.organizations o where o.id = org_id for update;
    if org.primary_owner_user_id <> caller.user_id then
        raise exception 'only the primary owner may %', action using errcode = '42501';
    end if;
    if org.is_personal then
        raise exception 'personal organizations cannot %', action using errcode = '55000';
    end if;
    return org;
end
$function$
;

CREATE OR REPLACE FUNCTION private.require_org_admin(org_id uuid)
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
begin
    if not private.has_org_role(org_id, 'admin') then
        raise exception 'only admins of organization % may do this', org_id using errcode = '42501';
    end if;
    return caller;
end
$function$
;

CREATE OR REPLACE FUNCTION private.secret_hint(secret text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select case when length(secret) >= 12 then '…' || right(secret, 4) else '…' end
$function$
;

CREATE OR REPLACE FUNCTION private.target_membership(org_id uuid, member_user_id uuid)
 RETURNS public.organization_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    found public.organization_members;
begin
    select m.* into found from public.organization_members m
    where m.organization_id = org_id and m.user_id = member_user_id
    for update;
    if found.id is null then
        raise exception 'user % is not a member of organization %', member_user_id, org_id using errcode = 'P0002';
    end if;
    return found;
end
$function$
;

CREATE OR REPLACE FUNCTION public.accept_invitation(invitation_token text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    invitation public.invitations;
begin
    perform private.require_user();
    select i.* into invitation
    from private.invitation_tokens t join public.invitations i on i.id = t.invitation_id
    where t.token_hash = private.token_hash(invitation_token)
    for update of i;
    if invitation.id is null then
        raise exception 'invitation not found' using errcode = 'P0002';
    end if;
    return private.accept_invitation_row(invitation);
end
$function$
;

CREATE OR REPLACE FUNCTION public.accept_invitation_by_id(invitation_id uuid)
 RETURNS uuid
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select private.accept_invitation_row(private.invitation_for_invitee(accept_invitation_by_id.invitation_id))
$function$
;

CREATE OR REPLACE FUNCTION public.change_member_role(org_id uuid, member_user_id uuid, new_role public.member_role)
 RETURNS public.organization_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members := private.caller_membership(org_id);
    target public.organization_members;
begin
    if caller.user_id = member_user_id then
        raise exception 'you cannot change your own role' using errcode = '42501';
    end if;
    if caller.role < 'admin' then
        raise exception 'only admins and owners change roles' using errcode = '42501';
    end if;
    target := private.target_membership(org_id, member_user_id);
    if caller.role < 'owner' and (target.role = 'owner' or new_role = 'owner') then
        raise exception 'only owners change an owner''s role or make owners' using errcode = '42501';
    end if;
    if new_role <> 'owner' and private.is_primary_owner(org_id, member_user_id) then
        raise exception 'the primary owner keeps the owner role: transfer ownership first' using errcode = '55000';
    end if;
    update public.organization_members m set role = new_role where m.id = target.id returning * into target;
    return target;
end
$function$
;

CREATE OR REPLACE FUNCTION public.create_api_key(org_id uuid, key_name text, key_scopes text[] DEFAULT '{}'::text[], key_expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS TABLE(api_key_id uuid, api_key text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members := private.caller_membership(org_id);
    new_key text := 'cv_' || private.random_token();
    created_id uuid;
begin
    if caller.role < 'admin' and not 'api_keys.manage' = any (caller.permissions) then
        raise exception 'only admins create API keys' using errcode = '42501';
    end if;
    if coalesce(length(trim(key_name)), 0) = 0 or length(key_name) > 100 then
        raise exception 'API key name must be 1 to 100 characters' using errcode = '22023';
    end if;
    if not coalesce(key_scopes, '{}') <@ array[
        'projects:read', 'projects:write', 'media:read', 'media:generate', 'billing:read', 'webhooks:manage'
    ]::text[] then
        raise exception 'unknown scope in %', key_scopes
            using errcode = '22023',
                  hint = 'scopes: projects:read, projects:write, media:read, media:generate, billing:read, webhooks:manage';
    end if;
    if key_expires_at <= now() then
        raise exception 'expiry must lie in the future' using errcode = '22023';
    end if;
    insert into public.api_keys (organization_id, created_by, name, key_prefix, scopes, expires_at)
    values (org_id, caller.user_id, trim(key_name), left(new_key, 11), coalesce(key_scopes, '{}'), key_expires_at)
    returning id into created_id;
    insert into private.api_key_hashes (api_key_id, key_hash) values (created_id, private.token_hash(new_key));
    return query select created_id, new_key;
end
$function$
;

CREATE OR REPLACE FUNCTION public.create_organization(org_name text, org_slug text)
 RETURNS public.organizations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
    created public.organizations;
begin
    if coalesce(length(trim(org_name)), 0) = 0 or length(org_name) > 120 then
        raise exception 'organization name must be 1 to 120 characters' using errcode = '22023';
    end if;
    if org_slug is null or org_slug !~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$' then
        raise exception 'slug "%" is not URL-safe: use a-z, 0-9 and inner hyphens, at most 63 characters', org_slug
            using errcode = '22023';
    end if;
    if exists (select 1 from public.organizations o where o.slug = org_slug) then
        raise exception 'slug "%" is already taken', org_slug using errcode = '23505';
    end if;
    insert into public.organizations (name, slug, primary_owner_user_id, created_by)
    values (trim(org_name), org_slug, caller, caller)
    returning * into created;
    insert into public.organization_members (organization_id, user_id, role, joined_at)
    values (created.id, caller, 'owner', now());
    return created;
end
$function$
;

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
    return token;
end
$function$
;

CREATE OR REPLACE FUNCTION public.create_webhook(org_id uuid, endpoint_url text, event_types text[] DEFAULT '{}'::text[], webhook_description text DEFAULT NULL::text)
 RETURNS TABLE(webhook_id uuid, signing_secret text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_org_admin(org_id);
    secret text := 'whsec_' || private.random_token();
    created_id uuid;
begin
    if endpoint_url is null or endpoint_url !~ '^https?://[^\s]+$' then
        raise exception 'invalid webhook URL "%"', endpoint_url using errcode = '22023';
    end if;
    insert into public.webhooks (organization_id, url, events, description, created_by)
    values (org_id, endpoint_url, coalesce(event_types, '{}'), webhook_description, caller)
    returning id into created_id;
    insert into private.webhook_secrets (webhook_id, secret_box) values (created_id, private.encrypt_secret(secret));
    return query select created_id, secret;
end
$function$
;

CREATE OR REPLACE FUNCTION public.decline_invitation(invitation_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    invitation public.invitations := private.invitation_for_invitee(invitation_id);
begin
    if invitation.status <> 'pending' then
        raise exception 'invitation is %', invitation.status using errcode = '55000';
    end if;
    update public.invitations i set status = 'declined' where i.id = invitation.id;
end
$function$
;

CREATE OR REPLACE FUNCTION public.delete_organization(org_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    perform private.org_for_primary_owner(org_id, 'delete the organization');
    update public.organizations o set deleted_at = now() where o.id = org_id;
end
$function$
;

CREATE OR REPLACE FUNCTION public.get_shared_project(share_token text)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    shared public.projects;
begin
    select p.* into shared
    from private.project_share_tokens s join public.projects p on p.id = s.project_id
    where s.token_hash = private.token_hash(share_token) and p.deleted_at is null;
    if shared.id is null then
        raise exception 'share link not found' using errcode = 'P0002';
    end if;
    return jsonb_build_object(
        'project', to_jsonb(shared) - array['settings', 'created_by', 'deleted_at'],
        'stories', coalesce((select jsonb_agg(to_jsonb(s) - array['created_by', 'prompt_used', 'generation_metadata']
                                              order by s.created_at)
                             from public.stories s where s.project_id = shared.id and s.deleted_at is null), '[]'),
        'characters', coalesce((select jsonb_agg(to_jsonb(c) - 'created_by' order by c.display_order, c.name)
                                from public.characters c where c.project_id = shared.id and c.deleted_at is null), '[]'),
        'universes', coalesce((select jsonb_agg(to_jsonb(u) order by u.created_at)
                               from public.universes u where u.project_id = shared.id and u.deleted_at is null), '[]'),
        'moodboards', coalesce((select jsonb_agg(to_jsonb(m) order by m.beat_index)
                                from public.moodboards m where m.project_id = shared.id and m.deleted_at is null), '[]')
    );
end
$function$
;

CREATE OR REPLACE FUNCTION public.hybrid_search_chapters(query_text text, query_embedding extensions.vector, match_count integer DEFAULT 10, full_text_weight double precision DEFAULT 1, semantic_weight double precision DEFAULT 1, rrf_k integer DEFAULT 50, filter_organization_id uuid DEFAULT NULL::uuid, filter_book_id uuid DEFAULT NULL::uuid)
 RETURNS TABLE(chapter_id uuid, book_id uuid, chapter_number integer, title text, score double precision, keyword_rank bigint, semantic_rank bigint)
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    with query as (
        select websearch_to_tsquery('simple', query_text) as ts
    ),
    keyword as (
        select c.id,
               row_number() over (order by greatest(
                   ts_rank_cd(c.fts, query.ts), extensions.word_similarity(query_text, c.content)) desc) as rank_ix
        from public.chapters c, query
        where c.deleted_at is null
          and (filter_organization_id is null or c.organization_id = filter_organization_id)
          and (filter_book_id is null or c.book_id = filter_book_id)
          and (c.fts @@ query.ts or query_text operator(extensions.<%) c.content)
        order by rank_ix
        limit least(match_count, 50) * 2
    ),
    semantic as (
        select m.chapter_id as id, row_number() over (order by m.similarity desc) as rank_ix
        from public.match_chapters(query_embedding, least(match_count, 50) * 2, filter_organization_id,
                                   filter_book_id) m
    )
    select c.id, c.book_id, c.chapter_number, c.title,
           coalesce(1.0 / (rrf_k + keyword.rank_ix), 0.0) * full_text_weight
           + coalesce(1.0 / (rrf_k + semantic.rank_ix), 0.0) * semantic_weight as score,
           keyword.rank_ix, semantic.rank_ix
    from keyword
    full outer join semantic on semantic.id = keyword.id
    join public.chapters c on c.id = coalesce(keyword.id, semantic.id)
    order by score desc
    limit match_count
$function$
;

CREATE OR REPLACE FUNCTION public.invite_member(org_id uuid, invitee_email text, invitee_role public.member_role DEFAULT 'viewer'::public.member_role)
 RETURNS TABLE(invitation_id uuid, token text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members := private.caller_membership(org_id);
    new_token text := private.random_token();
    created_id uuid;
begin
    if caller.role < 'admin' and not 'members.invite' = any (caller.permissions) then
        raise exception 'only admins invite members' using errcode = '42501';
    end if;
    if (select o.is_personal from public.organizations o where o.id = org_id) then
        raise exception 'personal organizations have no other members' using errcode = '55000';
    end if;
    if invitee_email is null or invitee_email !~ '^[^@\s]+@[^@\s]+$' then
        raise exception 'invalid email address "%"', invitee_email using errcode = '22023';
    end if;
    if invitee_role = 'owner' then
        raise exception 'invite as admin, then transfer ownership' using errcode = '22023';
    end if;
    if invitee_role > caller.role then
        raise exception 'you cannot invite with a role above your own' using errcode = '42501';
    end if;
    if exists (
        select 1 from public.organization_members m join auth.users u on u.id = m.user_id
        where m.organization_id = org_id and lower(u.email) = lower(invitee_email)) then
        raise exception '% is already a member', invitee_email using errcode = '23505';
    end if;
    if exists (
        select 1 from public.invitations i
        where i.organization_id = org_id and lower(i.email) = lower(invitee_email) and i.status = 'pending') then
        raise exception 'an invitation to % is already pending', invitee_email
            using errcode = '23505', hint = 'revoke it to send a new one';
    end if;
    insert into public.invitations (organization_id, email, role, invited_by)
    values (org_id, lower(invitee_email), invitee_role, caller.user_id)
    returning id into created_id;
    insert into private.invitation_tokens (invitation_id, token_hash) values (created_id, private.token_hash(new_token));
    return query select created_id, new_token;
end
$function$
;

CREATE OR REPLACE FUNCTION public.is_feature_enabled(flag_key text, subject_user_id uuid DEFAULT NULL::uuid, subject_organization_id uuid DEFAULT NULL::uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    flag public.feature_flags;
    subject_user uuid := coalesce(subject_user_id, auth.uid());
    subject text;
begin
    -- clients ask about themselves and their own organizations only
    if coalesce(auth.role(), '') in ('anon', 'authenticated') then
        if subject_user_id is not null and subject_user_id is distinct from auth.uid() then
            raise exception 'clients may only check flags for themselves' using errcode = '42501';
        end if;
        if subject_organization_id is not null and not private.has_org_role(subject_organization_id) then
            raise exception 'organization % not found', subject_organization_id using errcode = 'P0002';
        end if;
    end if;
    select f.* into flag from public.feature_flags f where f.key = flag_key;
    if flag.id is null or not flag.enabled then
        return false;
    end if;
    subject := coalesce(subject_user::text, subject_organization_id::text);
    return case flag.target_type
        when 'all' then true
        when 'users' then subject_user = any (flag.target_user_ids)
        when 'organizations' then subject_organization_id = any (flag.target_organization_ids)
        when 'percentage' then subject is not null
            and abs(hashtextextended(flag.key || ':' || subject, 0) % 100) < flag.rollout_percentage
        else false
    end;
end
$function$
;

CREATE OR REPLACE FUNCTION public.leave_organization(org_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members := private.caller_membership(org_id);
    org public.organizations;
begin
    select o.* into org from public.organizations o where o.id = org_id;
    if org.is_personal then
        raise exception 'you cannot leave your personal organization' using errcode = '55000';
    end if;
    if org.primary_owner_user_id = caller.user_id then
        raise exception 'the primary owner cannot leave: transfer ownership first' using errcode = '55000';
    end if;
    delete from public.organization_members m where m.id = caller.id;
end
$function$
;

CREATE OR REPLACE FUNCTION public.match_chapters(query_embedding extensions.vector, match_count integer DEFAULT 10, filter_organization_id uuid DEFAULT NULL::uuid, filter_book_id uuid DEFAULT NULL::uuid, filter_project_id uuid DEFAULT NULL::uuid, exact_below integer DEFAULT 1500)
 RETURNS TABLE(chapter_id uuid, book_id uuid, similarity double precision)
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
 SET "hnsw.iterative_scan" TO 'relaxed_order'
 SET "hnsw.ef_search" TO '100'
AS $function$
declare
    k integer := least(greatest(coalesce(match_count, 10), 1), 500);
    filters text := concat_ws(' and ', 'true',
        case when filter_organization_id is not null then 'e.organization_id = $2' end,
        case when filter_book_id is not null then 'e.book_id = $3' end,
        case when filter_project_id is not null then 'e.project_id = $4' end);
    sees_everything boolean := (select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles r
                                where r.rolname = current_user);
    found integer;
begin
    if query_embedding is null then
        raise exception 'query_embedding is required' using errcode = '22023';
    end if;
    if private.chapter_candidates(filter_organization_id, filter_book_id, filter_project_id, sees_everything,
                                  exact_below) >= exact_below then
        -- approximate: the HNSW index, scanning on until k rows pass the filters and RLS
        return query execute format($q$
            with nearest as materialized (
                select e.chapter_id, e.book_id, e.embedding operator(extensions.<=>) $1 as distance
                from public.chapter_embeddings e
                where %s
                order by e.embedding operator(extensions.<=>) $1
                limit $5
            )
            select n.chapter_id, n.book_id, 1 - n.distance from nearest n order by n.distance
        $q$, filters) using query_embedding, filter_organization_id, filter_book_id, filter_project_id, k;
        get diagnostics found = row_count;
        if found >= k then
            return;
        end if;
    end if;

    -- exact: distances over the candidate rows only (the function form keeps HNSW out)
    return query execute format($q$
        select e.chapter_id, e.book_id, 1 - extensions.cosine_distance(e.embedding, $1)
        from public.chapter_embeddings e
        where %s
        order by extensions.cosine_distance(e.embedding, $1)
        limit $5
    $q$, filters) using query_embedding, filter_organization_id, filter_book_id, filter_project_id, k;
end
$function$
;

CREATE OR REPLACE FUNCTION public.remove_member(org_id uuid, member_user_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members := private.caller_membership(org_id);
    target public.organization_members;
begin
    if caller.user_id = member_user_id then
        raise exception 'use leave_organization to leave' using errcode = '22023';
    end if;
    if caller.role < 'admin' then
        raise exception 'only admins and owners remove members' using errcode = '42501';
    end if;
    target := private.target_membership(org_id, member_user_id);
    if target.role = 'owner' and caller.role < 'owner' then
        raise exception 'admins cannot remove owners' using errcode = '42501';
    end if;
    if private.is_primary_owner(org_id, member_user_id) then
        raise exception 'the primary owner cannot be removed: transfer ownership first' using errcode = '55000';
    end if;
    delete from public.organization_members m where m.id = target.id;
end
$function$
;

CREATE OR REPLACE FUNCTION public.resolve_api_key(presented_key text)
 RETURNS TABLE(api_key_id uuid, organization_id uuid, scopes text[])
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    found public.api_keys;
begin
    select k.* into found
    from private.api_key_hashes h join public.api_keys k on k.id = h.api_key_id
    where h.key_hash = private.token_hash(presented_key);
    if found.id is null or found.revoked_at is not null or found.expires_at <= now() then
        raise exception 'invalid API key' using errcode = '28000';
    end if;
    update public.api_keys k set last_used_at = now()
    where k.id = found.id and (k.last_used_at is null or k.last_used_at < now() - interval '1 minute');
    return query select found.id, found.organization_id, found.scopes;
end
$function$
;

CREATE OR REPLACE FUNCTION public.reveal_provider_credential(credential_id uuid)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    box bytea;
begin
    update public.provider_credentials c set usage_count = c.usage_count + 1, last_used_at = now()
    where c.id = reveal_provider_credential.credential_id and c.status = 'active'
      and (c.expires_at is null or c.expires_at > now());
    if not found then
        raise exception 'no active credential %', credential_id using errcode = 'P0002';
    end if;
    select s.secret_box into box from private.provider_secrets s
    where s.credential_id = reveal_provider_credential.credential_id;
    return private.decrypt_secret(box);
end
$function$
;

CREATE OR REPLACE FUNCTION public.revoke_api_key(api_key_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    key_org uuid;
begin
    select k.organization_id into key_org from public.api_keys k where k.id = revoke_api_key.api_key_id;
    if key_org is null or not (private.has_org_role(key_org, 'admin') or exists (
        select 1 from public.organization_members m
        where m.organization_id = key_org and m.user_id = auth.uid() and 'api_keys.manage' = any (m.permissions))) then
        raise exception 'API key not found' using errcode = 'P0002';
    end if;
    update public.api_keys k set revoked_at = coalesce(k.revoked_at, now()) where k.id = revoke_api_key.api_key_id;
end
$function$
;

CREATE OR REPLACE FUNCTION public.revoke_invitation(invitation_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    invitation public.invitations;
begin
    select i.* into invitation from public.invitations i where i.id = revoke_invitation.invitation_id for update;
    if invitation.id is null or not private.has_org_role(invitation.organization_id, 'admin') then
        raise exception 'invitation not found' using errcode = 'P0002';
    end if;
    if invitation.status <> 'pending' then
        raise exception 'invitation is %', invitation.status using errcode = '55000';
    end if;
    update public.invitations i set status = 'revoked' where i.id = invitation.id;
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
end
$function$
;

CREATE OR REPLACE FUNCTION public.rotate_webhook_secret(webhook_id uuid)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    hook_org uuid;
    secret text := 'whsec_' || private.random_token();
begin
    select w.organization_id into hook_org from public.webhooks w where w.id = rotate_webhook_secret.webhook_id;
    if hook_org is null or not private.has_org_role(hook_org, 'admin') then
        raise exception 'webhook not found' using errcode = 'P0002';
    end if;
    update private.webhook_secrets s set secret_box = private.encrypt_secret(secret)
    where s.webhook_id = rotate_webhook_secret.webhook_id;
    return secret;
end
$function$
;

CREATE OR REPLACE FUNCTION public.save_provider_credential(org_id uuid, provider_name text, secret text, credential_name text DEFAULT 'default'::text, credential_config jsonb DEFAULT '{}'::jsonb, credential_expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_org_admin(org_id);
    saved_id uuid;
begin
    if provider_name is null or provider_name !~ '^[a-z0-9_]{2,40}$' then
        raise exception 'invalid provider "%"', provider_name using errcode = '22023';
    end if;
    if coalesce(length(secret), 0) < 8 then
        raise exception 'the secret looks too short to be a provider key' using errcode = '22023';
    end if;
    if jsonb_typeof(credential_config) is distinct from 'object' then
        raise exception 'config must be a JSON object' using errcode = '22023';
    end if;
    insert into public.provider_credentials as c (
        organization_id, created_by, provider, name, secret_hint, config, expires_at
    )
    values (org_id, caller, provider_name, coalesce(credential_name, 'default'), private.secret_hint(secret),
            credential_config, credential_expires_at)
    on conflict (organization_id, provider, name) do update
    set secret_hint = excluded.secret_hint, config = excluded.config, expires_at = excluded.expires_at,
        status = 'active', last_validated_at = null
    returning c.id into saved_id;
    insert into private.provider_secrets (credential_id, secret_box)
    values (saved_id, private.encrypt_secret(secret))
    on conflict (credential_id) do update set secret_box = excluded.secret_box;
    return saved_id;
end
$function$
;

CREATE OR REPLACE FUNCTION public.soft_delete(table_name text, row_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target jsonb;
    allowed boolean;
begin
    perform private.require_user();
    if table_name not in (
        'projects', 'stories', 'universes', 'moodboards', 'animations', 'books', 'chapters', 'scripts', 'scenes',
        'plot_overviews', 'characters', 'chapter_scripts', 'prompts', 'brand_policies', 'feedback', 'assets'
    ) then
        raise exception 'rows of % are not soft-deleted', table_name using errcode = '22023';
    end if;
    execute format('select to_jsonb(t) from public.%I t where t.id = $1 and t.deleted_at is null for update', table_name)
    into target using row_id;
    allowed := case
        when target is null then false
        when table_name = 'projects' then row_id in (select private.editable_project_ids())
        when table_name in ('prompts', 'feedback') then (target ->> 'created_by')::uuid = auth.uid()
            or private.has_org_role((target ->> 'organization_id')::uuid, 'admin')
        when target ->> 'project_id' is null then private.has_org_role((target ->> 'organization_id')::uuid, 'editor')
        else (target ->> 'project_id')::uuid in (select private.editable_project_ids())
    end;
    if not allowed then
        raise exception '% % not found', table_name, row_id using errcode = 'P0002';
    end if;
    execute format('update public.%I set deleted_at = now() where id = $1', table_name) using row_id;
end
$function$
;

CREATE OR REPLACE FUNCTION public.transfer_ownership(org_id uuid, new_owner_user_id uuid)
 RETURNS public.organizations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    org public.organizations := private.org_for_primary_owner(org_id, 'transfer ownership');
    target public.organization_members;
begin
    if new_owner_user_id = org.primary_owner_user_id then
        raise exception 'you already own this organization' using errcode = '22023';
    end if;
    target := private.target_membership(org_id, new_owner_user_id);
    update public.organization_members m set role = 'owner' where m.id = target.id;
    update public.organization_members m set role = 'admin'
    where m.organization_id = org_id and m.user_id = org.primary_owner_user_id;
    update public.organizations o set primary_owner_user_id = new_owner_user_id where o.id = org_id
    returning * into org;
    return org;
end
$function$
;

CREATE OR REPLACE FUNCTION public.use_prompt(prompt_id uuid, variable_values jsonb DEFAULT '{}'::jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    prompt public.prompts;
    rendered text;
    variable_name text;
    missing text[];
begin
    select p.* into prompt from public.prompts p where p.id = use_prompt.prompt_id;
    if prompt.id is null then
        raise exception 'prompt % not found', prompt_id using errcode = 'P0002';
    end if;
    rendered := prompt.content;
    for variable_name in select distinct m[1] from regexp_matches(prompt.content, '\{\{\s*(\w+)\s*\}\}', 'g') m loop
        if variable_values ? variable_name then
            rendered := regexp_replace(rendered, '\{\{\s*' || variable_name || '\s*\}\}',
                                       replace(variable_values ->> variable_name, '\', '\\'), 'g');
        else
            missing := missing || variable_name;
        end if;
    end loop;
    if missing is not null then
        raise exception 'missing values for prompt variables: %', array_to_string(missing, ', ') using errcode = '22023';
    end if;
    insert into public.prompt_uses (prompt_id, user_id) values (prompt.id, auth.uid());
    return rendered;
end
$function$
;

CREATE OR REPLACE FUNCTION public.webhook_signing_secret(webhook_id uuid)
 RETURNS text
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select private.decrypt_secret(s.secret_box) from private.webhook_secrets s
    where s.webhook_id = webhook_signing_secret.webhook_id
$function$
;

create or replace view "analytics"."cost_by_provider_model" as  SELECT COALESCE(provider, 'unknown'::text) AS provider,
    COALESCE(model, 'unknown'::text) AS model,
    date_trunc('month'::text, occurred_at, 'UTC'::text)::date AS month,
    count(*) AS events,
    count(*) FILTER (WHERE status = 'success'::text) AS successes,
    count(*) FILTER (WHERE status <> 'success'::text) AS failures,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(credits) AS credits,
    sum(cost_usd) AS cost_usd,
    round(avg(cost_usd), 6) AS avg_cost_usd,
    round(avg(duration_ms)) AS avg_duration_ms
   FROM public.usage_events e
  GROUP BY (COALESCE(provider, 'unknown'::text)), (COALESCE(model, 'unknown'::text)), (date_trunc('month'::text, occurred_at, 'UTC'::text)::date);


create or replace view "analytics"."credit_health" as  WITH burn AS (
         SELECT t.organization_id,
            sum(- t.amount) AS burn_30d
           FROM public.credit_transactions t
          WHERE t.created_at >= (now() - '30 days'::interval) AND (t.type = ANY (ARRAY['usage'::text, 'hold'::text, 'release'::text]))
          GROUP BY t.organization_id
        )
 SELECT o.id AS organization_id,
    o.name,
    s.plan_id,
    s.status AS subscription_status,
    b.balance + b.rollover_balance + b.bonus_balance AS available_credits,
    b.balance,
    b.rollover_balance,
    b.bonus_balance,
    b.held_balance,
    COALESCE(burn.burn_30d, 0::numeric) AS burn_30d,
    round(COALESCE(burn.burn_30d, 0::numeric) / 30.0, 2) AS daily_burn,
        CASE
            WHEN COALESCE(burn.burn_30d, 0::numeric) > 0::numeric THEN round((b.balance + b.rollover_balance + b.bonus_balance)::numeric / (burn.burn_30d / 30.0), 1)
            ELSE NULL::numeric
        END AS days_left,
    b.next_reset_at
   FROM public.organizations o
     JOIN public.credit_balances b ON b.organization_id = o.id
     LEFT JOIN public.subscriptions s ON s.organization_id = o.id
     LEFT JOIN burn ON burn.organization_id = o.id
  WHERE o.deleted_at IS NULL;


create or replace view "analytics"."subscriptions_mrr" as  SELECT p.id AS plan_id,
    p.name AS plan_name,
    count(s.id) AS subscriptions,
    count(s.id) FILTER (WHERE s.status = 'active'::text) AS active,
    count(s.id) FILTER (WHERE s.status = 'trialing'::text) AS trialing,
    count(s.id) FILTER (WHERE s.status = 'past_due'::text) AS past_due,
    count(s.id) FILTER (WHERE s.status = 'canceled'::text) AS canceled,
    COALESCE(sum(
        CASE s.billing_cycle
            WHEN 'yearly'::text THEN p.price_cents_yearly::numeric / 12.0
            ELSE p.price_cents_monthly::numeric
        END) FILTER (WHERE s.status = ANY (ARRAY['active'::text, 'past_due'::text])), 0::numeric)::bigint AS mrr_cents
   FROM public.plans p
     LEFT JOIN public.subscriptions s ON s.plan_id = p.id
  GROUP BY p.id, p.name, p.sort_order
  ORDER BY p.sort_order;


drop policy if exists "animations_delete" on "public"."animations";

create policy "animations_delete"
on "public"."animations"
as permissive
for delete
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "animations_insert" on "public"."animations";

create policy "animations_insert"
on "public"."animations"
as permissive
for insert
to authenticated
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "animations_select" on "public"."animations";

create policy "animations_select"
on "public"."animations"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));


drop policy if exists "animations_update" on "public"."animations";

create policy "animations_update"
on "public"."animations"
as permissive
for update
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))))
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "api_call_counters_select" on "public"."api_call_counters";

create policy "api_call_counters_select"
on "public"."api_call_counters"
as permissive
for select
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "api_keys_select" on "public"."api_keys";

create policy "api_keys_select"
on "public"."api_keys"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));


drop policy if exists "asset_versions_delete" on "public"."asset_versions";

create policy "asset_versions_delete"
on "public"."asset_versions"
as permissive
for delete
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "asset_versions_insert" on "public"."asset_versions";

create policy "asset_versions_insert"
on "public"."asset_versions"
as permissive
for insert
to authenticated
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "asset_versions_select" on "public"."asset_versions";

create policy "asset_versions_select"
on "public"."asset_versions"
as permissive
for select
to anon, authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids)))));


drop policy if exists "asset_versions_update" on "public"."asset_versions";

create policy "asset_versions_update"
on "public"."asset_versions"
as permissive
for update
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))))
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "assets_delete" on "public"."assets";

create policy "assets_delete"
on "public"."assets"
as permissive
for delete
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "assets_insert" on "public"."assets";

create policy "assets_insert"
on "public"."assets"
as permissive
for insert
to authenticated
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "assets_select" on "public"."assets";

create policy "assets_select"
on "public"."assets"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));


drop policy if exists "assets_update" on "public"."assets";

create policy "assets_update"
on "public"."assets"
as permissive
for update
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))))
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "audit_logs_select" on "public"."audit_logs";

create policy "audit_logs_select"
on "public"."audit_logs"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));


drop policy if exists "book_structure_delete" on "public"."book_structure";

create policy "book_structure_delete"
on "public"."book_structure"
as permissive
for delete
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "book_structure_insert" on "public"."book_structure";

create policy "book_structure_insert"
on "public"."book_structure"
as permissive
for insert
to authenticated
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "book_structure_select" on "public"."book_structure";

create policy "book_structure_select"
on "public"."book_structure"
as permissive
for select
to anon, authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids)))));


drop policy if exists "book_structure_update" on "public"."book_structure";

create policy "book_structure_update"
on "public"."book_structure"
as permissive
for update
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))))
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "books_delete" on "public"."books";

create policy "books_delete"
on "public"."books"
as permissive
for delete
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "books_insert" on "public"."books";

create policy "books_insert"
on "public"."books"
as permissive
for insert
to authenticated
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "books_select" on "public"."books";

create policy "books_select"
on "public"."books"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));


drop policy if exists "books_update" on "public"."books";

create policy "books_update"
on "public"."books"
as permissive
for update
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))))
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "brand_policies_delete" on "public"."brand_policies";

create policy "brand_policies_delete"
on "public"."brand_policies"
as permissive
for delete
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "brand_policies_insert" on "public"."brand_policies";

create policy "brand_policies_insert"
on "public"."brand_policies"
as permissive
for insert
to authenticated
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "brand_policies_public" on "public"."brand_policies";

create policy "brand_policies_public"
on "public"."brand_policies"
as permissive
for select
to anon, authenticated
using ((is_public AND (deleted_at IS NULL)));


drop policy if exists "brand_policies_select" on "public"."brand_policies";

create policy "brand_policies_select"
on "public"."brand_policies"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));


drop policy if exists "brand_policies_update" on "public"."brand_policies";

create policy "brand_policies_update"
on "public"."brand_policies"
as permissive
for update
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))))
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "chapter_embeddings_select" on "public"."chapter_embeddings";

create policy "chapter_embeddings_select"
on "public"."chapter_embeddings"
as permissive
for select
to anon, authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids)))));


drop policy if exists "chapter_scripts_delete" on "public"."chapter_scripts";

create policy "chapter_scripts_delete"
on "public"."chapter_scripts"
as permissive
for delete
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "chapter_scripts_insert" on "public"."chapter_scripts";

create policy "chapter_scripts_insert"
on "public"."chapter_scripts"
as permissive
for insert
to authenticated
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "chapter_scripts_select" on "public"."chapter_scripts";

create policy "chapter_scripts_select"
on "public"."chapter_scripts"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));


drop policy if exists "chapter_scripts_update" on "public"."chapter_scripts";

create policy "chapter_scripts_update"
on "public"."chapter_scripts"
as permissive
for update
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))))
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "chapters_delete" on "public"."chapters";

create policy "chapters_delete"
on "public"."chapters"
as permissive
for delete
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "chapters_insert" on "public"."chapters";

create policy "chapters_insert"
on "public"."chapters"
as permissive
for insert
to authenticated
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "chapters_select" on "public"."chapters";

create policy "chapters_select"
on "public"."chapters"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));


drop policy if exists "chapters_update" on "public"."chapters";

create policy "chapters_update"
on "public"."chapters"
as permissive
for update
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))))
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "character_archetypes_select" on "public"."character_archetypes";

create policy "character_archetypes_select"
on "public"."character_archetypes"
as permissive
for select
to anon, authenticated
using (is_active);


drop policy if exists "characters_delete" on "public"."characters";

create policy "characters_delete"
on "public"."characters"
as permissive
for delete
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "characters_insert" on "public"."characters";

create policy "characters_insert"
on "public"."characters"
as permissive
for insert
to authenticated
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "characters_select" on "public"."characters";

create policy "characters_select"
on "public"."characters"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));


drop policy if exists "characters_update" on "public"."characters";

create policy "characters_update"
on "public"."characters"
as permissive
for update
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))))
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "cost_aggregations_select" on "public"."cost_aggregations";

create policy "cost_aggregations_select"
on "public"."cost_aggregations"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));


drop policy if exists "credit_balances_select" on "public"."credit_balances";

create policy "credit_balances_select"
on "public"."credit_balances"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));


drop policy if exists "credit_holds_select" on "public"."credit_holds";

create policy "credit_holds_select"
on "public"."credit_holds"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));


drop policy if exists "credit_transactions_select" on "public"."credit_transactions";

create policy "credit_transactions_select"
on "public"."credit_transactions"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));


drop policy if exists "daily_spend_select" on "public"."daily_spend";

create policy "daily_spend_select"
on "public"."daily_spend"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));


drop policy if exists "feedback_insert" on "public"."feedback";

create policy "feedback_insert"
on "public"."feedback"
as permissive
for insert
to authenticated
with check (((created_by = ( SELECT auth.uid() AS uid)) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))))));


drop policy if exists "feedback_select" on "public"."feedback";

create policy "feedback_select"
on "public"."feedback"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));


drop policy if exists "feedback_update" on "public"."feedback";

create policy "feedback_update"
on "public"."feedback"
as permissive
for update
to authenticated
using (((created_by = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))))
with check (((created_by = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));


drop policy if exists "invitations_select" on "public"."invitations";

create policy "invitations_select"
on "public"."invitations"
as permissive
for select
to authenticated
using (((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))) OR (lower(email) = lower(( SELECT auth.email() AS email)))));


drop policy if exists "invoices_select" on "public"."invoices";

create policy "invoices_select"
on "public"."invoices"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));


drop policy if exists "moodboards_delete" on "public"."moodboards";

create policy "moodboards_delete"
on "public"."moodboards"
as permissive
for delete
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "moodboards_insert" on "public"."moodboards";

create policy "moodboards_insert"
on "public"."moodboards"
as permissive
for insert
to authenticated
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "moodboards_select" on "public"."moodboards";

create policy "moodboards_select"
on "public"."moodboards"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));


drop policy if exists "moodboards_update" on "public"."moodboards";

create policy "moodboards_update"
on "public"."moodboards"
as permissive
for update
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))))
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "organization_members_select" on "public"."organization_members";

create policy "organization_members_select"
on "public"."organization_members"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));


drop policy if exists "organizations_select" on "public"."organizations";

create policy "organizations_select"
on "public"."organizations"
as permissive
for select
to authenticated
using ((id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));


drop policy if exists "organizations_update" on "public"."organizations";

create policy "organizations_update"
on "public"."organizations"
as permissive
for update
to authenticated
using ((id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))))
with check ((id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));


drop policy if exists "performance_predictions_select" on "public"."performance_predictions";

create policy "performance_predictions_select"
on "public"."performance_predictions"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));


drop policy if exists "plans_select" on "public"."plans";

create policy "plans_select"
on "public"."plans"
as permissive
for select
to anon, authenticated
using (is_public);


drop policy if exists "plot_overviews_delete" on "public"."plot_overviews";

create policy "plot_overviews_delete"
on "public"."plot_overviews"
as permissive
for delete
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "plot_overviews_insert" on "public"."plot_overviews";

create policy "plot_overviews_insert"
on "public"."plot_overviews"
as permissive
for insert
to authenticated
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "plot_overviews_select" on "public"."plot_overviews";

create policy "plot_overviews_select"
on "public"."plot_overviews"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));


drop policy if exists "plot_overviews_update" on "public"."plot_overviews";

create policy "plot_overviews_update"
on "public"."plot_overviews"
as permissive
for update
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))))
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "profiles_select" on "public"."profiles";

create policy "profiles_select"
on "public"."profiles"
as permissive
for select
to authenticated
using (((id = ( SELECT auth.uid() AS uid)) OR (id = ANY (ARRAY( SELECT private.my_teammate_ids() AS my_teammate_ids)))));


drop policy if exists "profiles_update_own" on "public"."profiles";

create policy "profiles_update_own"
on "public"."profiles"
as permissive
for update
to authenticated
using ((id = ( SELECT auth.uid() AS uid)))
with check ((id = ( SELECT auth.uid() AS uid)));


drop policy if exists "project_collaborators_leave" on "public"."project_collaborators";

create policy "project_collaborators_leave"
on "public"."project_collaborators"
as permissive
for delete
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "project_collaborators_manage" on "public"."project_collaborators";

create policy "project_collaborators_manage"
on "public"."project_collaborators"
as permissive
for all
to authenticated
using ((project_id = ANY (ARRAY( SELECT private.manageable_project_ids() AS manageable_project_ids))))
with check ((project_id = ANY (ARRAY( SELECT private.manageable_project_ids() AS manageable_project_ids))));


drop policy if exists "project_collaborators_select" on "public"."project_collaborators";

create policy "project_collaborators_select"
on "public"."project_collaborators"
as permissive
for select
to authenticated
using ((project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))));


drop policy if exists "projects_delete" on "public"."projects";

create policy "projects_delete"
on "public"."projects"
as permissive
for delete
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));


drop policy if exists "projects_insert" on "public"."projects";

create policy "projects_insert"
on "public"."projects"
as permissive
for insert
to authenticated
with check (((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))) AND (created_by = ( SELECT auth.uid() AS uid))));


drop policy if exists "projects_select" on "public"."projects";

create policy "projects_select"
on "public"."projects"
as permissive
for select
to anon, authenticated
using (((id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids)))));


drop policy if exists "projects_update" on "public"."projects";

create policy "projects_update"
on "public"."projects"
as permissive
for update
to authenticated
using ((id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))
with check ((id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))));


drop policy if exists "prompt_ratings_own" on "public"."prompt_ratings";

create policy "prompt_ratings_own"
on "public"."prompt_ratings"
as permissive
for all
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)))
with check (((user_id = ( SELECT auth.uid() AS uid)) AND (prompt_id IN ( SELECT p.id
   FROM public.prompts p))));


drop policy if exists "prompt_ratings_select" on "public"."prompt_ratings";

create policy "prompt_ratings_select"
on "public"."prompt_ratings"
as permissive
for select
to anon, authenticated
using ((prompt_id IN ( SELECT p.id
   FROM public.prompts p)));


drop policy if exists "prompt_uses_insert" on "public"."prompt_uses";

create policy "prompt_uses_insert"
on "public"."prompt_uses"
as permissive
for insert
to authenticated
with check (((user_id = ( SELECT auth.uid() AS uid)) AND (prompt_id IN ( SELECT p.id
   FROM public.prompts p))));


drop policy if exists "prompt_uses_select" on "public"."prompt_uses";

create policy "prompt_uses_select"
on "public"."prompt_uses"
as permissive
for select
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "prompts_delete" on "public"."prompts";

create policy "prompts_delete"
on "public"."prompts"
as permissive
for delete
to authenticated
using (((created_by = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));


drop policy if exists "prompts_insert" on "public"."prompts";

create policy "prompts_insert"
on "public"."prompts"
as permissive
for insert
to authenticated
with check (((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))) AND (created_by = ( SELECT auth.uid() AS uid))));


drop policy if exists "prompts_select" on "public"."prompts";

create policy "prompts_select"
on "public"."prompts"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (is_public OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))))));


drop policy if exists "prompts_update" on "public"."prompts";

create policy "prompts_update"
on "public"."prompts"
as permissive
for update
to authenticated
using (((created_by = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))))
with check (((created_by = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));


drop policy if exists "provider_credentials_delete" on "public"."provider_credentials";

create policy "provider_credentials_delete"
on "public"."provider_credentials"
as permissive
for delete
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));


drop policy if exists "provider_credentials_select" on "public"."provider_credentials";

create policy "provider_credentials_select"
on "public"."provider_credentials"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "provider_credentials_update" on "public"."provider_credentials";

create policy "provider_credentials_update"
on "public"."provider_credentials"
as permissive
for update
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))))
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));


drop policy if exists "quota_limits_select" on "public"."quota_limits";

create policy "quota_limits_select"
on "public"."quota_limits"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));


drop policy if exists "scenes_delete" on "public"."scenes";

create policy "scenes_delete"
on "public"."scenes"
as permissive
for delete
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "scenes_insert" on "public"."scenes";

create policy "scenes_insert"
on "public"."scenes"
as permissive
for insert
to authenticated
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "scenes_select" on "public"."scenes";

create policy "scenes_select"
on "public"."scenes"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));


drop policy if exists "scenes_update" on "public"."scenes";

create policy "scenes_update"
on "public"."scenes"
as permissive
for update
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))))
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "scripts_delete" on "public"."scripts";

create policy "scripts_delete"
on "public"."scripts"
as permissive
for delete
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "scripts_insert" on "public"."scripts";

create policy "scripts_insert"
on "public"."scripts"
as permissive
for insert
to authenticated
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "scripts_select" on "public"."scripts";

create policy "scripts_select"
on "public"."scripts"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));


drop policy if exists "scripts_update" on "public"."scripts";

create policy "scripts_update"
on "public"."scripts"
as permissive
for update
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))))
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "stories_delete" on "public"."stories";

create policy "stories_delete"
on "public"."stories"
as permissive
for delete
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "stories_insert" on "public"."stories";

create policy "stories_insert"
on "public"."stories"
as permissive
for insert
to authenticated
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "stories_select" on "public"."stories";

create policy "stories_select"
on "public"."stories"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));


drop policy if exists "stories_update" on "public"."stories";

create policy "stories_update"
on "public"."stories"
as permissive
for update
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))))
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "subscription_history_select" on "public"."subscription_history";

create policy "subscription_history_select"
on "public"."subscription_history"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));


drop policy if exists "subscriptions_select" on "public"."subscriptions";

create policy "subscriptions_select"
on "public"."subscriptions"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));


drop policy if exists "system_settings_select" on "public"."system_settings";

create policy "system_settings_select"
on "public"."system_settings"
as permissive
for select
to anon, authenticated
using ((is_public OR ( SELECT private.has_platform_role('admin'::text) AS has_platform_role)));


drop policy if exists "universes_delete" on "public"."universes";

create policy "universes_delete"
on "public"."universes"
as permissive
for delete
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "universes_insert" on "public"."universes";

create policy "universes_insert"
on "public"."universes"
as permissive
for insert
to authenticated
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "universes_select" on "public"."universes";

create policy "universes_select"
on "public"."universes"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));


drop policy if exists "universes_update" on "public"."universes";

create policy "universes_update"
on "public"."universes"
as permissive
for update
to authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))))
with check ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));


drop policy if exists "usage_events_select" on "public"."usage_events";

create policy "usage_events_select"
on "public"."usage_events"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));


drop policy if exists "user_follows_delete" on "public"."user_follows";

create policy "user_follows_delete"
on "public"."user_follows"
as permissive
for delete
to authenticated
using ((follower_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "user_follows_insert" on "public"."user_follows";

create policy "user_follows_insert"
on "public"."user_follows"
as permissive
for insert
to authenticated
with check ((follower_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "user_follows_select" on "public"."user_follows";

create policy "user_follows_select"
on "public"."user_follows"
as permissive
for select
to authenticated
using (true);


drop policy if exists "user_roles_select" on "public"."user_roles";

create policy "user_roles_select"
on "public"."user_roles"
as permissive
for select
to authenticated
using (((user_id = ( SELECT auth.uid() AS uid)) OR ( SELECT private.has_platform_role('admin'::text) AS has_platform_role)));


drop policy if exists "versions_select" on "public"."versions";

create policy "versions_select"
on "public"."versions"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));


drop policy if exists "webhooks_delete" on "public"."webhooks";

create policy "webhooks_delete"
on "public"."webhooks"
as permissive
for delete
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));


drop policy if exists "webhooks_select" on "public"."webhooks";

create policy "webhooks_select"
on "public"."webhooks"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));


drop policy if exists "webhooks_update" on "public"."webhooks";

create policy "webhooks_update"
on "public"."webhooks"
as permissive
for update
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))))
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

revoke execute on function private.accept_invitation_row(public.invitations) from public;
revoke execute on function private.caller_membership(uuid) from public;
grant execute on function private.chapter_candidates(uuid,uuid,uuid,boolean,integer) to anon;
grant execute on function private.chapter_candidates(uuid,uuid,uuid,boolean,integer) to authenticated;
grant execute on function private.chapter_candidates(uuid,uuid,uuid,boolean,integer) to service_role;
revoke execute on function private.expire_invitations() from public;
grant execute on function private.expire_invitations() to service_role;
revoke execute on function private.invitation_for_invitee(uuid) from public;
revoke execute on function private.is_primary_owner(uuid,uuid) from public;
revoke execute on function private.org_for_primary_owner(uuid,text) from public;
revoke execute on function private.require_org_admin(uuid) from public;
revoke execute on function private.secret_hint(text) from public;
revoke execute on function private.target_membership(uuid,uuid) from public;
revoke execute on function public.accept_invitation(text) from anon;
revoke execute on function public.accept_invitation(text) from public;
revoke execute on function public.accept_invitation_by_id(uuid) from anon;
revoke execute on function public.accept_invitation_by_id(uuid) from public;
revoke execute on function public.change_member_role(uuid,uuid,public.member_role) from anon;
revoke execute on function public.change_member_role(uuid,uuid,public.member_role) from public;
revoke execute on function public.create_api_key(uuid,text,text[],timestamp with time zone) from anon;
revoke execute on function public.create_api_key(uuid,text,text[],timestamp with time zone) from public;
revoke execute on function public.create_organization(text,text) from anon;
revoke execute on function public.create_organization(text,text) from public;
revoke execute on function public.create_project_share_link(uuid) from anon;
revoke execute on function public.create_project_share_link(uuid) from public;
revoke execute on function public.create_webhook(uuid,text,text[],text) from anon;
revoke execute on function public.create_webhook(uuid,text,text[],text) from public;
revoke execute on function public.decline_invitation(uuid) from anon;
revoke execute on function public.decline_invitation(uuid) from public;
revoke execute on function public.delete_organization(uuid) from anon;
revoke execute on function public.delete_organization(uuid) from public;
revoke execute on function public.invite_member(uuid,text,public.member_role) from anon;
revoke execute on function public.invite_member(uuid,text,public.member_role) from public;
revoke execute on function public.leave_organization(uuid) from anon;
revoke execute on function public.leave_organization(uuid) from public;
revoke execute on function public.remove_member(uuid,uuid) from anon;
revoke execute on function public.remove_member(uuid,uuid) from public;
revoke execute on function public.resolve_api_key(text) from anon;
revoke execute on function public.resolve_api_key(text) from authenticated;
revoke execute on function public.resolve_api_key(text) from public;
revoke execute on function public.reveal_provider_credential(uuid) from anon;
revoke execute on function public.reveal_provider_credential(uuid) from authenticated;
revoke execute on function public.reveal_provider_credential(uuid) from public;
revoke execute on function public.revoke_api_key(uuid) from anon;
revoke execute on function public.revoke_api_key(uuid) from public;
revoke execute on function public.revoke_invitation(uuid) from anon;
revoke execute on function public.revoke_invitation(uuid) from public;
revoke execute on function public.revoke_project_share_link(uuid) from anon;
revoke execute on function public.revoke_project_share_link(uuid) from public;
revoke execute on function public.rotate_webhook_secret(uuid) from anon;
revoke execute on function public.rotate_webhook_secret(uuid) from public;
revoke execute on function public.save_provider_credential(uuid,text,text,text,jsonb,timestamp with time zone) from anon;
revoke execute on function public.save_provider_credential(uuid,text,text,text,jsonb,timestamp with time zone) from public;
revoke execute on function public.soft_delete(text,uuid) from anon;
revoke execute on function public.soft_delete(text,uuid) from public;
revoke execute on function public.transfer_ownership(uuid,uuid) from anon;
revoke execute on function public.transfer_ownership(uuid,uuid) from public;
revoke execute on function public.use_prompt(uuid,jsonb) from anon;
revoke execute on function public.use_prompt(uuid,jsonb) from public;
revoke execute on function public.webhook_signing_secret(uuid) from anon;
revoke execute on function public.webhook_signing_secret(uuid) from authenticated;
revoke execute on function public.webhook_signing_secret(uuid) from public;
grant select on table analytics.cost_by_provider_model to analyst;
grant select on table analytics.cost_by_provider_model to service_role;
grant select on table analytics.credit_health to analyst;
grant select on table analytics.credit_health to service_role;
grant select on table analytics.subscriptions_mrr to analyst;
grant select on table analytics.subscriptions_mrr to service_role;
