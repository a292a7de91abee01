-- Leader roles (private.leader_leases): taken and kept by a lease, every leader action fenced
-- by the token. Nothing here depends on the session, so it works behind transaction poolers.

-- Take or keep `p_role` for `p_lease_seconds`; the holder's fencing token, or null while
-- another holds it. The holder renews its own lease with its token unchanged (also once
-- expired, when no one took it meanwhile); anyone takes a free or expired role with a new
-- token. A takeover skips a row whose leader actions are in flight (locked `for key share`
-- by private.leader_fence) and is tried again at the next tick.
create or replace function private.leader_acquire(p_role text, p_holder text, p_lease_seconds integer)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
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
$$;
revoke execute on function private.leader_acquire(text, text, integer) from public;
grant execute on function private.leader_acquire(text, text, integer) to service_role;

-- The first statement of every leader action's transaction: passes while `p_holder` still
-- holds `p_role` under `p_token`, and keeps a takeover from committing until the transaction
-- ends; otherwise 55000 and the action's transaction is aborted.
create or replace function private.leader_fence(p_role text, p_holder text, p_token bigint)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
    perform from private.leader_leases l
    where l.role = p_role and l.holder = p_holder and l.token = p_token
    for key share;
    if not found then
        raise exception '% is no longer the % leader (fencing token % is stale)', left(p_holder, 200), p_role, p_token
            using errcode = '55000';
    end if;
end
$$;
revoke execute on function private.leader_fence(text, text, bigint) from public;
grant execute on function private.leader_fence(text, text, bigint) to service_role;

-- Give `p_role` up (a leader stopping): free at once for the next one, who gets a new token.
create or replace function private.leader_release(p_role text, p_holder text)
returns boolean
language sql
security definer
set search_path = ''
as $$
    with released as (
        update private.leader_leases l set holder = null, lease_expires_at = '-infinity'
        where l.role = p_role and l.holder = p_holder
        returning 1
    )
    select exists (select from released)
$$;
revoke execute on function private.leader_release(text, text) from public;
grant execute on function private.leader_release(text, text) to service_role;
