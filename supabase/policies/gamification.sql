-- RLS for badges and progress. Platform badges and their holders are public; community
-- badges are seen with their community and managed by its admins. Progress, quiz
-- completions and NFT records are their user's own.

drop policy if exists badges_select on public.badges;
create policy badges_select on public.badges for select to anon, authenticated
using (community_id is null or community_id = any(array(select private.readable_community_ids())));

drop policy if exists badges_write on public.badges;
create policy badges_write on public.badges for all to authenticated
using (community_id = any(array(select private.moderated_community_ids('admin'))))
with check (community_id = any(array(select private.moderated_community_ids('admin'))));

drop policy if exists user_badges_select on public.user_badges;
create policy user_badges_select on public.user_badges for select to anon, authenticated
using (community_id is null or community_id = any(array(select private.readable_community_ids())));

drop policy if exists user_badges_display on public.user_badges;
create policy user_badges_display on public.user_badges for update to authenticated
using (user_id = (select auth.uid()))
with check (user_id = (select auth.uid()));

drop policy if exists nfts_own on public.nfts;
create policy nfts_own on public.nfts for select to authenticated
using (user_id = (select auth.uid()));

drop policy if exists quiz_completions_own on public.quiz_completions;
create policy quiz_completions_own on public.quiz_completions for select to authenticated
using (user_id = (select auth.uid()));

drop policy if exists user_progress_own on public.user_progress;
create policy user_progress_own on public.user_progress for select to authenticated
using (user_id = (select auth.uid()));
