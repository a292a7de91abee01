-- Invitation RPCs. The token is returned once by invite_member / create_invitation_link and
-- stored only as a SHA-256 hash in private.invitation_tokens. Errors: docs/errors.md.

-- an invitation is answered once: private.transitions, machine 'invitations' (core.sql,
-- "Status machines")
create or replace trigger status_machine before update on public.invitations
for each row when (old.status is distinct from new.status and case old.status
    when 'pending' then new.status not in ('accepted', 'declined', 'expired', 'revoked')
    else true end)
execute function private.enforce_transition('invitations');

-- Create an invitation of `invitee_kind` ('email' with `invitee_email`, or 'link' without) from
-- `caller` (their membership row) and return its one-time token. Every invitation passes the
-- same checks: not a personal organization, a role the caller may give, and the
-- organization's rate limit of 50 new invitations in any 24 hours (the lock serializes its
-- concurrent invitations).
create or replace function private.create_invitation(
    caller public.organization_members, invitee_role public.member_role, invitee_kind text, invitee_email text
)
returns table (invitation_id uuid, token text)
language plpgsql
security definer
set search_path = ''
as $$
declare
    new_token text := private.random_token();
    created_id uuid;
begin
    if (select o.is_personal from public.organizations o where o.id = caller.organization_id) then
        raise exception 'personal organizations have no other members' using errcode = 'PT409';
    end if;
    if invitee_role = 'owner' then
        raise exception 'invite as admin, then transfer ownership' using errcode = '22023';
    end if;
    if invitee_role > caller.role then
        raise exception 'you cannot invite with a role above your own' using errcode = '42501';
    end if;
    perform pg_advisory_xact_lock(hashtextextended('invitations:' || caller.organization_id, 0));
    if (select count(*) from public.invitations i
        where i.organization_id = caller.organization_id and i.created_at > now() - interval '24 hours') >= 50 then
        raise exception 'invitation limit reached: at most 50 new invitations per organization per 24 hours'
            using errcode = 'PT429', hint = 'try again later';
    end if;
    insert into public.invitations (organization_id, kind, email, role, invited_by)
    values (caller.organization_id, invitee_kind, lower(invitee_email), invitee_role, caller.user_id)
    returning id into created_id;
    insert into private.invitation_tokens (invitation_id, token_hash) values (created_id, private.token_hash(new_token));
    return query select created_id, new_token;
end
$$;

create or replace function public.invite_member(org_id uuid, invitee_email text, invitee_role public.member_role default 'viewer')
returns table (invitation_id uuid, token text)
language plpgsql
security definer
set search_path = ''
as $$
declare
    caller public.organization_members := private.require_org_role(org_id, 'admin', 'invite members', 'members.invite');
begin
    if invitee_email is null or length(invitee_email) > 320 or invitee_email !~ '^[^@\s]+@[^@\s]+$' then
        raise exception 'invalid email address "%"', left(invitee_email, 320) using errcode = '22023';
    end if;
    if exists (
        select from auth.users u
        where lower(u.email) = lower(invitee_email) and private.is_org_member(org_id, u.id)) then
        raise exception '% is already a member', invitee_email using errcode = '23505';
    end if;
    if exists (
        select 1 from public.invitations i
        where i.organization_id = org_id and lower(i.email) = lower(invitee_email) and i.status = 'pending') then
        raise exception 'an invitation to % is already pending', invitee_email
            using errcode = '23505', hint = 'revoke it to send a new one';
    end if;
    return query select * from private.create_invitation(caller, invitee_role, 'email', invitee_email);
end
$$;

-- An "anyone with the link" invitation: no email; whoever signs in with the token joins with
-- `invitee_role` (once: the invitation is then accepted). Admins and up only.
create or replace function public.create_invitation_link(org_id uuid, invitee_role public.member_role default 'viewer')
returns table (invitation_id uuid, token text)
language plpgsql
security definer
set search_path = ''
as $$
declare
    caller public.organization_members := private.require_org_role(org_id, 'admin', 'create invitation links');
begin
    return query select * from private.create_invitation(caller, invitee_role, 'link', null);
end
$$;

-- Accept a pending invitation (locked) for the caller; shared by both accept RPCs.
create or replace function private.accept_invitation_row(invitation public.invitations)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
    caller uuid := private.require_user();
begin
    if invitation.status <> 'pending' then
        raise exception 'invitation is %', invitation.status using errcode = 'PT409';
    end if;
    if invitation.expires_at <= now() then
        raise exception 'invitation has expired' using errcode = 'PT409';
    end if;
    if private.is_org_member(invitation.organization_id, caller) then
        raise exception 'you are already a member of this organization' using errcode = '23505';
    end if;
    insert into public.organization_members (organization_id, user_id, role, invited_by, invited_at, joined_at)
    values (invitation.organization_id, caller, invitation.role, invitation.invited_by, invitation.created_at, now());
    update public.invitations i set status = 'accepted', accepted_at = now(), accepted_by = caller
    where i.id = invitation.id;
    return invitation.organization_id;
end
$$;

-- Accept with the token from the invitation link; returns the organization id. An email
-- invitation is accepted only by the user signed in with its address (as by id); a token
-- for another address answers exactly like an unknown token. Link invitations: anyone.
create or replace function public.accept_invitation(invitation_token text)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
    invitation public.invitations;
begin
    perform private.require_user();
    if length(invitation_token) > 200 then
        raise exception 'invitation not found' using errcode = 'PT404';
    end if;
    select i.* into invitation
    from private.invitation_tokens t join public.invitations i on i.id = t.invitation_id
    where t.token_hash = private.token_hash(invitation_token)
      and (i.kind = 'link' or lower(i.email) = lower(auth.email()))
    for update of i;
    if invitation.id is null then
        raise exception 'invitation not found' using errcode = 'PT404';
    end if;
    return private.accept_invitation_row(invitation);
end
$$;

-- An invitation addressed to the caller's signed-in email (locked), or PT404.
create or replace function private.invitation_for_invitee(invitation_id uuid)
returns public.invitations
language plpgsql
security definer
set search_path = ''
as $$
declare
    invitation public.invitations;
begin
    perform private.require_user();
    select i.* into invitation from public.invitations i
    where i.id = invitation_for_invitee.invitation_id and lower(i.email) = lower(auth.email())
    for update;
    if invitation.id is null then
        raise exception 'invitation not found' using errcode = 'PT404';
    end if;
    return invitation;
end
$$;

-- Accept an invitation addressed to the caller's own email, without the token.
create or replace function public.accept_invitation_by_id(invitation_id uuid)
returns uuid
language sql
security definer
set search_path = ''
as $$
    select private.accept_invitation_row(private.invitation_for_invitee(accept_invitation_by_id.invitation_id))
$$;

-- A pending invitation (locked) ends as `final_status` ('declined', 'revoked'); an answered or
-- expired one stays as it is (PT409).
create or replace function private.end_pending_invitation(invitation public.invitations, final_status text)
returns void
language plpgsql
set search_path = ''
as $$
begin
    if invitation.status <> 'pending' then
        raise exception 'invitation is %', invitation.status using errcode = 'PT409';
    end if;
    update public.invitations i set status = final_status where i.id = invitation.id;
end
$$;

create or replace function public.decline_invitation(invitation_id uuid)
returns void
language sql
security definer
set search_path = ''
as $$
    select private.end_pending_invitation(private.invitation_for_invitee(decline_invitation.invitation_id), 'declined')
$$;

create or replace function public.revoke_invitation(invitation_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
    invitation public.invitations;
begin
    select i.* into invitation from public.invitations i where i.id = revoke_invitation.invitation_id for update;
    if invitation.id is null or not private.has_org_role(invitation.organization_id, 'admin') then
        raise exception 'invitation not found' using errcode = 'PT404';
    end if;
    perform private.end_pending_invitation(invitation, 'revoked');
end
$$;

-- Duty expire_invitations: at most p_batch pending invitations past their expiry become
-- expired (no longer blocking a new invitation of the same address). Returns how many.
create or replace function private.expire_invitations(p_batch integer)
returns integer
language sql
security definer
set search_path = ''
as $$
    with expired as (
        update public.invitations i set status = 'expired'
        where i.id in (select p.id from public.invitations p
                       where p.status = 'pending' and p.expires_at <= private.now()
                       order by p.expires_at limit p_batch for update skip locked)
          and i.status = 'pending'
        returning 1
    )
    select count(*)::integer from expired
$$;

revoke execute on function public.invite_member(uuid, text, public.member_role),
public.create_invitation_link(uuid, public.member_role), public.accept_invitation(text),
public.accept_invitation_by_id(uuid), public.decline_invitation(uuid), public.revoke_invitation(uuid) from public, anon;
grant execute on function public.invite_member(uuid, text, public.member_role),
public.create_invitation_link(uuid, public.member_role), public.accept_invitation(text),
public.accept_invitation_by_id(uuid), public.decline_invitation(uuid), public.revoke_invitation(uuid)
to authenticated, service_role;
revoke execute on function private.accept_invitation_row(public.invitations), private.invitation_for_invitee(uuid),
private.end_pending_invitation(public.invitations, text),
private.create_invitation(public.organization_members, public.member_role, text, text) from public;
revoke execute on function private.expire_invitations(integer) from public;
grant execute on function private.expire_invitations(integer) to service_role;
