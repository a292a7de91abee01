-- Issue 9, items 12 and 13: caller idempotency keys never reach the ledger's own keys (each
-- internal key shape tried as a caller key), and history is read in chain order.
begin;
\ir ../helpers/tests_schema.psql
select plan(29);

select tests.create_user('owner');
select tests.create_user('member');
select tests.create_user('outsider');
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'member', 'viewer');

create function pg_temp.available() returns bigint language sql as $$
    select balance + rollover_balance + bonus_balance from public.credit_balances where organization_id = tests.org_id('acme')
$$;
-- the ledger's own entry with `key` (there is exactly one when the internal write happened)
create function pg_temp.internal(key text) returns public.credit_transactions language sql as $$
    select * from public.credit_transactions
    where organization_id = tests.org_id('acme') and idempotency_key = key and type <> 'usage'
$$;
create function pg_temp.period_key(period_start timestamptz) returns text language sql as $$
    select 'period:' || to_char(period_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
$$;
select tests.share_temp_functions();

select tests.authenticate_as_service_role();
select public.credits_grant(tests.org_id('acme'), 1000, 'grant', 'seed');

-- hold:<id> — the hold's own entry is not the caller's spend
select public.credits_hold(tests.org_id('acme'), 10, 'job-1');
select is((public.credits_spend(tests.org_id('acme'), 7, 'hold:' || (select id from public.credit_holds where idempotency_key = 'job-1'))).type,
    'usage', 'a caller key shaped hold:<hold> spends, it does not return the hold''s entry');
select is(pg_temp.available(), 983::bigint, 'and the 7 credits are charged');

-- capture:<id> — taken by a caller first, the real capture still works
select is((public.credits_spend(tests.org_id('acme'), 7, 'capture:' || (select id from public.credit_holds where idempotency_key = 'job-1'))).type,
    'usage', 'a caller key shaped capture:<hold> is an ordinary spend');
select is((public.credits_capture((select id from public.credit_holds where idempotency_key = 'job-1'), 4)).status, 'captured',
    'the hold''s capture still succeeds afterwards');
select is((pg_temp.internal('capture:' || (select id from public.credit_holds where idempotency_key = 'job-1'))).held_delta,
    -4::bigint, 'with its own capture entry');

-- release:<id> — both the release of a capture's remainder and a plain release
select is((pg_temp.internal('release:' || (select id from public.credit_holds where idempotency_key = 'job-1'))).amount,
    6::bigint, 'the capture released the remainder under its own key');
select public.credits_hold(tests.org_id('acme'), 20, 'job-2');
select is((public.credits_spend(tests.org_id('acme'), 7, 'release:' || (select id from public.credit_holds where idempotency_key = 'job-2'))).type,
    'usage', 'a caller key shaped release:<hold> is an ordinary spend');
select is((public.credits_release((select id from public.credit_holds where idempotency_key = 'job-2'))).status, 'released',
    'the hold''s release still succeeds afterwards');
select is((pg_temp.internal('release:' || (select id from public.credit_holds where idempotency_key = 'job-2'))).amount,
    20::bigint, 'and gives back all 20 credits');
select is(pg_temp.available(), 1000::bigint - 7 - 7 - 4 - 7, 'every caller spend was charged once, the capture took 4, nothing else moved');

-- period:<t>:top-up:<plan> — an upgrade's top-up
reset role;
select set_config('creatorverse.change_reason', 'test upgrade', true);
update public.subscriptions set plan_id = 'pro' where organization_id = tests.org_id('acme');
select tests.authenticate_as_service_role();
select is((public.credits_spend(tests.org_id('acme'), 7,
    pg_temp.period_key((select last_reset_at from public.credit_balances where organization_id = tests.org_id('acme'))) || ':top-up:pro')).type,
    'usage', 'a caller key shaped period:<t>:top-up:<plan> is an ordinary spend');
select is((public.credits_top_up_allowance(tests.org_id('acme'))).amount, 10000::bigint,
    'the upgrade still tops the allowance up');

-- period:<t> and its :rollover and :expire-allowance entries
select public.credits_spend(tests.org_id('acme'), 7, pg_temp.period_key('2030-01-01 00:00+00'));
select public.credits_spend(tests.org_id('acme'), 7, pg_temp.period_key('2030-01-01 00:00+00') || ':rollover');
select public.credits_spend(tests.org_id('acme'), 7, pg_temp.period_key('2030-01-01 00:00+00') || ':expire-allowance');
select is((public.credits_start_period(tests.org_id('acme'), '2030-01-01 00:00+00')).type, 'subscription',
    'a caller key shaped period:<t> does not stand in for the period''s allowance');
select is((pg_temp.internal(pg_temp.period_key('2030-01-01 00:00+00'))).amount, 10000::bigint, 'which is granted');
select is((pg_temp.internal(pg_temp.period_key('2030-01-01 00:00+00') || ':rollover')).type, 'rollover',
    'the rollover entry is written under its own key');
select is((pg_temp.internal(pg_temp.period_key('2030-01-01 00:00+00') || ':expire-allowance')).type, 'expiry',
    'the expiry entry is written under its own key');

-- period:<t>:expire-rollover
select public.credits_spend(tests.org_id('acme'), 7, pg_temp.period_key('2030-02-01 00:00+00') || ':expire-rollover');
select lives_ok($$select public.credits_start_period(tests.org_id('acme'), '2030-02-01 00:00+00')$$,
    'the next period starts although a caller used its expire-rollover key');
select is((pg_temp.internal(pg_temp.period_key('2030-02-01 00:00+00') || ':expire-rollover')).type, 'expiry',
    'and last period''s rollover expires under its own key');

-- stripe:checkout:<session> and stripe:refund:<charge>:<amount> (the Stripe ingestion's keys)
select public.credits_spend(tests.org_id('acme'), 7, 'stripe:checkout:cs_k');
select public.credits_spend(tests.org_id('acme'), 7, 'stripe:refund:ch_k:500');
select is(public.stripe_apply_event(jsonb_build_object(
    'id', 'evt_k1', 'type', 'checkout.session.completed', 'created', 1900000000,
    'data', jsonb_build_object('object', jsonb_build_object(
        'id', 'cs_k', 'object', 'checkout.session', 'mode', 'payment', 'payment_status', 'paid',
        'payment_intent', 'pi_k', 'metadata', jsonb_build_object('organization_id', tests.org_id('acme'), 'credits', '500'))))),
    'applied', 'a checkout whose key a caller used first is applied');
select is((pg_temp.internal('stripe:checkout:cs_k')).amount, 500::bigint, 'and its 500 credits are granted');
select is(public.stripe_apply_event(jsonb_build_object(
    'id', 'evt_k2', 'type', 'charge.refunded', 'created', 1900000010,
    'data', jsonb_build_object('object', jsonb_build_object(
        'id', 'ch_k', 'object', 'charge', 'payment_intent', 'pi_k', 'amount', 1000, 'amount_refunded', 500,
        'metadata', jsonb_build_object('organization_id', tests.org_id('acme')))))),
    'applied', 'a refund whose key a caller used first is applied');
select is((pg_temp.internal('stripe:refund:ch_k:500')).amount, -250::bigint, 'and takes back half the pack');

select is((select count(*)::int from public.credit_transactions where organization_id = tests.org_id('acme')
           and type = 'usage' and key_source = 'caller' and amount = -7), 10,
    'each of the 10 internal-shaped caller keys was charged exactly once');
select is((select count(*)::int from public.credit_transactions where organization_id = tests.org_id('acme')
           and key_source = 'ledger' and type = 'usage'), 0, 'no caller spend landed in the ledger''s namespace');

-- 13. history in chain order
select is((select seqcache from pg_catalog.pg_sequence where seqrelid = 'public.credit_transactions_id_seq'::regclass),
    1::bigint, 'ledger ids are not cached per session, so id order is the order the wallet lock was taken');
select tests.authenticate_as('member');
select is_empty($$
    select * from (
        select h.id, h.balance_after, h.amount, lead(h.balance_after) over () as previous_balance
        from public.credit_history(tests.org_id('acme'), max_entries => 500) h
    ) newest_first where previous_balance is not null and balance_after <> previous_balance + amount
$$, 'credit_history lists the entries newest first along the balance_after chain');
select is((select count(*)::int from public.credit_history(tests.org_id('acme'), max_entries => 500)),
    (select count(*)::int from public.credit_transactions where organization_id = tests.org_id('acme')),
    'members read the whole history');
select is((select array_agg(h.id) from public.credit_history(tests.org_id('acme'),
              (select max(id) from public.credit_transactions where organization_id = tests.org_id('acme')), 2) h),
    (select array_agg(id order by id desc) from (select id from public.credit_transactions
         where organization_id = tests.org_id('acme') order by id desc limit 2 offset 1) page),
    'it pages backwards from before_id');
select tests.authenticate_as('outsider');
select is_empty($$select * from public.credit_history(tests.org_id('acme'))$$, 'outsiders read nothing');

select * from finish();
rollback;
