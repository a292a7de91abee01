-- Keyword search as people type: ranked OR matching without stop words, "quoted phrases" and
-- -exclusions, Korean and Chinese partial words; RLS decides the rows; passage columns are
-- beyond clients' reach.
begin;
\ir ../helpers/tests_schema.psql
select plan(33);

select tests.create_user(name) from unnest(array['owner', 'outsider']) name;
select tests.create_organization('owner', 'press');
select tests.create_organization('outsider', 'rival');

reset role;
insert into public.books (id, organization_id, title) values
('00000000-0000-0000-0000-0000000000b1', tests.org_id('press'), 'Manuals'),
('00000000-0000-0000-0000-0000000000b2', tests.org_id('rival'), 'Rival manuals');
insert into public.chapters (book_id, chapter_number, title, content) values
('00000000-0000-0000-0000-0000000000b1', 1, 'Keys',
 'Generate a new key pair with ssh-keygen and copy the public key to the remote server.'),
('00000000-0000-0000-0000-0000000000b1', 2, 'Windows',
 'On Windows the agent keeps your keys in memory; start it from the services panel.'),
('00000000-0000-0000-0000-0000000000b1', 3, 'Printing',
 'The printer queue lists jobs waiting for the printer; cancel a job with its number.'),
('00000000-0000-0000-0000-0000000000b1', 4, '밤', '서울에서 온 편지는 짧았다.'),
('00000000-0000-0000-0000-0000000000b1', 5, '信', '我在北京工作了三年。'),
('00000000-0000-0000-0000-0000000000b2', 1, 'Rival keys',
 'Generate a key pair with ssh-keygen; the rival organization''s own manual.');
create function pg_temp.found(query text) returns text []
language sql as $$
    select array_agg(c.title order by k.keyword_rank)
    from public.keyword_search_chapters(query, 10) k join public.chapters c on c.id = k.chapter_id
$$;
grant execute on function pg_temp.found(text) to public;

select tests.authenticate_as('owner');
select is(pg_temp.found('how do I copy my keys to a server?'), array['Keys', 'Windows'],
    'a question with stop words finds the chapters with its content words, the one matching more first');
select is((pg_temp.found('how do I copy my keys to a server?'))[1], 'Keys',
    'ranked: the chapter matching most words comes first');
select is(pg_temp.found('how do i'), null, 'stop words alone match nothing');
select is(pg_temp.found('printers'), array['Printing'], 'words are stemmed: printers finds printer');
select is(pg_temp.found('"public key" printer'), array['Keys'], 'a quoted phrase is required');
select is(pg_temp.found('"key public"'), null, 'a quoted phrase matches in its order only');
select is(pg_temp.found('keys -windows'), array['Keys'], 'a -word excludes the chapters that contain it');
select is(pg_temp.found('keys or printer'), array['Keys', 'Printing', 'Windows'],
    'the word "or" is an operator, not a search term');
select is(pg_temp.found('서울'), array['밤'], 'a Korean word finds the word with its particle (서울에서)');
select is(pg_temp.found('편지'), array['밤'], 'and 편지 finds 편지는');
select is(pg_temp.found('北京'), array['信'], 'Chinese words are found inside unspaced text');
select is(pg_temp.found('ssh-keygen'), array['Keys'], 'RLS decides: the rival''s chapter stays invisible');

select throws_ok($$select * from public.keyword_search_chapters(repeat('x', 1001))$$, '22023', null,
    'an over-long query is refused');

select tests.authenticate_as('outsider');
select is(pg_temp.found('ssh-keygen'), array['Rival keys'], 'the other organization finds only its own');

-- common terms: once statistics show a word in most chapters, it ranks but does not decide
reset role;
insert into public.chapters (book_id, chapter_number, title, content)
select '00000000-0000-0000-0000-0000000000b1', 1000 + n, 'Reference ' || n, 'gcloud command flag reference page ' || n
from generate_series(1, 150) n;
insert into public.chapters (book_id, chapter_number, title, content) values
('00000000-0000-0000-0000-0000000000b1', 200, 'Reset instance', 'gcloud command to reset an instance'),
('00000000-0000-0000-0000-0000000000b1', 201, 'Reset printer', 'reset the printer from its panel');
analyze public.chapters;
select tests.authenticate_as('owner');
select is((pg_temp.found('gcloud command reset'))[1:2], array['Reset instance', 'Reset printer'],
    'chapters with the rare word come first, the one that also has the common words ahead');
select is((pg_temp.found('gcloud command printer'))[1:2], array['Reset printer', 'Printing'],
    'chapters holding only the common words rank below every chapter with a rare word');
select is((select array_agg(c.title) from public.keyword_search_chapters('gcloud command', 500) k
           join public.chapters c on c.id = k.chapter_id where c.title not like 'Reference %'),
    array['Reset instance'], 'a query of common words alone requires all of them');

-- keyword matching runs in private.readable_chapters_matching (RLS cannot use GIN indexes):
-- it returns exactly the chapters RLS shows, to each kind of caller
reset role;
insert into public.projects (id, organization_id, created_by, title, slug, visibility) values
('00000000-0000-0000-0000-0000000000c1', tests.org_id('rival'), tests.get_user_id('outsider'), 'Open', 'open', 'public'),
('00000000-0000-0000-0000-0000000000c2', tests.org_id('rival'), tests.get_user_id('outsider'), 'Closed', 'closed',
 'private');
insert into public.books (id, project_id, title) values
('00000000-0000-0000-0000-0000000000b3', '00000000-0000-0000-0000-0000000000c1', 'Open manual'),
('00000000-0000-0000-0000-0000000000b4', '00000000-0000-0000-0000-0000000000c2', 'Closed manual');
insert into public.chapters (book_id, chapter_number, title, content) values
('00000000-0000-0000-0000-0000000000b3', 1, 'Open keys', 'A public key for everyone.'),
('00000000-0000-0000-0000-0000000000b4', 1, 'Closed keys', 'A private key for the team.');
update public.chapters set deleted_at = now() where title = 'Windows';
create function pg_temp.matches_rls(q tsquery) returns boolean
language sql as $$
    select (select array_agg(m.id order by m.id) from private.readable_chapters_matching(q, null, null, null, null) m (id))
           is not distinct from (select array_agg(c.id order by c.id) from public.chapters c
                                 where c.fts_english @@ q and c.deleted_at is null)
$$;
grant execute on function pg_temp.matches_rls(tsquery) to public;
select tests.authenticate_as('owner');
select ok(pg_temp.matches_rls('key'), 'a member: the matching chapters RLS shows (own organization and public projects)');
select tests.authenticate_as('outsider');
select ok(pg_temp.matches_rls('key'), 'a member of the other organization: its own, its private project''s and public ones');
select tests.clear_authentication();
select ok(pg_temp.matches_rls('key'), 'anon: chapters of public projects only');
select tests.authenticate_as_service_role();
select ok(pg_temp.matches_rls('key'), 'service_role: every live chapter');
select is((select count(*)::int from private.readable_chapters_matching('key', null, null, null, null)), 4,
    'and deleted chapters never');

-- passages: scope from the chapter, read under RLS, written only by the embedding worker
reset role;
insert into public.chapter_embeddings (chapter_id, passage_no, passage_start, passage_end, embedding, embedding_model)
select c.id, n, n * 40, n * 40 + 40, array_fill(0.1, array[384])::extensions.vector, 'test'
from public.chapters c cross join generate_series(0, 1) n
where c.title = 'Keys';
select is((select array_agg(distinct e.organization_id) from public.chapter_embeddings e), array[tests.org_id('press')],
    'a passage takes its organization from its chapter');
select tests.authenticate_as('owner');
select is((select count(*)::int from public.chapter_embeddings), 2, 'the owner reads the passages of their chapters');
select throws_ok($$update public.chapter_embeddings set passage_no = 7$$, '42501', null,
    'clients cannot change passages');
select throws_ok($$update public.chapter_embeddings set organization_id = tests.org_id('rival')$$, '42501', null,
    'nor move them to another organization');
select tests.authenticate_as('outsider');
select is((select count(*)::int from public.chapter_embeddings), 0, 'another organization reads none of them');

-- match_chapters' strategy count (security definer, the policy's terms as values) counts
-- exactly the passages RLS shows, to each kind of caller, with and without filters
reset role;
insert into public.chapter_embeddings (chapter_id, passage_no, passage_start, passage_end, embedding, embedding_model)
select c.id, n, n * 10, n * 10 + 10, array_fill(0.2, array[384])::extensions.vector, 'test'
from public.chapters c cross join generate_series(0, 2) n
where c.title in ('Open keys', 'Closed keys');
create function pg_temp.counts_as_rls(book uuid default null) returns boolean
language sql as $$
    select private.chapter_candidates(null, book, null, 1000)
           = (select count(*)::int from public.chapter_embeddings e where book is null or e.book_id = book)
$$;
grant execute on function pg_temp.counts_as_rls(uuid) to public;
select tests.authenticate_as('owner');
select ok(pg_temp.counts_as_rls() and private.chapter_candidates(null, null, null, 1000) = 5,
    'a member counts their own passages and the public project''s');
select ok(pg_temp.counts_as_rls('00000000-0000-0000-0000-0000000000b4'),
    'and nothing of another organization''s private book');
select tests.authenticate_as('outsider');
select ok(pg_temp.counts_as_rls() and private.chapter_candidates(null, null, null, 1000) = 6,
    'a member of the other organization counts its own projects'' passages');
select tests.clear_authentication();
select ok(pg_temp.counts_as_rls() and private.chapter_candidates(null, null, null, 1000) = 3,
    'anon counts the public project''s only');
select tests.authenticate_as_service_role();
select ok(pg_temp.counts_as_rls() and private.chapter_candidates(null, null, null, 1000) = 8,
    'service_role counts everything');
select is(private.chapter_candidates(null, null, null, 4), 4, 'the count stops at its cap');

select * from finish();
rollback;
