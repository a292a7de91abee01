-- Issue 9, item 8: the audit log takes the client address the gateway reports, ignores
-- malformed values, and never fails a write because of request metadata.
begin;
\ir ../helpers/tests_schema.psql
select plan(10);

select tests.create_user('owner');
select tests.create_organization('owner', 'acme');

-- invite `email` as the owner with these request headers; the audited address (as text)
create function pg_temp.audited_ip(headers text, email text) returns text language plpgsql as $$
declare
    created uuid;
begin
    perform tests.authenticate_as('owner');
    perform set_config('request.headers', headers, true);
    select invitation_id into created from public.invite_member(tests.org_id('acme'), email);
    reset role;
    perform set_config('request.headers', '', true);
    return (select host(a.ip_address) from public.audit_logs a
            where a.entity_type = 'invitations' and a.entity_id = created::text and a.action = 'insert');
end
$$;
select tests.share_temp_functions();

select is(pg_temp.audited_ip('{"x-forwarded-for": "6.6.6.6, 203.0.113.7", "cf-connecting-ip": "203.0.113.7", "x-real-ip": "10.0.0.5"}', 'a@test.local'),
    '203.0.113.7', 'a spoofed first x-forwarded-for hop is ignored: cf-connecting-ip is the client');
select is(pg_temp.audited_ip('{"x-forwarded-for": "6.6.6.6, 198.51.100.9", "x-real-ip": "198.51.100.9"}', 'b@test.local'),
    '198.51.100.9', 'without Cloudflare, the gateway''s x-real-ip');
select is(pg_temp.audited_ip('{"x-forwarded-for": "6.6.6.6,  2001:db8::1 "}', 'c@test.local'),
    '2001:db8::1', 'else the last x-forwarded-for hop, the one the nearest proxy appended');
select is(pg_temp.audited_ip('{"x-forwarded-for": "not-an-ip"}', 'd@test.local'), null,
    'a non-IP value is recorded as no address, and the write succeeds');
select is(pg_temp.audited_ip('{"cf-connecting-ip": "999.1.2.3", "x-real-ip": "10.1.2.0/24", "x-forwarded-for": "192.0.2.1"}', 'e@test.local'),
    '192.0.2.1', 'malformed and netmask values are skipped for the next source');
select is(pg_temp.audited_ip('{"x-forwarded-for": ""}', 'f@test.local'), null, 'an empty header gives no address');
select is(pg_temp.audited_ip('this is not json', 'g@test.local'), null, 'malformed request headers do not fail the write');
select is(pg_temp.audited_ip('["1.2.3.4"]', 'h@test.local'), null, 'nor headers that are not an object');
select is((select user_agent from public.audit_logs where entity_type = 'invitations'
           and new_values ->> 'email' = 'a@test.local'), null, 'no user agent when none was sent');
select is(pg_temp.audited_ip(json_build_object('user-agent', repeat('x', 5000), 'x-real-ip', '192.0.2.2')::text, 'i@test.local'),
    '192.0.2.2', 'a huge user agent is accepted');

select * from finish();
rollback;
