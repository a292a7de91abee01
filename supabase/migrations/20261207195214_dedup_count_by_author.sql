-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "count_comments_by_author" on "public"."discussion_comments";

drop trigger if exists "count_posts_by_author" on "public"."discussions";

drop trigger if exists "count_comments_by_author" on "public"."fan_content_comments";

drop trigger if exists "count_posts_by_author" on "public"."fan_contents";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.count_by_author()
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
        execute format('update public.community_members m set %1$I = greatest(m.%1$I + $1, 0)
                        where m.community_id = $2 and m.user_id = $3', tg_argv[0])
        using delta, target_community, author;
    end if;
    if tg_op = 'INSERT' and is_now then
        perform private.add_progress(author, tg_argv[1], 1);
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.notify_comment_reply()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    row_data jsonb := to_jsonb(new);
    post_table text := case tg_table_name when 'discussion_comments' then 'discussions' else 'fan_contents' end;
    post_id uuid := coalesce(row_data ->> 'discussion_id', row_data ->> 'content_id')::uuid;
    post_author uuid;
    parent_author uuid;
begin
    execute format('select p.author_id from public.%I p where p.id = $1', post_table) into post_author using post_id;
    if new.parent_id is not null then
        execute format('select c.author_id from public.%I c where c.id = $1', tg_table_name)
        into parent_author using new.parent_id;
    end if;
    perform private.notify(
        coalesce(parent_author, post_author), 'comment_reply',
        jsonb_build_object('post_id', post_id, 'comment_id', new.id, 'parent_id', new.parent_id,
                           'excerpt', left(new.content, 140)),
        actor => new.author_id,
        reference_type => case tg_table_name when 'discussion_comments' then 'comment' else 'content_comment' end,
        reference_id => new.id,
        title => case when new.parent_id is null then 'New comment on your post' else 'New reply to your comment' end);
    return null;
end
$function$
;

drop function if exists "private"."count_comments_by_author"();

drop function if exists "private"."count_posts_by_author"();

CREATE TRIGGER notify_comment_reply AFTER INSERT ON public.discussion_comments FOR EACH ROW WHEN ((new.status = 'published'::text)) EXECUTE FUNCTION private.notify_comment_reply();

CREATE TRIGGER notify_comment_reply AFTER INSERT ON public.fan_content_comments FOR EACH ROW WHEN ((new.status = 'published'::text)) EXECUTE FUNCTION private.notify_comment_reply();

CREATE TRIGGER count_comments_by_author AFTER INSERT OR DELETE OR UPDATE OF status ON public.discussion_comments FOR EACH ROW EXECUTE FUNCTION private.count_by_author('comment_count', 'comments_created');

CREATE TRIGGER count_posts_by_author AFTER INSERT OR DELETE OR UPDATE OF status ON public.discussions FOR EACH ROW EXECUTE FUNCTION private.count_by_author('post_count', 'posts_created');

CREATE TRIGGER count_comments_by_author AFTER INSERT OR DELETE OR UPDATE OF status ON public.fan_content_comments FOR EACH ROW EXECUTE FUNCTION private.count_by_author('comment_count', 'comments_created');

CREATE TRIGGER count_posts_by_author AFTER INSERT OR DELETE OR UPDATE OF status ON public.fan_contents FOR EACH ROW EXECUTE FUNCTION private.count_by_author('post_count', 'posts_created');
