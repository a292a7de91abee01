-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.comment_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    post jsonb;
    parent jsonb;
    post_key text := case tg_table_name when 'discussion_comments' then 'discussion_id' else 'content_id' end;
    post_table text := case tg_table_name when 'discussion_comments' then 'discussions' else 'fan_contents' end;
    row_new jsonb := to_jsonb(new);
begin
    if tg_op = 'UPDATE' then
        -- post, parent, author and counters are frozen (protect_columns)
        if private.is_client_request() and new.status is distinct from old.status
           and not new.community_id = any(array(select private.moderated_community_ids())) then
            raise exception 'only moderators hide or remove comments' using errcode = '42501';
        end if;
        return new;
    end if;
    -- invoker rights: the post must be readable by the caller
    execute format('select to_jsonb(p) from public.%I p where p.id = $1', post_table) into post
    using (row_new ->> post_key)::uuid;
    if post is null or (post ->> 'status' <> 'published' and private.is_client_request()) then
        raise exception '% not found', case post_table when 'discussions' then 'discussion' else 'fan content' end
            using errcode = 'PT404';
    end if;
    if (post ->> 'locked')::boolean then
        raise exception 'this discussion is locked' using errcode = 'PT409';
    end if;
    if new.parent_id is not null then
        execute format('select to_jsonb(c) from public.%I c where c.id = $1', tg_table_name) into parent
        using new.parent_id;
        if parent is null or parent ->> post_key <> row_new ->> post_key then
            raise exception 'the parent comment is not on this post' using errcode = '22023';
        end if;
        if tg_table_name = 'discussion_comments' then
            new := jsonb_populate_record(new, jsonb_build_object('depth', (parent ->> 'depth')::integer + 1));
        end if;
    end if;
    return new;
end
$function$
;
