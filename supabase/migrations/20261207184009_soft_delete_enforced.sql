-- Soft delete enforced (issue 25, item 7): a client's DELETE of a row with `deleted_at` becomes a
-- soft delete (private.soft_delete, supabase/functions/soft_delete.sql), restorable for the
-- retention period, then purged by the duty purge_deleted_rows.

-- Clients may hide their finished generations (the row keeps the money's history until purged;
-- the policy admits only succeeded, failed and cancelled ones).
grant delete on public.generations to authenticated;

-- Rows the purge could not remove yet (a foreign key still points at them: a generation's input,
-- a campaign's project), retried after another retention period instead of blocking the batch.
create table private.purge_deferred (
    table_name regclass not null,
    row_id uuid not null,
    retry_after timestamptz not null,
    primary key (table_name, row_id)
);
revoke all on private.purge_deferred from public, anon, authenticated;
grant select on private.purge_deferred to service_role;

-- the purge reads the deleted rows of each table oldest first: small partial indexes
create index animations_deleted_at_idx on public.animations (deleted_at) where deleted_at is not null;
create index assets_deleted_at_idx on public.assets (deleted_at) where deleted_at is not null;
create index books_deleted_at_idx on public.books (deleted_at) where deleted_at is not null;
create index brand_policies_deleted_at_idx on public.brand_policies (deleted_at) where deleted_at is not null;
create index chapter_scripts_deleted_at_idx on public.chapter_scripts (deleted_at) where deleted_at is not null;
create index chapters_deleted_at_idx on public.chapters (deleted_at) where deleted_at is not null;
create index characters_deleted_at_idx on public.characters (deleted_at) where deleted_at is not null;
create index feedback_deleted_at_idx on public.feedback (deleted_at) where deleted_at is not null;
create index generations_deleted_at_idx on public.generations (deleted_at) where deleted_at is not null;
create index moodboards_deleted_at_idx on public.moodboards (deleted_at) where deleted_at is not null;
create index plot_overviews_deleted_at_idx on public.plot_overviews (deleted_at) where deleted_at is not null;
create index projects_deleted_at_idx on public.projects (deleted_at) where deleted_at is not null;
create index prompts_deleted_at_idx on public.prompts (deleted_at) where deleted_at is not null;
create index scenes_deleted_at_idx on public.scenes (deleted_at) where deleted_at is not null;
create index scripts_deleted_at_idx on public.scripts (deleted_at) where deleted_at is not null;
create index stories_deleted_at_idx on public.stories (deleted_at) where deleted_at is not null;
create index templates_deleted_at_idx on public.templates (deleted_at) where deleted_at is not null;
create index universes_deleted_at_idx on public.universes (deleted_at) where deleted_at is not null;
create index workflows_deleted_at_idx on public.workflows (deleted_at) where deleted_at is not null;
