-- Bring your own key: the door decides whose key pays (generations.paid_by and the credential),
-- prices an own-key generation by the BYOK plan's rule, and the hold and capture say which key
-- paid. Other plans price own-key generations like platform ones.
begin;
\ir ../helpers/tests_schema.psql
select plan(12);

select tests.create_user('owner');
select tests.create_organization('owner', 'studio');
select public.credits_grant(tests.org_id('studio'), 1000, 'bonus', 'test-bonus');
insert into public.projects (organization_id, created_by, title)
values (tests.org_id('studio'), tests.get_user_id('owner'), 'Film');
insert into public.provider_credentials (organization_id, provider, name, secret_hint, config)
values (tests.org_id('studio'), 'openai', 'ours', '…abcd', '{"kinds": ["image"]}');
create function pg_temp.request(gen_kind text, gen_prompt text, gen_provider text default null)
returns public.generations language sql as $$
    select public.request_generation((select id from public.projects where title = 'Film'), gen_kind, gen_prompt,
                                     scene_id => null, provider => gen_provider)
$$;
create function pg_temp.hold_of(gen_prompt text) returns public.credit_holds language sql security definer as $$
    select h.* from public.credit_holds h join public.generations g on g.hold_id = h.id where g.prompt = gen_prompt
$$;
grant execute on function pg_temp.request(text, text, text), pg_temp.hold_of(text) to public;

select tests.authenticate_as('owner');
select is((select row(paid_by, provider_credential_id is not null, estimated_credits)::text
           from pg_temp.request('image', 'free plan, own key')),
    '(own_key,t,4)', 'on a plan that is not BYOK an own-key generation is priced like a platform one, and says so');
select is((pg_temp.hold_of('free plan, own key')).paid_by, 'own_key', 'its hold says which key pays');
select is((select row(paid_by, provider_credential_id is null, estimated_credits)::text
           from pg_temp.request('text', 'no key for text')),
    '(platform,t,1)', 'a kind no own key serves is paid by the platform');
select is((select paid_by from pg_temp.request('image', 'offline', 'local')), 'platform',
    'the offline local provider is the platform''s');

reset role;
update public.subscriptions set plan_id = 'byok' where organization_id = tests.org_id('studio');
select tests.authenticate_as('owner');
select is((select row(paid_by, estimated_credits, hold_id is null)::text from pg_temp.request('image', 'byok, own key')),
    '(own_key,0,t)', 'on the BYOK plan an own-key generation costs nothing and holds nothing');
select is((select row(paid_by, estimated_credits)::text from pg_temp.request('text', 'byok, platform')),
    '(platform,1)', 'one the platform runs is charged as usual');

reset role;
update public.plans set own_key_fee_percent = 50 where id = 'byok';
select tests.authenticate_as('owner');
select is((select row(paid_by, estimated_credits)::text
           from public.request_generation((select id from public.projects where title = 'Film'), 'image', 'byok fee',
                                          units => 3)),
    '(own_key,6)', 'a BYOK plan with a platform fee charges its share of the platform price (50% of 12)');
select is((pg_temp.hold_of('byok fee')).amount, 6::bigint, 'and holds exactly that');

reset role;
update public.generations set status = 'running', started_at = now() where prompt = 'byok fee';
select private.finish_generation((select id from public.generations where prompt = 'byok fee'), 'succeeded', '{}', null, null);
select is((select row(t.amount, t.metadata ->> 'paid_by')::text from public.credit_transactions t
           where t.hold_id = (pg_temp.hold_of('byok fee')).id and t.type = 'capture'),
    '(0,own_key)', 'the capture says the own key ran it');
select is((select metadata ->> 'paid_by' from public.usage_events where job_id = (select id from public.generations where prompt = 'byok fee')),
    'own_key', 'so does the usage record');

select throws_ok($$update public.plans set own_key_fee_percent = 10 where id = 'pro'$$, '23514', null,
    'only a BYOK plan discounts own-key generations');
update public.provider_credentials set status = 'revoked' where name = 'ours';
select tests.authenticate_as('owner');
select is((select row(paid_by, estimated_credits)::text from pg_temp.request('image', 'key revoked')),
    '(platform,4)', 'a revoked key no longer pays: the platform does, at its price');

select * from finish();
rollback;
