-- Status machines (core.sql, "Status machines"): every stateful table has the one
-- status_machine trigger, its machine agrees with the table's CHECK, every allowed move passes
-- and every other move is refused with PT409, through each table's own compiled trigger on a
-- stand-in and on real rows; the rules are not readable by the API roles.
-- (test_status_machine_triggers.sql: each trigger is its rows of private.transitions, rendered.)
begin;
\ir ../helpers/tests_schema.psql
select plan(39);

-- The statuses a table allows: its enum's labels, or the values of a CHECK on status alone
-- that lists them (`status = ANY (ARRAY[...])`).
create function pg_temp.status_values(tbl regclass) returns text[] language sql stable as $$
    select coalesce(
        (select array_agg(e.enumlabel::text order by e.enumlabel::text)
         from pg_attribute a join pg_enum e on e.enumtypid = a.atttypid
         where a.attrelid = tbl and a.attname = 'status' and not a.attisdropped),
        (select array_agg(distinct v[1] order by v[1])
         from pg_constraint c
         join pg_attribute a on a.attrelid = c.conrelid and a.attname = 'status' and c.conkey = array[a.attnum]
         cross join lateral regexp_matches(pg_get_constraintdef(c.oid), '''([^'']+)''', 'g') v
         where c.conrelid = tbl and c.contype = 'c' and pg_get_constraintdef(c.oid) ~ 'status = ANY \(ARRAY\[')
    )
$$;

-- Tables whose status is a listed set of values (partitions answer through their parent).
create temp table stateful on commit drop as
select c.oid::regclass as tbl, c.relname::text as relname, pg_temp.status_values(c.oid) as statuses
from pg_class c
where c.relkind in ('r', 'p') and not c.relispartition
  and c.relnamespace in ('public'::regnamespace, 'private'::regnamespace)
  and pg_temp.status_values(c.oid) is not null;

-- Stateful tables without a machine, and why. Anything else with a status gets a machine.
create temp table no_machine (relname text primary key, reason text not null) on commit drop;
insert into no_machine values
-- written once at insert, never updated: nothing moves
('usage_events', 'append-only log'),
('webhook_deliveries', 'append-only log of delivery attempts'),
-- mirrors of another system's state: that system decides the order
('subscriptions', 'mirrors Stripe''s subscription status'),
('invoices', 'mirrors Stripe''s invoice status'),
-- a choice that goes both ways: every move among the values is legal
('event_rsvps', 'an attendee''s answer, changed at will'),
('community_members', 'moderate_member moves both ways (mute/unmute, ban/unban, approve) under its own checks'),
-- written directly by their editors, moderators or workers (RLS decides who), in an order no
-- code or doc fixes yet: a machine is added once their flow is written down (follow-up)
('communities', 'platform moderation status, set directly'),
('discussions', 'author and moderator status, set directly'),
('discussion_comments', 'moderator status, set directly'),
('fan_contents', 'author and moderator status, set directly'),
('fan_content_comments', 'moderator status, set directly'),
('profiles', 'account status, set by platform admins'),
('provider_credentials', 'credential health, set by its owners and the provider checks'),
('products', 'active <-> out_of_stock follows stock (refresh_stock_status); draft and discontinued are the editors'''),
('projects', 'editorial status, set by the project''s editors'),
('books', 'editorial and import status, set by editors and the import'),
('moodboards', 'generation progress plus the editors'' approval'),
('animations', 'generation progress'),
('scripts', 'generation progress plus the editors'' approval'),
('plot_overviews', 'generation progress plus the editors'' approval'),
('chapter_scripts', 'generation progress plus the editors'' approval'),
('assets', 'processing status, written by media workers'),
('feedback', 'triage status, set by the team'),
('events', 'the organizers'' schedule status, set directly'),
('workflows', 'editorial lifecycle, set by editors'),
('nfts', 'record_nft_mint reports the minting service''s status as it comes'),
('investor_rewards', 'fulfilment status reported by the seller as it comes'),
('revenue_distributions', 'completed when its last payout is paid; its other statuses are not written yet'),
('investor_payouts', 'completed by mark_payout_paid; its other statuses are not written yet');

-- ---------------------------------------------------------------------------
-- the catalog guard
-- ---------------------------------------------------------------------------
select is(array(select s.relname from stateful s
                where not exists (select from no_machine n where n.relname = s.relname)
                  and not exists (select from pg_trigger t where t.tgrelid = s.tbl and t.tgname = 'status_machine')
                order by 1),
    '{}', 'every stateful table has a status_machine trigger, or a reason in the allow-list');
select is(array(select t.tgrelid::regclass::text from pg_trigger t
                where t.tgfoid = 'private.enforce_transition'::regproc
                  and pg_get_triggerdef(t.oid) !~ format(
                      '^CREATE TRIGGER status_machine BEFORE UPDATE ON \S+ FOR EACH ROW '
                      'WHEN \(\(\(old\.status IS DISTINCT FROM new\.status\) AND\s+CASE old\.status\s.*\sEND\)\) '
                      'EXECUTE FUNCTION private\.enforce_transition\(''%s''\)$',
                      (select c.relname from pg_class c where c.oid = t.tgrelid))
                order by 1),
    '{}', 'every status_machine trigger has the one shape: before update, when the status changes to one its '
          'compiled moves do not list, machine = table');
select is(array(select t.tgrelid::regclass::text from pg_trigger t
                where t.tgname = 'status_machine' and t.tgfoid <> 'private.enforce_transition'::regproc),
    '{}', 'a trigger named status_machine runs private.enforce_transition');
select is(array(select n.relname from no_machine n
                where not exists (select from stateful s where s.relname = n.relname)
                   or exists (select from stateful s join pg_trigger t on t.tgrelid = s.tbl
                              where s.relname = n.relname and t.tgname = 'status_machine')
                order by 1),
    '{}', 'the allow-list holds no stale entry (a table gone, or one that has a machine now)');
select is(array(select distinct x.machine from private.transitions x
                where not exists (select from stateful s join pg_trigger t on t.tgrelid = s.tbl
                                  where s.relname = x.machine and t.tgname = 'status_machine')
                order by 1),
    '{}', 'every machine in private.transitions is enforced on its table');
select is(array(select format('%s: %s', s.relname, v) from stateful s
                join pg_trigger t on t.tgrelid = s.tbl and t.tgname = 'status_machine'
                cross join unnest(s.statuses) v
                where not exists (select from private.transitions x
                                  where x.machine = s.relname and v in (x.from_status, x.to_status))
                order by 1),
    '{}', 'every status a machine''s table allows is reached or left by some move');
select is(array(select format('%s: %s', x.machine, v) from private.transitions x
                join stateful s on s.relname = x.machine
                cross join unnest(array[x.from_status, x.to_status]) v
                where not v = any(s.statuses)
                order by 1),
    '{}', 'every status a machine names is allowed by its table''s CHECK');
select is(array(select p.oid::regprocedure::text from pg_proc p
                where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
                  and p.prosrc ~* 'cannot (move|go) from'
                  and p.oid <> 'private.require_transition(text, text, text)'::regprocedure),
    '{}', 'no function refuses a status move by itself: the one refusal is private.require_transition');

-- ---------------------------------------------------------------------------
-- the rules are the platform's: not readable by the API roles
-- ---------------------------------------------------------------------------
select ok(not has_table_privilege('anon', 'private.transitions', 'select'), 'anon cannot read the transitions');
select ok(not has_table_privilege('authenticated', 'private.transitions', 'select'),
    'authenticated cannot read the transitions');
select ok(has_table_privilege('service_role', 'private.transitions', 'select')
          and not has_table_privilege('service_role', 'private.transitions', 'insert, update, delete'),
    'the service role reads them and cannot change them');
select ok(not has_function_privilege('authenticated', 'private.require_transition(text, text, text)', 'execute')
          and not has_function_privilege('authenticated', 'private.enforce_transition()', 'execute'),
    'the API roles do not call the enforcement functions');

-- ---------------------------------------------------------------------------
-- every machine, exhaustively on a stand-in carrying its table's own status_machine trigger
-- (the compiled WHEN clause, as installed): each pair of its table's statuses is allowed
-- exactly when it is a row of private.transitions
-- ---------------------------------------------------------------------------
create temp table probe (status text not null) on commit drop;
create function pg_temp.probe_as(machine text) returns void language plpgsql as $$
begin
    execute 'drop trigger if exists status_machine on pg_temp.probe';
    execute (select regexp_replace(pg_get_triggerdef(t.oid), ' ON \S+ FOR EACH ROW ', ' ON pg_temp.probe FOR EACH ROW ')
             from pg_trigger t
             where t.tgrelid = format('public.%I', machine)::regclass and t.tgname = 'status_machine');
end
$$;
create function pg_temp.disagreements(machine text) returns text[] language plpgsql as $$
declare
    statuses text[] := (select s.statuses from stateful s where s.relname = machine);
    from_value text;
    to_value text;
    allowed boolean;
    passed boolean;
    wrong text[] := '{}';
begin
    perform pg_temp.probe_as(machine);
    foreach from_value in array statuses loop
        foreach to_value in array statuses loop
            continue when from_value = to_value;
            allowed := exists (select from private.transitions x where x.machine = disagreements.machine
                               and x.from_status = from_value and x.to_status = to_value);
            delete from pg_temp.probe;
            insert into pg_temp.probe values (from_value);
            begin
                update pg_temp.probe set status = to_value;
                passed := true;
            exception when sqlstate 'PT409' then
                passed := false;
            end;
            if passed <> allowed then
                wrong := wrong || format('%s -> %s', from_value, to_value);
            end if;
        end loop;
    end loop;
    return wrong;
end
$$;
select is(pg_temp.disagreements(m), '{}', format('machine %s: allowed moves pass, every other move is PT409', m))
from unnest(array['generations', 'workflow_runs', 'credit_holds', 'invitations', 'contents', 'campaigns',
                  'investments', 'orders', 'license_requests', 'license_agreements', 'royalty_reports']) m;
select is((select count(distinct x.machine)::int from private.transitions x), 11, 'the eleven machines above are all');

-- the one message, its detail the moves allowed from where the row is
select pg_temp.probe_as('generations');
delete from probe;
insert into probe values ('running');
select throws_ok($$update probe set status = 'queued_twice'$$, 'PT409',
    'generations: cannot move from running to queued_twice', 'the message names the machine and the move');
create function pg_temp.refusal_detail(sql text) returns text language plpgsql as $$
declare
    detail text;
begin
    execute sql;
    return null;
exception when sqlstate 'PT409' then
    get stacked diagnostics detail = pg_exception_detail;
    return detail;
end
$$;
select is(pg_temp.refusal_detail($$update probe set status = 'done'$$),
    'from running: cancelled, failed, queued, retrying, succeeded', 'the detail lists the moves allowed from here');
update probe set status = 'succeeded';
select is(pg_temp.refusal_detail($$update probe set status = 'running'$$), 'succeeded is final',
    'a final status says so');

-- ---------------------------------------------------------------------------
-- real rows: the machines new to enforcement, through the paths that move them
-- ---------------------------------------------------------------------------
select tests.create_user('owner');
select tests.create_user('invitee');
select tests.create_organization('owner', 'acme');
select public.credits_grant(tests.org_id('acme'), 100, 'bonus', 'status-machines');

-- credit holds: settled once
select tests.authenticate_as_service_role();
create temp table hold on commit drop as select * from public.credits_hold(tests.org_id('acme'), 10, 'sm-1');
select is((public.credits_release((select id from hold))).status, 'released', 'a pending hold is released');
reset role;
select throws_ok($$update public.credit_holds set status = 'pending', settled_at = null
                   where id = (select id from hold)$$,
    'PT409', 'credit_holds: cannot move from released to pending', 'a released hold is not pending again');
select throws_ok($$update public.credit_holds set status = 'captured', captured_amount = 10
                   where id = (select id from hold)$$,
    'PT409', 'credit_holds: cannot move from released to captured', 'nor captured after all');

-- invitations: answered once
select tests.authenticate_as('owner');
create temp table invite on commit drop as
select * from public.invite_member(tests.org_id('acme'), 'invitee@test.local');
grant select on invite to public;
select lives_ok($$select public.revoke_invitation((select invitation_id from invite))$$, 'a pending invitation is revoked');
reset role;
select is((select status from public.invitations where id = (select invitation_id from invite)), 'revoked',
    'it is revoked');
select throws_ok($$update public.invitations set status = 'pending' where id = (select invitation_id from invite)$$,
    'PT409', 'invitations: cannot move from revoked to pending', 'a revoked invitation is not pending again');
select throws_ok($$update public.invitations set status = 'accepted', accepted_at = now()
                   where id = (select invitation_id from invite)$$,
    'PT409', 'invitations: cannot move from revoked to accepted', 'nor accepted');

-- generations: the hot path through the worker functions is unchanged; a finished one stays
-- finished whoever writes it (the service role included)
insert into public.generations (organization_id, kind, prompt) values (tests.org_id('acme'), 'image', 'sm-gen');
select lives_ok($$update public.generations set status = 'running' where prompt = 'sm-gen'$$, 'queued -> running');
select lives_ok($$update public.generations set status = 'queued' where prompt = 'sm-gen'$$,
    'running -> queued (handed back at shutdown)');
select lives_ok($$update public.generations set status = 'cancelled' where prompt = 'sm-gen'$$, 'queued -> cancelled');
select throws_ok($$update public.generations set status = 'queued' where prompt = 'sm-gen'$$,
    'PT409', 'generations: cannot move from cancelled to queued', 'cancelled is final');
select lives_ok($$update public.generations set progress = 50 where prompt = 'sm-gen'$$,
    'an update that leaves the status alone is not a move');

select * from finish();
rollback;
