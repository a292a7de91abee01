-- Quotas and cost safety at request time, subscriptions and their history, billing RLS,
-- usage rollups and the analyst schema.
begin;
\ir ../helpers/tests_schema.psql
select plan(37);

select tests.create_user('owner');
select tests.create_user('member');
select tests.create_user('outsider');
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'member', 'editor');

-- a tiny plan makes every limit reachable
insert into public.plans (id, name, monthly_credits, api_calls_per_day, api_calls_per_month, videos_per_month,
                          tokens_per_month, daily_spend_cap_credits)
values ('tiny', 'Tiny', 100, 3, 100, 2, 1000, 60);
update public.subscriptions set plan_id = 'tiny' where organization_id = tests.org_id('acme');

select is((select array_agg(to_plan order by id)::text from public.subscription_history
           where organization_id = tests.org_id('acme')), '{free,tiny}', 'plan changes are history');
select is((select plan from public.organizations where slug = 'acme'), 'tiny', 'the organization''s plan follows');

select tests.authenticate_as_service_role();
-- a team organization gets no free allowance: give it the 100 credits the limits below assume
select public.credits_grant(tests.org_id('acme'), 100, 'grant', 'starting-credits');
create function pg_temp.authorize(key text, credits bigint default 10, videos bigint default 0, tokens bigint default 0)
returns public.credit_holds language sql as $$
    select public.authorize_generation(tests.org_id('acme'), tests.get_user_id('member'), credits, key,
                                       tokens => tokens, videos => videos)
$$;
select tests.share_temp_functions();

select is((pg_temp.authorize('a-1', videos => 1)).status, 'pending', 'a request within every limit is authorized');
select is((select calls from public.api_call_counters where user_id = tests.get_user_id('member') and period = 'day'),
    1::bigint, 'and counted against the user''s daily API calls');
select is((pg_temp.authorize('a-1', videos => 1)).id, (select id from public.credit_holds where idempotency_key = 'a-1'),
    'a retried request returns the same hold');
select is((select calls from public.api_call_counters where user_id = tests.get_user_id('member') and period = 'day'),
    1::bigint, 'and is not counted twice');
select is((select videos_used from public.quota_limits where organization_id = tests.org_id('acme')), 1::bigint,
    'the organization''s monthly video quota counts it');
select throws_ok($$select pg_temp.authorize('a-2', videos => 2)$$, 'PT429', 'monthly video (2) quota exhausted',
    'a request beyond a monthly quota is refused, naming the quota');
select throws_ok($$select pg_temp.authorize('a-3', tokens => 1001)$$, 'PT429', 'monthly token (1000) quota exhausted',
    'token quota too');
select is((select row(tokens_used, videos_used)::text from public.quota_limits where organization_id = tests.org_id('acme')),
    '(0,1)', 'refused requests count nothing');
select is((select calls from public.api_call_counters where user_id = tests.get_user_id('member') and period = 'day'),
    1::bigint, 'not even the API call');
select is((pg_temp.authorize('a-4', 40)).amount, 40::bigint, 'a second request fits the daily spend cap');
select throws_ok($$select pg_temp.authorize('a-5', 20)$$, 'PT429', 'daily spend cap of 60 credits reached',
    'the daily spend cap stops the third');
select is((pg_temp.authorize('a-6', 10)).amount, 10::bigint, 'a smaller one still fits');
select throws_ok($$select pg_temp.authorize('a-7', 1)$$, 'PT429', 'daily API-call limit of 3 reached',
    'the user''s daily API-call cap');

-- the organization's own, lower cap
reset role;
update public.organizations set settings = '{"daily_spend_cap_credits": 5}' where slug = 'acme';
update public.api_call_counters set calls = 0;
update public.daily_spend set credits = 0;
select tests.authenticate_as_service_role();
select throws_ok($$select pg_temp.authorize('a-8', 6)$$, 'PT429', 'daily spend cap of 5 credits reached',
    'an organization may set a lower daily cap than its plan''s');

-- the platform-wide emergency stop
reset role;
update public.system_settings set value = 'true' where key = 'billing.emergency_stop';
select tests.authenticate_as_service_role();
select throws_ok($$select pg_temp.authorize('a-9', 1)$$, 'PT503', 'generation is paused platform-wide (emergency stop)',
    'the emergency stop refuses every new generation');
reset role;
update public.system_settings set value = 'false' where key = 'billing.emergency_stop';

-- billing RLS
select tests.authenticate_as('member');
select isnt_empty($$select 1 from public.subscriptions where organization_id = tests.org_id('acme')$$,
    'members read their subscription');
select isnt_empty($$select 1 from public.credit_holds where organization_id = tests.org_id('acme')$$,
    'and holds');
select isnt_empty($$select 1 from public.quota_limits where organization_id = tests.org_id('acme')$$, 'and quotas');
select isnt_empty($$select 1 from public.api_call_counters$$, 'users read their own API-call counters');
select throws_ok($$select public.authorize_generation(tests.org_id('acme'), auth.uid(), 1, 'x')$$, '42501', null,
    'clients cannot authorize generations themselves');
select throws_ok($$insert into public.credit_transactions (organization_id, type, amount, balance_after, held_after)
                   values (tests.org_id('acme'), 'bonus', 1000, 1000, 0)$$, '42501', null,
    'clients cannot write ledger rows');
select throws_ok($$update public.subscriptions set plan_id = 'enterprise'$$, '42501', null,
    'clients cannot change their plan');
select tests.authenticate_as('outsider');
select is_empty(format('select 1 from public.credit_balances where organization_id = %L', tests.org_id('acme')),
    'outsiders see no balance');
select is_empty(format('select 1 from public.subscriptions where organization_id = %L', tests.org_id('acme')),
    'nor subscriptions');
select tests.clear_authentication();
select isnt_empty($$select 1 from public.plans where id = 'pro'$$, 'anyone reads the plan catalogue');

-- usage rollups and the analyst schema
reset role;
insert into public.usage_events (event_id, occurred_at, organization_id, user_id, resource_type, provider, model,
                                 credits, cost_usd, duration_ms, status)
values (gen_random_uuid(), now(), tests.org_id('acme'), tests.get_user_id('member'), 'video', 'local', 'ffmpeg', 10, 0.5, 900, 'success'),
       (gen_random_uuid(), now(), tests.org_id('acme'), null, 'image', 'local', 'pillow', 2, 0.1, 100, 'error');
select ok(private.refresh_usage_rollups(1) >= 3, 'today''s usage rolled up: two models, the organization and the member');
select is((select row(total_cost, total_credits, total_videos, total_events)::text from public.cost_aggregations
           where organization_id = tests.org_id('acme') and user_id is null), '(0.600000,12,1,2)',
    'cost aggregation per organization and period');
select is((select failure_count from public.model_metrics where model_name = 'pillow'), 1::bigint, 'model metrics per day');
select ok(private.refresh_daily_usage(1) >= 1, 'the daily usage view refreshed');
select is((select total_credits from analytics.daily_usage where organization_id = tests.org_id('acme')), 12::numeric,
    'the daily usage view refreshes concurrently');
insert into public.invoices (organization_id, stripe_invoice_id, status, stripe_event_at)
values (tests.org_id('acme'), 'in_test', 'paid', now());
create temporary table billing_tables on commit drop as
select unnest(array['subscriptions', 'subscription_history', 'credit_balances', 'credit_transactions', 'credit_holds',
                    'quota_limits', 'daily_spend', 'invoices', 'usage_events', 'cost_aggregations']::regclass[]) as t;
grant select on billing_tables to authenticated;
select tests.authenticate_as('member');
select is((select array_agg(t::text) from billing_tables where tests.visible_rows(t, tests.org_id('acme')) = 0), null,
    'a member reads the organization''s rows in every billing table');
select tests.authenticate_as('outsider');
select is((select array_agg(t::text) from billing_tables where tests.visible_rows(t, tests.org_id('acme')) > 0), null,
    'an outsider reads none of them');
select tests.clear_authentication();
select throws_ok($$select count(*) from public.credit_balances$$, '42501', null, 'anon reads no billing table');

-- counters are keyed by period: last month's full quota does not limit this month
reset role;
update public.quota_limits set period_start = period_start - interval '1 month', reset_at = reset_at - interval '1 month',
    videos_used = videos_limit where organization_id = tests.org_id('acme');
update public.api_call_counters set period_start = period_start - interval '1 day', calls = 3 where period = 'day';
update public.organizations set settings = '{}' where slug = 'acme';
select tests.authenticate_as_service_role();
select is((pg_temp.authorize('a-10', 1, videos => 2)).status, 'pending', 'a new period starts with fresh counters');

select tests.authenticate_as('owner');
select throws_ok($$select * from analytics.credit_health$$, '42501', null, 'clients cannot reach the analyst schema');

select * from finish();
rollback;
