-- The retention of soft delete (supabase/functions/soft_delete.sql): rows clients deleted more
-- than private.soft_delete_retention() ago are removed for good.
insert into private.duties (name, description, function_name, every, batch_size)
values ('purge_deleted_rows',
        'Rows clients deleted longer ago than the retention period (7 days) are removed for good; still-referenced ones wait.',
        'private.purge_deleted_rows', interval '1 hour', 500);
