-- Room on generations' pages for HOT updates of the status columns. A batch claim marks
-- running rows that were enqueued together and sit on the same pages; with 40% of each
-- new page free, most of those updates (and the completions after them) stay on the page
-- and write no index entry. Existing pages keep their layout until rewritten; new pages
-- (the ones that hold waiting and running jobs) follow the setting.
alter table public.generations set (fillfactor = 60);
