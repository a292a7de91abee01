-- Creator columns that an INSERT policy requires to equal auth.uid() default to it, Supabase's
-- convention: a supabase-js client inserts without naming itself, and the policy still checks
-- a value it does send. tests/py/test_insert_returning.py finds these columns in the catalog.
alter table public.projects alter column created_by set default auth.uid();
alter table public.prompts alter column created_by set default auth.uid();
alter table public.feedback alter column created_by set default auth.uid();
alter table public.prompt_ratings alter column user_id set default auth.uid();
alter table public.user_follows alter column follower_id set default auth.uid();
alter table public.content_likes alter column user_id set default auth.uid();
alter table public.watch_history alter column user_id set default auth.uid();
alter table public.cart_items alter column user_id set default auth.uid();
alter table public.royalty_reports alter column licensee_user_id set default auth.uid();
