-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.checked_generation(spec public.generations, caller uuid)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    gen_kind public.generation_kinds;
    scope public.projects;
    reference record;
    found_reference boolean;
begin
    select k.* into gen_kind from public.generation_kinds k where k.kind = spec.kind;
    if gen_kind.kind is null then
        raise exception 'unknown generation kind "%"', spec.kind using errcode = '22023';
    end if;
    perform private.require_text(spec.provider, 'provider', 60);
    perform private.require_text(spec.model, 'model', 120);
    perform private.require_text(spec.prompt, 'prompt', 20000);
    perform private.require_text(spec.variant, 'variant', 60);
    perform private.require_text(spec.dedup_key, 'dedup_key', 200);
    spec.params := coalesce(spec.params, '{}');
    if jsonb_typeof(spec.params) <> 'object' or length(spec.params::text) > 100000 then
        raise exception 'params must be a JSON object of at most 100000 characters' using errcode = '22023';
    end if;
    spec.metadata := coalesce(spec.metadata, '{}');
    if jsonb_typeof(spec.metadata) <> 'object' or length(spec.metadata::text) > 10000 then
        raise exception 'metadata must be a JSON object of at most 10000 characters' using errcode = '22023';
    end if;
    spec.units := coalesce(spec.units, 1);
    if spec.units <= 0 or spec.units > 10000 then
        raise exception 'units must lie between 0 (excluded) and 10000' using errcode = '22023';
    end if;
    spec.priority := coalesce(spec.priority, 0);
    if spec.priority not between -10 and 10 then
        raise exception 'priority must lie between -10 and 10' using errcode = '22023';
    end if;
    spec.max_attempts := coalesce(spec.max_attempts, gen_kind.max_attempts);
    if spec.max_attempts not between 1 and gen_kind.max_attempts then
        raise exception 'max_attempts must lie between 1 and % for kind %', gen_kind.max_attempts, spec.kind
            using errcode = '22023';
    end if;

    -- the project: the one named, else the first referenced object's
    spec.project_id := coalesce(
        spec.project_id,
        (select g.project_id from public.generations g where g.id = spec.parent_id),
        (select r.project_id from public.scenes r where r.id = spec.scene_id),
        (select r.project_id from public.scripts r where r.id = spec.script_id),
        (select r.project_id from public.chapters r where r.id = spec.chapter_id),
        (select r.project_id from public.books r where r.id = spec.book_id),
        (select r.project_id from public.moodboards r where r.id = spec.moodboard_id),
        (select r.project_id from public.animations r where r.id = spec.animation_id));
    if spec.project_id is not null then
        select p.* into scope from public.projects p
        join public.organizations o on o.id = p.organization_id and o.deleted_at is null
        where p.id = spec.project_id and p.deleted_at is null;
        if scope.id is null then
            raise exception 'project not found' using errcode = 'P0002';
        end if;
        spec.organization_id := scope.organization_id;
    elsif caller is not null then  -- a user's work always lives in a project
        raise exception 'project not found' using errcode = 'P0002';
    elsif not exists (select from public.organizations o where o.id = spec.organization_id and o.deleted_at is null) then
        raise exception 'organization % not found', spec.organization_id using errcode = 'P0002';
    end if;
    for reference in
        select * from (values ('parent generation', 'generations', spec.parent_id), ('scene', 'scenes', spec.scene_id),
                              ('script', 'scripts', spec.script_id), ('chapter', 'chapters', spec.chapter_id),
                              ('book', 'books', spec.book_id),
                              ('moodboard', 'moodboards', spec.moodboard_id),
                              ('animation', 'animations', spec.animation_id)) r (name, tab, id)
        where r.id is not null
    loop
        execute format('select exists (select from public.%I r where r.id = $1 and r.organization_id = $2
                                          and r.project_id is not distinct from $3 %s)',
                       reference.tab, case when reference.tab <> 'generations' then 'and r.deleted_at is null' end)
        into found_reference using reference.id, spec.organization_id, spec.project_id;
        if not found_reference then
            raise exception 'a referenced % was not found in this project', reference.name using errcode = 'P0002';
        end if;
    end loop;
    if caller is not null and not private.user_holds_project_permission(caller, spec.project_id, 'generate') then
        raise exception 'project not found' using errcode = 'P0002';
    end if;
    -- brand safety before any money moves (supabase/functions/pipeline.sql)
    perform private.check_brand_safety(spec.organization_id, spec.project_id, jsonb_build_array(
        jsonb_build_array('the prompt', spec.prompt), jsonb_build_array('params.text', spec.params ->> 'text')));
    return spec;
end
$function$
;

CREATE OR REPLACE FUNCTION private.start_generation(spec public.generations, caller uuid)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    gen_kind public.generation_kinds;
    estimate record;
    created public.generations;
    hold public.credit_holds;
    tokens bigint;
    render_seconds bigint;
    kai_credits bigint;
    videos bigint;
begin
    spec := private.checked_generation(spec, caller);
    select k.* into gen_kind from public.generation_kinds k where k.kind = spec.kind;
    if spec.dedup_key is not null then
        select g.* into created from public.generations g
        where g.organization_id = spec.organization_id and g.dedup_key = spec.dedup_key;
        if created.id is not null then
            return created;
        end if;
    end if;
    perform private.check_emergency_stop();
    estimate := private.estimate_generation(spec.kind, spec.provider, spec.model, spec.units);
    spec.id := coalesce(spec.id, gen_random_uuid());
    spec.user_id := caller;
    -- whose key pays, decided once here: the estimate, the hold and the capture follow it
    spec.provider_credential_id := private.own_key_credential(spec.organization_id, spec.kind, spec.provider);
    spec.paid_by := case when spec.provider_credential_id is null then 'platform' else 'own_key' end;
    spec.estimated_credits := private.credits_for_key(spec.organization_id, coalesce(estimate.credits, 0), spec.paid_by);
    -- the platform's own provider cost: none when the organization's key pays the provider
    spec.estimated_cost_usd := case when spec.paid_by = 'own_key' then 0 else coalesce(estimate.cost_usd, 0) end;
    spec.result := '{}';
    spec.progress := 0;
    spec.completed_steps := 0;
    spec.cost_tokens := 0;
    spec.cost_render_seconds := 0;
    spec.cost_kai_credits := 0;
    spec.hold_id := null;
    spec.actual_credits := null;
    insert into public.generations select spec.*
    on conflict (organization_id, dedup_key) where dedup_key is not null do nothing
    returning * into created;
    if created.id is null then  -- a concurrent request with the same key won
        select g.* into created from public.generations g
        where g.organization_id = spec.organization_id and g.dedup_key = spec.dedup_key;
        return created;
    end if;
    -- the quota counters a kind moves follow its metered resource (generation_kinds.resource_type)
    tokens := case when gen_kind.resource_type = 'llm_tokens' then ceil(created.units * 1000)::bigint else 0 end;
    render_seconds := case when gen_kind.resource_type = 'render_seconds' then ceil(created.units * 10)::bigint
                           else 0 end;
    kai_credits := case when gen_kind.resource_type = 'kai_credits' then created.estimated_credits else 0 end;
    videos := case when created.kind = 'video' and created.parent_id is null then 1 else 0 end;
    if created.estimated_credits > 0 then
        hold := public.authorize_generation(
            created.organization_id, caller, created.estimated_credits, 'generation:' || created.id,
            tokens => tokens, render_seconds => render_seconds, kai_credits => kai_credits, videos => videos,
            hold_for => gen_kind.hold_for, reference_type => 'generation', reference_id => created.id::text);
        update public.credit_holds h set paid_by = created.paid_by where h.id = hold.id and h.paid_by is null;
        update public.generations g set hold_id = hold.id where g.id = created.id returning * into created;
    elsif caller is not null or greatest(tokens, render_seconds, kai_credits, videos) > 0 then
        perform private.lock_credit_balance(created.organization_id);
        perform private.count_generation_usage(created.organization_id, caller, 0, tokens, render_seconds,
                                               kai_credits, videos);
    end if;
    return created;
end
$function$
;
