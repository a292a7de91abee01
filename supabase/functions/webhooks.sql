-- Webhooks: the outbox written by the statement that finishes generations, and delivery by
-- service_role workers (claim, record). docs/generation.md, "Webhooks".

-- ---------------------------------------------------------------------------
-- Webhook outbox: written by the statement that finishes generations
-- ---------------------------------------------------------------------------

-- The event a status change announces (null: none).
create or replace function private.generation_event(kind text, status text)
returns text
language sql
immutable
set search_path = ''
as $$
    select case
        when kind = 'render' and status = 'succeeded' then 'render.succeeded'
        when kind = 'render' and status = 'failed' then 'render.failed'
        when status = 'succeeded' then 'generation.completed'
        when status = 'failed' then 'generation.failed'
        when status = 'cancelled' then 'generation.cancelled'
    end
$$;
revoke execute on function private.generation_event(text, text) from public;

-- Generations that just reached a final state (private.generation_status_moved, step 1,
-- passes those of organizations with an active endpoint) queue an event for each active
-- endpoint of their organization that wants it (no events listed: all), in the same
-- transaction. Called once per statement with its rows.
create or replace function private.generation_outbox(finished public.generations [])
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
    insert into private.webhook_outbox (webhook_id, organization_id, event, payload)
    select w.id, n.organization_id, n.event_name,
           jsonb_build_object(
               'type', n.event_name, 'created_at', now(),
               'data', jsonb_build_object(
                   'id', n.id, 'kind', n.kind, 'status', n.status, 'organization_id', n.organization_id,
                   'project_id', n.project_id, 'output_url', n.output_url, 'thumbnail_url', n.thumbnail_url,
                   'subtitles_url', n.subtitles_url, 'error_message', n.error_message,
                   'actual_credits', n.actual_credits, 'attempts', n.attempts))
    from (select n.*, private.generation_event(n.kind, n.status) as event_name from unnest(finished) n) n
    join public.webhooks w on w.organization_id = n.organization_id
    where w.is_active and (w.events = '{}' or n.event_name = any(w.events));
end
$$;
revoke execute on function private.generation_outbox(public.generations []) from public;

-- ---------------------------------------------------------------------------
-- Webhook delivery (service_role workers)
-- ---------------------------------------------------------------------------

-- Claim due deliveries: each comes with the endpoint and its signing secret.
create or replace function public.webhook_claim(batch_size integer default 20, lock_seconds integer default 30)
returns table (
    outbox_id bigint, event_id uuid, webhook_id uuid, url text, signing_secret text, event text, payload jsonb,
    attempt integer
)
language sql
security definer
set search_path = ''
as $$
    with picked as (
        select o.id from private.webhook_outbox o
        where o.next_attempt_at <= now() and (o.locked_until is null or o.locked_until < now())
        order by o.next_attempt_at, o.id
        limit least(greatest(batch_size, 1), 500)
        for update skip locked
    ),
    claimed as (
        update private.webhook_outbox o
        set attempts = o.attempts + 1, locked_until = now() + make_interval(secs => lock_seconds)
        from picked p where o.id = p.id
        returning o.*
    )
    select c.id, c.event_id, c.webhook_id, w.url, private.decrypt_secret(s.secret_box), c.event, c.payload, c.attempts
    from claimed c
    join public.webhooks w on w.id = c.webhook_id
    join private.webhook_secrets s on s.webhook_id = c.webhook_id
$$;
revoke execute on function public.webhook_claim(integer, integer) from public, anon, authenticated;
grant execute on function public.webhook_claim(integer, integer) to service_role;

-- Record one delivery attempt (every attempt is a webhook_deliveries row). 2xx: done, the
-- endpoint's failure streak resets. Otherwise retry with backoff until webhooks.max_attempts;
-- after webhooks.disable_after_failures failures in a row the endpoint is disabled and its
-- pending events are given up. `error` is the worker's short summary of a failure; the
-- receiver's body is never recorded. Returns the attempt's status.
create or replace function public.webhook_record(
    outbox_id bigint, attempt integer, http_status integer, error text, duration_ms integer
)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
    item private.webhook_outbox;
    hook public.webhooks;
    max_attempts integer := coalesce((select (s.value #>> '{}')::integer from public.system_settings s
                                      where s.key = 'webhooks.max_attempts'), 8);
    disable_after integer := coalesce((select (s.value #>> '{}')::integer from public.system_settings s
                                       where s.key = 'webhooks.disable_after_failures'), 15);
    outcome text;
    retry_at timestamptz;
begin
    select o.* into item from private.webhook_outbox o
    where o.id = webhook_record.outbox_id and o.attempts = webhook_record.attempt
    for update;
    if item.id is null then
        return 'lost';
    end if;
    if http_status between 200 and 299 then
        outcome := 'delivered';
        delete from private.webhook_outbox o where o.id = item.id;
        update public.webhooks w set failure_count = 0, last_triggered_at = now() where w.id = item.webhook_id
        returning * into hook;
    else
        update public.webhooks w set failure_count = w.failure_count + 1, last_triggered_at = now()
        where w.id = item.webhook_id
        returning * into hook;
        if hook.failure_count >= disable_after then
            outcome := 'gave_up';
            update public.webhooks w set is_active = false where w.id = hook.id;
            -- this and every other pending event of the endpoint is given up, each logged
            with dropped as (
                delete from private.webhook_outbox o where o.webhook_id = hook.id and o.id <> item.id returning o.*
            )
            insert into public.webhook_deliveries (event_id, webhook_id, organization_id, event, payload, attempt,
                                                   status, error)
            select d.event_id, d.webhook_id, d.organization_id, d.event, d.payload, greatest(d.attempts, 1), 'gave_up',
                   'endpoint disabled after repeated failures'
            from dropped d;
            delete from private.webhook_outbox o where o.id = item.id;
        elsif item.attempts >= max_attempts then
            outcome := 'gave_up';
            delete from private.webhook_outbox o where o.id = item.id;
        else
            outcome := 'failed';
            retry_at := now() + private.backoff(item.attempts, 10, 3600);
            update private.webhook_outbox o set next_attempt_at = retry_at, locked_until = null where o.id = item.id;
        end if;
    end if;
    insert into public.webhook_deliveries (event_id, webhook_id, organization_id, event, payload, attempt, status,
                                           http_status, error, duration_ms, next_retry_at)
    values (item.event_id, item.webhook_id, item.organization_id, item.event, item.payload, item.attempts, outcome,
            http_status, left(error, 300), duration_ms, retry_at);
    return outcome;
end
$$;
revoke execute on function public.webhook_record(bigint, integer, integer, text, integer) from public, anon,
authenticated;
grant execute on function public.webhook_record(bigint, integer, integer, text, integer) to service_role;
