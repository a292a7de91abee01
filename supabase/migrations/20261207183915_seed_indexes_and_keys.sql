-- The indexes and keys the seeds name (issue 25, item 11).

-- MODO Creator Verse idx_projects_status: projects listed by status (published, in review …)
create index projects_status_idx on public.projects (status) where deleted_at is null;

-- MODO Creator Verse idx_audit_entity: the history of one row
create index audit_logs_entity_idx on public.audit_logs (entity_type, entity_id);

-- LitinkAI idx_usage_logs_user_date: a user's latest usage
create index usage_events_user_idx on public.usage_events (user_id, occurred_at desc) where user_id is not null;

-- LitinkAI idx_characters_archetypes: characters by archetype (archetypes @> '{mentor}')
create index characters_archetypes_idx on public.characters using gin (archetypes);

-- LitinkAI idx_characters_plot: a plot overview's characters
create index characters_plot_overview_idx on public.characters (plot_overview_id) where plot_overview_id is not null;

-- LitinkAI plot_overviews.book_id unique: one live overview per book (developing the book again
-- writes its next version, creatorverse.media.story); a deleted one leaves room
create unique index plot_overviews_one_per_book on public.plot_overviews (book_id) where deleted_at is null;

-- LitinkAI fk_video_gen_script (on delete restrict): a script that generations were made from
-- is not deleted from under them. NO ACTION rather than RESTRICT: the check runs at the end of
-- the statement, so deleting the organization or project, which cascades to both the script
-- and its generations, still works; a client deleting the script (or its chapter or book) is
-- refused (23503). Soft delete (deleted_at) is the way to retire such a script.
alter table public.generations drop constraint generations_script_id_fkey;
alter table public.generations add constraint generations_script_id_fkey
foreign key (script_id) references public.scripts (id) on delete no action;
