-- The credit wallet: balances, spend order, idempotency, holds, period rollover, and the
-- ledger's invariants.
begin;
\ir ../helpers/tests_schema.psql
select plan(39);

select tests.create_user('owner');
select tests.create_user('member');
select tests.create_user('outsider');
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'member', 'viewer');

create function pg_temp.wallet() returns public.credit_balances language sql as $$
    select * from public.credit_balances where organization_id = tests.org_id('acme')
$$;
create function pg_temp.available() returns bigint language sql as $$
    select balance + rollover_balance + bonus_balance from public.credit_balances where organization_id = tests.org_id('acme')
$$;
select tests.share_temp_functions();


select is((select balance from public.credit_balances b join public.organizations o on o.id = b.organization_id
            where o.is_personal and o.primary_owner_user_id = tests.get_user_id('owner')), 100::bigint,
    'a personal organization starts with the free allowance');
select is((pg_temp.wallet()).balance, 0::bigint, 'a team organization on the free plan starts with nothing');
select is((select type from public.credit_transactions where organization_id = tests.org_id('acme')), 'subscription',
    'the period start is recorded as a subscription entry');

-- grants land in the right bucket; spends follow rollover, allowance, bonus
select tests.authenticate_as_service_role();
select is((public.credits_grant(tests.org_id('acme'), 100, 'grant', 'welcome')).balance_after, 100::bigint,
    'a grant adds to the allowance bucket');
select is((public.credits_grant(tests.org_id('acme'), 500, 'purchase', 'buy-1')).balance_after, 600::bigint,
    'a purchase adds credits');
select is((pg_temp.wallet()).bonus_balance, 500::bigint, 'purchased credits go to the bonus bucket');
select is((public.credits_spend(tests.org_id('acme'), 300, 'spend-1')).amount, -300::bigint, 'a spend debits');
select is(row((pg_temp.wallet()).balance, (pg_temp.wallet()).bonus_balance)::text, '(0,300)',
    'the allowance is spent before purchased credits');
select throws_ok($$select public.credits_spend(tests.org_id('acme'), 301, 'spend-2')$$, 'PT402',
    'insufficient credits: 301 requested, 300 available', 'no spend beyond the available credits');
select is(pg_temp.available(), 300::bigint, 'a refused spend changes nothing');
select is((public.credits_spend(tests.org_id('acme'), 300, 'spend-1')).amount, -300::bigint,
    'a repeated key returns the first result');
select is(pg_temp.available(), 300::bigint, 'and spends nothing again');
select throws_ok($$select public.credits_spend(tests.org_id('acme'), 0, 'zero')$$, '22023', null,
    'amounts must be positive');
select throws_ok($$select public.credits_spend(tests.org_id('acme'), 5, null)$$, '22023', null,
    'an idempotency key is required');
select throws_ok($$select public.credits_grant(tests.org_id('acme'), 5, 'usage', 'k')$$, '22023', null,
    'grants cannot pose as other entry types');

-- holds: authorize, capture at most the hold, release the rest
select is((public.credits_hold(tests.org_id('acme'), 100, 'gen-1')).status, 'pending', 'a hold reserves credits');
select is(row(pg_temp.available(), (pg_temp.wallet()).held_balance)::text, '(200,100)', 'held credits are not available');
select is((public.credits_hold(tests.org_id('acme'), 100, 'gen-1')).id,
    (select id from public.credit_holds where idempotency_key = 'gen-1'), 'a repeated hold returns the first');
select is((pg_temp.wallet()).held_balance, 100::bigint, 'and holds nothing more');
select is((public.credits_capture((select id from public.credit_holds where idempotency_key = 'gen-1'), 60)).captured_amount,
    60::bigint, 'capture takes the actual cost');
select is(row(pg_temp.available(), (pg_temp.wallet()).held_balance)::text, '(240,0)', 'and releases the rest');
select is((public.credits_capture((select id from public.credit_holds where idempotency_key = 'gen-1'), 60)).status,
    'captured', 'capturing again with the same amount changes nothing');
select throws_ok(format('select public.credits_capture(%L, 70)', (select id from public.credit_holds where idempotency_key = 'gen-1')),
    'PT409', 'hold is captured', 'a captured hold cannot be captured differently');

select public.credits_hold(tests.org_id('acme'), 50, 'gen-2');
select throws_ok(format('select public.credits_capture(%L, 51)', (select id from public.credit_holds where idempotency_key = 'gen-2')),
    '22023', null, 'capture never exceeds the hold');
select is((public.credits_release((select id from public.credit_holds where idempotency_key = 'gen-2'))).status, 'released',
    'a failed generation releases its hold');
select is((public.credits_release((select id from public.credit_holds where idempotency_key = 'gen-2'))).status, 'released',
    'releasing again is harmless');
select is(pg_temp.available(), 240::bigint, 'released credits are available again');
select throws_ok($$select public.credits_hold(tests.org_id('acme'), 241, 'gen-3')$$, 'PT402', null,
    'no hold beyond the available credits');

select public.credits_hold(tests.org_id('acme'), 40, 'gen-4', interval '1 second');
reset role;
update public.credit_holds set expires_at = now() - interval '1 minute' where idempotency_key = 'gen-4';
select is(public.credits_expire_holds(500), 1, 'the scheduler releases expired holds');
select is(row(pg_temp.available(), (pg_temp.wallet()).held_balance)::text, '(240,0)', 'with their credits');

-- period rollover on the pro plan (50% of the unused allowance, at most 5,000)
select set_config('creatorverse.change_reason', 'test upgrade', true);
update public.subscriptions set plan_id = 'pro' where organization_id = tests.org_id('acme');
select is((public.credits_top_up_allowance(tests.org_id('acme'))).amount, 10000::bigint,
    'an upgrade tops the period allowance up to the new plan (the team organization had none)');
select public.credits_spend(tests.org_id('acme'), 1000, 'spend-3');
-- now: allowance 9,000 (the 10,000 top-up less 1,000); bonus 240
select public.credits_start_period(tests.org_id('acme'), date_trunc('month', now()) + interval '1 month');
select is(row((pg_temp.wallet()).balance, (pg_temp.wallet()).rollover_balance, (pg_temp.wallet()).bonus_balance)::text,
    '(10000,4500,240)', 'new period: 50% of 9,000 rolls over, the rest expires, the allowance is granted, purchases stay');
select is((select sum(-amount) from public.credit_transactions where organization_id = tests.org_id('acme') and type = 'expiry'),
    4500::numeric, 'the other half expired');
select public.credits_start_period(tests.org_id('acme'), date_trunc('month', now()) + interval '1 month');
select is(pg_temp.available(), 14740::bigint, 'starting the same period again changes nothing');

-- the ledger's invariants
select is(
    (select row(sum(main_delta), sum(rollover_delta), sum(bonus_delta), sum(held_delta))::text
     from public.credit_transactions where organization_id = tests.org_id('acme')),
    (select row(balance, rollover_balance, bonus_balance, held_balance)::text from pg_temp.wallet()),
    'every bucket equals the sum of its entries'
);
select is_empty($$
    select id from (
        select id, balance_after, amount,
               lag(balance_after, 1, 0::bigint) over (order by id) as previous
        from public.credit_transactions where organization_id = tests.org_id('acme')
    ) chain where balance_after <> previous + amount
$$, 'each balance_after continues the previous one');
select throws_ok($$update public.credit_transactions set amount = 0$$, '42501', null, 'the ledger is append-only');

-- who sees and who writes
select tests.authenticate_as('member');
select is((select count(*)::int from public.credit_balances where organization_id = tests.org_id('acme')), 1,
    'members read their organization''s balance');
select throws_ok($$select public.credits_grant(tests.org_id('acme'), 1000000, 'bonus', 'free-money')$$, '42501', null,
    'clients cannot grant themselves credits');

select * from finish();
rollback;
