-- The Supabase compatibility layer and the test helpers behave as on Supabase.
begin;
\ir ../helpers/tests_schema.psql
select plan(12);

select has_role('anon');
select has_role('authenticated');
select has_role('service_role');
select ok((select rolbypassrls from pg_roles where rolname = 'service_role'), 'service_role bypasses RLS');
select ok(pg_has_role('authenticator', 'authenticated', 'member'), 'authenticator may become authenticated');
select has_table('auth', 'users', 'auth.users exists');
select has_extension('extensions', 'vector', 'pgvector lives in schema extensions');

select tests.create_user('alice');
select tests.authenticate_as('alice');
select is(auth.uid(), tests.get_user_id('alice'), 'auth.uid() is the user set by tests.authenticate_as');
select is(auth.role(), 'authenticated', 'auth.role() reads the JWT role');
select is(auth.email(), 'alice@test.local', 'auth.email() reads the JWT email');

select tests.clear_authentication();
select is(auth.uid(), null, 'anon has no auth.uid()');
select is(current_user::text, 'anon', 'clear_authentication switches to anon');

select * from finish();
rollback;
