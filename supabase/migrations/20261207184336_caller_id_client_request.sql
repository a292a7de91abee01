-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION public.award_badge(badge_id uuid, user_id uuid, context jsonb DEFAULT '{}'::jsonb)
 RETURNS public.user_badges
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    badge public.badges;
    caller uuid := private.caller_id();
    result public.user_badges;
begin
    if pg_column_size(context) > 4000 then
        raise exception 'context is too large' using errcode = '22023';
    end if;
    select b.* into badge from public.badges b where b.id = award_badge.badge_id and b.is_active;
    if badge.id is null
       or (private.is_client_request(directly => false)
           and (badge.community_id is null or private.my_community_rank(badge.community_id) < 3)) then
        raise exception 'badge not found' using errcode = 'P0002';
    end if;
    if badge.criteria_type <> 'manual' then
        raise exception 'the % badge is awarded automatically', badge.name using errcode = '22023';
    end if;
    if caller = award_badge.user_id then
        raise exception 'you cannot award a badge to yourself' using errcode = '42501';
    end if;
    if badge.community_id is not null and not exists (
        select 1 from public.community_members m
        where m.community_id = badge.community_id and m.user_id = award_badge.user_id and m.status in ('active', 'muted')
    ) then
        raise exception 'member not found' using errcode = 'P0002';
    end if;
    if not private.grant_badge(award_badge.user_id, badge, caller, context) then
        raise exception 'the badge was already awarded' using errcode = '23505';
    end if;
    select u.* into result from public.user_badges u where u.user_id = award_badge.user_id and u.badge_id = badge.id;
    return result;
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
    subject_user uuid := coalesce(subject_user_id, private.caller_id());
    subject text;
begin
    -- clients ask about themselves and their own organizations only
    if private.is_client_request(directly => false) then
        if subject_user_id is not null and subject_user_id is distinct from private.caller_id() then
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
