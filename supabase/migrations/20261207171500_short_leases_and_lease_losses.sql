-- Recovery after a crash (issue 27). Leases are short and renewed by the workers' heartbeat,
-- so a dead worker's job is taken again within lease + reaper cadence (20 s + 10 s) whatever
-- the kind and however long the job runs; the bound is the kinds' check, not a convention.
update public.generation_kinds set lease_seconds = least(lease_seconds, 20);
alter table public.generation_kinds drop constraint generation_kinds_lease_seconds_check;
alter table public.generation_kinds add constraint generation_kinds_lease_seconds_check
    check (lease_seconds between 5 and 20);
alter table public.generation_kinds alter column lease_seconds set default 20;

-- A lost lease (the worker died, froze or was cut off) is not a failed handler attempt: it is
-- counted apart, with its own bound, so crashes do not dead-letter a healthy job and a job
-- that kills every worker that takes it still ends.
alter table public.generation_kinds add column max_lease_losses integer not null default 5
    check (max_lease_losses between 1 and 25);
comment on column public.generation_kinds.max_lease_losses is
'Lost leases (worker died or stalled) after which a job is dead-lettered (lease_expired); apart from max_attempts.';
alter table private.job_queue add column lease_losses integer not null default 0 check (lease_losses >= 0);

-- the reaper's cadence is the other half of the recovery time
update private.duties set every = interval '10 seconds' where name = 'reap_jobs';
