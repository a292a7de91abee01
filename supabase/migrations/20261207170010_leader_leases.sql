-- Singleton roles among the workers (the scheduler): the leader is a row's holder while its
-- lease runs, renewed every tick. Unlike the session advisory lock it replaces, it survives
-- transaction-mode poolers (Supabase's port 6543), where a session is not the client's.
-- `token` grows with every change of holder (a fencing token): each leader action checks it
-- in its own transaction (private.leader_fence locks the row `for key share`), so a deposed
-- leader cannot act. `token` is a column of a unique key, so a takeover (which changes it)
-- takes the row's FOR UPDATE lock and waits for the actions in flight, while the leader's
-- renewals (no key change: FOR NO KEY UPDATE) never wait for its own actions.
create table private.leader_leases (
    role text primary key check (role ~ '^[a-z][a-z0-9_]{0,62}$'),
    holder text check (length(holder) <= 200),
    token bigint not null default 0 check (token >= 0),
    lease_expires_at timestamptz not null default '-infinity',
    constraint leader_leases_role_token_key unique (role, token)
);
comment on table private.leader_leases is
'Leader roles held by a lease and fenced by a token (the scheduler). docs/generation.md, Scheduler.';
revoke all on private.leader_leases from public, anon, authenticated, service_role;

insert into private.leader_leases (role) values ('scheduler');
