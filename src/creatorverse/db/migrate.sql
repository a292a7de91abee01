-- name: bootstrap
-- The Supabase CLI's history table (so `supabase db push` agrees on what ran) plus our checksum.
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
    version text not null primary key,
    statements text[],
    name text
);
alter table supabase_migrations.schema_migrations
    add column if not exists checksum text,
    add column if not exists applied_at timestamptz default now();
-- the runner no longer re-applies declarative files outside migrations
drop table if exists supabase_migrations.declarative_state;

-- name: lock
-- One migrator at a time: a session-level advisory lock under a fixed key.
select pg_advisory_lock(7201170533590154);

-- name: unlock
select pg_advisory_unlock(7201170533590154);

-- name: applied
select version, name, checksum from supabase_migrations.schema_migrations order by version;

-- name: record
insert into supabase_migrations.schema_migrations (version, name, statements, checksum)
values (%(version)s, %(name)s, %(statements)s, %(checksum)s);

-- name: backfill_checksum
-- Rows written by the Supabase CLI carry no checksum: adopt the current file's.
update supabase_migrations.schema_migrations set checksum = %(checksum)s
where version = %(version)s and checksum is null;
