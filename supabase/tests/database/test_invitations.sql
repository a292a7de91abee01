-- Invitations: who may invite, who sees them, accepting by token or by email, and the
-- token never being readable.
begin;
\ir ../helpers/tests_schema.psql
select plan(23);

select tests.create_user(name) from unnest(array['owner', 'admin', 'editor', 'invitee', 'other']) name;
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'admin', 'admin');
select tests.add_member('acme', 'editor', 'editor');

select tests.authenticate_as('editor');
select throws_ok($$select public.invite_member(tests.org_id('acme'), 'x@test.local')$$, '42501', null,
    'editors cannot invite');

select tests.authenticate_as('admin');
select throws_ok($$select public.invite_member(tests.org_id('acme'), 'not-an-email')$$, '22023', null,
    'a malformed email is refused');
select throws_ok($$select public.invite_member(tests.org_id('acme'), 'x@test.local', 'owner')$$, '22023', null,
    'nobody is invited as owner');
select throws_ok($$select public.invite_member(tests.org_id('acme'), 'editor@test.local')$$, '23505', null,
    'members are not invited again');
create temporary table invite on commit drop as
select * from public.invite_member(tests.org_id('acme'), 'Invitee@Test.local', 'editor');
select is((select length(token) from invite), 64, 'the plaintext token is returned once');
select throws_ok($$select public.invite_member(tests.org_id('acme'), 'invitee@test.local')$$, '23505', null,
    'one pending invitation per address');

-- the token is not stored in any client-readable place
reset role;
select is((select count(*)::int from private.invitation_tokens t join invite i on t.invitation_id = i.invitation_id
           where t.token_hash = sha256(convert_to(i.token, 'UTF8'))), 1, 'only its hash is stored');
select is((select count(*)::int from public.invitations where to_jsonb(invitations)::text like '%' || (select token from invite) || '%'),
    0, 'the invitations table holds no token');
select tests.authenticate_as('invitee');
select throws_ok($$select * from private.invitation_tokens$$, '42501', null, 'clients cannot read token hashes');

-- visibility
select results_eq($$select email from public.invitations$$, array['invitee@test.local'],
    'the invitee sees the invitation addressed to them');
select tests.authenticate_as('other');
select is_empty($$select 1 from public.invitations$$, 'other users do not');
select tests.authenticate_as('editor');
select is_empty($$select 1 from public.invitations$$, 'editors do not');
select tests.authenticate_as('admin');
select isnt_empty($$select 1 from public.invitations$$, 'admins do');

-- accepting
select tests.authenticate_as('other');
select throws_ok($$select public.accept_invitation('deadbeef')$$, 'PT404', 'invitation not found', 'a wrong token is not found');
select throws_ok(format('select public.accept_invitation_by_id(%L)', (select invitation_id from invite)), 'PT404', null,
    'an invitation for another address cannot be accepted by id');
select tests.authenticate_as('invitee');
select is(public.accept_invitation((select token from invite)), tests.org_id('acme'), 'the token accepts the invitation');
select is((select role::text from public.organization_members where user_id = auth.uid() and organization_id = tests.org_id('acme')),
    'editor', 'the invitee joined with the invited role');
select throws_ok(format('select public.accept_invitation(%L)', (select token from invite)), 'PT409', 'invitation is accepted',
    'an invitation is accepted once');

-- accept by email match, decline, revoke, expiry
select tests.authenticate_as('admin');
create temporary table later_invites on commit drop as
select 'revoked' as label, * from public.invite_member(tests.org_id('acme'), 'other@test.local');
select public.revoke_invitation((select invitation_id from later_invites where label = 'revoked'));
insert into later_invites select 'by_email' as label, * from public.invite_member(tests.org_id('acme'), 'other@test.local');

select tests.authenticate_as('other');
select throws_ok(format('select public.accept_invitation_by_id(%L)',
    (select invitation_id from later_invites where label = 'revoked')),
    'PT409', 'invitation is revoked', 'a revoked invitation cannot be accepted');
select is(public.accept_invitation_by_id((select invitation_id from later_invites where label = 'by_email')),
    tests.org_id('acme'), 'the invitee accepts by email match, without the token');

select tests.authenticate_as('admin');
insert into later_invites select 'declined' as label, * from public.invite_member(tests.org_id('acme'), 'new@test.local');
insert into later_invites select 'expired' as label, * from public.invite_member(tests.org_id('acme'), 'late@test.local');
reset role;
select tests.create_user('new');
select tests.create_user('late');
update public.invitations set expires_at = now() - interval '1 second'
where id = (select invitation_id from later_invites where label = 'expired');
select tests.authenticate_as('new');
select public.decline_invitation((select invitation_id from later_invites where label = 'declined'));
select is((select status from public.invitations where email = 'new@test.local'), 'declined', 'the invitee declines');
select tests.authenticate_as('late');
select throws_ok(format('select public.accept_invitation(%L)', (select token from later_invites where label = 'expired')),
    'PT409', 'invitation has expired', 'an expired invitation cannot be accepted');
reset role;
select is(private.expire_invitations(1000), 1, 'the scheduler marks expired invitations');

select * from finish();
rollback;
