-- Completing a batch settles it set-based: one job_complete call with free jobs, paid jobs
-- whose holds came from the rollover, allowance and bonus buckets of two organizations, a hold
-- a cancel race already released, and a metered kind with no hold. Each hold is captured
-- exactly once (at most its amount, the rest released to its buckets), the wallets stay the
-- sums of their entries and each organization's entries in id order its balance_after chain,
-- each metered generation gets one usage event, and completing again changes nothing.
begin;
\ir ../helpers/tests_schema.psql
select plan(23);

select tests.create_user('alpha_owner');
select tests.create_user('beta_owner');
select tests.create_organization('alpha_owner', 'alpha');
select tests.create_organization('beta_owner', 'beta');

-- the queue is private: these helpers read it as the test's owner
create function pg_temp.gen(gen_prompt text) returns public.generations language sql as $$
    select * from public.generations where prompt = gen_prompt
$$;
create function pg_temp.hold(gen_prompt text) returns public.credit_holds language sql as $$
    select h.* from public.credit_holds h where h.id = (pg_temp.gen(gen_prompt)).hold_id
$$;
-- a hold's capture and release entries, in id order: type:main/rollover/bonus/held deltas
create function pg_temp.settlement(gen_prompt text) returns text language sql as $$
    select coalesce(string_agg(format('%s:%s/%s/%s/%s', t.type, t.main_delta, t.rollover_delta, t.bonus_delta,
                                      t.held_delta), ',' order by t.id), '')
    from public.credit_transactions t
    where t.hold_id = (pg_temp.gen(gen_prompt)).hold_id and t.type in ('capture', 'release')
$$;
create function pg_temp.wallet(org text) returns text language sql as $$
    select format('%s/%s/%s/%s', b.balance, b.rollover_balance, b.bonus_balance, b.held_balance)
    from public.credit_balances b where b.organization_id = tests.org_id(org)
$$;
create function pg_temp.request(org text, gen_kind text, gen_prompt text, gen_units numeric) returns void
language sql as $$
    select public.enqueue_generation(jsonb_build_object('organization_id', tests.org_id(org), 'kind', gen_kind,
                                                        'prompt', gen_prompt, 'units', gen_units))
$$;
-- what the batch touches, to show a second completion changes nothing
create function pg_temp.footprint() returns text language sql as $$
    select format('%s entries, %s usage events, alpha %s, beta %s, %s succeeded',
                  (select count(*) from public.credit_transactions
                   where organization_id in (tests.org_id('alpha'), tests.org_id('beta'))),
                  (select count(*) from public.usage_events
                   where organization_id in (tests.org_id('alpha'), tests.org_id('beta'))),
                  pg_temp.wallet('alpha'), pg_temp.wallet('beta'),
                  (select count(*) from public.generations
                   where organization_id in (tests.org_id('alpha'), tests.org_id('beta')) and status = 'succeeded'))
$$;
-- workers claim from empty queues: other tests may have committed jobs
delete from private.job_queue where kind in ('image', 'text', 'noop', 'video');

-- ---------------------------------------------------------------------------
-- the wallets: alpha's holds come from its rollover, allowance and bonus buckets
-- ---------------------------------------------------------------------------
select set_config('creatorverse.change_reason', 'test upgrade', true);
update public.subscriptions set plan_id = 'pro' where organization_id = tests.org_id('alpha');
select public.credits_top_up_allowance(tests.org_id('alpha'));
select public.credits_start_period(tests.org_id('alpha'), date_trunc('month', now()) + interval '1 month');
select public.credits_spend(tests.org_id('alpha'), 4990, 'shape-rollover');
select is(pg_temp.wallet('alpha'), '10000/10/0/0', 'alpha: allowance 10,000, rollover 10');
select pg_temp.request('alpha', 'image', 'a1 rollover and allowance', 3);  -- 12: 10 rollover, 2 allowance
select public.credits_spend(tests.org_id('alpha'), 9995, 'shape-allowance');
select public.credits_grant(tests.org_id('alpha'), 100, 'bonus', 'alpha-bonus');
select pg_temp.request('alpha', 'image', 'a2 allowance and bonus', 2);    -- 8: 3 allowance, 5 bonus
select pg_temp.request('alpha', 'image', 'a3 bonus', 2);                  -- 8: bonus
select pg_temp.request('alpha', 'image', 'a4 released by a cancel race', 1);  -- 4: bonus
select pg_temp.request('alpha', 'noop', 'a5 free', 1);
select public.credits_grant(tests.org_id('beta'), 50, 'bonus', 'beta-bonus');
select pg_temp.request('beta', 'text', 'b1 over its hold', 5);            -- 5: bonus
select pg_temp.request('beta', 'image', 'b2 nothing used', 2);            -- 8: bonus
select pg_temp.request('beta', 'video', 'b3 metered without a hold', 1);
select is(
    (select string_agg(format('%s/%s/%s', (pg_temp.hold(p)).from_rollover, (pg_temp.hold(p)).from_main,
                              (pg_temp.hold(p)).from_bonus), ' ' order by p)
     from unnest(array['a1 rollover and allowance', 'a2 allowance and bonus', 'a3 bonus', 'b1 over its hold',
                       'b2 nothing used']) p),
    '10/2/0 0/3/5 0/0/8 0/0/5 0/0/8', 'the holds come from the buckets in spend order');
select is((pg_temp.gen('b3 metered without a hold')).hold_id, null, 'a video at no price holds nothing');

-- every job claimed; then a cancel race releases a4's hold while its job runs
select is((select count(j.queue_id) from unnest(array['image', 'text', 'noop', 'video']) k
           cross join lateral public.job_claim('batch', k, 10) j), 8::bigint, 'the worker claims the eight jobs');
select public.credits_release((pg_temp.gen('a4 released by a cancel race')).hold_id);

-- ---------------------------------------------------------------------------
-- one job_complete call for the whole batch
-- ---------------------------------------------------------------------------
create temporary table batch as
select q.id, q.lease_token,
       case g.prompt
           when 'a1 rollover and allowance' then '{"actual_credits": 5, "output_url": "https://cdn.test/a1.png",
                                                  "provider": "prov", "model": "m1", "duration_ms": 1200}'
           when 'a2 allowance and bonus' then '{}'
           when 'a3 bonus' then '{"actual_credits": 1}'
           when 'a4 released by a cancel race' then '{"actual_credits": 4}'
           when 'a5 free' then '{"output_url": "https://cdn.test/a5.txt"}'
           when 'b1 over its hold' then '{"actual_credits": 7, "cost_tokens": 300}'
           when 'b2 nothing used' then '{"actual_credits": 0}'
           when 'b3 metered without a hold' then '{"cost_kai_credits": 2, "actual_cost_usd": 0.25}'
       end::jsonb as outcome
from private.job_queue q join public.generations g on g.id = q.generation_id
where g.organization_id in (tests.org_id('alpha'), tests.org_id('beta'));
select is((select count(*) from public.job_complete((select array_agg(id order by id) from batch),
                                                     (select array_agg(lease_token order by id) from batch),
                                                     (select array_agg(outcome order by id) from batch))),
    8::bigint, 'one call completes the eight jobs');

-- the money
select is(
    (select string_agg(format('%s %s/%s', p, (pg_temp.hold(p)).status, (pg_temp.hold(p)).captured_amount), ', '
                       order by p)
     from unnest(array['a1 rollover and allowance', 'a2 allowance and bonus', 'a3 bonus',
                       'a4 released by a cancel race', 'b1 over its hold', 'b2 nothing used']) p),
    'a1 rollover and allowance captured/5, a2 allowance and bonus captured/8, a3 bonus captured/1, '
    || 'a4 released by a cancel race released/, b1 over its hold captured/5, b2 nothing used captured/0',
    'each hold settled: the actual cost captured, the estimate when none is sent, at most the hold, '
    || 'a released hold left alone');
select is(pg_temp.settlement('a1 rollover and allowance'), 'capture:0/0/0/-5,release:2/5/0/-7',
    'a1: 5 captured (from the rollover first), the rest back to the rollover and the allowance');
select is(pg_temp.settlement('a2 allowance and bonus'), 'capture:0/0/0/-8', 'a2: the whole hold captured, nothing released');
select is(pg_temp.settlement('a3 bonus'), 'capture:0/0/0/-1,release:0/0/7/-7', 'a3: 1 captured, 7 back to the bonus');
select is(pg_temp.settlement('a4 released by a cancel race'), 'release:0/0/4/-4',
    'a4: only the cancel race''s release, no capture');
select is(pg_temp.settlement('b1 over its hold'), 'capture:0/0/0/-5', 'b1: captured at most the hold');
select is(pg_temp.settlement('b2 nothing used'), 'release:0/0/8/-8', 'b2: nothing captured, all released');
select is(
    (select string_agg(distinct t.metadata::text, ' ') from public.credit_transactions t
     where t.type = 'capture' and t.organization_id in (tests.org_id('alpha'), tests.org_id('beta'))),
    '{"paid_by": "platform"}', 'a capture says whose key paid');
select is(pg_temp.wallet('alpha'), '2/5/94/0', 'alpha: allowance 2, rollover 5, bonus 94, nothing held');
select is(pg_temp.wallet('beta'), '0/0/45/0', 'beta: bonus 45, nothing held');
select is(
    (select string_agg(o, ' ' order by o) from unnest(array['alpha', 'beta']) o
     where (select format('%s/%s/%s/%s', sum(main_delta), sum(rollover_delta), sum(bonus_delta), sum(held_delta))
            from public.credit_transactions where organization_id = tests.org_id(o)) = pg_temp.wallet(o)),
    'alpha beta', 'every bucket of both wallets equals the sum of its entries');
select is_empty($$
    select id from (
        select id, balance_after, held_after,
               sum(amount) over (partition by organization_id order by id) as available,
               sum(held_delta) over (partition by organization_id order by id) as held
        from public.credit_transactions
        where organization_id in (tests.org_id('alpha'), tests.org_id('beta'))
    ) chain where balance_after <> available or held_after <> held
$$, 'each organization''s entries in id order are its balance_after and held_after chain');

-- the generations and the usage
select is(
    (select string_agg(format('%s %s/%s/%s', g.prompt, g.status, g.actual_credits, g.progress), ', ' order by g.prompt)
     from public.generations g where g.organization_id in (tests.org_id('alpha'), tests.org_id('beta'))),
    'a1 rollover and allowance succeeded/5/100.00, a2 allowance and bonus succeeded/8/100.00, '
    || 'a3 bonus succeeded/1/100.00, a4 released by a cancel race succeeded/0/100.00, a5 free succeeded/0/100.00, '
    || 'b1 over its hold succeeded/5/100.00, b2 nothing used succeeded/0/100.00, '
    || 'b3 metered without a hold succeeded/0/100.00',
    'every generation succeeded, charged what was captured');
select is(
    (select row(g.output_url, g.provider, g.model, g.duration_ms, g.completed_at is not null, g.error_message,
                g.estimated_completion_at)::text
     from public.generations g where g.prompt = 'a1 rollover and allowance'),
    '(https://cdn.test/a1.png,prov,m1,1200,t,,)', 'a paid job''s outcome fields are written');
select is(
    (select row(g.cost_kai_credits, g.actual_cost_usd = 0.25)::text from public.generations g
     where g.prompt = 'b3 metered without a hold'),
    '(2,t)', 'so are a metered job''s');
select is(
    (select string_agg(format('%s %s/%s/%s', g.prompt, e.credits, e.status, e.input_tokens), ', ' order by g.prompt)
     from public.usage_events e join public.generations g on g.id = e.event_id
     where e.organization_id in (tests.org_id('alpha'), tests.org_id('beta'))),
    'a1 rollover and allowance 5/success/0, a2 allowance and bonus 8/success/0, a3 bonus 1/success/0, '
    || 'a4 released by a cancel race 0/success/0, b1 over its hold 5/success/300, b2 nothing used 0/success/0, '
    || 'b3 metered without a hold 0/success/0',
    'one usage event per metered generation, its credits those captured; none for the free job');

-- completing the same jobs again
create temporary table before_again as select pg_temp.footprint() as footprint;
select is((select count(*) from public.job_complete((select array_agg(id order by id) from batch),
                                                     (select array_agg(lease_token order by id) from batch),
                                                     (select array_agg(outcome order by id) from batch))),
    0::bigint, 'completing the same jobs again accepts none');
select is(pg_temp.footprint(), (select footprint from before_again), 'and changes nothing');

select * from finish();
rollback;
