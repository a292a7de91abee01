-- Invest: campaign status machine and visibility, tiers that never oversell, investments
-- confirmed and refunded through Stripe events, totals by trigger, settlement with refunds,
-- rewards, revenue distribution by largest remainder, payouts paid once.
begin;
\ir ../helpers/tests_schema.psql
select plan(103);

select tests.create_user(name)
from unnest(array['owner', 'editor', 'viewer', 'reviewer', 'alice', 'bob', 'carol', 'outsider']) name;
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'editor', 'editor');
select tests.add_member('acme', 'viewer', 'viewer');
insert into public.user_roles (user_id, role_name) values (tests.get_user_id('reviewer'), 'moderator');
update public.profiles set display_name = 'Alice A.' where id = tests.get_user_id('alice');

create temporary table ids (name text primary key, id uuid) on commit drop;
grant all on ids to anon, authenticated, service_role;

-- Stripe events as the webhook hands them over
create function pg_temp.paid(investment_name text, amount bigint, currency text default 'usd') returns jsonb
language sql as $$
    select jsonb_build_object(
        'id', 'evt_paid_' || investment_name || amount, 'type', 'payment_intent.succeeded', 'created', 1790000000,
        'data', jsonb_build_object('object', jsonb_build_object(
            'id', 'pi_' || investment_name, 'object', 'payment_intent', 'amount_received', amount,
            'currency', currency, 'payment_method_types', jsonb_build_array('card'),
            'metadata', jsonb_build_object('investment_id', (select id from ids where name = investment_name)))))
$$;
create function pg_temp.refunded(investment_name text, amount bigint) returns jsonb
language sql as $$
    select jsonb_build_object(
        'id', 'evt_refund_' || investment_name || amount, 'type', 'charge.refunded', 'created', 1790000100,
        'data', jsonb_build_object('object', jsonb_build_object(
            'id', 'ch_' || investment_name, 'object', 'charge', 'payment_intent', 'pi_' || investment_name,
            'amount', amount, 'amount_refunded', amount, 'metadata', '{}'::jsonb)))
$$;
create function pg_temp.invest_as(who text, campaign_name text, tier_name text, amount bigint, save_as text)
returns uuid language plpgsql as $$
declare
    made uuid;
begin
    perform tests.authenticate_as(who);
    select i.id into made from public.invest((select id from ids where name = campaign_name), amount,
                                             (select id from ids where name = tier_name)) i;
    insert into ids values (save_as, made);
    return made;
end
$$;
grant execute on all functions in schema pg_temp to public;

-- a draft campaign for the studio's IP project; scope from the project, counters from zero
select tests.authenticate_as('editor');
insert into public.projects (organization_id, created_by, title, slug)
values (tests.org_id('acme'), auth.uid(), 'Lantern', 'lantern');
insert into ids select 'project', id from public.projects where slug = 'lantern';
insert into public.campaigns (project_id, title, slug, goal_amount_cents, raised_amount_cents, funding_type,
                              investor_share_bps, end_date)
select id, 'Lantern: the film', 'lantern-film', 100000, 99999, 'all_or_nothing', 3000, now() + interval '30 days'
from ids where name = 'project';
insert into ids select 'film', id from public.campaigns where slug = 'lantern-film';
select is((select (organization_id = tests.org_id('acme'), raised_amount_cents, created_by = auth.uid())::text
           from public.campaigns where slug = 'lantern-film'), '(t,0,t)',
    'a campaign takes its project''s organization and starts at zero raised');
insert into public.investment_tiers (campaign_id, name, min_amount_cents, reward_items)
select id, 'Supporter', 1000, '[{"type": "digital", "name": "Digital poster"}]' from ids where name = 'film';
insert into public.investment_tiers (campaign_id, name, min_amount_cents, max_amount_cents, limit_quantity,
                                     revenue_share_percent, reward_items, sold_quantity)
select id, 'Gold', 10000, 50000, 2, 100,
       '[{"type": "physical", "name": "Signed script"}, {"type": "revenue_share", "name": "Revenue share"}]', 2
from ids where name = 'film';
insert into ids select lower(name), id from public.investment_tiers;
select is((select sold_quantity from public.investment_tiers where name = 'Gold'), 0,
    'a client cannot pre-fill sold_quantity');
select throws_ok($$update public.campaigns set status = 'active'$$, '42501',
    'column campaigns.status cannot be changed by clients', 'status changes only through set_campaign_status');
select throws_ok($$update public.campaigns set raised_amount_cents = 5$$, '42501',
    'column campaigns.raised_amount_cents cannot be changed by clients', 'nor can the raised amount');

-- drafts are the organization's
select tests.clear_authentication();
select is((select count(*)::int from public.campaigns), 0, 'anon does not see a draft');
select is((select count(*)::int from public.investment_tiers), 0, 'nor its tiers');
select tests.authenticate_as('outsider');
select is((select count(*)::int from public.campaigns), 0, 'neither does an outsider');
select throws_ok($$select public.invest((select id from ids where name = 'film'), 1000)$$, 'PT404',
    'campaign not found', 'investing in a hidden draft: not found');
select throws_ok($$select public.invest(gen_random_uuid(), 1000)$$, 'PT404', 'campaign not found',
    'the same answer as for a campaign that does not exist');
select throws_ok($$select public.set_campaign_status((select id from ids where name = 'film'), 'pending_review')$$,
    'PT404', 'campaign not found', 'an outsider cannot submit it');
select throws_ok($$insert into public.campaigns (project_id, title, goal_amount_cents)
                   select id, 'Squat', 100 from ids where name = 'project'$$, 'PT404', 'project not found',
    'an outsider cannot start a campaign on another organization''s project, nor learn it exists');
select tests.authenticate_as('viewer');
select is((select count(*)::int from public.campaigns), 1, 'members see their drafts');

-- the status machine
select tests.authenticate_as('editor');
select throws_ok($$select public.set_campaign_status((select id from ids where name = 'film'), 'active')$$, 'PT409',
    'campaigns: cannot move from draft to active', 'a draft is not launched without review');
select throws_ok($$select public.set_campaign_status((select id from ids where name = 'film'), 'funded')$$, 'PT409',
    'campaigns: cannot move from draft to funded', 'nor funded');
select throws_ok($$select public.set_campaign_status((select id from ids where name = 'film'), 'flying')$$, '22023',
    'unknown campaign status flying', 'unknown statuses are refused');
select is((select status from public.set_campaign_status((select id from ids where name = 'film'), 'pending_review')),
    'pending_review', 'an editor submits the campaign for review');
select throws_ok($$select public.set_campaign_status((select id from ids where name = 'film'), 'active')$$, '42501',
    'only platform reviewers approve campaigns', 'the studio cannot approve itself');
select throws_ok($$update public.campaigns set goal_amount_cents = 5000$$, 'PT409',
    'goal, currency, funding type, revenue split and end date are fixed once a campaign is submitted',
    'terms are fixed once submitted');
select tests.authenticate_as('reviewer');
select is((select (status, launched_at is not null, is_verified)::text
           from public.set_campaign_status((select id from ids where name = 'film'), 'active')),
    '(active,t,t)', 'a platform moderator approves: active, launched, verified');
select tests.clear_authentication();
select is((select count(*)::int from public.campaigns), 1, 'an active campaign is public');
select is((select array_agg(name order by name) from public.investment_tiers), array['Gold', 'Supporter'],
    'with its tiers');
select tests.authenticate_as('editor');
select throws_ok($$insert into public.investment_tiers (campaign_id, name, min_amount_cents)
                   select id, 'Late', 100 from ids where name = 'film'$$, 'PT409',
    'tiers cannot be added once the campaign has launched', 'no new tiers after launch');
select throws_ok($$update public.investment_tiers set min_amount_cents = 1 where name = 'Gold'$$, 'PT409',
    'a launched tier''s amounts, revenue share, rewards and limit (except raising it) are fixed',
    'a launched tier''s terms are fixed');

-- investing: tier bounds, slots, idempotency
select pg_temp.invest_as('alice', 'film', 'gold', 20000, 'alice_gold');
select is((select (status, payment_status, platform_fee_cents, net_amount_cents)::text from public.investments),
    '(pending,pending,1000,19000)', 'a pledge is pending, with the platform''s 5 % fee worked out by the server');
select tests.authenticate_as('carol');
select is((select id from public.invest((select id from ids where name = 'film'), 20000,
                                        (select id from ids where name = 'gold'), 'k1')) =
          (select id from public.invest((select id from ids where name = 'film'), 20000,
                                        (select id from ids where name = 'gold'), 'k1')), true,
    'a retried call with the same idempotency key returns the same investment');
select throws_ok($$select public.invest((select id from ids where name = 'film'), 30000,
                                        (select id from ids where name = 'gold'), 'k1')$$, '22023',
    'idempotency_key already used for a different investment', 'a key is not reused for another pledge');
select throws_ok($$select public.invest((select id from ids where name = 'film'), 60000,
                                        (select id from ids where name = 'gold'))$$, '22023',
    'tier "Gold" takes 10000 to 50000 cents', 'amounts outside the tier are refused');
select throws_ok($$select public.invest((select id from ids where name = 'film'), 0)$$, '22023',
    'amount_cents must be a positive number of cents', 'zero is refused');
select throws_ok($$select public.invest((select id from ids where name = 'film'), 1000, gen_random_uuid())$$,
    'PT404', 'tier not found', 'a tier of no campaign is not found');
select throws_ok($$select public.invest((select id from ids where name = 'film'), 1000, null, repeat('k', 101))$$,
    '22023', 'idempotency_key is at most 100 characters', 'keys are length-capped');
select is((select sold_quantity from public.investment_tiers where name = 'Gold'), 2,
    'two pending Gold pledges hold both slots');
select tests.authenticate_as('bob');
select throws_ok($$select public.invest((select id from ids where name = 'film'), 10000,
                                        (select id from ids where name = 'gold'))$$, 'PT409',
    'tier "Gold" is sold out', 'a limited tier never oversells');
select throws_ok($$insert into public.investments (campaign_id, organization_id, project_id, user_id, amount_cents,
                   currency) select id, tests.org_id('acme'), (select id from ids where name = 'project'), auth.uid(),
                   1, 'usd' from ids where name = 'film'$$, '42501', null, 'investments are made through invest()');
-- carol drops her retried pledge: the slot is free for bob
select tests.authenticate_as('carol');
select public.cancel_investment(id) from public.investments where idempotency_key = 'k1';
select pg_temp.invest_as('bob', 'film', 'gold', 10000, 'bob_gold');
select throws_ok($$select public.cancel_investment((select id from ids where name = 'alice_gold'))$$, 'PT404',
    'investment not found', 'bob cannot cancel alice''s pledge');

-- payment through Stripe confirms; totals and rewards follow
select tests.authenticate_as_service_role();
select is(public.stripe_apply_event(pg_temp.paid('alice_gold', 20000)), 'applied', 'alice''s payment is applied');
select is(public.stripe_apply_event(pg_temp.paid('alice_gold', 20000)), 'duplicate', 'a redelivered event is a duplicate');
select is(public.stripe_apply_event(pg_temp.paid('bob_gold', 999)),
    'ignored: payment does not match the investment''s amount and currency', 'a payment of the wrong amount confirms nothing');
select is((select (raised_amount_cents, backer_count)::text from public.campaigns where slug = 'lantern-film'),
    '(20000,1)', 'confirmation raises the campaign by the amount and counts the backer');
select is((select array_agg(reward_type order by reward_type) from public.investor_rewards),
    array['physical', 'revenue_share'], 'the Gold tier''s rewards are granted');
select pg_temp.invest_as('alice', 'film', 'supporter', 1000, 'alice_support');
select tests.authenticate_as_service_role();
select public.stripe_apply_event(pg_temp.paid('alice_support', 1000));
select is((select (raised_amount_cents, backer_count)::text from public.campaigns where slug = 'lantern-film'),
    '(21000,1)', 'a second investment of the same backer adds money, not a backer');

-- who sees what
select tests.authenticate_as('editor');
select is((select array_agg((display_name, amount_cents, investments)::text) from public.campaign_backers(
               (select id from ids where name = 'film'))), array['("Alice A.",21000,2)'],
    'the studio sees its backers: display name and amounts only (bob has not paid)');
select is((select count(*)::int from public.investments), 0, 'but not the investment rows');
select tests.authenticate_as('outsider');
select throws_ok($$select * from public.campaign_backers((select id from ids where name = 'film'))$$, 'PT404',
    'campaign not found', 'outsiders do not see backers');
select tests.authenticate_as('bob');
select is((select count(*)::int from public.investments), 1, 'an investor sees their own investments only');
select is((select count(*)::int from public.investor_rewards), 0, 'and no one else''s rewards');

-- updates: public or backers only
select tests.authenticate_as('editor');
insert into public.campaign_updates (campaign_id, title, content, visibility)
select id, t, 'News', v from ids, (values ('Shooting starts', 'public'), ('Rough cut', 'backers_only')) x (t, v)
where name = 'film';
select is((select update_count from public.campaigns where slug = 'lantern-film'), 2, 'updates are counted');
select tests.clear_authentication();
select is((select array_agg(title) from public.campaign_updates), array['Shooting starts'], 'anon reads public updates');
select tests.authenticate_as('bob');
select is((select count(*)::int from public.campaign_updates), 1, 'an unpaid pledge opens no backers-only update');
select tests.authenticate_as('alice');
select is((select count(*)::int from public.campaign_updates), 2, 'a confirmed backer reads both');
select is((select count(*)::int from public.notifications where type = 'investment_update' and reference_type = 'campaign'),
    2, 'a confirmed backer is notified of each update');
select ok(exists (select 1 from public.notifications where reference_type = 'investment' and payload ->> 'status' = 'confirmed'),
    'and of her investment''s confirmation');
select tests.authenticate_as('bob');
select is((select count(*)::int from public.notifications where reference_type = 'campaign'), 0,
    'an unpaid pledge is not notified of updates');
select tests.authenticate_as('alice');
select throws_ok($$insert into public.campaign_updates (campaign_id, title, content) select id, 'Hi', 'x' from ids
                   where name = 'film'$$, '42501', null, 'backers do not post updates');

-- rewards: the investor's address, the studio's delivery
select is((select shipping_address ->> 'city' from public.set_reward_shipping_address(
               (select id from public.investor_rewards where reward_type = 'physical'), '{"city": "Busan"}')),
    'Busan', 'an investor gives a shipping address for their reward');
select tests.authenticate_as('bob');
select throws_ok($$select public.set_reward_shipping_address(
                     (select id from public.investor_rewards where reward_type = 'physical'), '{"city": "X"}')$$,
    'PT404', 'reward not found', 'not for someone else''s');
select tests.authenticate_as('editor');
update public.investor_rewards set status = 'shipped', tracking_number = 'TRK1' where reward_type = 'physical';
select is((select (status, tracking_number, shipping_address ->> 'city')::text from public.investor_rewards
           where reward_type = 'physical'), '(shipped,TRK1,Busan)', 'the studio ships it and sees where to');
select throws_ok($$update public.investor_rewards set shipping_address = '{}'$$, '42501', null,
    'but cannot change the address');

-- a full refund reverses
select tests.authenticate_as_service_role();
select is(public.stripe_apply_event(pg_temp.refunded('alice_support', 1000)), 'applied', 'a refund is applied');
select is((select (raised_amount_cents, backer_count)::text from public.campaigns where slug = 'lantern-film'),
    '(20000,1)', 'the refund takes the amount back; alice still backs with Gold');
select is((select status from public.investor_rewards where reward_type = 'digital'), 'cancelled',
    'the refunded investment''s reward is cancelled');

-- an unpaid pledge past its hold gives its slot back
select pg_temp.invest_as('carol', 'film', 'supporter', 1000, 'late');
reset role;
update public.investments set expires_at = now() - interval '1 minute' where id = (select id from ids where name = 'late');
select tests.authenticate_as_service_role();
select is(private.expire_investment_holds(500), 1, 'one pending investment is past its hold');
select is((select (status, cancelled_at is not null)::text from public.investments
           where id = (select id from ids where name = 'late')), '(cancelled,t)', 'it is cancelled');

-- the end date passes under goal: an all-or-nothing campaign fails and refunds everyone
select set_config('creatorverse.now', (now() + interval '31 days')::text, true);
select is(private.settle_campaigns(50), 1, 'settlement takes the campaign past its end date');
select set_config('creatorverse.now', '', true);
select is((select count(*) from public.investments where campaign_id = (select id from ids where name = 'film')
           and status = 'refunded' and payment_status = 'refund_pending'), 1::bigint,
    'settlement fails the all-or-nothing campaign and refunds its one paid investment');
select is((select (status, raised_amount_cents, backer_count, failed_at is not null)::text
           from public.campaigns where slug = 'lantern-film'), '(failed,0,0,t)', 'raised and backers back to zero');
select is((select array_agg((status, payment_status)::text order by created_at) from public.investments
           where id in (select id from ids where name in ('alice_gold', 'bob_gold'))),
    array['(refunded,refund_pending)', '(cancelled,pending)'],
    'the paid pledge is owed back, the unpaid one cancelled');
select is((select sold_quantity from public.investment_tiers where name = 'Gold'), 0, 'every slot is released');
select is(public.stripe_apply_event(pg_temp.refunded('alice_gold', 20000)), 'applied',
    'the refund Stripe then reports completes it');
select is(public.stripe_apply_event(pg_temp.paid('bob_gold', 10000)), 'applied: campaign closed, refund owed',
    'a payment that arrives after the campaign failed is owed back');
select is((select (c.raised_amount_cents, i.status, i.payment_status)::text from public.campaigns c
           join public.investments i on i.campaign_id = c.id where i.id = (select id from ids where name = 'bob_gold')),
    '(0,refunded,refund_pending)', 'and never counts');
select is((select payment_status from public.investments where id = (select id from ids where name = 'alice_gold')),
    'refunded', 'payment_status refunded');
select tests.authenticate_as('owner');
select is((select status from public.set_campaign_status((select id from ids where name = 'film'), 'completed')),
    'completed', 'an admin closes the failed campaign');
select throws_ok($$select public.set_campaign_status((select id from ids where name = 'film'), 'active')$$, 'PT409',
    'campaigns: cannot move from completed to active', 'completed is final');

-- revenue distribution: a flexible campaign, three equal revenue-share investments
select tests.authenticate_as('editor');
insert into public.campaigns (project_id, title, slug, goal_amount_cents, funding_type, investor_share_bps, end_date)
select id, 'Lantern: the series', 'lantern-series', 1000000, 'flexible', 3000, now() + interval '10 days'
from ids where name = 'project';
insert into ids select 'series', id from public.campaigns where slug = 'lantern-series';
insert into public.investment_tiers (campaign_id, name, min_amount_cents, revenue_share_percent)
select id, 'Share', 5000, 100 from ids where name = 'series';
insert into ids select 'share', id from public.investment_tiers where name = 'Share';
insert into public.investment_tiers (campaign_id, name, min_amount_cents, limit_quantity)
select id, 'Limited', 100, 1 from ids where name = 'series';
insert into ids select 'limited', id from public.investment_tiers where name = 'Limited';
select public.set_campaign_status((select id from ids where name = 'series'), 'pending_review');
select tests.authenticate_as_service_role();
select public.set_campaign_status((select id from ids where name = 'series'), 'active');
select pg_temp.invest_as(who, 'series', 'share', 5000, who || '_share') from unnest(array['alice', 'bob', 'carol']) who;
select tests.authenticate_as_service_role();
select public.stripe_apply_event(pg_temp.paid(who || '_share', 5000)) from unnest(array['alice', 'bob', 'carol']) who;
-- late payments: a lapsed hold whose slot went to someone else is owed back; one whose slot
-- is still free is confirmed
select pg_temp.invest_as('alice', 'series', 'limited', 100, 'alice_limited');
reset role;
update public.investments set expires_at = now() - interval '1 minute'
where id = (select id from ids where name = 'alice_limited');
select private.expire_investment_holds(500);
select pg_temp.invest_as('bob', 'series', 'limited', 100, 'bob_limited');
select tests.authenticate_as_service_role();
select is(public.stripe_apply_event(pg_temp.paid('alice_limited', 100)), 'applied: tier sold out, refund owed',
    'a payment after the hold lapsed and the slot was taken is owed back');
select is((select (status, payment_status)::text from public.investments
           where id = (select id from ids where name = 'alice_limited')), '(refunded,refund_pending)',
    'refunded, the refund pending');
reset role;
update public.investments set expires_at = now() - interval '1 minute'
where id = (select id from ids where name = 'bob_limited');
select private.expire_investment_holds(500);
select tests.authenticate_as_service_role();
select is(public.stripe_apply_event(pg_temp.paid('bob_limited', 100)), 'applied',
    'a payment after the hold lapsed, its slot still free, is confirmed');
select is((select (t.sold_quantity, c.raised_amount_cents, c.backer_count)::text
           from public.investment_tiers t join public.campaigns c on c.id = t.campaign_id where t.name = 'Limited'),
    '(1,15100,3)', 'it takes the slot again and counts its money, not a new backer');
select tests.authenticate_as('owner');
select throws_ok($$select public.distribute_revenue((select id from ids where name = 'series'), '2027-01-01',
                   '2027-01-31', 334)$$, 'PT409',
    'only a funded or completed campaign distributes revenue (this one is active)', 'no revenue before funding');
select tests.authenticate_as_service_role();
select set_config('creatorverse.now', (now() + interval '11 days')::text, true);
select is(private.settle_campaigns(50), 1, 'the flexible campaign is settled at its end date');
select set_config('creatorverse.now', '', true);
select is((select status from public.campaigns where id = (select id from ids where name = 'series')), 'funded',
    'a flexible campaign under goal is funded with what it raised');
select tests.authenticate_as('editor');
select throws_ok($$select public.distribute_revenue((select id from ids where name = 'series'), '2027-01-01',
                   '2027-01-31', 334)$$, 'PT404', 'campaign not found', 'only admins distribute revenue');
select tests.authenticate_as('owner');
select is((select (platform_share_cents, investor_pool_cents, creator_share_cents, status)::text
           from public.distribute_revenue((select id from ids where name = 'series'), '2027-01-01', '2027-01-31', 334)),
    '(16,100,218,processing)', '334 cents: platform floor(5 %) = 16, investors floor(30 %) = 100, creator the rest');
select is((select array_agg(amount_cents order by created_at) from public.investor_payouts), array[34::bigint, 33, 33],
    '100 cents over three equal shares: 33 each, the leftover cent to the earliest investment');
select is((select sum(amount_cents) from public.investor_payouts), 100::numeric, 'payouts sum exactly to the pool');
select throws_ok($$select public.distribute_revenue((select id from ids where name = 'series'), '2027-01-15',
                   '2027-02-15', 1000)$$, '23P01', null, 'an overlapping period is never distributed twice');
select tests.authenticate_as('alice');
select is((select count(*)::int from public.investor_payouts), 1, 'an investor sees their own payout');
select is((select count(*)::int from public.revenue_distributions), 1, 'and the distribution of a campaign they back');
select tests.authenticate_as('viewer');
select is((select count(*)::int from public.investor_payouts), 0, 'members below admin see no payouts');
select tests.authenticate_as_service_role();
select public.mark_payout_paid(id, 'tr_' || amount_cents || user_id) from public.investor_payouts;
select is((select (status, distributed_at is not null)::text from public.revenue_distributions), '(completed,t)',
    'the distribution completes when its last payout is paid');
select throws_ok($$select public.mark_payout_paid((select id from public.investor_payouts limit 1), 'again')$$,
    'PT409', null, 'a payout is never paid twice');
select tests.authenticate_as('alice');
select throws_ok($$select public.mark_payout_paid((select id from public.investor_payouts limit 1), 'x')$$,
    '42501', null, 'clients do not mark payouts paid');

-- cancelling an active campaign refunds its backers; they still see it, the public does not
select tests.authenticate_as('editor');
insert into public.campaigns (project_id, title, slug, goal_amount_cents, end_date)
select id, 'Lantern: the short', 'lantern-short', 50000, now() + interval '5 days' from ids where name = 'project';
insert into ids select 'short', id from public.campaigns where slug = 'lantern-short';
select public.set_campaign_status((select id from ids where name = 'short'), 'pending_review');
select tests.authenticate_as('reviewer');
select public.set_campaign_status((select id from ids where name = 'short'), 'active');
select pg_temp.invest_as('carol', 'short', null, 4000, 'carol_short');
select tests.authenticate_as_service_role();
select public.stripe_apply_event(pg_temp.paid('carol_short', 4000));
select tests.authenticate_as('editor');
select throws_ok($$select public.set_campaign_status((select id from ids where name = 'short'), 'cancelled')$$,
    '42501', 'only organization admins cancel or complete a campaign', 'editors do not cancel');
select tests.authenticate_as('owner');
select is((select (status, raised_amount_cents, backer_count, cancelled_at is not null)::text
           from public.set_campaign_status((select id from ids where name = 'short'), 'cancelled')),
    '(cancelled,0,0,t)', 'an admin cancels the active campaign: totals reverse');
reset role;
select is((select (status, payment_status)::text from public.investments
           where id = (select id from ids where name = 'carol_short')), '(refunded,refund_pending)',
    'its backer is owed the money back');
select tests.authenticate_as('carol');
select is((select status from public.campaigns where slug = 'lantern-short'), 'cancelled',
    'the backer still sees the cancelled campaign');
select tests.clear_authentication();
select is((select count(*)::int from public.campaigns where slug = 'lantern-short'), 0, 'the public does not');

-- a soft-deleted project hides its campaigns
reset role;
update public.projects set deleted_at = now() where slug = 'lantern';
select tests.clear_authentication();
select is((select count(*)::int from public.campaigns), 0, 'a deleted project''s campaigns are hidden');
select tests.authenticate_as('owner');
select is((select count(*)::int from public.campaigns), 0, 'from its organization too');
select throws_ok($$select public.distribute_revenue((select id from ids where name = 'series'), '2027-06-01',
                   '2027-06-30', 1000)$$, 'PT404', 'campaign not found', 'and take no new distribution');
reset role;
update public.projects set deleted_at = null where slug = 'lantern';
select tests.clear_authentication();
select is((select count(*)::int from public.campaigns), 2, 'restoring the project shows the public ones again');
reset role;
update public.organizations set deleted_at = now() where id = (select organization_id from public.projects where slug = 'lantern');
select tests.clear_authentication();
select is((select count(*)::int from public.campaigns), 0, 'a deleted organization''s campaigns are hidden too');
reset role;
update public.organizations set deleted_at = null where id = (select organization_id from public.projects where slug = 'lantern');

-- analysts
reset role;
select is((select (campaign_title, investments_started, investments_confirmed, backers, raised_amount_cents)::text
           from analytics.campaign_funding_funnel where campaign_title = 'Lantern: the series'),
    '("Lantern: the series",5,4,3,15100)', 'the funnel counts pledges, confirmations, backers and money');
select is((select array_agg(stage order by stage_order) from analytics.campaign_status_funnel
           where organization_id = tests.org_id('acme') and campaigns > 0),
    array['created', 'submitted', 'launched', 'funded', 'failed', 'completed', 'cancelled'],
    'the status funnel has every stage these campaigns reached');

select * from finish();
rollback;
