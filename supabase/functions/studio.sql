-- Studio RPCs: project share links and prompt use. Errors: docs/errors.md.

-- A read-only share link for a project (editors). Returns the token once; a new link
-- replaces the old one.
create or replace function public.create_project_share_link(project_id uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
    caller uuid := private.require_user();
    token text := 'shr_' || private.random_token();
begin
    if create_project_share_link.project_id not in (select private.editable_project_ids()) then
        raise exception 'project % not found', project_id using errcode = 'PT404';
    end if;
    insert into private.project_share_tokens (project_id, token_hash, created_by)
    values (create_project_share_link.project_id, private.token_hash(token), caller)
    on conflict on constraint project_share_tokens_pkey do update
    set token_hash = excluded.token_hash, created_by = excluded.created_by, created_at = now();
    perform private.record_audit_event(
        (select p.organization_id from public.projects p where p.id = create_project_share_link.project_id), 'share',
        'projects', create_project_share_link.project_id::text);
    return token;
end
$$;

create or replace function public.revoke_project_share_link(project_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
    perform private.require_user();
    if revoke_project_share_link.project_id not in (select private.editable_project_ids()) then
        raise exception 'project % not found', project_id using errcode = 'PT404';
    end if;
    delete from private.project_share_tokens s where s.project_id = revoke_project_share_link.project_id;
    if found then
        perform private.record_audit_event(
            (select p.organization_id from public.projects p where p.id = revoke_project_share_link.project_id),
            'unshare', 'projects', revoke_project_share_link.project_id::text);
    end if;
end
$$;

-- What a share link opens: the one project and its IP bible, read-only, for anyone with
-- the token. Nothing else is reachable through it.
create or replace function public.get_shared_project(share_token text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    shared public.projects;
begin
    select p.* into shared
    from private.project_share_tokens s join public.projects p on p.id = s.project_id
    where s.token_hash = private.token_hash(share_token) and p.deleted_at is null;
    if shared.id is null then
        raise exception 'share link not found' using errcode = 'PT404';
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
$$;

-- Use a prompt: records the use (counted into usage_count) and returns the content with
-- its {{variables}} filled in. 22023 names any variable left without a value.
create or replace function public.use_prompt(prompt_id uuid, variable_values jsonb default '{}')
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
    prompt public.prompts;
    rendered text;
    variable_name text;
    missing text[];
begin
    perform private.require_user();
    if pg_column_size(variable_values) > 65536 then
        raise exception 'prompt variables are limited to 64 KiB' using errcode = '22023';
    end if;
    -- what prompts_select shows the caller: this function reads as its owner
    select p.* into prompt from public.prompts p
    where p.id = use_prompt.prompt_id and p.deleted_at is null
      and (p.is_public or p.organization_id = any(array(select private.my_org_ids())));
    if prompt.id is null then
        raise exception 'prompt % not found', prompt_id using errcode = 'PT404';
    end if;
    rendered := prompt.content;
    for variable_name in select distinct m[1] from regexp_matches(prompt.content, '\{\{\s*(\w+)\s*\}\}', 'g') m loop
        if variable_values ? variable_name then
            rendered := regexp_replace(rendered, '\{\{\s*' || variable_name || '\s*\}\}',
                                       replace(variable_values ->> variable_name, '\', '\\'), 'g');
        else
            missing := missing || variable_name;
        end if;
        if length(rendered) > 100000 then
            raise exception 'a rendered prompt is limited to 100000 characters' using errcode = '22023';
        end if;
    end loop;
    if missing is not null then
        raise exception 'missing values for prompt variables: %', array_to_string(missing, ', ') using errcode = '22023';
    end if;
    -- counts once per user and day (prompt_uses_once_a_day_idx)
    insert into public.prompt_uses (prompt_id, user_id) values (prompt.id, private.caller_id())
    on conflict do nothing;
    return rendered;
end
$$;
revoke execute on function public.create_project_share_link(uuid), public.revoke_project_share_link(uuid),
public.use_prompt(uuid, jsonb) from public, anon;
grant execute on function public.create_project_share_link(uuid), public.revoke_project_share_link(uuid),
public.use_prompt(uuid, jsonb) to authenticated, service_role;
grant execute on function public.get_shared_project(text) to anon, authenticated, service_role;

