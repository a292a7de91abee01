-- Watch: visibility by plan, publication and role; scope and status rules; the progress
-- RPC; exact counters and averages; watchlists, likes, categories; the app's views.
begin;
\ir ../helpers/tests_schema.psql
select plan(79);

select tests.create_user(name)
from unnest(array['owner', 'editor', 'viewer', 'free_fan', 'sub_fan', 'prem_fan', 'outsider']) name;
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'editor', 'editor');
select tests.add_member('acme', 'viewer', 'viewer');
-- plans of the fans' personal organizations
update public.subscriptions s set plan_id = 'basic'
from public.organizations o
where o.id = s.organization_id and o.is_personal and o.primary_owner_user_id = tests.get_user_id('sub_fan');
update public.subscriptions s set plan_id = 'premium'
from public.organizations o
where o.id = s.organization_id and o.is_personal and o.primary_owner_user_id = tests.get_user_id('prem_fan');

select tests.authenticate_as('editor');
insert into public.projects (organization_id, created_by, title, slug)
values (tests.org_id('acme'), auth.uid(), 'Lantern', 'lantern');
create temporary table ids (name text primary key, id uuid) on commit drop;
grant all on ids to anon, authenticated;
insert into ids select 'project', id from public.projects where slug = 'lantern';

-- the organization comes from the project, whatever the client sends
insert into public.contents (project_id, organization_id, title, slug, type, visibility, genre, duration_minutes,
                             video_url, view_count)
select (select id from ids where name = 'project'), (select o.id from public.organizations o limit 0), t.title,
       t.slug, t.type, t.visibility, t.genre, 100, 'https://cdn.test/' || t.slug || '.mp4', 999
from (values ('Free film', 'free-film', 'movie', 'free', 'drama'),
             ('Member film', 'member-film', 'movie', 'subscribers', 'drama'),
             ('Premium film', 'premium-film', 'movie', 'premium', 'sci-fi'),
             ('Draft film', 'draft-film', 'movie', 'free', 'drama')) t (title, slug, type, visibility, genre);
insert into ids select slug, id from public.contents;
select is((select count(*)::int from public.contents
           where organization_id = tests.org_id('acme') and created_by = auth.uid() and view_count = 0), 4,
    'contents take the project''s organization and the caller as creator; counters start at zero');

select throws_ok($$update public.contents set view_count = 5 where slug = 'free-film'$$, '42501',
    'column contents.view_count cannot be changed by clients', 'a client cannot write a counter');
select throws_ok($$update public.contents set project_id = gen_random_uuid() where slug = 'free-film'$$, '42501',
    'column contents.project_id cannot be changed by clients', 'nor move content to another project');
select throws_ok($$update public.contents set status = 'archived' where slug = 'free-film'$$, 'PT409',
    'contents: cannot move from draft to archived', 'the status machine refuses draft → archived');
select throws_ok($$insert into public.contents (project_id, title, type, status)
                   select id, 'X', 'movie', 'published' from ids where name = 'project'$$, 'PT409',
    'content starts as a draft (or processing), not published', 'content cannot be born published');
update public.contents set video_url = null where slug = 'premium-film';
select throws_ok($$update public.contents set status = 'published' where slug = 'premium-film'$$, 'PT409',
    'content needs a video_url, hls_url or dash_url before it is published', 'nothing to play, no publishing');
update public.contents set video_url = 'https://cdn.test/p.mp4' where slug = 'premium-film';
update public.contents set status = 'published' where slug in ('free-film', 'member-film', 'premium-film');
select is((select count(*)::int from public.contents where status = 'published' and published_at is not null), 3,
    'publishing stamps published_at');

-- a series: seasons and episodes take their scope from the parent; counts by trigger
insert into public.contents (project_id, title, slug, type, visibility, genre)
select id, 'Harbour', 'harbour', 'series', 'free', 'sci-fi' from ids where name = 'project';
insert into ids select 'harbour', id from public.contents where slug = 'harbour';
select throws_ok($$update public.contents set status = 'published' where slug = 'harbour'$$, 'PT409',
    'a series needs at least one episode before it is published', 'an empty series is not published');
select throws_ok($$insert into public.content_seasons (content_id, season_number)
                   select id, 1 from ids where name = 'free-film'$$, '22023', 'only a series has seasons',
    'a film has no seasons');
insert into public.content_seasons (content_id, season_number) select id, s from ids, generate_series(1, 2) s
where name = 'harbour';
insert into public.content_episodes (season_id, content_id, season_number, episode_number, duration_minutes)
select s.id, (select id from ids where name = 'free-film'), 9, e, 20
from public.content_seasons s, generate_series(1, 3) e where s.season_number = 1;
insert into public.content_episodes (season_id, episode_number, duration_minutes)
select s.id, 1, 20 from public.content_seasons s where s.season_number = 2;
select is((select (season_count, episode_count)::text from public.contents where slug = 'harbour'), '(2,4)',
    'the series counts 2 seasons and 4 episodes');
select is((select array_agg(episode_count order by season_number) from public.content_seasons),
    array[3, 1], 'each season counts its episodes');
select is((select count(*)::int from public.content_episodes
           where content_id = (select id from ids where name = 'harbour') and season_number in (1, 2)), 4,
    'episodes take content and season number from their season, whatever the client sent');
select throws_ok($$update public.content_episodes set content_id = (select id from ids where name = 'free-film')$$,
    '42501', 'column content_episodes.content_id cannot be changed by clients', 'an episode stays in its series');
delete from public.content_episodes where season_number = 2;
select is((select (season_count, episode_count)::text from public.contents where slug = 'harbour'), '(2,3)',
    'deleting an episode counts down');
update public.contents set status = 'published' where slug = 'harbour';
insert into ids select 'episode' || episode_number, id from public.content_episodes where season_number = 1;

-- visibility by plan, publication and role
select tests.clear_authentication();
select is((select array_agg(slug order by slug) from public.contents), array['free-film', 'harbour'],
    'anon lists free published content only');
select is((select count(*)::int from public.content_episodes), 3, 'and the free series'' episodes');
select tests.authenticate_as('free_fan');
select is((select array_agg(slug order by slug) from public.contents), array['free-film', 'harbour'],
    'a free plan opens the free tier');
select tests.authenticate_as('sub_fan');
select is((select array_agg(slug order by slug) from public.contents), array['free-film', 'harbour', 'member-film'],
    'a subscriber plan adds the subscribers tier');
select tests.authenticate_as('prem_fan');
select is((select array_agg(slug order by slug) from public.contents),
    array['free-film', 'harbour', 'member-film', 'premium-film'], 'a premium plan opens every tier');
select tests.authenticate_as('viewer');
select is((select count(*)::int from public.contents), 5, 'the organization sees its drafts too');
update public.contents set title = 'Mine' where slug = 'free-film';
select is((select title from public.contents where slug = 'free-film'), 'Free film', 'but a viewer member edits nothing');
select tests.authenticate_as('outsider');
select is((select count(*)::int from public.contents where slug = 'draft-film'), 0, 'outsiders never see drafts');
select throws_ok($$insert into public.contents (project_id, title, type)
                   select id, 'Squat', 'movie' from ids where name = 'project'$$, 'PT404', 'project not found',
    'nor add content to another organization''s project: it answers as a missing one');
select throws_ok($$insert into public.contents (project_id, title, type) values (gen_random_uuid(), 'X', 'movie')$$,
    'PT404', 'project not found', 'the same answer as for a project that does not exist');
select is((select count(*)::int from public.content_seasons), 2, 'an outsider on the free plan sees the free series');

-- a cancelled subscription closes its tiers again
reset role;
update public.subscriptions s set status = 'canceled'
from public.organizations o
where o.id = s.organization_id and o.is_personal and o.primary_owner_user_id = tests.get_user_id('prem_fan');
select tests.authenticate_as('prem_fan');
select is((select count(*)::int from public.contents), 2, 'a canceled premium subscription opens the free tier only');
reset role;
update public.subscriptions s set status = 'active'
from public.organizations o
where o.id = s.organization_id and o.is_personal and o.primary_owner_user_id = tests.get_user_id('prem_fan');

-- progress: upserted, completed at 90 %, one view per viewer and day
select tests.authenticate_as('sub_fan');
select is((select (progress_seconds, duration_seconds, progress_percent, completed)::text
           from public.record_watch_progress((select id from ids where name = 'member-film'), 3000, 99999)),
    '(3000,6000,50.00,f)', 'progress is stored against the film''s own duration (100 min)');
select is((select (progress_seconds, completed)::text
           from public.record_watch_progress((select id from ids where name = 'member-film'), 5399)),
    '(5399,f)', 'just under 90 % is not completed');
select is((select (progress_seconds, completed)::text
           from public.record_watch_progress((select id from ids where name = 'member-film'), 5400)),
    '(5400,t)', 'at 90 % it is completed');
select is((select (progress_seconds, completed)::text
           from public.record_watch_progress((select id from ids where name = 'member-film'), 60)),
    '(60,t)', 'rewinding keeps it completed');
select is((select count(*)::int from public.watch_history), 1, 'one history row per viewer and film');
select is((select view_count from public.contents where slug = 'member-film'), 1::bigint,
    'four reports on one day count one view');
select throws_ok($$select public.record_watch_progress((select id from ids where name = 'premium-film'), 10)$$,
    'PT404', 'content not found', 'a subscriber cannot play premium content');
select throws_ok($$select public.record_watch_progress(gen_random_uuid(), 10)$$,
    'PT404', 'content not found', 'the same answer as for content that does not exist');
select throws_ok($$select public.record_watch_progress((select id from ids where name = 'harbour'), 10)$$,
    '22023', 'a series is watched episode by episode: episode_id is required', 'a series needs an episode');
select throws_ok($$select public.record_watch_progress((select id from ids where name = 'free-film'), -1)$$,
    '22023', 'progress_seconds must be zero or more', 'negative progress is refused');
select throws_ok($$select public.record_watch_progress((select id from ids where name = 'free-film'), 1, null,
                                                      null, repeat('x', 51))$$,
    '22023', 'device_type is at most 50 characters', 'device_type is length-capped');
select throws_ok($$select public.record_watch_progress((select id from ids where name = 'harbour'), 1, null,
                                                      (select id from ids where name = 'free-film'))$$,
    'PT404', 'episode not found', 'an episode must belong to the content');
select public.record_watch_progress((select id from ids where name = 'harbour'), 300, null,
                                    (select id from ids where name = 'episode1'), 'tv');
select public.record_watch_progress((select id from ids where name = 'harbour'), 600, null,
                                    (select id from ids where name = 'episode2'), 'tv');
select is((select (view_count, (select sum(e.view_count) from public.content_episodes e)::int)::text
           from public.contents where slug = 'harbour'), '(1,2)',
    'two episodes on one day: one view of the series, one of each episode');
select is((select array_agg(title order by title) from public.continue_watching), array['Harbour'],
    'continue watching lists the unfinished series, not the finished film');
select is((select (episode_number, progress_seconds)::text from public.continue_watching), '(2,600)',
    'at the most recent episode and position');
select throws_ok($$insert into public.watch_history (user_id, content_id) select auth.uid(), id from ids
                   where name = 'free-film'$$, '42501', null, 'history is written through the RPC only');
select tests.authenticate_as('free_fan');
select is((select count(*)::int from public.watch_history), 0, 'history is private to its viewer');
select is((select count(*)::int from public.content_views), 0, 'and so are views');
select tests.clear_authentication();
select throws_ok($$select public.record_watch_progress((select id from ids where name = 'free-film'), 10)$$,
    '42501', null, 'anon cannot record progress');

-- ratings: one per viewer and content, exact average and count
select tests.authenticate_as('sub_fan');
insert into public.content_ratings (content_id, rating, review) select id, 2, 'slow' from ids where name = 'free-film';
select tests.authenticate_as('prem_fan');
insert into public.content_ratings (content_id, rating, created_at, updated_at)
select id, 4, '2001-01-01', '2001-01-01' from ids where name = 'free-film';
select is((select (created_at = now() and updated_at = now())::text from public.content_ratings
           where user_id = auth.uid()), 'true', 'a rating is stamped when it is made, whatever the client sent');
select tests.authenticate_as('free_fan');
insert into public.content_ratings (content_id, rating, user_id)
select id, 5, tests.get_user_id('prem_fan') from ids where name = 'free-film';
select is((select (rating_count, average_rating)::text from public.contents where slug = 'free-film'), '(3,3.67)',
    'three ratings: count 3, average 3.67 (the rater is always the caller)');
select throws_ok($$insert into public.content_ratings (content_id, rating) select id, 1 from ids
                   where name = 'free-film'$$, '23505', null, 'one rating per viewer and content');
reset role;
update public.content_ratings set created_at = now() - interval '1 hour' where user_id = tests.get_user_id('free_fan');
select tests.authenticate_as('free_fan');
select lives_ok($$insert into public.content_ratings (id, content_id, rating, review, created_at)
                  select r.id, r.content_id, r.rating, 'again', r.created_at from public.content_ratings r
                  where r.user_id = auth.uid()
                  on conflict (id) do update
                  set rating = excluded.rating, review = excluded.review, created_at = excluded.created_at$$,
    'a viewer upserts their rating as read (supabase-js .upsert), created_at and all');
select is((select (review, created_at = now() - interval '1 hour')::text from public.content_ratings
           where user_id = auth.uid()), '(again,t)', 'the review changes, when it was made does not');
select throws_ok($$insert into public.content_ratings (content_id, rating) select id, 6 from ids
                   where name = 'harbour'$$, '23514', null, 'ratings run from 1 to 5');
select throws_ok($$insert into public.content_ratings (content_id, rating) select id, 5 from ids
                   where name = 'member-film'$$, 'PT404', 'content not found',
    'a viewer cannot rate content their plan does not open');
update public.content_ratings set rating = 1 where user_id <> auth.uid();
select tests.authenticate_as('sub_fan');
update public.content_ratings set rating = 5 where user_id = auth.uid();
select is((select (rating_count, average_rating)::text from public.contents where slug = 'free-film'), '(3,4.67)',
    'changing a rating moves the average; others'' ratings are out of reach');
delete from public.content_ratings where user_id = auth.uid();
select is((select (rating_count, rating_sum, average_rating)::text from public.contents where slug = 'free-film'),
    '(2,9,4.50)', 'deleting a rating takes it out of count and average');

-- likes: once per viewer, counted by trigger
insert into public.content_likes (content_id) select id from ids where name = 'free-film';
select throws_ok($$insert into public.content_likes (content_id) select id from ids where name = 'free-film'$$,
    '23505', null, 'a viewer likes a content once');
select tests.authenticate_as('free_fan');
insert into public.content_likes (content_id) select id from ids where name = 'free-film';
delete from public.content_likes;
select is((select like_count from public.contents where slug = 'free-film'), 1::bigint,
    'two likes, one taken back: like_count 1');

-- watchlists
insert into public.watchlists (content_id) select id from ids where name in ('free-film', 'harbour');
select throws_ok($$insert into public.watchlists (content_id) select id from ids where name = 'free-film'$$,
    '23505', null, 'a content is on a watchlist once');
select throws_ok($$insert into public.watchlists (content_id) select id from ids where name = 'premium-film'$$,
    'PT404', 'content not found', 'only content the plan opens goes on the watchlist');
select tests.authenticate_as('sub_fan');
select is((select count(*)::int from public.watchlists), 0, 'watchlists are private');

-- categories: the platform's; editors file their content
reset role;
insert into public.content_categories (name, slug) values ('Originals', 'originals');
insert into public.content_categories (name, slug, is_active) values ('Hidden', 'hidden', false);
select tests.clear_authentication();
select is((select array_agg(slug) from public.content_categories), array['originals'], 'anon sees active categories');
select tests.authenticate_as('editor');
select throws_ok($$insert into public.content_categories (name, slug) values ('Mine', 'mine')$$, '42501', null,
    'clients do not create categories');
insert into public.content_category_items (content_id, category_id)
select i.id as content_id, c.id as category_id from ids i, public.content_categories c
where i.name in ('free-film', 'draft-film') and c.slug = 'originals';
select tests.authenticate_as('outsider');
select is((select count(*)::int from public.content_category_items), 1,
    'an outsider sees the published content''s category, not the draft''s');
select throws_ok($$insert into public.content_category_items (content_id, category_id)
                   select i.id, c.id from ids i, public.content_categories c
                   where i.name = 'harbour' and c.slug = 'originals'$$, '42501', null,
    'and files nothing in another organization''s catalogue');

-- trending: deduplicated activity of the last 7 days, among visible content
select tests.authenticate_as('free_fan');
select public.record_watch_progress((select id from ids where name = 'free-film'), 10);
select tests.authenticate_as('prem_fan');
select public.record_watch_progress((select id from ids where name = 'member-film'), 5900);
-- trending is precomputed: the duty's run, as the scheduler would make it
reset role;
select private.refresh_trending_contents(7);
select tests.authenticate_as('free_fan');
select is((select array_agg(title order by trending_rank, title) from public.trending_contents),
    array['Free film', 'Harbour'], 'trending ranks what this viewer may see: 1 viewer + 2 × 1 like over 1 viewer');
select is((select completion_count from public.contents where slug = 'free-film'), 0::bigint,
    'nobody finished the free film');
select tests.authenticate_as('sub_fan');
select is((select (title, viewers_7d, completions_7d, trending_score)::text from public.trending_contents
           where trending_rank = 1), '("Member film",2,2,8)', 'two viewers who both finished: 2 + 3 × 2');
select is((select completion_count from public.contents where slug = 'member-film'), 2::bigint,
    'completion_count counts each viewer who finished once');

-- match score: the mean of the watched contents' embeddings against each content
reset role;
update public.contents set embedding = (array[1, 0] || array_fill(0::real, array[382]))::extensions.vector
where slug = 'member-film';
update public.contents set embedding = (array[1, 1] || array_fill(0::real, array[382]))::extensions.vector
where slug = 'free-film';
update public.contents set embedding = (array[0, 1] || array_fill(0::real, array[382]))::extensions.vector
where slug = 'harbour';
-- match scores are precomputed: the duty's run
select private.refresh_content_matches(200);
select tests.authenticate_as('sub_fan');
select is((select array_agg(format('%s=%s', slug, match_score) order by slug) from public.content_matches),
    array['free-film=100', 'harbour=71', 'member-film=71'],
    'taste = mean of member-film and harbour; scores are 100 × cosine similarity');
select tests.authenticate_as('outsider');
select is((select count(*)::int from public.content_matches), 0, 'no history, no match scores');

-- a private project's drafts stay with those who may read the project
select tests.authenticate_as('editor');
insert into public.projects (organization_id, created_by, title, slug, visibility)
values (tests.org_id('acme'), auth.uid(), 'Secret', 'secret', 'private');
insert into public.contents (project_id, title, slug, type, visibility)
select id, 'Secret cut', 'secret-cut', 'movie', 'free' from public.projects where slug = 'secret';
select tests.authenticate_as('viewer');
select is((select count(*)::int from public.contents where slug = 'secret-cut'), 0,
    'a private project''s draft is hidden from the organization''s other members');
select tests.authenticate_as('editor');
select is((select count(*)::int from public.contents where slug = 'secret-cut'), 1, 'its creator sees it');
reset role;
delete from public.contents where slug = 'secret-cut';

-- a soft-deleted project hides its contents from everyone, its organization included
reset role;
update public.projects set deleted_at = now() where slug = 'lantern';
select tests.clear_authentication();
select is((select count(*)::int from public.contents), 0, 'a deleted project''s content is not listed');
select tests.authenticate_as('editor');
select is((select count(*)::int from public.contents), 0, 'not even to its organization');
select tests.authenticate_as('sub_fan');
select throws_ok($$select public.record_watch_progress((select id from ids where name = 'free-film'), 10)$$,
    'PT404', 'content not found', 'nor played');
reset role;
update public.projects set deleted_at = null where slug = 'lantern';
select tests.clear_authentication();
select is((select count(*)::int from public.contents), 2, 'restoring the project shows it again');
reset role;
update public.organizations set deleted_at = now() where id = (select organization_id from public.projects where slug = 'lantern');
select tests.clear_authentication();
select is((select count(*)::int from public.contents), 0, 'a deleted organization''s published contents are hidden too');
reset role;
update public.organizations set deleted_at = null where id = (select organization_id from public.projects where slug = 'lantern');
select tests.clear_authentication();
select is((select count(*)::int from public.contents), 2, 'and shown again when it is restored');

-- analysts
reset role;
select is((select (views, started, completed, completion_rate)::text from analytics.content_engagement
           where genre = 'drama'), '(3,3,2,0.6667)',
    'engagement by IP and genre: views, starts, completions and completion rate');
select is((select (ratings, average_rating)::text from analytics.content_engagement where genre = 'drama'),
    '(2,4.50)', 'and the ratings');

select * from finish();
rollback;
