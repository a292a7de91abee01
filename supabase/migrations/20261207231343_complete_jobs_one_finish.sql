-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

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
begin
    with removed as (
        delete from private.job_queue q
        where q.id = any(queue_ids) and q.state = 'running' and q.lease_expires_at > now()
          and q.lease_token = lease_tokens[array_position(queue_ids, q.id)]
        returning q.id, q.generation_id, outcomes[array_position(queue_ids, q.id)] as outcome
    )
    select array_agg(r.id), array_agg(r.generation_id), array_agg(r.outcome)
    into done_ids, done_generations, done_outcomes
    from removed r;
    if done_ids is null then
        return '{}';
    end if;
    perform private.finish_generations(done_generations, 'succeeded', done_outcomes, null, null);
    return done_ids;
end
$function$
;
