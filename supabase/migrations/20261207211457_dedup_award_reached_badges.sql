-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.award_reached_badges(who uuid, community uuid, reached jsonb)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    badge public.badges;
begin
    for badge in
        select b.* from public.badges b
        where ((community is null and b.community_id is null) or b.community_id = community) and b.is_active
          and (reached ->> b.criteria_type)::integer >= b.criteria_value
          and not exists (select 1 from public.user_badges u where u.user_id = who and u.badge_id = b.id)
    loop
        perform private.grant_badge(who, badge, null, '{}');
    end loop;
end
$function$
;

CREATE OR REPLACE FUNCTION private.award_community_badges()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if new.status in ('active', 'muted') then
        perform private.award_reached_badges(new.user_id, new.community_id, jsonb_build_object(
            'post_count', new.post_count, 'comment_count', new.comment_count,
            'tenure_days', extract(day from now() - new.joined_at)::integer));
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.award_platform_badges()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    perform private.award_reached_badges(new.user_id, null, to_jsonb(new) || jsonb_build_object(
        'post_count', new.posts_created, 'comment_count', new.comments_created));
    return null;
end
$function$
;
