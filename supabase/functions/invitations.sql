-- Invitation RPCs. The token is returned once by invite_member and stored only as a
-- SHA-256 hash in private.invitation_tokens. Errors: docs/errors.md.

create or replace function public.invite_member(org_id uuid, invitee_email text, invitee_role public.member_role default 'viewer')
returns table (invitation_id uuid, token text)
language plpgsql
security definer
set search_path = ''
as $$
declare
    caller public.organization_members := private.require_org_role(org_id, 'admin', 'invite members', 'members.invite');
    new_token text := private.random_token();
    created_id uuid;
begin
    if (select o.is_personal from public.organizations o where o.id = org_id) then
        raise exception 'personal organizations have no other members' using errcode = '55000';
    end if;
    if invitee_email is null or invitee_email !~ '^[^@\s]+@[^@\s]+$' then
        raise exception 'invalid email address "%"', invitee_email using errcode = '22023';
    end if;
    if invitee_role = 'owner' then
        raise exception 'invite as admin, then transfer ownership' using errcode = '22023';
    end if;
    if invitee_role > caller.role then
        raise exception 'you cannot invite with a role above your own' using errcode = '42501';
    end if;
    if exists (
        select 1 from public.organization_members m join auth.users u on u.id = m.user_id
        where m.organization_id = org_id and lower(u.email) = lower(invitee_email)) then
        raise exception '% is already a member', invitee_email using errcode = '23505';
    end if;
    if exists (
        select 1 from public.invitations i
        where i.organization_id = org_id and lower(i.email) = lower(invitee_email) and i.status = 'pending') then
        raise exception 'an invitation to % is already pending', invitee_email
            using errcode = '23505', hint = 'revoke it to send a new one';
    end if;
    insert into public.invitations (organization_id, email, role, invited_by)
    values (org_id, lower(invitee_email), invitee_role, caller.user_id)
    returning id into created_id;
    insert into private.invitation_tokens (invitation_id, token_hash) values (created_id, private.token_hash(new_token));
    return query select created_id, new_token;
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
        raise exception 'invitation is %', invitation.status using errcode = '55000';
    end if;
    if invitation.expires_at <= now() then
        raise exception 'invitation has expired' using errcode = '55000';
    end if;
    if exists (select 1 from public.organization_members m
               where m.organization_id = invitation.organization_id and m.user_id = caller) then
        raise exception 'you are already a member of this organization' using errcode = '23505';
    end if;
    insert into public.organization_members (organization_id, user_id, role, invited_by, invited_at, joined_at)
    values (invitation.organization_id, caller, invitation.role, invitation.invited_by, invitation.created_at, now());
    update public.invitations i set status = 'accepted', accepted_at = now(), accepted_by = caller
    where i.id = invitation.id;
    return invitation.organization_id;
end
$$;

-- Accept with the token from the invitation link; returns the organization id.
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
    select i.* into invitation
    from private.invitation_tokens t join public.invitations i on i.id = t.invitation_id
    where t.token_hash = private.token_hash(invitation_token)
    for update of i;
    if invitation.id is null then
        raise exception 'invitation not found' using errcode = 'P0002';
    end if;
    return private.accept_invitation_row(invitation);
end
$$;

-- An invitation addressed to the caller's signed-in email (locked), or P0002.
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
        raise exception 'invitation not found' using errcode = 'P0002';
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

create or replace function public.decline_invitation(invitation_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
    invitation public.invitations := private.invitation_for_invitee(invitation_id);
begin
    if invitation.status <> 'pending' then
        raise exception 'invitation is %', invitation.status using errcode = '55000';
    end if;
    update public.invitations i set status = 'declined' where i.id = invitation.id;
end
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
        raise exception 'invitation not found' using errcode = 'P0002';
    end if;
    if invitation.status <> 'pending' then
        raise exception 'invitation is %', invitation.status using errcode = '55000';
    end if;
    update public.invitations i set status = 'revoked' where i.id = invitation.id;
end
$$;

-- Scheduler: mark pending invitations past their expiry. Returns how many.
create or replace function private.expire_invitations()
returns integer
language sql
security definer
set search_path = ''
as $$
    with expired as (
        update public.invitations i set status = 'expired'
        where i.status = 'pending' and i.expires_at <= now()
        returning 1
    )
    select count(*)::integer from expired
$$;

revoke execute on function public.invite_member(uuid, text, public.member_role), public.accept_invitation(text),
public.accept_invitation_by_id(uuid), public.decline_invitation(uuid), public.revoke_invitation(uuid) from public, anon;
grant execute on function public.invite_member(uuid, text, public.member_role), public.accept_invitation(text),
public.accept_invitation_by_id(uuid), public.decline_invitation(uuid), public.revoke_invitation(uuid)
to authenticated, service_role;
revoke execute on function private.accept_invitation_row(public.invitations), private.invitation_for_invitee(uuid)
from public;
revoke execute on function private.expire_invitations() from public;
grant execute on function private.expire_invitations() to service_role;
