-- name: target
-- the generation's book and chapter
select g.book_id, g.chapter_id from public.generations as g where g.id = %(generation)s;

-- name: book_title
select b.title from public.books as b
where b.id = %(book)s and b.organization_id = %(org)s and b.deleted_at is null;

-- name: book_chapters
-- the chapters with text, in order
select c.chapter_number as number, c.title, c.content
from public.chapters as c
where c.book_id = %(book)s and c.deleted_at is null and c.content ~ '\S'
order by c.chapter_number, c.created_at;

-- name: overview
select
    p.logline,
    p.themes,
    p.story_type,
    p.genre,
    p.tone,
    p.audience,
    p.setting,
    (select g.result -> 'structure' from public.generations as g where g.id = p.generation_id) as structure
from public.plot_overviews as p
where p.id = %(overview)s and p.deleted_at is null;

-- name: overview_of_generation
-- what an earlier attempt of this job wrote
select p.id from public.plot_overviews as p where p.generation_id = %(generation)s;

-- name: lock_book
-- one live overview per book (LitinkAI: plot_overviews.book_id unique); developing the book
-- again writes its next version. Serialized on the book row.
select 1 from public.books as b where b.id = %(book)s for update;

-- name: update_overview
update public.plot_overviews
set
    logline = %(logline)s,
    themes = %(themes)s,
    story_type = %(story_type)s,
    genre = %(genre)s,
    tone = %(tone)s,
    audience = %(audience)s,
    setting = %(setting)s,
    generation_method = %(method)s,
    model_used = %(model)s,
    generation_cost = %(cost)s,
    status = 'ready',
    version = version + 1,
    generation_id = %(generation)s
where book_id = %(book)s and deleted_at is null
returning id;

-- name: insert_overview
insert into public.plot_overviews (
    book_id, created_by, logline, themes, story_type, genre, tone, audience, setting, generation_method,
    model_used, generation_cost, status, generation_id
) values (
    %(book)s, %(user)s, %(logline)s, %(themes)s, %(story_type)s, %(genre)s, %(tone)s, %(audience)s, %(setting)s,
    %(method)s, %(model)s, %(cost)s, 'ready', %(generation)s
)
returning id;

-- name: archetypes
select a.name from public.character_archetypes as a where a.is_active;

-- name: retire_characters
-- the characters an earlier development wrote for this overview give way (soft delete);
-- characters people wrote themselves stay
update public.characters set deleted_at = now()
where
    plot_overview_id = %(overview)s and deleted_at is null
    and generation_id is not null and generation_id <> %(generation)s;

-- name: insert_character
insert into public.characters (
    book_id, plot_overview_id, created_by, name, role, archetype, archetypes, physical_description, personality,
    want, need, character_arc, display_order, generation_method, model_used, generation_id
) values (
    %(book)s, %(overview)s, %(user)s, %(name)s, %(role)s, %(archetype)s, %(archetypes)s, %(physical_description)s,
    %(personality)s, %(want)s, %(need)s, %(character_arc)s, %(display_order)s, %(provider)s, %(model)s,
    %(generation)s
);

-- name: cast
select
    c.name,
    c.role,
    c.archetype,
    c.archetypes,
    c.physical_description,
    c.personality,
    c.want,
    c.need,
    c.character_arc
from public.characters as c
where c.generation_id = %(generation)s and c.deleted_at is null
order by c.display_order;

-- name: chapter
select c.chapter_number, c.title, c.content from public.chapters as c
where c.id = %(chapter)s and c.deleted_at is null;

-- name: chapter_script_done
-- what an earlier attempt of this job wrote
select cs.id, cs.script_id, s.script, s.scene_count
from public.chapter_scripts as cs
join public.scripts as s on cs.script_id = s.id
where cs.generation_id = %(generation)s;

-- name: insert_script
insert into public.scripts (chapter_id, created_by, script, story_type, character_details, status)
values (%(chapter)s, %(user)s, %(script)s, %(story_type)s, %(character_details)s, 'ready')
returning id;

-- name: insert_chapter_script
insert into public.chapter_scripts (
    chapter_id, plot_overview_id, script_id, created_by, plot_enhanced, character_enhanced, scenes, acts, beats,
    character_details, character_arcs, status, generation_metadata, generation_id
) values (
    %(chapter)s, %(overview)s, %(script)s, %(user)s, true, %(character_enhanced)s, %(scenes)s, %(acts)s, %(beats)s,
    %(character_details)s, %(character_arcs)s, 'ready', %(generation_metadata)s, %(generation)s
)
returning id;

-- name: request_story
select r.id, r.status from public.request_story(%(book)s, %(options)s, %(dedup_key)s) as r;

-- name: root
select g.book_id, g.status from public.generations as g where g.id = %(root)s;

-- name: root_overview
select p.* from public.plot_overviews as p
join public.generations as g on p.generation_id = g.id
where g.id = %(root)s;

-- name: overview_cast
select c.name, c.role, c.archetype, c.archetypes from public.characters as c
where c.plot_overview_id = %(overview)s and c.deleted_at is null
order by c.display_order;

-- name: chapter_scripts
select ch.chapter_number, ch.title, cs.script_id, s.scene_count, cs.plot_enhanced, cs.character_enhanced
from public.chapter_scripts as cs
join public.chapters as ch on cs.chapter_id = ch.id
join public.scripts as s on cs.script_id = s.id
join public.generations as g on cs.generation_id = g.id
where g.parent_id = %(root)s
order by ch.chapter_number;

-- name: story_credits
select t.type, sum(abs(t.held_delta))::bigint as credits, count(*) as moves
from public.credit_transactions as t
join public.generations as g on t.hold_id = g.hold_id
where g.id = %(root)s or g.parent_id = %(root)s
group by t.type;

-- name: story_state
-- the root and its jobs: how many, done, stopped for good, the failures' messages
select
    count(*) as jobs,
    count(*) filter (where g.status = 'succeeded') as done,
    count(*) filter (where g.status in ('failed', 'cancelled')) as stopped,
    string_agg(g.kind || ': ' || g.error_message, '; ') filter (where g.status = 'failed') as errors
from public.generations as g
where g.id = %(root)s or g.parent_id = %(root)s;
