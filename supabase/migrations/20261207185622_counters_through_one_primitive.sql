-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "count_campaign_update" on "public"."campaign_updates";

drop trigger if exists "count_members" on "public"."community_members";

drop trigger if exists "count_episodes" on "public"."content_episodes";

drop trigger if exists "count_seasons" on "public"."content_seasons";

drop trigger if exists "count_comments" on "public"."discussion_comments";

drop trigger if exists "count_posts" on "public"."discussions";

drop trigger if exists "count_comments" on "public"."fan_content_comments";

drop trigger if exists "count_likes" on "public"."fan_content_likes";

drop trigger if exists "count_posts" on "public"."fan_contents";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.count_comments_by_author()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    was boolean := tg_op in ('UPDATE', 'DELETE') and old.status = 'published';
    is_now boolean := tg_op in ('INSERT', 'UPDATE') and new.status = 'published';
    delta integer := case when is_now then 1 else -1 end;
    row_data jsonb := to_jsonb(coalesce(new, old));
    author uuid := coalesce(new.author_id, old.author_id);
    post_table text := case tg_table_name when 'discussion_comments' then 'discussions' else 'fan_contents' end;
    post_id uuid := coalesce(row_data ->> 'discussion_id', row_data ->> 'content_id')::uuid;
    post_author uuid;
    parent_author uuid;
begin
    if was is distinct from is_now then
        update public.community_members m set comment_count = greatest(m.comment_count + delta, 0)
        where m.community_id = coalesce(new.community_id, old.community_id) and m.user_id = author;
    end if;
    if tg_op = 'INSERT' and is_now then
        perform private.add_progress(author, 'comments_created', 1);
        execute format('select p.author_id from public.%I p where p.id = $1', post_table) into post_author using post_id;
        if new.parent_id is not null then
            execute format('select c.author_id from public.%I c where c.id = $1', tg_table_name)
            into parent_author using new.parent_id;
        end if;
        perform private.notify(
            coalesce(parent_author, post_author), 'comment_reply',
            jsonb_build_object('post_id', post_id, 'comment_id', new.id, 'parent_id', new.parent_id,
                               'excerpt', left(new.content, 140)),
            actor => author,
            reference_type => case tg_table_name when 'discussion_comments' then 'comment' else 'content_comment' end,
            reference_id => new.id,
            title => case when new.parent_id is null then 'New comment on your post' else 'New reply to your comment' end);
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.count_posts_by_author()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    was boolean := tg_op in ('UPDATE', 'DELETE') and old.status = 'published';
    is_now boolean := tg_op in ('INSERT', 'UPDATE') and new.status = 'published';
    delta integer := case when is_now then 1 else -1 end;
    target_community uuid := coalesce(new.community_id, old.community_id);
    author uuid := coalesce(new.author_id, old.author_id);
begin
    if was is distinct from is_now then
        update public.community_members m set post_count = greatest(m.post_count + delta, 0)
        where m.community_id = target_community and m.user_id = author;
    end if;
    if tg_op = 'INSERT' and is_now then
        perform private.add_progress(author, 'posts_created', 1);
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.notify_like()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    perform private.notify((select c.author_id from public.fan_contents c where c.id = new.content_id), 'like',
                           jsonb_build_object('content_id', new.content_id),
                           actor => new.user_id, reference_type => 'content', reference_id => new.content_id,
                           title => 'Someone liked your fan content', once_per => interval '1 day');
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.count_live_children()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    old_row jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end;
    new_row jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end;
    live_column text := split_part(tg_argv[3], ':', 1);
    live_values text[] := string_to_array(split_part(tg_argv[3], ':', 2), ',');
    was_live boolean := old_row is not null and old_row ->> 'deleted_at' is null
                        and (live_column is null or old_row ->> live_column = any(live_values));
    is_live boolean := new_row is not null and new_row ->> 'deleted_at' is null
                       and (live_column is null or new_row ->> live_column = any(live_values));
    parent_id uuid := coalesce(new_row ->> tg_argv[1], old_row ->> tg_argv[1])::uuid;
begin
    if parent_id is null or was_live = is_live then
        return null;
    end if;
    execute format('update public.%I set %I = %I + $1 where id = $2', tg_argv[0], tg_argv[2], tg_argv[2])
    using case when is_live then 1 else -1 end, parent_id;
    return null;
end
$function$
;

drop function if exists "private"."count_campaign_update"();

drop function if exists "private"."count_comments"();

drop function if exists "private"."count_likes"();

drop function if exists "private"."count_members"();

drop function if exists "private"."count_posts"();

drop function if exists "private"."count_seasons_and_episodes"();

CREATE TRIGGER count_episodes_in_season AFTER INSERT OR DELETE ON public.content_episodes FOR EACH ROW EXECUTE FUNCTION private.count_live_children('content_seasons', 'season_id', 'episode_count');

CREATE TRIGGER count_comments_by_author AFTER INSERT OR DELETE OR UPDATE OF status ON public.discussion_comments FOR EACH ROW EXECUTE FUNCTION private.count_comments_by_author();

CREATE TRIGGER count_posts_by_author AFTER INSERT OR DELETE OR UPDATE OF status ON public.discussions FOR EACH ROW EXECUTE FUNCTION private.count_posts_by_author();

CREATE TRIGGER count_comments_by_author AFTER INSERT OR DELETE OR UPDATE OF status ON public.fan_content_comments FOR EACH ROW EXECUTE FUNCTION private.count_comments_by_author();

CREATE TRIGGER notify_like AFTER INSERT ON public.fan_content_likes FOR EACH ROW EXECUTE FUNCTION private.notify_like();

CREATE TRIGGER count_posts_by_author AFTER INSERT OR DELETE OR UPDATE OF status ON public.fan_contents FOR EACH ROW EXECUTE FUNCTION private.count_posts_by_author();

CREATE TRIGGER count_campaign_update AFTER INSERT OR DELETE ON public.campaign_updates FOR EACH ROW EXECUTE FUNCTION private.count_live_children('campaigns', 'campaign_id', 'update_count');

CREATE TRIGGER count_members AFTER INSERT OR DELETE OR UPDATE OF status ON public.community_members FOR EACH ROW EXECUTE FUNCTION private.count_live_children('communities', 'community_id', 'member_count', 'status:active,muted');

CREATE TRIGGER count_episodes AFTER INSERT OR DELETE ON public.content_episodes FOR EACH ROW EXECUTE FUNCTION private.count_live_children('contents', 'content_id', 'episode_count');

CREATE TRIGGER count_seasons AFTER INSERT OR DELETE ON public.content_seasons FOR EACH ROW EXECUTE FUNCTION private.count_live_children('contents', 'content_id', 'season_count');

CREATE TRIGGER count_comments AFTER INSERT OR DELETE OR UPDATE OF status ON public.discussion_comments FOR EACH ROW EXECUTE FUNCTION private.count_live_children('discussions', 'discussion_id', 'comment_count', 'status:published');

CREATE TRIGGER count_posts AFTER INSERT OR DELETE OR UPDATE OF status ON public.discussions FOR EACH ROW EXECUTE FUNCTION private.count_live_children('communities', 'community_id', 'post_count', 'status:published');

CREATE TRIGGER count_comments AFTER INSERT OR DELETE OR UPDATE OF status ON public.fan_content_comments FOR EACH ROW EXECUTE FUNCTION private.count_live_children('fan_contents', 'content_id', 'comment_count', 'status:published');

CREATE TRIGGER count_likes AFTER INSERT OR DELETE ON public.fan_content_likes FOR EACH ROW EXECUTE FUNCTION private.count_live_children('fan_contents', 'content_id', 'like_count');

CREATE TRIGGER count_posts AFTER INSERT OR DELETE OR UPDATE OF status ON public.fan_contents FOR EACH ROW EXECUTE FUNCTION private.count_live_children('communities', 'community_id', 'post_count', 'status:published');
