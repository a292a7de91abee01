-- Status machine triggers are generated (core.sql, "Status machines"): each table's
-- status_machine trigger is exactly what private.status_machine_trigger renders from its rows
-- of private.transitions (both deparsed by pg_get_triggerdef), so a legal move is decided by
-- the WHEN clause and calls no function. A row changed without re-rendering, or a trigger
-- missing, is caught.
begin;
\ir ../helpers/tests_schema.psql
select plan(17);

-- the rendering of a machine is installed on this stand-in to be deparsed
create temp table stand_in (status text not null) on commit drop;

-- Machines whose installed status_machine trigger is not the rendering of their rows: a
-- machine without a trigger on its table, a trigger whose machine has no rows, or a WHEN
-- clause that lists other moves. Both sides are deparsed by pg_get_triggerdef, their tables
-- named alike.
create function pg_temp.drifted() returns text[] language plpgsql as $$
declare
    machine text;
    installed text;
    rendered text;
    drifted text[] := '{}';
begin
    for machine in
        select x.machine from private.transitions x
        union
        select c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where t.tgname = 'status_machine' and c.relnamespace = 'public'::regnamespace
        order by 1
    loop
        installed := (select regexp_replace(pg_get_triggerdef(t.oid), ' ON \S+ FOR EACH ROW ', ' ON t FOR EACH ROW ')
                      from pg_trigger t
                      where t.tgrelid = to_regclass(format('public.%I', machine)) and t.tgname = 'status_machine');
        begin
            execute private.status_machine_trigger(machine, 'pg_temp.stand_in');
            rendered := (select regexp_replace(pg_get_triggerdef(t.oid), ' ON \S+ FOR EACH ROW ', ' ON t FOR EACH ROW ')
                         from pg_trigger t
                         where t.tgrelid = 'pg_temp.stand_in'::regclass and t.tgname = 'status_machine');
        exception when sqlstate '22023' then
            rendered := null;  -- no rows: nothing to render
        end;
        if installed is null or rendered is null or installed <> rendered then
            drifted := drifted || machine;
        end if;
    end loop;
    return drifted;
end
$$;

-- ---------------------------------------------------------------------------
-- the guard
-- ---------------------------------------------------------------------------
select is(pg_temp.drifted(), '{}',
    'every status_machine trigger is its machine''s rows of private.transitions, as status_machine_trigger renders them');
select is((select count(*)::int from pg_trigger t
           where t.tgname = 'status_machine' and t.tgrelid <> 'pg_temp.stand_in'::regclass),
    (select count(distinct x.machine)::int from private.transitions x), 'one trigger per machine');

-- a move added to a machine and not re-rendered: caught; it is even legal meanwhile (the
-- trigger fires and the refusal finds the row), only no longer free
insert into private.transitions values ('orders', 'delivered', 'shipped');
select is(pg_temp.drifted(), '{orders}', 'a move added to private.transitions without re-rendering is caught');
-- re-rendering the trigger is the fix
select lives_ok($$select private.status_machine_trigger('orders')$$, 'the trigger is rendered again');
do $$ begin execute private.status_machine_trigger('orders'); end $$;
select is(pg_temp.drifted(), '{}', 'and installed: in step again');
delete from private.transitions where (machine, from_status, to_status) = ('orders', 'delivered', 'shipped');

-- a move removed and not re-rendered: the WHEN clause would still let it through, so the
-- guard is what stops it
delete from private.transitions where (machine, from_status, to_status) = ('orders', 'pending', 'cancelled');
select is(pg_temp.drifted(), '{orders}', 'a move removed from private.transitions without re-rendering is caught');
insert into private.transitions values ('orders', 'pending', 'cancelled');
do $$ begin execute private.status_machine_trigger('orders'); end $$;
select is(pg_temp.drifted(), '{}', 'the machine restored and re-rendered');

-- a table with a machine and no trigger, and a trigger whose machine has no rows
drop trigger status_machine on public.invitations;
select is(pg_temp.drifted(), '{invitations}', 'a machine whose table lost its trigger is caught');
do $$ begin execute private.status_machine_trigger('invitations'); end $$;
create temp table invitation_moves on commit drop as
select * from private.transitions where machine = 'invitations';
delete from private.transitions where machine = 'invitations';
select is(pg_temp.drifted(), '{invitations}', 'a trigger whose machine has no rows is caught');
insert into private.transitions select * from invitation_moves;
select is(pg_temp.drifted(), '{}', 'the guard is clean again');

-- ---------------------------------------------------------------------------
-- the rendering
-- ---------------------------------------------------------------------------
select is(private.status_machine_trigger('credit_holds'),
    'create or replace trigger status_machine before update on public.credit_holds' || E'\n'
    || 'for each row when (old.status is distinct from new.status and case old.status' || E'\n'
    || '    when ''pending'' then new.status not in (''captured'', ''expired'', ''released'')' || E'\n'
    || '    else true end)' || E'\n'
    || 'execute function private.enforce_transition(''credit_holds'');',
    'a machine renders as its statement: one CASE arm per status it leaves, the statuses it may reach');
select throws_ok($$select private.status_machine_trigger('no_such_machine')$$, '22023',
    'no status machine named no_such_machine', 'a machine without rows is refused');
create temp table loose_status (status text) on commit drop;
select throws_ok($$select private.status_machine_trigger('orders', 'pg_temp.loose_status')$$, '22023',
    'status machine orders: loose_status has no NOT NULL status column',
    'a nullable status is refused: a NULL would skip the WHEN clause');
select ok(not has_function_privilege('authenticated', 'private.status_machine_trigger(text, regclass)', 'execute')
          and not has_function_privilege('anon', 'private.status_machine_trigger(text, regclass)', 'execute')
          and not has_function_privilege('service_role', 'private.status_machine_trigger(text, regclass)', 'execute'),
    'the API roles do not call the renderer');

-- ---------------------------------------------------------------------------
-- a legal move calls no function (counted by track_functions)
-- ---------------------------------------------------------------------------
set local track_functions = 'pl';
do $$ begin execute private.status_machine_trigger('generations', 'pg_temp.stand_in'); end $$;
insert into stand_in values ('queued');
update stand_in set status = 'running';
update stand_in set status = 'queued';
update stand_in set status = 'cancelled';
select is(coalesce(pg_stat_get_xact_function_calls('private.enforce_transition'::regproc), 0), 0::bigint,
    'three legal moves call no function');
select throws_ok($$update stand_in set status = 'running'$$, 'PT409',
    'generations: cannot move from cancelled to running', 'an illegal move is refused as before');
-- the control: a move its WHEN clause does not list, made legal by a row added since, reaches
-- the trigger function (which lets it through) and is counted
insert into private.transitions values ('generations', 'cancelled', 'running');
update stand_in set status = 'running';
select is(pg_stat_get_xact_function_calls('private.enforce_transition'::regproc), 1::bigint,
    'a move the WHEN clause does not list calls the trigger function, once');
delete from private.transitions where (machine, from_status, to_status) = ('generations', 'cancelled', 'running');

select * from finish();
rollback;
