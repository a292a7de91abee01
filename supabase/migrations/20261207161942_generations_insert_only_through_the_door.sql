-- Generations are created only through private.start_generation (the one door: scope, rights,
-- bounds, quotas, brand safety, credit hold). Clients never held INSERT; the service role loses
-- it too, so no API role can add a generation beside the door (enqueue_generation is the
-- platform's entry point). tests/sql/test_generation_door.sql checks the catalog.
revoke insert on table public.generations from service_role;
