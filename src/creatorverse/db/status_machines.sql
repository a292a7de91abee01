-- name: status_machine_triggers
-- each machine's status_machine trigger, rendered from its rows of private.transitions
select m.machine, private.status_machine_trigger(m.machine) as statement
from (select distinct t.machine from private.transitions as t) as m
where cardinality(%(machines)s::text []) = 0 or m.machine = any(%(machines)s::text [])
order by m.machine;
