-- Issue 9, items 5 and 7: no free credits for team organizations and a per-user limit on
-- creating them; invitation tokens accepted only by their addressee unless made as an
-- "anyone with the link" invitation (admins only); a per-organization invitation limit.
begin;
\ir ../helpers/tests_schema.psql
select plan(23);

select tests.create_user('farmer');
select tests.create_user('owner');
select tests.create_user('admin');
select tests.create_user('editor');
select tests.create_user('alice', 'alice@test.local');
select tests.create_user('mallory', 'mallory@test.local');
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'admin', 'admin');
select tests.add_member('acme', 'editor', 'editor');

-- 5. credit farming
create function pg_temp.credits_of(user_identifier text, personal boolean) returns bigint language sql as $$
    select coalesce(sum(b.balance + b.rollover_balance + b.bonus_balance), 0)::bigint
    from public.credit_balances b join public.organizations o on o.id = b.organization_id
    where o.created_by = tests.get_user_id(user_identifier) and o.is_personal = personal
$$;
select tests.share_temp_functions();
select tests.authenticate_as('farmer');
select is((public.create_organization('Farm 1', 'farm-1')).slug, 'farm-1', 'a user creates a team organization');
reset role;
select is(pg_temp.credits_of('farmer', false), 0::bigint, 'a new team organization gets no free credits');
select is(pg_temp.credits_of('farmer', true), 100::bigint, 'the free allowance is the person''s, in their personal organization');
select tests.authenticate_as('farmer');
select lives_ok($$select public.create_organization('Farm ' || g, 'farm-' || g) from generate_series(2, 10) g$$,
    'ten organizations in a day are allowed');
select throws_ok($$select public.create_organization('Farm 11', 'farm-11')$$, 'PT429',
    'organization limit reached: at most 10 new organizations per 24 hours', 'the eleventh within 24 hours is refused');
select lives_ok($$select public.delete_organization((select id from public.organizations where slug = 'farm-10'))$$,
    'deleting one');
select throws_ok($$select public.create_organization('Farm 11', 'farm-11')$$, 'PT429', null,
    'does not make room: deleted organizations count');
reset role;
select is(pg_temp.credits_of('farmer', false), 0::bigint, 'ten organizations farmed no credits');
update public.organizations set created_at = now() - interval '25 hours' where slug = 'farm-1';
select tests.authenticate_as('farmer');
select is((public.create_organization('Farm 11', 'farm-11')).slug, 'farm-11', 'the window rolls: 24 hours later one more');
select throws_ok($$select public.create_organization('Farm 12', 'farm-12')$$, 'PT429', null, 'and only one');

-- 7. invitation tokens
select tests.authenticate_as('owner');
create temporary table invite as select * from public.invite_member(tests.org_id('acme'), 'alice@test.local', 'admin');
grant select on invite to authenticated;
select tests.authenticate_as('mallory');
select throws_ok(format('select public.accept_invitation(%L)', (select token from invite)), 'PT404', 'invitation not found',
    'a token addressed to another email is refused, like an unknown token');
reset role;
select is((select count(*)::int from public.organization_members where organization_id = tests.org_id('acme')
           and user_id = tests.get_user_id('mallory')), 0, 'and mallory did not join');
select is((select status from public.invitations where id = (select invitation_id from invite)), 'pending',
    'the invitation stays open for its addressee');
select tests.authenticate_as('alice');
select is(public.accept_invitation((select token from invite)), tests.org_id('acme'), 'its addressee accepts with the token');

select tests.authenticate_as('editor');
select throws_ok($$select public.create_invitation_link(tests.org_id('acme'))$$, '42501', null,
    'editors cannot create "anyone with the link" invitations');
select tests.authenticate_as('admin');
select throws_ok($$select public.create_invitation_link(tests.org_id('acme'), 'owner')$$, '22023', null,
    'a link never makes owners');
create temporary table link as select * from public.create_invitation_link(tests.org_id('acme'), 'editor');
grant select on link to authenticated;
select is((select row(kind, email)::text from public.invitations where id = (select invitation_id from link)), '(link,)',
    'a link invitation has no email');
select tests.authenticate_as('mallory');
select is(public.accept_invitation((select token from link)), tests.org_id('acme'), 'anyone holding a link accepts it');
reset role;
select is((select role::text from public.organization_members where organization_id = tests.org_id('acme')
           and user_id = tests.get_user_id('mallory')), 'editor', 'with the link''s role');

-- the per-organization invitation limit: 2 so far today, 48 more are allowed
select tests.authenticate_as('owner');
select lives_ok($$select public.invite_member(tests.org_id('acme'), 'guest' || g || '@test.local') from generate_series(1, 47) g$$,
    'invitations up to the daily limit');
select lives_ok($$select public.create_invitation_link(tests.org_id('acme'))$$, 'links count toward it too');
select throws_ok($$select public.invite_member(tests.org_id('acme'), 'one-more@test.local')$$, 'PT429',
    'invitation limit reached: at most 50 new invitations per organization per 24 hours', 'the 51st in 24 hours is refused');
select throws_ok($$select public.create_invitation_link(tests.org_id('acme'))$$, 'PT429', null, 'also as a link');

select * from finish();
rollback;
