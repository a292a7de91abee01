-- private.transitions is now compiled into each table's status_machine trigger (its WHEN clause
-- carries the machine's moves, supabase/functions/core.sql, "Status machines"): the table's
-- comment says so, for whoever changes its rows.
comment on table private.transitions is
'Allowed status moves per machine (a machine is named after its table). Each table''s status_machine trigger carries its machine compiled into its WHEN clause (private.status_machine_trigger): after changing rows, re-render it with `creatorverse db status-machines --write` and `creatorverse db diff`. docs/architecture.md, "Status machines".';
