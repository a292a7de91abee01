-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "wake_dependants" on "public"."generations";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.complete_jobs(queue_ids bigint[], lease_tokens bigint[], outcomes jsonb[])
 RETURNS bigint[]
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    done_ids bigint [];
    done_generations uuid [];
    done_outcomes jsonb [];
    finished integer;
    metered text [];
    done record;
begin
    with removed as (
        delete from private.job_queue q
        where q.id = any(queue_ids) and q.state = 'running' and q.lease_expires_at > now()
          and q.lease_token = lease_tokens[array_position(queue_ids, q.id)]
        returning q.id, q.generation_id, outcomes[array_position(queue_ids, q.id)] as outcome
    )
    select array_agg(r.id), array_agg(r.generation_id), array_agg(coalesce(r.outcome, '{}'))
    into done_ids, done_generations, done_outcomes
    from removed r;
    if done_ids is null then
        return '{}';
    end if;
    metered := array(select k.kind from public.generation_kinds k where k.resource_type is not null);
    -- free, unmetered jobs (no hold, no usage record): one statement, the ledger untouched
    update public.generations g
    set status = 'succeeded', actual_credits = 0, actual_cost_usd = 0, error_message = null, error_code = null,
        progress = 100, completed_at = now(), updated_at = now(),
        result = coalesce(done_outcomes[array_position(done_generations, g.id)] -> 'result', g.result),
        output_url = coalesce(done_outcomes[array_position(done_generations, g.id)] ->> 'output_url', g.output_url)
    where g.id = any(done_generations) and g.status = 'running' and g.hold_id is null and g.kind <> all(metered);
    get diagnostics finished = row_count;
    if finished < cardinality(done_ids) then
        -- jobs that hold credits or are metered settle one by one, organizations in id order
        -- (the one locking order: no deadlocks between workers)
        for done in
            select g.id as generation_id, done_outcomes[array_position(done_generations, g.id)] as outcome
            from public.generations g
            where g.id = any(done_generations) and (g.hold_id is not null or g.kind = any(metered))
            order by g.organization_id, g.id
        loop
            perform private.finish_generation(done.generation_id, 'succeeded', done.outcome, null, null);
        end loop;
    end if;
    return done_ids;
end
$function$
;

CREATE OR REPLACE FUNCTION private.wake_dependants()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    succeeded uuid [] := array(select n.id from new_rows n where n.status = 'succeeded');
    dependant uuid;
begin
    if cardinality(succeeded) = 0 then
        return null;
    end if;
    for dependant in
        select distinct gi.generation_id
        from public.generation_inputs gi
        where gi.input_generation_id = any(succeeded)
          -- (rare) an input that had succeeded before this statement changed nothing
          and (select o.status from old_rows o where o.id = gi.input_generation_id) <> 'succeeded'
        order by gi.generation_id
    loop
        perform private.wait_or_wake(dependant);
    end loop;
    return null;
end
$function$
;

CREATE TRIGGER wake_dependants AFTER UPDATE ON public.generations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.wake_dependants();
