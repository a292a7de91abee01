-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.audit_bounded(row_values jsonb)
 RETURNS jsonb
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select jsonb_object_agg(v.key, case when length(v.value::text) > 1000
                                        then jsonb_build_object('omitted_chars', length(v.value::text),
                                                                'md5', md5(v.value::text))
                                        else v.value end)
    from jsonb_each(row_values) v
$function$
;

CREATE OR REPLACE FUNCTION private.client_writable_tables()
 RETURNS TABLE(relation regclass)
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select c.oid::regclass
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and not c.relispartition
      and n.nspname not in ('pg_catalog', 'information_schema', 'tests') and n.nspname !~ '^pg_'
      and (has_table_privilege('authenticated', c.oid, 'INSERT')
           or has_table_privilege('authenticated', c.oid, 'DELETE')
           or has_any_column_privilege('authenticated', c.oid, 'INSERT')
           or has_any_column_privilege('authenticated', c.oid, 'UPDATE'))
$function$
;

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
        record_audit_event.organization_id, auth.uid(), record_audit_event.action, record_audit_event.entity_type,
        record_audit_event.entity_id, record_audit_event.old_values, record_audit_event.new_values,
        record_audit_event.changes, request.ip_address, request.user_agent, record_audit_event.metadata
    );
end
$function$
;

CREATE OR REPLACE FUNCTION private.unaudited_tables()
 RETURNS TABLE(relation regclass, reason text)
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select r.relation::regclass, r.reason
    from (values
        ('public.content_likes', 'a viewer''s like of a title: a reaction, the row itself is the record'),
        ('public.fan_content_likes', 'a fan''s like of fan content: a reaction, the row itself is the record'),
        ('public.discussion_votes', 'a member''s vote on a discussion or comment: a reaction, the row is the record'),
        ('public.discussion_poll_votes', 'a member''s poll answer: a reaction, the row itself is the record'),
        ('public.content_ratings', 'a viewer''s rating of a title: their own opinion, the row itself is the record'),
        ('public.prompt_ratings', 'a user''s rating of a prompt: their own opinion, the row itself is the record'),
        ('public.user_follows', 'who follows whom: a person''s own social graph, the row itself is the record'),
        ('public.watchlists', 'a viewer''s own list of titles to watch: personal, high-volume, no organization'),
        ('public.watch_history', 'a viewer''s own history (clients only clear it): personal, the highest volume'),
        ('public.notifications', 'a person dismissing their own notifications (delete only): personal inbox state'),
        ('public.carts', 'a shopper''s cart: ephemeral; the order written at checkout is the record'),
        ('public.cart_items', 'a shopper''s cart lines: ephemeral; the order written at checkout is the record'),
        ('private.daily_counts', 'once-per-viewer-per-day dedup of view and share counters: the highest volume'),
        ('storage.buckets', 'Supabase Storage''s own table (no bucket is client-created: policies refuse)'),
        ('storage.objects', 'Supabase Storage''s own table: a stored file is recorded as an audited assets row')
    ) r (relation, reason)
$function$
;

CREATE OR REPLACE FUNCTION private.record_audit()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    old_row jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end;
    new_row jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end;
    row_data jsonb := coalesce(new_row, old_row);
    diff jsonb;
    organization uuid;
begin
    if tg_nargs > 0 then
        old_row := old_row - tg_argv;
        new_row := new_row - tg_argv;
    end if;
    if tg_op = 'UPDATE' then
        select jsonb_object_agg(n.key, jsonb_build_object('old', old_row -> n.key, 'new', n.value))
        into diff
        from jsonb_each(new_row) n
        where n.key <> 'updated_at' and old_row -> n.key is distinct from n.value;
        if diff is null then
            return null;  -- nothing but updated_at changed
        end if;
        old_row := null;
        new_row := null;
        select jsonb_object_agg(d.key, private.audit_bounded(d.value)) into diff from jsonb_each(diff) d;
    end if;
    organization := case when tg_table_name = 'organizations' then (row_data ->> 'id')::uuid
                         else (row_data ->> 'organization_id')::uuid end;
    if organization is null and row_data ? 'project_id' then
        select p.organization_id into organization from public.projects p where p.id = (row_data ->> 'project_id')::uuid;
    end if;
    if organization is null and row_data ? 'community_id' then
        select c.organization_id into organization
        from public.communities c where c.id = (row_data ->> 'community_id')::uuid;
    end if;
    perform private.record_audit_event(
        organization, lower(tg_op), tg_table_name, coalesce(row_data ->> 'id', row_data ->> 'key'),
        private.audit_bounded(old_row), private.audit_bounded(new_row), diff
    );
    return null;
end
$function$
;

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.animations FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.asset_versions FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.assets FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.badges FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.book_structure FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.books FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.brand_policies FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.campaign_updates FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.campaigns FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.chapter_scripts FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.chapters FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.characters FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.communities FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.community_members FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.content_category_items FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.content_episodes FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.content_seasons FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.contents FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.discount_codes FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.discussion_comments FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.discussions FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.event_rsvps FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.events FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.fan_content_comments FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.fan_contents FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.feedback FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.investment_tiers FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.investor_rewards FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.license_catalog FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.license_request_notes FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.license_requests FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.moodboards FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.plot_overviews FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.product_internals FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.product_variants FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.products FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.profiles FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.project_collaborators FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.projects FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.prompts FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.royalty_reports FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.scenes FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.schedules FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.scripts FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.stories FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.templates FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.universes FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.user_badges FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.workflows FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (auth.uid() IS NOT NULL))) EXECUTE FUNCTION private.record_audit();
