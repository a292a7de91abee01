-- What makes fandom content visible to the public, on the row itself (issue 28), so that the
-- select policies judge a row by its own columns plus the caller's memberships instead of an
-- array of every public or listed community of the platform (an InitPlan over all of them
-- per read, and a bad estimate that turned a community's newest page into a sort of all its
-- discussions: 9,607 buffers at scale L).
--
-- communities.organization_deleted_at: since when the community's organization is deleted,
-- mirrored by private.sync_marketplace_deletion as contents.project_deleted_at is.
-- <content>.community_hidden: the community's content is not public (private.community_is_public
-- says no), mirrored from the community by private.sync_community_hidden and set on insert by
-- private.inherit_community_hidden. Added with a default (no rewrite, instant on a live table:
-- every existing row of a public community is already right) that is then dropped, so a row
-- that bypasses the insert trigger fails NOT NULL instead of being public by default; the rows
-- of communities that are not public are corrected set-based below (few).

alter table public.communities add column organization_deleted_at timestamptz;
update public.communities c set organization_deleted_at = o.deleted_at
from public.organizations o
where o.id = c.organization_id and o.deleted_at is not null;

do $$
declare
    content_table text;
begin
    foreach content_table in array array['discussions', 'fan_contents', 'discussion_comments', 'fan_content_comments',
                                         'discussion_votes', 'discussion_poll_votes', 'fan_content_likes', 'events',
                                         'event_rsvps'] loop
        execute format('alter table public.%I add column community_hidden boolean not null default false', content_table);
        execute format('alter table public.%I alter column community_hidden drop default', content_table);
        execute format(
            'update public.%I t set community_hidden = true from public.communities c'
            ' where c.id = t.community_id'
            '   and not (c.visibility = ''public'' and c.status <> ''banned'' and c.organization_deleted_at is null)',
            content_table);
    end loop;
end
$$;
