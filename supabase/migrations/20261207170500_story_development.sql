-- LitinkAI's story development as generation kinds: from a book its plot overview, from the
-- overview its characters, then per chapter a script enhanced by both (docs/studio.md,
-- "Story development"). Each is a job of the generation engine (credits held and captured,
-- progress on the generation row); the handlers write plot_overviews, characters,
-- chapter_scripts and the chapter's scripts/scenes. Priced like `text`: per thousand tokens
-- of the text read, metered as llm_tokens (the quotas' token counter). Not requestable one by
-- one (request_generation): a story's jobs name their book and inputs, which request_story sets.

insert into public.generation_kinds (kind, description, resource_type, client_requestable, max_attempts, lease_seconds)
values
('plot_overview', 'a book''s plot overview: logline, themes, structure, genre, tone, setting', 'llm_tokens',
 false, 3, 300),
('story_characters', 'a plot overview''s characters with their archetypes, roles, wants and needs', 'llm_tokens',
 false, 3, 300),
('chapter_script', 'a chapter''s script enhanced by the plot overview and the characters, split into scenes',
 'llm_tokens', false, 3, 300);

insert into public.generation_prices (kind, credits_per_unit, usd_per_unit, unit) values
('plot_overview', 1, 0.002, 'thousand tokens'),
('story_characters', 1, 0.002, 'thousand tokens'),
('chapter_script', 1, 0.002, 'thousand tokens');

-- What a generation is for, like chapter_id and script_id: the book it develops. The door
-- (private.checked_generation) checks that it is a live book of the generation's project.
alter table public.generations add column book_id uuid references public.books (id) on delete set null;
create index generations_book_idx on public.generations (book_id) where book_id is not null;

-- The generation that wrote a row: a retried job finds what its earlier attempt wrote
-- instead of writing it twice.
alter table public.plot_overviews
add column generation_id uuid unique references public.generations (id) on delete set null;
alter table public.chapter_scripts
add column generation_id uuid unique references public.generations (id) on delete set null;
-- a job writes all its characters in one transaction: some found means all were written
alter table public.characters
add column generation_id uuid references public.generations (id) on delete set null;
create index characters_generation_idx on public.characters (generation_id) where generation_id is not null;
