-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop policy "communities_select" on "public"."communities";

drop policy "discussion_comments_select" on "public"."discussion_comments";

drop policy "discussion_poll_votes_select" on "public"."discussion_poll_votes";

drop policy "discussion_votes_select" on "public"."discussion_votes";

drop policy "discussions_select" on "public"."discussions";

drop policy "event_rsvps_select" on "public"."event_rsvps";

drop policy "events_select" on "public"."events";

drop policy "fan_content_comments_select" on "public"."fan_content_comments";

drop policy "fan_content_likes_select" on "public"."fan_content_likes";

drop policy "fan_contents_select" on "public"."fan_contents";

drop policy "product_variants_select" on "public"."product_variants";

drop trigger if exists "client_defaults" on "public"."communities";

drop trigger if exists "protect_columns" on "public"."communities";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.community_is_listed(community public.communities)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$
    select community.visibility in ('public', 'private') and community.status <> 'banned'
           and community.organization_deleted_at is null
$function$
;

CREATE OR REPLACE FUNCTION private.community_is_public(community public.communities)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$
    select community.visibility = 'public' and community.status <> 'banned'
           and community.organization_deleted_at is null
$function$
;

CREATE OR REPLACE FUNCTION private.inherit_community_hidden()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    new.community_hidden := not coalesce(
        (select private.community_is_public(c) from public.communities c where c.id = new.community_id), false);
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.joined_community_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select m.community_id from public.community_members m
    where m.user_id = (select private.acting_user_id()) and m.status in ('active', 'muted')
    union
    select c.id from public.communities c where c.organization_id = any(array(select private.my_org_ids()))
$function$
;

CREATE OR REPLACE FUNCTION private.my_community_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select m.community_id from public.community_members m where m.user_id = (select private.acting_user_id())
    union
    select c.id from public.communities c where c.organization_id = any(array(select private.my_org_ids()))
$function$
;

CREATE OR REPLACE FUNCTION private.sync_community_hidden()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    content_table regclass;
    hidden boolean := not private.community_is_public(new);
begin
    for content_table in
        select a.attrelid::regclass from pg_attribute a
        join pg_class t on t.oid = a.attrelid and t.relkind = 'r'
        join pg_attribute k on k.attrelid = a.attrelid and k.attname = 'community_id' and not k.attisdropped
        where a.attname = 'community_hidden' and not a.attisdropped
          and t.relnamespace = 'public'::regnamespace
    loop
        execute format('update %s set community_hidden = $1 where community_id = $2 and community_hidden <> $1',
                       content_table)
        using hidden, new.id;
    end loop;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.public_community_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select c.id from public.communities c where private.community_is_public(c)
$function$
;

CREATE OR REPLACE FUNCTION private.readable_community_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select private.public_community_ids()
    union
    select private.joined_community_ids()
$function$
;

CREATE OR REPLACE FUNCTION private.sync_marketplace_deletion()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    -- project_deleted_at: since when the project or its organization is deleted (null: live)
    update public.contents c set project_deleted_at = coalesce(p.deleted_at, o.deleted_at)
    from public.projects p
    join public.organizations o on o.id = p.organization_id
    where c.project_id = p.id
      and (tg_table_name = 'projects' and p.id = new.id or tg_table_name = 'organizations' and o.id = new.id)
      and c.project_deleted_at is distinct from coalesce(p.deleted_at, o.deleted_at);
    update public.campaigns c set project_deleted_at = coalesce(p.deleted_at, o.deleted_at)
    from public.projects p
    join public.organizations o on o.id = p.organization_id
    where c.project_id = p.id
      and (tg_table_name = 'projects' and p.id = new.id or tg_table_name = 'organizations' and o.id = new.id)
      and c.project_deleted_at is distinct from coalesce(p.deleted_at, o.deleted_at);
    -- a community hides with its organization (not with its project: it outlives it)
    if tg_table_name = 'organizations' then
        update public.communities c set organization_deleted_at = new.deleted_at
        where c.organization_id = new.id and c.organization_deleted_at is distinct from new.deleted_at;
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION public.join_community(community_id uuid)
 RETURNS public.community_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    target public.communities;
    membership public.community_members;
begin
    select c.* into target from public.communities c
    where c.id = join_community.community_id
      and (private.community_is_listed(c) or c.id = any(array(select private.my_community_ids())));
    if target.id is null or (target.visibility = 'invite_only' and not exists (
        select 1 from public.community_members m where m.community_id = target.id and m.user_id = uid)) then
        raise exception 'community not found' using errcode = 'P0002';
    end if;
    if target.status <> 'active' then
        raise exception 'this community is %', target.status using errcode = '55000';
    end if;
    select m.* into membership from public.community_members m where m.community_id = target.id and m.user_id = uid;
    if membership.status = 'banned' then
        raise exception 'you are banned from this community' using errcode = '42501';
    end if;
    if membership.id is not null then
        return membership;
    end if;
    insert into public.community_members (community_id, user_id, status)
    values (target.id, uid, case when target.visibility = 'public' then 'active' else 'pending' end)
    on conflict on constraint community_members_community_id_user_id_key do nothing
    returning * into membership;
    return coalesce(membership, (select m from public.community_members m
                                 where m.community_id = target.id and m.user_id = uid));
end
$function$
;

COMMENT ON FUNCTION "private"."community_is_listed" IS 'search_path inherited: reads only the row it is given; a SET clause would stop the planner inlining it into policies';

COMMENT ON FUNCTION "private"."community_is_public" IS 'search_path inherited: reads only the row it is given; a SET clause would stop the planner inlining it into policies';

drop function if exists "private"."listed_community_ids"();

CREATE TRIGGER sync_community_hidden AFTER UPDATE OF visibility, status, organization_deleted_at ON public.communities FOR EACH ROW WHEN ((private.community_is_public(old.*) IS DISTINCT FROM private.community_is_public(new.*))) EXECUTE FUNCTION private.sync_community_hidden();

CREATE TRIGGER z_community_hidden BEFORE INSERT OR UPDATE OF community_id, community_hidden ON public.discussion_comments FOR EACH ROW EXECUTE FUNCTION private.inherit_community_hidden();

CREATE TRIGGER z_community_hidden BEFORE INSERT OR UPDATE OF community_id, community_hidden ON public.discussion_poll_votes FOR EACH ROW EXECUTE FUNCTION private.inherit_community_hidden();

CREATE TRIGGER z_community_hidden BEFORE INSERT OR UPDATE OF community_id, community_hidden ON public.discussion_votes FOR EACH ROW EXECUTE FUNCTION private.inherit_community_hidden();

CREATE TRIGGER z_community_hidden BEFORE INSERT OR UPDATE OF community_id, community_hidden ON public.discussions FOR EACH ROW EXECUTE FUNCTION private.inherit_community_hidden();

CREATE TRIGGER z_community_hidden BEFORE INSERT OR UPDATE OF community_id, community_hidden ON public.event_rsvps FOR EACH ROW EXECUTE FUNCTION private.inherit_community_hidden();

CREATE TRIGGER z_community_hidden BEFORE INSERT OR UPDATE OF community_id, community_hidden ON public.events FOR EACH ROW EXECUTE FUNCTION private.inherit_community_hidden();

CREATE TRIGGER z_community_hidden BEFORE INSERT OR UPDATE OF community_id, community_hidden ON public.fan_content_comments FOR EACH ROW EXECUTE FUNCTION private.inherit_community_hidden();

CREATE TRIGGER z_community_hidden BEFORE INSERT OR UPDATE OF community_id, community_hidden ON public.fan_content_likes FOR EACH ROW EXECUTE FUNCTION private.inherit_community_hidden();

CREATE TRIGGER z_community_hidden BEFORE INSERT OR UPDATE OF community_id, community_hidden ON public.fan_contents FOR EACH ROW EXECUTE FUNCTION private.inherit_community_hidden();

CREATE TRIGGER client_defaults BEFORE INSERT ON public.communities FOR EACH ROW EXECUTE FUNCTION private.client_defaults('created_by', 'member_count=0', 'post_count=0', 'organization_deleted_at=null');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.communities FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'project_id', 'created_by', 'member_count', 'post_count', 'organization_deleted_at');

drop policy if exists "communities_select" on "public"."communities";

create policy "communities_select"
on "public"."communities"
as permissive
for select
to anon, authenticated
using (((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) OR private.community_is_listed(communities.*) OR (id = ANY (ARRAY( SELECT private.my_community_ids() AS my_community_ids)))));


drop policy if exists "discussion_comments_select" on "public"."discussion_comments";

create policy "discussion_comments_select"
on "public"."discussion_comments"
as permissive
for select
to anon, authenticated
using (((((NOT community_hidden) OR (community_id = ANY (ARRAY( SELECT private.joined_community_ids() AS joined_community_ids)))) AND ((status = 'published'::text) OR (author_id = ( SELECT auth.uid() AS uid)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "discussion_poll_votes_select" on "public"."discussion_poll_votes";

create policy "discussion_poll_votes_select"
on "public"."discussion_poll_votes"
as permissive
for select
to anon, authenticated
using (((NOT community_hidden) OR (community_id = ANY (ARRAY( SELECT private.joined_community_ids() AS joined_community_ids)))));


drop policy if exists "discussion_votes_select" on "public"."discussion_votes";

create policy "discussion_votes_select"
on "public"."discussion_votes"
as permissive
for select
to anon, authenticated
using (((NOT community_hidden) OR (community_id = ANY (ARRAY( SELECT private.joined_community_ids() AS joined_community_ids)))));


drop policy if exists "discussions_select" on "public"."discussions";

create policy "discussions_select"
on "public"."discussions"
as permissive
for select
to anon, authenticated
using (((((NOT community_hidden) OR (community_id = ANY (ARRAY( SELECT private.joined_community_ids() AS joined_community_ids)))) AND ((status = 'published'::text) OR (author_id = ( SELECT auth.uid() AS uid)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "event_rsvps_select" on "public"."event_rsvps";

create policy "event_rsvps_select"
on "public"."event_rsvps"
as permissive
for select
to authenticated
using (((NOT community_hidden) OR (community_id = ANY (ARRAY( SELECT private.joined_community_ids() AS joined_community_ids)))));


drop policy if exists "events_select" on "public"."events";

create policy "events_select"
on "public"."events"
as permissive
for select
to anon, authenticated
using (((((NOT community_hidden) OR (community_id = ANY (ARRAY( SELECT private.joined_community_ids() AS joined_community_ids)))) AND (status <> 'draft'::text)) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "fan_content_comments_select" on "public"."fan_content_comments";

create policy "fan_content_comments_select"
on "public"."fan_content_comments"
as permissive
for select
to anon, authenticated
using (((((NOT community_hidden) OR (community_id = ANY (ARRAY( SELECT private.joined_community_ids() AS joined_community_ids)))) AND ((status = 'published'::text) OR (author_id = ( SELECT auth.uid() AS uid)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "fan_content_likes_select" on "public"."fan_content_likes";

create policy "fan_content_likes_select"
on "public"."fan_content_likes"
as permissive
for select
to anon, authenticated
using (((NOT community_hidden) OR (community_id = ANY (ARRAY( SELECT private.joined_community_ids() AS joined_community_ids)))));


drop policy if exists "fan_contents_select" on "public"."fan_contents";

create policy "fan_contents_select"
on "public"."fan_contents"
as permissive
for select
to anon, authenticated
using (((((NOT community_hidden) OR (community_id = ANY (ARRAY( SELECT private.joined_community_ids() AS joined_community_ids)))) AND ((status = 'published'::text) OR (author_id = ( SELECT auth.uid() AS uid)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "product_variants_select" on "public"."product_variants";

create policy "product_variants_select"
on "public"."product_variants"
as permissive
for select
to anon, authenticated
using (((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) OR (is_active AND (EXISTS ( SELECT
   FROM public.products p
  WHERE (p.id = product_variants.product_id))))));

grant execute on function private.community_is_listed(public.communities) to anon;
grant execute on function private.community_is_listed(public.communities) to authenticated;
grant execute on function private.community_is_listed(public.communities) to service_role;
grant execute on function private.community_is_public(public.communities) to anon;
grant execute on function private.community_is_public(public.communities) to authenticated;
grant execute on function private.community_is_public(public.communities) to service_role;
grant execute on function private.joined_community_ids() to anon;
grant execute on function private.joined_community_ids() to authenticated;
grant execute on function private.joined_community_ids() to service_role;
grant execute on function private.my_community_ids() to anon;
grant execute on function private.my_community_ids() to authenticated;
grant execute on function private.my_community_ids() to service_role;
