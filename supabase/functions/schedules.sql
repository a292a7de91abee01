-- Cron schedules: the cron parser, schedule validation and the scheduler tick that starts
-- due runs through the one door. docs/generation.md, "Scheduler".

-- ---------------------------------------------------------------------------
-- Cron
-- ---------------------------------------------------------------------------

-- The values one cron field allows: '*', 'n', 'a-b', '*/s', 'a-b/s', 'n/s' and lists of
-- them, with month and weekday names. 22023 naming the field when malformed.
create or replace function private.cron_field(field text, field_name text, lo integer, hi integer)
returns integer []
language plpgsql
immutable
set search_path = ''
as $$
declare
    part text;
    range_text text;
    step integer;
    first_value integer;
    last_value integer;
    allowed integer [] := '{}';
    names text [] := case field_name
        when 'month' then array['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
        when 'day of week' then array['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] end;
    offset_by integer := case field_name when 'month' then 1 else 0 end;
    i integer;
begin
    field := lower(field);
    if names is not null then
        for i in 1..array_length(names, 1) loop
            field := replace(field, names[i], (i - 1 + offset_by)::text);
        end loop;
    end if;
    foreach part in array string_to_array(field, ',') loop
        if part !~ '^(\*|\d+(-\d+)?)(/\d+)?$' then
            raise exception 'invalid cron % field "%"', field_name, field using errcode = '22023';
        end if;
        range_text := split_part(part, '/', 1);
        step := coalesce(nullif(split_part(part, '/', 2), '')::integer, 1);
        if range_text = '*' then
            first_value := lo;
            last_value := hi;
        else
            first_value := split_part(range_text, '-', 1)::integer;
            last_value := case when range_text like '%-%' then split_part(range_text, '-', 2)::integer
                               when part like '%/%' then hi else first_value end;
        end if;
        if field_name = 'day of week' and last_value = 7 then  -- 7 is Sunday too
            if first_value = 7 then first_value := 0; end if;
            last_value := case when first_value = 0 then 0 else 6 end;
            allowed := allowed || 0;
        end if;
        if step < 1 or first_value < lo or last_value > hi or first_value > last_value then
            raise exception 'invalid cron % field "%": values lie in %-%', field_name, field, lo, hi
                using errcode = '22023';
        end if;
        allowed := allowed || array(select generate_series(first_value, last_value, step));
    end loop;
    return array(select distinct v from unnest(allowed) v order by v);
end
$$;
revoke execute on function private.cron_field(text, text, integer, integer) from public;
grant execute on function private.cron_field(text, text, integer, integer) to authenticated, service_role;

-- The first time strictly after `after` at which the 5-field cron expression (minute hour
-- day-of-month month day-of-week, or @hourly/@daily/@weekly/@monthly/@yearly) fires in
-- time zone `tz`. Wall-clock semantics: a time that does not exist (spring forward) fires
-- at the same offset after the gap (02:30 -> 03:30); a time that occurs twice (fall back)
-- fires once. Day of month and day of week combine like Vixie cron: when both are
-- restricted, either matches.
create or replace function public.cron_next(expression text, tz text, after timestamptz)
returns timestamptz
language plpgsql
stable
set search_path = ''
as $$
declare
    fields text [];
    minutes integer [];
    hours integer [];
    days integer [];
    months integer [];
    weekdays integer [];
    any_day boolean;
    any_weekday boolean;
    start_local timestamp;
    day date;
    h integer;
    m integer;
    candidate timestamp;
    fires timestamptz;
begin
    if tz is null or not exists (select from pg_catalog.pg_timezone_names z where z.name = tz) then
        raise exception 'unknown time zone "%"', tz using errcode = '22023';
    end if;
    expression := case lower(btrim(expression))
        when '@yearly' then '0 0 1 1 *' when '@annually' then '0 0 1 1 *' when '@monthly' then '0 0 1 * *'
        when '@weekly' then '0 0 * * 0' when '@daily' then '0 0 * * *' when '@midnight' then '0 0 * * *'
        when '@hourly' then '0 * * * *' else btrim(expression) end;
    fields := regexp_split_to_array(expression, '\s+');
    if array_length(fields, 1) is distinct from 5 then
        raise exception 'invalid cron expression "%": five fields expected', expression using errcode = '22023';
    end if;
    minutes := private.cron_field(fields[1], 'minute', 0, 59);
    hours := private.cron_field(fields[2], 'hour', 0, 23);
    days := private.cron_field(fields[3], 'day of month', 1, 31);
    months := private.cron_field(fields[4], 'month', 1, 12);
    weekdays := private.cron_field(fields[5], 'day of week', 0, 7);
    any_day := fields[3] like '*%';
    any_weekday := fields[5] like '*%';
    start_local := date_trunc('minute', after at time zone tz);
    -- a fall-back hour repeats local times: start one hour earlier and let "> after" decide
    day := (start_local - interval '1 hour')::date;
    for n in 0..(366 * 8) loop
        if extract(month from day)::integer = any(months)
           and (case when any_day and any_weekday then true
                     when any_day then extract(dow from day)::integer = any(weekdays)
                     when any_weekday then extract(day from day)::integer = any(days)
                     else extract(day from day)::integer = any(days) or extract(dow from day)::integer = any(weekdays)
                end) then
            foreach h in array hours loop
                foreach m in array minutes loop
                    candidate := day + make_interval(hours => h, mins => m);
                    continue when candidate < start_local - interval '1 hour';
                    fires := candidate at time zone tz;
                    if fires > after then
                        return fires;
                    end if;
                end loop;
            end loop;
        end if;
        day := day + 1;
    end loop;
    raise exception 'cron expression "%" never fires', expression using errcode = '22023';
end
$$;
revoke execute on function public.cron_next(text, text, timestamptz) from public, anon;
grant execute on function public.cron_next(text, text, timestamptz) to authenticated, service_role;

-- Schedules: scope from the project (private.inherit_scope) and the creator
-- (private.client_defaults) before this; cron and time zone validated; next_run_at computed.
-- Invoker rights: it must see who is asking.
create or replace function private.prepare_schedule()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if new.kind is not null  -- null: the schedule starts a workflow (workflows.sql)
       and not coalesce((select k.client_requestable from public.generation_kinds k where k.kind = new.kind), false)
       and private.is_client_request() then
        raise exception 'unknown generation kind "%"', new.kind using errcode = '22023';
    end if;
    new.next_run_at := case when new.enabled then public.cron_next(new.cron, new.timezone, now()) end;
    return new;
end
$$;
revoke execute on function private.prepare_schedule() from public;

-- client_defaults fires before validate_schedule_request, which needs created_by.
create or replace trigger inherit_scope before insert on public.schedules
for each row execute function private.inherit_scope('projects:project_id:project');
create or replace trigger client_defaults before insert on public.schedules
for each row execute function private.client_defaults('created_by', 'run_count=0', 'last_run_at=null');
-- Triggers fire in name order: this one after protect_columns, so its own next_run_at (a
-- schedule switched on again) is not taken for a client's change.
create or replace trigger schedule_next_run before insert or update of cron, timezone, enabled
on public.schedules
for each row execute function private.prepare_schedule();

-- What a schedule's run asks for: its stored request checked (a JSON object of at most 64 KiB,
-- the column's own bound schedules_request_size; for a generation schedule only the request RPC's keys, minus dedup_key, each of
-- its type: 22023 otherwise) and made into the generation's spec in the schedule's project. Null
-- for a workflow schedule, whose request fills the workflow's variables (workflows.sql).
create or replace function private.scheduled_request(due public.schedules)
returns public.generations
language plpgsql
stable
set search_path = ''
as $$
declare
    unknown text;
begin
    if jsonb_typeof(due.request) is distinct from 'object' or pg_column_size(due.request) > 65536 then
        raise exception 'a schedule''s request must be a JSON object of at most 64 KiB'
            using errcode = '22023';
    end if;
    if due.workflow_id is not null then
        return null;
    end if;
    select k into unknown from jsonb_object_keys(due.request) k
    where k not in ('prompt', 'params', 'provider', 'model', 'units', 'priority', 'variant', 'parent_id', 'scene_id',
                    'script_id', 'chapter_id', 'moodboard_id', 'animation_id', 'scene_number')
    order by k limit 1;
    if unknown is not null then
        raise exception 'unknown key "%" in a schedule''s request', unknown using errcode = '22023';
    end if;
    begin
        return jsonb_populate_record(null::public.generations, due.request || jsonb_build_object(
            'project_id', due.project_id, 'kind', due.kind, 'metadata', jsonb_build_object('schedule_id', due.id)));
    exception when data_exception then
        raise exception 'a schedule''s request holds a value of the wrong type: %', sqlerrm using errcode = '22023';
    end;
end
$$;
revoke execute on function private.scheduled_request(public.schedules) from public;

-- A schedule runs as its owner (created_by), so what it will ask for is checked as the owner
-- when it is written and whenever it is switched on: the request's keys and bounds, then the
-- door's own checks (private.checked_generation: scope, rights, bounds, brand safety) for a
-- generation schedule, the right to edit the project for a workflow schedule. A paused
-- schedule is not checked for rights (pausing one whose owner lost them must work), but a new
-- request is always bounded.
create or replace function private.validate_schedule_request()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    spec public.generations;
begin
    if tg_op = 'INSERT' or new.request is distinct from old.request or new.enabled then
        spec := private.scheduled_request(new);
    end if;
    if new.enabled then
        if new.created_by is null then
            raise exception 'a schedule runs as its owner: created_by is required' using errcode = '22023';
        end if;
        if new.workflow_id is null then
            perform private.checked_generation(spec, new.created_by);
        elsif not private.user_holds_project_permission(new.created_by, new.project_id, 'edit') then
            raise exception 'project not found' using errcode = 'PT404';
        end if;
    end if;
    return new;
end
$$;
revoke execute on function private.validate_schedule_request() from public;

create or replace trigger validate_schedule_request before insert or update of request, enabled on public.schedules
for each row execute function private.validate_schedule_request();

create or replace trigger protect_columns before update on public.schedules
for each row execute function private.protect_columns(
    'id', 'organization_id', 'project_id', 'created_by', 'kind', 'last_run_at', 'last_generation_id', 'run_count',
    'next_run_at'
);

create or replace trigger set_updated_at before update on public.schedules
for each row execute function private.set_updated_at();

-- Start every due schedule's run as its owner, through the one door, which asks again whether
-- the owner may still edit the project (membership, role, organization alive, profile not
-- deleted), and move next_run_at on: missed runs are not replayed. A run refused for now
-- (credits PT402, a quota or cap PT429, the emergency stop PT503, a lock conflict) is recorded
-- in last_error and tried at the next time. Any other refusal cannot pass by waiting (the
-- owner lost their rights or left, the organization or project is gone, the stored request
-- breaks a bound or the brand policy): the schedule is paused (enabled false) with last_error
-- 'paused: <why>', having started nothing and held nothing. Returns how many runs started.
create or replace function public.scheduler_tick(max_runs integer default 100)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
    due public.schedules;
    started public.generations;
    spec public.generations;
    run_key text;
    paused boolean;
    count integer := 0;
begin
    for due in
        select s.* from public.schedules s
        where s.enabled and s.next_run_at <= now()
        order by s.next_run_at
        limit max_runs
        for update skip locked
    loop
        begin
            if due.created_by is null then  -- the owner's account was deleted
                raise exception 'the schedule''s owner no longer exists' using errcode = '42501';
            end if;
            run_key := 'schedule:' || due.id || ':' || extract(epoch from due.next_run_at);
            spec := private.scheduled_request(due);
            if due.workflow_id is not null then  -- a workflow run (workflows.sql); its render is returned
                started := private.start_scheduled_workflow(due, run_key);
            else
                spec.dedup_key := run_key;
                started := private.start_generation(spec, due.created_by);
            end if;
            update public.schedules s
            set last_run_at = now(), last_generation_id = started.id, last_error = null, run_count = s.run_count + 1,
                next_run_at = public.cron_next(s.cron, s.timezone, greatest(now(), s.next_run_at))
            where s.id = due.id;
            count := count + 1;
        exception when others then
            paused := sqlstate not in ('PT402', 'PT429', 'PT503', '40001', '40P01', '55P03');
            update public.schedules s
            set last_run_at = now(), last_error = case when paused then 'paused: ' end || sqlerrm,
                enabled = s.enabled and not paused,
                next_run_at = public.cron_next(s.cron, s.timezone, greatest(now(), s.next_run_at))
            where s.id = due.id;
        end;
    end loop;
    return count;
end
$$;
revoke execute on function public.scheduler_tick(integer) from public, anon, authenticated;
grant execute on function public.scheduler_tick(integer) to service_role;
