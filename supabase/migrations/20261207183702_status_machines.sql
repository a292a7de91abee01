-- Status machines: every allowed move of every stateful table, as data read in one place.
-- A table's machine is enforced by its `status_machine` trigger
-- (private.enforce_transition('<machine>'), supabase/functions/status_machines.sql): a
-- status change that is not a row here is refused with 55000
-- `<machine>: cannot move from X to Y`. A machine is named after its table. Staying in a
-- status is not a move (the trigger only runs when the status changes). Statuses a row
-- starts in are the table's insert rules; a status that is never a from_status is final.
create table private.transitions (
    machine text not null check (machine ~ '^[a-z][a-z0-9_]{0,62}$'),
    from_status text not null check (length(from_status) between 1 and 40),
    to_status text not null check (length(to_status) between 1 and 40),
    primary key (machine, from_status, to_status),
    check (from_status <> to_status)
);
comment on table private.transitions is
'Allowed status moves per machine (a machine is named after its table), enforced by private.enforce_transition. docs/architecture.md, "Status machines".';
-- the rules are the platform's own: no API role reads or writes them (the trigger reads them
-- as its owner); operators and workers may read them
revoke all on private.transitions from public, anon, authenticated, service_role;
grant select on private.transitions to service_role;

insert into private.transitions (machine, from_status, to_status) values
-- generations (docs/generation.md): a job is run, retried, handed back at shutdown
-- (running -> queued) or stopped; succeeded, failed and cancelled are final
('generations', 'queued', 'running'), ('generations', 'queued', 'cancelled'), ('generations', 'queued', 'failed'),
('generations', 'running', 'succeeded'), ('generations', 'running', 'failed'),
('generations', 'running', 'retrying'), ('generations', 'running', 'cancelled'),
('generations', 'running', 'queued'),
('generations', 'retrying', 'running'), ('generations', 'retrying', 'cancelled'),
('generations', 'retrying', 'failed'),
-- workflow_runs (docs/workflows.md): a run ends once, succeeded with its render, failed with
-- a node, or cancelled by its client
('workflow_runs', 'running', 'succeeded'), ('workflow_runs', 'running', 'failed'),
('workflow_runs', 'running', 'cancelled'),
-- credit_holds (docs/billing.md): a pending hold is settled once, captured, released or
-- expired
('credit_holds', 'pending', 'captured'), ('credit_holds', 'pending', 'released'),
('credit_holds', 'pending', 'expired'),
-- invitations (docs/tenancy.md): a pending invitation is answered once
('invitations', 'pending', 'accepted'), ('invitations', 'pending', 'declined'),
('invitations', 'pending', 'revoked'), ('invitations', 'pending', 'expired'),
-- contents (docs/marketplaces.md, Watch): draft -> processing -> published <-> archived;
-- draft -> published; processing -> draft
('contents', 'draft', 'processing'), ('contents', 'draft', 'published'), ('contents', 'processing', 'draft'),
('contents', 'processing', 'published'), ('contents', 'published', 'archived'),
('contents', 'archived', 'published'),
-- campaigns (docs/marketplaces.md, Invest): draft -> pending_review -> active -> funded |
-- failed -> completed; pending_review -> draft (withdrawn or sent back); draft,
-- pending_review, active -> cancelled
('campaigns', 'draft', 'pending_review'), ('campaigns', 'pending_review', 'draft'),
('campaigns', 'pending_review', 'active'), ('campaigns', 'active', 'funded'), ('campaigns', 'active', 'failed'),
('campaigns', 'funded', 'completed'), ('campaigns', 'failed', 'completed'), ('campaigns', 'draft', 'cancelled'),
('campaigns', 'pending_review', 'cancelled'), ('campaigns', 'active', 'cancelled'),
-- investments: pending -> confirmed | cancelled; confirmed -> refunded; cancelled ->
-- confirmed (a payment that arrives after its hold expired takes a slot again if one is
-- free); pending, cancelled -> refunded (a payment refunded before it was confirmed)
('investments', 'pending', 'confirmed'), ('investments', 'pending', 'cancelled'),
('investments', 'confirmed', 'refunded'), ('investments', 'cancelled', 'confirmed'),
('investments', 'pending', 'refunded'), ('investments', 'cancelled', 'refunded'),
-- orders (docs/marketplaces.md, Store): confirmed by payment, fulfilled, refundable once
-- paid; only an unpaid order is cancelled
('orders', 'pending', 'confirmed'), ('orders', 'pending', 'cancelled'),
('orders', 'confirmed', 'processing'), ('orders', 'confirmed', 'shipped'), ('orders', 'confirmed', 'refunded'),
('orders', 'processing', 'shipped'), ('orders', 'processing', 'refunded'),
('orders', 'shipped', 'delivered'), ('orders', 'shipped', 'refunded'),
('orders', 'delivered', 'refunded'),
-- license_requests (docs/marketplaces.md, Licensing): approved, rejected and withdrawn are
-- final
('license_requests', 'pending', 'reviewing'), ('license_requests', 'pending', 'rejected'),
('license_requests', 'pending', 'withdrawn'),
('license_requests', 'reviewing', 'negotiating'), ('license_requests', 'reviewing', 'approved'),
('license_requests', 'reviewing', 'rejected'), ('license_requests', 'reviewing', 'withdrawn'),
('license_requests', 'negotiating', 'approved'), ('license_requests', 'negotiating', 'rejected'),
('license_requests', 'negotiating', 'withdrawn'),
-- license_agreements: draft -> pending_signature -> active -> expired; terminated from any
-- live status
('license_agreements', 'draft', 'pending_signature'), ('license_agreements', 'draft', 'terminated'),
('license_agreements', 'pending_signature', 'active'), ('license_agreements', 'pending_signature', 'terminated'),
('license_agreements', 'active', 'expired'), ('license_agreements', 'active', 'terminated'),
-- royalty_reports: pending -> verified | disputed; disputed -> verified; verified -> paid |
-- disputed; a licensee's correction puts a verified or disputed report back to pending;
-- paid is final
('royalty_reports', 'pending', 'verified'), ('royalty_reports', 'pending', 'disputed'),
('royalty_reports', 'disputed', 'verified'), ('royalty_reports', 'verified', 'paid'),
('royalty_reports', 'verified', 'disputed'),
('royalty_reports', 'verified', 'pending'), ('royalty_reports', 'disputed', 'pending');
