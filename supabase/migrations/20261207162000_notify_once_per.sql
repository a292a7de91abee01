-- private.notify gains `once_per` (supabase/functions/notifications.sql): the old signature
-- goes first, so that one notify exists and named calls stay unambiguous.
drop function private.notify(uuid, text, jsonb, uuid, text, uuid, text, text);
