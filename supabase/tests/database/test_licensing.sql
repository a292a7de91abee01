-- B2B licensing: the catalogue per IP project, the request status machine, agreements from
-- approved requests, royalty reports computed from the agreement and frozen once paid, and
-- who sees what (licensor members, licensee, nobody else).
begin;
\ir ../helpers/tests_schema.psql
select plan(46);

select tests.create_user(name) from unnest(array['owner', 'editor', 'licensee', 'stranger']) name;
select tests.create_organization('owner', 'ipco');
select tests.add_member('ipco', 'editor', 'editor');

select tests.authenticate_as('editor');
insert into public.projects (organization_id, created_by, title, slug)
values (tests.org_id('ipco'), auth.uid(), 'Lantern Keeper', 'lantern');
insert into public.projects (organization_id, created_by, title, slug)
values (tests.org_id('ipco'), auth.uid(), 'Unlicensed', 'unlicensed');
insert into public.license_catalog (project_id, available_types, available_territories, minimum_guarantee_cents,
                                    royalty_min_percent, royalty_max_percent)
select id, array['merchandise', 'gaming'], array['indonesia', 'global'], 100000, 5, 15
from public.projects where slug = 'lantern';
select is((select organization_id from public.license_catalog), tests.org_id('ipco'),
    'a catalogue entry takes its organization from the project');
select throws_ok($$update public.license_catalog set organization_id = gen_random_uuid()$$, '42501', null,
    'and keeps it');

select tests.clear_authentication();
select is((select count(*) from public.license_catalog), 1::bigint, 'anon browses the catalogue');
select throws_ok($$select count(*) from public.license_requests$$, '42501', null, 'but no requests');

select tests.authenticate_as('stranger');
select throws_ok($$insert into public.license_catalog (project_id) select gen_random_uuid()$$, 'PT404', null,
    'outsiders cannot list projects they cannot see');

-- requests
select tests.authenticate_as('licensee');
select throws_ok($$insert into public.license_requests (project_id, company_name, contact_name, contact_email,
                                                         license_type, territory)
                   select project_id, 'Toyco', 'Tia', 'tia@toyco.test', 'theme_park', 'global'
                   from public.license_catalog$$,
    '22023', 'licence type theme_park is not offered for this project', 'only offered types');
select throws_ok($$insert into public.license_requests (project_id, company_name, contact_name, contact_email,
                                                         license_type, territory)
                   select project_id, 'Toyco', 'Tia', 'tia@toyco.test', 'merchandise', 'mars'
                   from public.license_catalog$$,
    '22023', 'territory mars is not offered for this project', 'only offered territories');
select throws_ok($$insert into public.license_requests (project_id, company_name, contact_name, contact_email,
                                                         license_type, territory)
                   values (gen_random_uuid(), 'Toyco', 'Tia', 'tia@toyco.test', 'merchandise', 'global')$$,
    'PT404', 'no licence is offered for this project', 'no catalogue, no request');
insert into public.license_requests (project_id, company_name, contact_name, contact_email, license_type, territory,
                                     proposed_royalty_percent, proposed_minimum_guarantee_cents, status)
select project_id, 'Toyco', 'Tia', 'tia@toyco.test', 'merchandise', 'global', 8, 120000, 'approved'
from public.license_catalog;
select is((select (status, requester_user_id = auth.uid())::text from public.license_requests), '(pending,t)',
    'a new request is pending and belongs to its requester, whatever was sent');
select throws_ok($$update public.license_requests set status = 'approved'$$, '42501', null,
    'a requester cannot approve their own request');
select throws_ok($$select public.review_license_request((select id from public.license_requests), 'approved')$$,
    'PT404', 'licence request not found', 'nor through the RPC');

select tests.authenticate_as('stranger');
select is((select count(*) from public.license_requests), 0::bigint, 'strangers see no requests');

select tests.authenticate_as('editor');
select throws_ok($$select public.review_license_request((select id from public.license_requests), 'approved')$$,
    'PT409', 'license_requests: cannot move from pending to approved', 'the status machine holds');
select is((select status from public.review_license_request((select id from public.license_requests), 'reviewing',
                                                               'Looks promising')),
    'reviewing', 'the licensor reviews');
select is((select status from public.review_license_request((select id from public.license_requests), 'approved')),
    'approved', 'and approves');
select ok((select decided_at is not null from public.license_requests), 'the decision is timed');
select is((select count(*) from public.license_request_notes), 1::bigint, 'the licensor''s note is kept');
select throws_ok($$select public.create_license_agreement((select id from public.license_requests),
                                                           current_date, current_date + 365)$$,
    'PT404', 'licence request not found', 'only the licensor''s admins draw agreements');

select tests.authenticate_as('licensee');
select is((select count(*) from public.license_request_notes), 0::bigint, 'the requester never sees internal notes');
select is((select count(*) from public.notifications where type = 'license_update'), 2::bigint,
    'the requester hears of each step');
select throws_ok($$select public.withdraw_license_request((select id from public.license_requests))$$, 'PT409',
    null, 'an approved request is final');

-- agreements
select tests.authenticate_as('owner');
select throws_ok($$select public.create_license_agreement((select id from public.license_requests),
                                                           date '2026-01-01', date '2026-12-31', 20)$$,
    '22023', null, 'royalty must fall in the catalogue''s range');
create temporary table deal on commit drop as
select * from public.create_license_agreement((select id from public.license_requests),
                                              date '2026-01-01', date '2026-12-31');
grant select on deal to authenticated;
select is((select (royalty_percent, minimum_guarantee_cents, status, licensee_company)::text from deal),
    '(8.00,120000,draft,Toyco)', 'the agreement takes the proposal''s terms');
select throws_ok($$select public.create_license_agreement((select id from public.license_requests),
                                                           date '2026-01-01', date '2026-12-31')$$,
    '23505', 'this request already has an agreement', 'one agreement per request');
select throws_ok($$update public.license_agreements set royalty_percent = 1$$, '42501', null,
    'agreements change through their RPCs');

select tests.authenticate_as('licensee');
select throws_ok($$select public.sign_license_agreement((select id from deal))$$, 'PT409', null,
    'a draft cannot be signed');
select tests.authenticate_as('owner');
select is((select status from public.set_license_agreement_status((select id from deal), 'pending_signature')),
    'pending_signature', 'the licensor sends it for signature');
select tests.authenticate_as('stranger');
select throws_ok($$select public.sign_license_agreement((select id from deal))$$, 'PT404', null,
    'only the licensee signs');
select is((select count(*) from public.license_agreements), 0::bigint, 'strangers see no agreements');
select tests.authenticate_as('licensee');
select is((select status from public.sign_license_agreement((select id from deal))), 'active', 'the licensee signs');

-- royalty reports
insert into public.royalty_reports (agreement_id, period_start, period_end, gross_revenue_cents, royalty_amount_cents,
                                    status)
select id, date '2026-01-01', date '2026-03-31', 1000000, 1, 'paid' from deal;
select is((select (royalty_amount_cents, status)::text from public.royalty_reports), '(80000,pending)',
    'royalty = 8% of revenue, computed in SQL; a report starts pending');
insert into public.royalty_reports (agreement_id, period_start, period_end, gross_revenue_cents, net_revenue_cents,
                                    royalty_amount_cents)
select id, date '2026-04-01', date '2026-06-30', 50000, 40000, 0 from deal;
select is((select royalty_amount_cents from public.royalty_reports where period_start = '2026-04-01'),
    round(120000 * 91 / 365.0)::bigint, 'a weak quarter still pays its share of the minimum guarantee');
select throws_ok($$insert into public.royalty_reports (agreement_id, period_start, period_end, gross_revenue_cents,
                                                        royalty_amount_cents)
                   select id, date '2026-03-01', date '2026-04-15', 1, 0 from deal$$,
    '23P01', null, 'report periods never overlap');
select throws_ok($$insert into public.royalty_reports (agreement_id, period_start, period_end, gross_revenue_cents,
                                                        royalty_amount_cents)
                   select id, date '2026-12-01', date '2027-01-31', 1, 0 from deal$$,
    '22023', null, 'nor leave the agreement''s term');
update public.royalty_reports set gross_revenue_cents = 2000000 where period_start = '2026-01-01';
select is((select royalty_amount_cents from public.royalty_reports where period_start = '2026-01-01'), 160000::bigint,
    'a corrected report recomputes its royalty');
select throws_ok($$update public.royalty_reports set status = 'paid'$$, '42501', null,
    'the licensee cannot settle a report');

select tests.authenticate_as('owner');
select is((select status from public.settle_royalty_report(
            (select id from public.royalty_reports where period_start = '2026-01-01'), 'verified')), 'verified',
    'the licensor verifies');
select is((select status from public.settle_royalty_report(
            (select id from public.royalty_reports where period_start = '2026-01-01'), 'paid', 'wire-77')), 'paid',
    'and pays');
select throws_ok($$select public.settle_royalty_report(
                     (select id from public.royalty_reports where period_start = '2026-01-01'), 'disputed')$$,
    'PT409', 'a paid royalty report cannot be changed or deleted', 'a paid report is final');
reset role;
select throws_ok($$update public.royalty_reports set gross_revenue_cents = 1 where status = 'paid'$$,
    'PT409', 'a paid royalty report cannot be changed or deleted', 'even for the service role');

-- a second request: withdrawn by its requester; a third: an agreement that has run its term
select tests.authenticate_as('licensee');
insert into public.license_requests (project_id, company_name, contact_name, contact_email, license_type, territory)
select project_id, 'Toyco', 'Tia', 'tia@toyco.test', 'gaming', 'indonesia' from public.license_catalog;
select is((select status from public.withdraw_license_request(
            (select id from public.license_requests where license_type = 'gaming'))), 'withdrawn',
    'a requester withdraws their request');
insert into public.license_requests (project_id, company_name, contact_name, contact_email, license_type, territory,
                                     proposed_royalty_percent)
select project_id, 'Toyco', 'Tia', 'tia@toyco.test', 'gaming', 'global', 10 from public.license_catalog;
select tests.authenticate_as('owner');
select public.review_license_request(id, 'reviewing') from public.license_requests where territory = 'global'
and license_type = 'gaming';
select public.review_license_request(id, 'approved') from public.license_requests where territory = 'global'
and license_type = 'gaming';
select public.set_license_agreement_status(a.id, 'pending_signature')
from public.license_requests r
cross join lateral public.create_license_agreement(r.id, date '2025-01-01', date '2025-12-31') a
where r.territory = 'global' and r.license_type = 'gaming';
select tests.authenticate_as('licensee');
select public.sign_license_agreement(id) from public.license_agreements where license_type = 'gaming';
select throws_ok($$select private.expire_license_agreements(500)$$, '42501', null, 'clients do not run the scheduler''s jobs');
select tests.authenticate_as_service_role();
select is(private.expire_license_agreements(500), 1, 'the scheduler expires agreements past their end');
select is((select status from public.license_agreements where license_type = 'gaming'), 'expired', 'expired');

select tests.authenticate_as_service_role();
select is((select (reports, royalty_cents, paid_cents, guarantee_outstanding_cents)::text
           from analytics.royalty_summary where license_type = 'merchandise'),
    format('(2,%s,160000,0)', 160000 + round(120000 * 91 / 365.0)), 'the royalty summary for analysts');
select tests.authenticate_as('owner');
select throws_ok($$select * from analytics.royalty_summary$$, '42501', null, 'not for clients');

select * from finish();
rollback;
