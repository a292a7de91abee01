-- The egress guard's first line (issue 23, items 5 and 6): webhook URLs and provider base URLs
-- are checked by one function on insert and update alike; the development switch is the
-- operator's; deliveries keep no receiver body.
begin;
\ir ../helpers/tests_schema.psql
select plan(49);

select tests.create_user(name) from unnest(array['owner', 'admin']) name;
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'admin', 'admin');

-- the text alone: what is refused, and why
select is(private.outbound_url_refusal(url), refusal, format('%s: %s', url, coalesce(refusal, 'accepted')))
from (values
    ('https://hooks.example.com/cv?x=1', null),
    ('https://93.184.216.34:8443/hook', null),
    ('https://[2606:4700::1111]/hook', null),
    ('http://hooks.example.com/cv', 'only https URLs are accepted'),
    ('ftp://hooks.example.com/cv', 'only https URLs are accepted'),
    ('hooks.example.com/cv', 'not an absolute URL'),
    ('https://user:pw@hooks.example.com/', 'credentials do not belong in a URL'),
    ('https://127.0.0.1/', '127.0.0.1 is a loopback address'),
    ('https://10.1.2.3/', '10.1.2.3 is a private address'),
    ('https://172.20.0.1/', '172.20.0.1 is a private address'),
    ('https://192.168.1.1/', '192.168.1.1 is a private address'),
    ('https://169.254.169.254/latest/meta-data', '169.254.169.254 is a link-local address (cloud metadata lives here)'),
    ('https://100.64.0.1/', '100.64.0.1 is a carrier-grade NAT address'),
    ('https://0.0.0.0/', '0.0.0.0 is a ''this network'' address'),
    ('https://[::1]:8080/', '::1 is a loopback address'),
    ('https://[::ffff:127.0.0.1]/', '::ffff:127.0.0.1 is an IPv4-mapped address'),
    ('https://[fd12::1]/', 'fd12::1 is a unique-local address'),
    ('https://[fe80::1]/', 'fe80::1 is a link-local address'),
    ('https://2130706433/', 'an IP address is written as a plain dotted quad'),
    ('https://0x7f.1/', 'an IP address is written as a plain dotted quad'),
    ('https://0177.0.0.1/', 'an IP address is written as a plain dotted quad'),
    ('https://localhost:3000/', 'localhost is a local name'),
    ('https://api.localhost/', 'api.localhost is a local name'),
    ('https://metadata.google.internal/', 'metadata.google.internal is a local name'),
    ('https://redis:6379/', 'redis is a local name'),
    ('https://LOCALHOST./', 'localhost is a local name'),
    ('https://h%6fst.example.com/', 'the host must be an ASCII (punycode) name or an IP address'),
    ('https://hooks.example.com/' || repeat('a', 2000), 'a URL is at most 2000 characters'),
    ('https://hooks.example.com/a b', 'a URL has no spaces or control characters')
) as cases (url, refusal);

-- create_webhook, and a direct update of webhooks.url, meet the same check
select tests.authenticate_as('admin');
select throws_ok($$select * from public.create_webhook(tests.org_id('acme'), 'https://169.254.169.254/latest')$$,
    '22023', 'invalid webhook URL "https://169.254.169.254/latest": 169.254.169.254 is a link-local address (cloud metadata lives here)',
    'create_webhook refuses the metadata address');
create temporary table hook on commit drop as
select * from public.create_webhook(tests.org_id('acme'), 'https://hooks.example.com/cv');
select throws_ok($$update public.webhooks set url = 'https://[::1]/admin'$$, '22023',
    'invalid webhook URL "https://[::1]/admin": ::1 is a loopback address', 'a later update of the URL is checked too');
select lives_ok($$update public.webhooks set url = 'https://hooks2.example.com/cv', description = 'moved'$$,
    'a public https URL may replace it');

-- service-role writes are judged the same way
select tests.authenticate_as_service_role();
select throws_ok(format($$insert into public.webhooks (organization_id, url) values (%L, 'http://10.0.0.8/hook')$$,
    tests.org_id('acme')), '22023', null, 'an insert by the service role is checked');

-- provider credentials: config ->> 'base_url', on save and on a direct update
select tests.authenticate_as('admin');
select throws_ok($$select public.save_provider_credential(tests.org_id('acme'), 'openai', 'sk-proj-abcdefghijklmnop',
    'default', '{"base_url": "http://127.0.0.1:8080/v1"}')$$,
    '22023', 'invalid base_url "http://127.0.0.1:8080/v1": only https URLs are accepted',
    'save_provider_credential refuses an internal base_url');
select lives_ok($$select public.save_provider_credential(tests.org_id('acme'), 'openai', 'sk-proj-abcdefghijklmnop',
    'default', '{"base_url": "https://api.openai.com/v1", "kinds": ["image"]}')$$, 'a public https base_url is saved');
select lives_ok($$select public.save_provider_credential(tests.org_id('acme'), 'runway', 'key_runway_0123456789',
    'default', '{"model": "gen4_turbo"}')$$, 'a config without base_url is fine');
select throws_ok($$update public.provider_credentials set config = config || '{"base_url": "https://10.0.0.7/v1"}'$$,
    '22023', 'invalid base_url "https://10.0.0.7/v1": 10.0.0.7 is a private address',
    'a direct update of the config is checked too');
select throws_ok($$update public.provider_credentials set config = '{"base_url": ["https://a.example.com"]}'$$,
    '22023', 'invalid base_url in provider credential config: it must be a string', 'base_url is a string');
select lives_ok($$update public.provider_credentials set config = config || '{"image_model": "flux"}'
    where provider = 'openai'$$, 'other config changes pass');

-- the development switch: the operator's alone
select is_empty($$select 1 from public.system_settings where key = 'egress.allow_local'$$,
    'clients cannot read the switch');
select throws_ok($$update public.system_settings set value = 'true' where key = 'egress.allow_local'$$,
    '42501', null, 'clients cannot turn it on');
reset role;
select is(private.outbound_url_refusal('http://127.0.0.1:8080/hook'), 'only https URLs are accepted', 'still off');
update public.system_settings set value = 'true' where key = 'egress.allow_local';
select is(private.outbound_url_refusal('http://127.0.0.1:8080/hook'), null, 'on: http and loopback are accepted');
select is(private.outbound_url_refusal('https://localhost/'), null, 'on: local names are accepted');
select is(private.outbound_url_refusal('http://u:p@127.0.0.1/'), 'credentials do not belong in a URL',
    'on: credentials are still refused');
select is(private.outbound_url_refusal('gopher://127.0.0.1/'), 'only https URLs are accepted',
    'on: only http is added');
select tests.authenticate_as('admin');
select lives_ok($$update public.webhooks set url = 'http://127.0.0.1:9000/hook'$$,
    'on: a client''s direct update to a local receiver passes (the switch is read for clients too)');
reset role;
update public.system_settings set value = 'false' where key = 'egress.allow_local';

-- deliveries: no body column; the worker's summary is bounded
select hasnt_column('public', 'webhook_deliveries', 'response_body', 'a receiver''s body is never stored');
select col_has_check('public', 'webhook_deliveries', 'error', 'the summary has a bound');

select * from finish();
rollback;
