-- Studio rules: scope inheritance, counters, chapter lifecycle, version snapshots, storage accounting.

-- ---------------------------------------------------------------------------
-- Scope inheritance, the one rule for every domain: a child row takes organization_id (and
-- project_id, book_id where the parent has them; a fan community's rows community_id) from its
-- parent, whatever the client sent.
-- TG_ARGV: 'parent_table:fk' or 'parent_table:fk:name' pairs; the first pair whose foreign
-- key is set wins (a row with several possible parents lists them in order); a row with none
-- keeps what was sent (its INSERT policy judges it). The parent is the row whose id is the
-- key, or, for 'parent_table.column:fk', whose (unique) column is.
-- A missing parent: with a name, error PT404 '<name> not found', a soft-deleted parent
-- included (the domains whose RPCs answer "not found" for both missing and not yours); without
-- one, the caller's row-level security error (42501) for a client, 23503 otherwise.
-- On UPDATE the scope is frozen: organization_id, project_id, book_id and the parent keys
-- never change for a client (42501); the service role and RPCs may move a row to another
-- parent, and its scope follows.
-- Security invoker on purpose: the parent is read under the caller's row-level security, so
-- a parent that does not exist and one the caller may not see give the same error, and ids
-- of other organizations are not revealed; and is_client_request() sees the caller, not a
-- definer.
-- ---------------------------------------------------------------------------
-- The scope a row takes from the first parent it names, as a patch (organization_id,
-- project_id, book_id, community_id): the rule itself, which the trigger applies to a row and the generation
-- door to a request. Null when no parent is named; with missing_ok, a missing parent is passed
-- over for the next one instead of refused.
create or replace function private.parent_scope(row_data jsonb, parents text[], child_table text,
                                                missing_ok boolean default false)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
    spec text;
    pair text[];
    fk_value uuid;
    parent jsonb;
    patch jsonb;
begin
    foreach spec in array parents loop  -- (a trigger's tg_argv counts from 0)
        pair := string_to_array(spec, ':');
        fk_value := (row_data ->> pair[2])::uuid;
        continue when fk_value is null;
        execute format('select to_jsonb(p) from public.%I p where p.%I = $1', split_part(pair[1], '.', 1),
                       coalesce(nullif(split_part(pair[1], '.', 2), ''), 'id'))
        into parent using fk_value;
        continue when missing_ok and parent is null;
        if pair[3] is not null and (parent is null or parent ->> 'deleted_at' is not null) then
            raise exception '% not found', pair[3] using errcode = 'PT404';
        elsif parent is null and private.is_client_request() then
            raise exception 'new row violates row-level security policy for table "%"', child_table
                using errcode = '42501';
        elsif parent is null then
            raise exception '% % not found', pair[1], fk_value using errcode = '23503';
        end if;
        patch := jsonb_build_object(
            'organization_id', parent -> 'organization_id',
            'project_id', case when pair[1] = 'projects' then parent -> 'id'
                               else coalesce(parent -> 'project_id', 'null') end);
        if pair[1] = 'books' then
            patch := patch || jsonb_build_object('book_id', parent -> 'id');
        elsif parent ? 'book_id' then
            patch := patch || jsonb_build_object('book_id', parent -> 'book_id');
        end if;
        if parent ? 'community_id' then
            patch := patch || jsonb_build_object('community_id', parent -> 'community_id');
        end if;
        return patch;
    end loop;
    return null;
end
$$;
revoke execute on function private.parent_scope(jsonb, text[], text, boolean) from public;
-- inherit_scope runs with the client's rights
grant execute on function private.parent_scope(jsonb, text[], text, boolean) to authenticated, service_role;

create or replace function private.inherit_scope()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
    fk text;
    row_data jsonb := to_jsonb(new);
    old_data jsonb;
    scope constant text[] := array['organization_id', 'project_id', 'book_id', 'community_id'];
    moved boolean := false;
begin
    if tg_op = 'UPDATE' then
        old_data := to_jsonb(old);
        for i in 1 .. tg_nargs loop
            fk := split_part(tg_argv[i - 1], ':', 2);
            continue when row_data -> fk is not distinct from old_data -> fk;
            if private.is_client_request() then
                raise exception '%.% is the row''s parent: it cannot be changed', tg_table_name, fk
                    using errcode = '42501', hint = 'create the row under the new parent instead';
            end if;
            moved := true;
        end loop;
        if not moved then
            if exists (select 1 from unnest(scope) c where row_data -> c is distinct from old_data -> c) then
                raise exception 'the scope of % rows (% here) follows their parent', tg_table_name,
                    (select string_agg(c, ', ') from unnest(scope) c where row_data ? c)
                    using errcode = '42501';
            end if;
            return new;
        end if;
    end if;
    -- keys the child has no column for are ignored; no parent named: the row as sent
    return jsonb_populate_record(new, coalesce(private.parent_scope(row_data, tg_argv, tg_table_name), '{}'));
end
$$;
create or replace trigger inherit_scope before insert or update on public.animations
for each row execute function private.inherit_scope('projects:project_id');
create or replace trigger inherit_scope before insert or update on public.asset_versions
for each row execute function private.inherit_scope('assets:asset_id');
create or replace trigger inherit_scope before insert or update on public.assets
for each row execute function private.inherit_scope('projects:project_id');
create or replace trigger inherit_scope before insert or update on public.book_structure
for each row execute function private.inherit_scope('books:book_id');
create or replace trigger inherit_scope before insert or update on public.books
for each row execute function private.inherit_scope('projects:project_id');
create or replace trigger inherit_scope before insert or update on public.brand_policies
for each row execute function private.inherit_scope('projects:project_id');
create or replace trigger inherit_scope before insert or update on public.chapter_embeddings
for each row execute function private.inherit_scope('chapters:chapter_id');
create or replace trigger inherit_scope before insert or update on public.chapter_scripts
for each row execute function private.inherit_scope('chapters:chapter_id');
create or replace trigger inherit_scope before insert or update on public.chapters
for each row execute function private.inherit_scope('books:book_id');
create or replace trigger inherit_scope before insert or update on public.characters
for each row execute function private.inherit_scope('projects:project_id', 'books:book_id');
create or replace trigger inherit_scope before insert or update on public.feedback
for each row execute function private.inherit_scope('projects:project_id');
create or replace trigger inherit_scope before insert or update on public.moodboards
for each row execute function private.inherit_scope('projects:project_id');
create or replace trigger inherit_scope before insert or update on public.performance_predictions
for each row execute function private.inherit_scope('projects:project_id');
create or replace trigger inherit_scope before insert or update on public.plot_overviews
for each row execute function private.inherit_scope('books:book_id');
create or replace trigger inherit_scope before insert or update on public.scenes
for each row execute function private.inherit_scope('scripts:script_id', 'stories:story_id');
create or replace trigger inherit_scope before insert or update on public.scripts
for each row execute function private.inherit_scope('chapters:chapter_id');
create or replace trigger inherit_scope before insert or update on public.stories
for each row execute function private.inherit_scope('projects:project_id');
create or replace trigger inherit_scope before insert or update on public.universes
for each row execute function private.inherit_scope('projects:project_id');

-- ---------------------------------------------------------------------------
-- Values a seed names differently from us (docs/seed-map.toml, `values`): TG_ARGV[0] names the
-- column, TG_ARGV[1] maps each seed value to ours. A client writing the seed's word stores ours,
-- so a state has one name for the rules and workers that read it. Named to run before the other
-- BEFORE triggers (they fire in name order), which then see only our values.
-- ---------------------------------------------------------------------------
create or replace function private.store_seed_synonyms()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
    synonyms constant jsonb := tg_argv[1]::jsonb;
    written constant text := to_jsonb(new) ->> tg_argv[0];
begin
    if synonyms ? written then
        new := jsonb_populate_record(new, jsonb_build_object(tg_argv[0], synonyms ->> written));
    end if;
    return new;
end
$$;

create or replace trigger accept_seed_synonyms before insert or update of type on public.feedback
for each row execute function private.store_seed_synonyms('type', '{"feature_request": "feature"}');
create or replace trigger accept_seed_synonyms before insert or update of status on public.moodboards
for each row execute function private.store_seed_synonyms(
    'status', '{"pending": "draft", "processing": "generating", "completed": "ready"}'
);
create or replace trigger accept_seed_synonyms before insert or update of status on public.animations
for each row execute function private.store_seed_synonyms('status', '{"processing": "generating", "completed": "ready"}');

-- ---------------------------------------------------------------------------
-- Counters, by delta (exact under concurrency: each update re-reads the latest row)
-- ---------------------------------------------------------------------------

-- The one counter rule: +1 / -1 on `parent_table.counter_column` for the row's `fk` as a live
-- row appears or goes (insert, delete, soft delete, undelete). TG_ARGV: parent_table, fk,
-- counter_column, and optionally 'column:value,value' when only rows with one of those values
-- count (a published post, an active member).
create or replace function private.count_live_children()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
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
$$;

create or replace trigger count_chapters after insert or delete or update of deleted_at on public.chapters
for each row execute function private.count_live_children('books', 'book_id', 'total_chapters');
create or replace trigger count_prompt_uses after insert or delete on public.prompt_uses
for each row execute function private.count_live_children('prompts', 'prompt_id', 'usage_count');
create or replace trigger count_scenes after insert or delete or update of deleted_at on public.scenes
for each row execute function private.count_live_children('scripts', 'script_id', 'scene_count');

create or replace function private.count_prompt_rating()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update public.prompts p set rating_sum = p.rating_sum - old.rating, rating_count = p.rating_count - 1
        where p.id = old.prompt_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        update public.prompts p set rating_sum = p.rating_sum + new.rating, rating_count = p.rating_count + 1
        where p.id = new.prompt_id;
    end if;
    return null;
end
$$;

create or replace trigger count_prompt_rating after insert or delete or update on public.prompt_ratings
for each row execute function private.count_prompt_rating();

-- ---------------------------------------------------------------------------
-- Soft delete
-- ---------------------------------------------------------------------------

-- A chapter leaving (soft delete) takes its vector out of search and back into the queue
-- when it returns.
create or replace function private.chapter_lifecycle()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    if new.deleted_at is not null and old.deleted_at is null then
        delete from public.chapter_embeddings e where e.chapter_id = new.id;
    end if;
    if new.deleted_at is null and (old.deleted_at is not null or old.content is distinct from new.content
                                   or old.title is distinct from new.title) then
        delete from public.chapter_embeddings e where e.chapter_id = new.id;
        update public.chapters c set embedding_status = 'pending' where c.id = new.id and c.embedding_status <> 'pending';
    end if;
    return null;
end
$$;

create or replace trigger chapter_lifecycle after update of deleted_at, content, title on public.chapters
for each row execute function private.chapter_lifecycle();

-- A soft-deleted book takes its live chapters with it.
create or replace function private.book_soft_delete()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    -- restoring the book restores the chapters deleted with it (same stamp), not those deleted before
    update public.chapters c set deleted_at = new.deleted_at
    where c.book_id = new.id and c.deleted_at is not distinct from case when new.deleted_at is null then old.deleted_at end;
    return null;
end
$$;

create or replace trigger book_soft_delete after update of deleted_at on public.books
for each row when (old.deleted_at is distinct from new.deleted_at) execute function private.book_soft_delete();

-- ---------------------------------------------------------------------------
-- Version snapshots of projects, stories and story scenes (VideoPlanet's scenarios)
-- ---------------------------------------------------------------------------
create or replace function private.snapshot_version()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    new_row jsonb := to_jsonb(new) - array['updated_at', 'version', 'fts', 'word_count'];
    old_row jsonb := case when tg_op = 'UPDATE' then to_jsonb(old) - array['updated_at', 'version', 'fts', 'word_count'] end;
    diff jsonb := '{}';
    previous public.versions;
begin
    if tg_op = 'UPDATE' and new_row -> 'deleted_at' is distinct from old_row -> 'deleted_at' then
        -- deleting or restoring is not a new version: the history is deleted or restored with it
        update public.versions v set deleted_at = new.deleted_at
        where v.entity_type = tg_argv[0] and v.entity_id = new.id;
        return null;
    end if;
    if tg_op = 'UPDATE' then
        select coalesce(jsonb_object_agg(n.key, jsonb_build_object('old', old_row -> n.key, 'new', n.value)), '{}')
        into diff
        from jsonb_each(new_row) n where old_row -> n.key is distinct from n.value;
        if diff = '{}' then
            return null;
        end if;
    end if;
    select v.* into previous from public.versions v
    where v.entity_type = tg_argv[0] and v.entity_id = new.id
    order by v.version_number desc limit 1;
    insert into public.versions (
        organization_id, project_id, entity_type, entity_id, created_by, version_number, title, changes_summary,
        snapshot_data, diff_data, parent_version_id
    )
    values (
        new.organization_id, case when tg_argv[0] = 'project' then new.id else (new_row ->> 'project_id')::uuid end,
        tg_argv[0], new.id, private.caller_id(), coalesce(previous.version_number, 0) + 1, new_row ->> 'title',
        case when tg_op = 'INSERT' then 'created'
             else 'changed: ' || (select string_agg(k, ', ' order by k) from jsonb_object_keys(diff) k) end,
        new_row, diff, previous.id
    );
    return null;
end
$$;

create or replace trigger snapshot_version after insert or update on public.projects
for each row execute function private.snapshot_version('project');
create or replace trigger snapshot_version after insert or update on public.scenes
for each row when ((new.story_id is not null)) execute function private.snapshot_version('scene');
create or replace trigger snapshot_version after insert or update on public.stories
for each row execute function private.snapshot_version('story');

-- projects.published_at is the time the project first became published: stamped by the
-- database on the change to 'published', kept afterwards (also when it is unpublished), never
-- taken from the client.
create or replace function private.stamp_project_published()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    new.published_at := case
        when tg_op = 'INSERT' then case when new.status = 'published' then now() end
        when new.status = 'published' and old.status <> 'published' then coalesce(old.published_at, now())
        else old.published_at end;
    return new;
end
$$;
revoke execute on function private.stamp_project_published() from public;

create or replace trigger stamp_project_published before insert or update of status, published_at on public.projects
for each row execute function private.stamp_project_published();

-- the story's own version number follows its snapshots
create or replace function private.bump_story_version()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if (to_jsonb(new) - array['updated_at', 'version']) is distinct from (to_jsonb(old) - array['updated_at', 'version']) then
        new.version := old.version + 1;
    end if;
    return new;
end
$$;

create or replace trigger bump_story_version before update on public.stories
for each row execute function private.bump_story_version();

-- ---------------------------------------------------------------------------
-- Storage: organizations.storage_used_bytes is the exact sum of its live assets and
-- asset versions; an upload beyond storage_limit_bytes (the plan's; null: no limit) is refused
-- (PT507).
-- ---------------------------------------------------------------------------
create or replace function private.account_storage()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    old_bytes bigint := case when tg_op in ('UPDATE', 'DELETE') and (to_jsonb(old) ->> 'deleted_at') is null
                             then old.size_bytes else 0 end;
    new_bytes bigint := case when tg_op in ('INSERT', 'UPDATE') and (to_jsonb(new) ->> 'deleted_at') is null
                             then new.size_bytes else 0 end;
    org_id uuid := case when tg_op = 'DELETE' then old.organization_id else new.organization_id end;
    org public.organizations;
begin
    if new_bytes = old_bytes then
        return null;
    end if;
    update public.organizations o set storage_used_bytes = o.storage_used_bytes + new_bytes - old_bytes
    where o.id = org_id
    returning * into org;
    if new_bytes > old_bytes and org.storage_limit_bytes is not null and org.storage_used_bytes > org.storage_limit_bytes then
        raise exception 'storage limit of % bytes reached', org.storage_limit_bytes
            using errcode = 'PT507', hint = 'delete assets or upgrade the plan';
    end if;
    return null;
end
$$;

create or replace trigger account_storage after insert or delete or update of size_bytes on public.asset_versions
for each row execute function private.account_storage();
create or replace trigger account_storage after insert or delete or update of size_bytes, deleted_at on public.assets
for each row execute function private.account_storage();

-- Duty cleanup_storage_orphans (run in Python: the files are in the storage backend). The
-- assets of `backend`/`bucket` deleted, or failed, more than 7 days ago whose file is still
-- stored: at most p_batch, locked until the run's transaction ends, with the paths to remove
-- (the asset's and its versions').
create or replace function private.storage_orphans(p_batch integer, backend text, bucket text)
returns table (asset_id uuid, organization_id uuid, storage_paths text [])
language sql
security definer
set search_path = ''
as $$
    select a.id, a.organization_id,
           array[a.storage_path] || array(select v.storage_path from public.asset_versions v
                                          where v.asset_id = a.id and v.storage_path <> a.storage_path)
    from public.assets a
    where a.storage_purged_at is null and (a.deleted_at is not null or a.status = 'failed')
      and coalesce(a.deleted_at, a.updated_at) <= private.now() - private.soft_delete_retention()
      and a.storage_provider = backend and a.storage_bucket is not distinct from bucket
    order by coalesce(a.deleted_at, a.updated_at)
    limit p_batch
    for update of a skip locked
$$;
revoke execute on function private.storage_orphans(integer, text, text) from public;
grant execute on function private.storage_orphans(integer, text, text) to service_role;

-- The files of these assets are gone: the rows say so, a failed asset counts as deleted
-- (its bytes leave the organization's storage use through account_storage) and its version
-- rows, whose files went with it, are removed. Returns how many assets it marked.
create or replace function private.mark_storage_purged(asset_ids uuid [])
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
    marked integer;
begin
    delete from public.asset_versions v where v.asset_id = any(asset_ids);
    update public.assets a set storage_purged_at = private.now(), deleted_at = coalesce(a.deleted_at, private.now())
    where a.id = any(asset_ids) and a.storage_purged_at is null;
    get diagnostics marked = row_count;
    return marked;
end
$$;
revoke execute on function private.mark_storage_purged(uuid []) from public;
grant execute on function private.mark_storage_purged(uuid []) to service_role;

-- ---------------------------------------------------------------------------
-- Rights that follow membership
-- ---------------------------------------------------------------------------

-- Who sees a project is the managers' decision (private.manageable_project_ids): an editor or
-- an edit collaborator changes its content, not its visibility.
create or replace function private.guard_project_visibility()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if private.is_client_request() and new.visibility is distinct from old.visibility
       and not new.id = any(array(select private.manageable_project_ids())) then
        raise exception 'only the project''s managers change its visibility' using errcode = '42501';
    end if;
    return new;
end
$$;

create or replace trigger guard_project_visibility before update of visibility on public.projects
for each row execute function private.guard_project_visibility();

-- Leaving an organization, or being removed from it, ends one's collaborations on its projects.
create or replace function private.end_collaborations()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    delete from public.project_collaborators c
    using public.projects p
    where p.id = c.project_id and p.organization_id = old.organization_id and c.user_id = old.user_id;
    return old;
end
$$;

create or replace trigger end_collaborations after delete on public.organization_members
for each row execute function private.end_collaborations();
