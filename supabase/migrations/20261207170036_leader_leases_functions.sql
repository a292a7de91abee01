-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.leader_acquire(p_role text, p_holder text, p_lease_seconds integer)
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    acquired bigint;
    expires timestamptz := clock_timestamp() + make_interval(secs => p_lease_seconds);
begin
    if p_lease_seconds is null or p_lease_seconds not between 1 and 3600 then
        raise exception 'a leader lease lasts from 1 to 3600 seconds, not %', p_lease_seconds using errcode = '22023';
    end if;
    if p_holder is null or length(p_holder) not between 1 and 200 then
        raise exception 'a leader is named by 1 to 200 characters' using errcode = '22023';
    end if;
    update private.leader_leases l set lease_expires_at = expires
    where l.role = p_role and l.holder = p_holder
    returning l.token into acquired;
    if found then
        return acquired;
    end if;
    update private.leader_leases l set holder = p_holder, token = l.token + 1, lease_expires_at = expires
    where l.role = (select f.role from private.leader_leases f
                    where f.role = p_role and (f.holder is null or f.lease_expires_at <= clock_timestamp())
                    for update skip locked)
    returning l.token into acquired;
    return acquired;
end
$function$
;

CREATE OR REPLACE FUNCTION private.leader_fence(p_role text, p_holder text, p_token bigint)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    perform from private.leader_leases l
    where l.role = p_role and l.holder = p_holder and l.token = p_token
    for key share;
    if not found then
        raise exception '% is no longer the % leader (fencing token % is stale)', left(p_holder, 200), p_role, p_token
            using errcode = '55000';
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION private.leader_release(p_role text, p_holder text)
 RETURNS boolean
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    with released as (
        update private.leader_leases l set holder = null, lease_expires_at = '-infinity'
        where l.role = p_role and l.holder = p_holder
        returning 1
    )
    select exists (select from released)
$function$
;

grant execute on function private.leader_acquire(text,text,integer) to service_role;
grant execute on function private.leader_fence(text,text,bigint) to service_role;
grant execute on function private.leader_release(text,text) to service_role;
