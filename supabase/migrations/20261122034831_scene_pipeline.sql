-- The scene pipeline (docs/media.md): a job of a pipeline waits in the queue until its input
-- generations have succeeded (state 'waiting', never claimed), and brand policies name the
-- disclaimers a film's script must carry. Functions: supabase/functions/pipeline.sql.

alter table private.job_queue drop constraint job_queue_state_check;
alter table private.job_queue add constraint job_queue_state_check check (state in ('ready', 'running', 'waiting'));

-- Disclaimers every film of the organization (or project) must carry in its script or
-- scenes, checked with the forbidden words (prohibited_content) before credits are held.
alter table public.brand_policies add column required_disclaimers text [] not null default '{}';
