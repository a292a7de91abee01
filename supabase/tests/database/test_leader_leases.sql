-- The scheduler's election (private.leader_leases, docs/generation.md, Scheduler): a lease
-- renewed by its holder with its token, taken with a new token once expired or released, and a
-- fence that refuses a deposed leader's action. Not reachable by API roles.
begin;
\ir ../helpers/tests_schema.psql
select plan(14);

-- a clean role for the test, whatever earlier sessions left in the 'scheduler' row
update private.leader_leases set holder = null, lease_expires_at = '-infinity' where role = 'scheduler';
create temporary table first_token as select token + 1 as token from private.leader_leases where role = 'scheduler';

select is(private.leader_acquire('scheduler', 'a', 30), (select token from first_token), 'a free role is taken with a new token');
select is(private.leader_acquire('scheduler', 'b', 30), null, 'another holder''s live lease is not taken');
select is(private.leader_acquire('scheduler', 'a', 30), (select token from first_token), 'the holder renews with its token');
select lives_ok($$ select private.leader_fence('scheduler', 'a', (select token from first_token)) $$, 'the leader passes its fence');

-- a's lease runs out while it is paused: b takes the role, a is deposed
update private.leader_leases set lease_expires_at = clock_timestamp() - interval '1 second' where role = 'scheduler';
select is(private.leader_acquire('scheduler', 'b', 30), (select token + 1 from first_token), 'an expired lease is taken with the next token');
select throws_ok(
    $$ select private.leader_fence('scheduler', 'a', (select token from first_token)) $$,
    '55000', null, 'a deposed leader''s action is refused'
);
select throws_ok(
    $$ select private.leader_fence('scheduler', 'b', (select token from first_token)) $$,
    '55000', null, 'a stale token is refused whoever presents it'
);
select is(private.leader_acquire('scheduler', 'a', 30), null, 'the deposed leader does not get it back');

-- an expired lease nobody took is still its holder's, with the same token
update private.leader_leases set lease_expires_at = clock_timestamp() - interval '1 second' where role = 'scheduler';
select is(private.leader_acquire('scheduler', 'b', 30), (select token + 1 from first_token), 'the holder renews a lapsed lease no one took');

select is(private.leader_release('scheduler', 'a'), false, 'only the holder releases');
select is(private.leader_release('scheduler', 'b'), true, 'the holder releases');
select is(private.leader_acquire('scheduler', 'a', 30), (select token + 2 from first_token), 'a released role is free at once, with a new token');

select throws_ok($$ select private.leader_acquire('scheduler', 'a', 0) $$, '22023', null, 'a lease has a bound');

select ok(
    not exists (
        select from pg_proc p, unnest(array['anon', 'authenticated']) r
        where p.proname in ('leader_acquire', 'leader_fence', 'leader_release')
          and p.pronamespace = 'private'::regnamespace and has_function_privilege(r, p.oid, 'execute')
    ),
    'API roles cannot take, fence or release a leader role'
);

select * from finish();
rollback;
