-- Recent durations per kind and provider (public.generation_estimated_completion): the latest
-- succeeded generations of a kind and provider, newest first, without a scan.
create index generations_recent_duration_idx on public.generations (kind, (coalesce(provider, '')), completed_at desc)
where status = 'succeeded';
-- the kind's alone, when the provider has no history yet
create index generations_recent_kind_duration_idx on public.generations (kind, completed_at desc)
where status = 'succeeded';
