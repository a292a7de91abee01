-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.require_community_rank(target_community uuid, min_role text)
 RETURNS integer
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
    my_rank integer := private.my_community_rank(target_community);
begin
    if my_rank < private.community_role_rank(min_role) then
        raise exception 'community not found' using errcode = 'P0002';
    end if;
    return my_rank;
end
$function$
;

CREATE OR REPLACE FUNCTION public.moderate_member(community_id uuid, user_id uuid, action text, reason text DEFAULT NULL::text, until timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS public.community_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    my_rank integer;
    membership public.community_members;
begin
    perform private.require_max_length(reason, 1000, 'reason');
    my_rank := private.require_community_rank(moderate_member.community_id, 'moderator');
    if moderate_member.user_id = uid then
        raise exception 'you cannot moderate yourself' using errcode = '42501';
    end if;
    if action not in ('approve', 'add', 'mute', 'unmute', 'ban', 'unban', 'remove') then
        raise exception 'unknown moderation action %', action using errcode = '22023';
    end if;
    select m.* into membership from public.community_members m
    where m.community_id = moderate_member.community_id and m.user_id = moderate_member.user_id
    for update;
    if action = 'add' then
        if membership.id is not null and membership.status <> 'pending' then
            raise exception 'already a member (%)', membership.status using errcode = '23505';
        end if;
        if not exists (select 1 from auth.users u where u.id = moderate_member.user_id) then
            raise exception 'user not found' using errcode = 'P0002';
        end if;
        insert into public.community_members as m (community_id, user_id, status)
        values (moderate_member.community_id, moderate_member.user_id, 'active')
        on conflict on constraint community_members_community_id_user_id_key do update set status = 'active'
        returning * into membership;
        perform private.notify(membership.user_id, 'community_update', jsonb_build_object('action', 'added'),
            actor => uid, reference_type => 'community', reference_id => membership.community_id,
            title => 'You were added to a community', once_per => interval '1 day');
        return membership;
    end if;
    if membership.id is null then
        raise exception 'member not found' using errcode = 'P0002';
    end if;
    if private.community_role_rank(membership.role) >= my_rank then
        raise exception 'you can only moderate members ranked below you' using errcode = '42501';
    end if;
    if action = 'remove' then
        delete from public.community_members m where m.id = membership.id;
        return membership;
    end if;
    if (action = 'approve' and membership.status <> 'pending')
       or (action = 'unmute' and membership.status <> 'muted')
       or (action = 'unban' and membership.status <> 'banned')
       or (action in ('mute', 'ban') and membership.status = 'pending') then
        raise exception 'cannot % a member who is %', action, membership.status using errcode = '55000';
    end if;
    update public.community_members m
    set status = case action when 'mute' then 'muted' when 'ban' then 'banned' else 'active' end,
        muted_until = case when action = 'mute' then until end,
        banned_at = case when action = 'ban' then now() end,
        ban_reason = case when action = 'ban' then reason end
    where m.id = membership.id
    returning * into membership;
    return membership;
end
$function$
;

CREATE OR REPLACE FUNCTION public.set_community_role(community_id uuid, user_id uuid, new_role text)
 RETURNS public.community_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    my_rank integer := private.require_community_rank(set_community_role.community_id, 'admin');
    membership public.community_members;
begin
    if private.community_role_rank(new_role) = 0 then
        raise exception 'unknown community role %', new_role using errcode = '22023';
    end if;
    select m.* into membership from public.community_members m
    where m.community_id = set_community_role.community_id and m.user_id = set_community_role.user_id
      and m.status = 'active'
    for update;
    if membership.id is null then
        raise exception 'member not found' using errcode = 'P0002';
    end if;
    if membership.user_id = uid or (my_rank < 4 and (private.community_role_rank(membership.role) >= my_rank
                                                     or private.community_role_rank(new_role) >= my_rank)) then
        raise exception 'you can only change roles below your own' using errcode = '42501';
    end if;
    update public.community_members m set role = new_role where m.id = membership.id returning * into membership;
    return membership;
end
$function$
;
