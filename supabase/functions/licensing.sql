-- B2B licensing: catalogue scope, request status machine, agreements from approved requests,
-- royalty reports whose amount follows the agreement and that freeze once paid.

-- ---------------------------------------------------------------------------
-- Catalogue: one entry per IP project, scoped by the project's organization.
-- ---------------------------------------------------------------------------
create or replace trigger inherit_scope before insert on public.license_catalog
for each row execute function private.inherit_scope('projects:project_id:project');
create or replace trigger protect_columns before update on public.license_catalog
for each row execute function private.protect_columns('organization_id', 'project_id');
create or replace trigger set_updated_at before update on public.license_catalog
for each row execute function private.set_updated_at();

-- ---------------------------------------------------------------------------
-- Requests: filed against an available catalogue entry, for a type and territory it offers.
-- ---------------------------------------------------------------------------
create or replace function private.check_license_offer()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
    entry public.license_catalog;
begin
    -- invoker rights: the catalogue entry must be visible (available) to the requester
    select c.* into entry from public.license_catalog c where c.project_id = new.project_id and c.is_available;
    if entry.id is null then
        raise exception 'no licence is offered for this project' using errcode = 'PT404';
    end if;
    if not new.license_type = any(entry.available_types) then
        raise exception 'licence type % is not offered for this project', new.license_type using errcode = '22023';
    end if;
    if cardinality(entry.available_territories) > 0 and not new.territory = any(entry.available_territories) then
        raise exception 'territory % is not offered for this project', new.territory using errcode = '22023';
    end if;
    return new;
end
$$;
revoke execute on function private.check_license_offer() from public;

create or replace trigger client_defaults before insert on public.license_requests
for each row execute function private.client_defaults('requester_user_id', 'status="pending"', 'assigned_to=null',
                                                      'decided_at=null');
-- Triggers fire in name order: the offer is checked (with its own message) before the request
-- takes the catalogue entry's scope.
create or replace trigger filed_against_offer before insert on public.license_requests
for each row execute function private.check_license_offer();
create or replace trigger inherit_scope before insert on public.license_requests
for each row execute function private.inherit_scope('license_catalog.project_id:project_id:licence offer');
create or replace trigger set_updated_at before update on public.license_requests
for each row execute function private.set_updated_at();

-- A request's moves: private.transitions, machine 'license_requests' (core.sql, "Status
-- machines"); a final answer is dated here.
create or replace function private.license_request_transition()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if new.status is distinct from old.status and new.status in ('approved', 'rejected', 'withdrawn') then
        new.decided_at := now();
    end if;
    return new;
end
$$;
revoke execute on function private.license_request_transition() from public;

create or replace trigger protect_columns before update on public.license_requests
for each row execute function private.protect_columns('!project_id', '!organization_id', '!requester_user_id');
create or replace trigger license_request_transition before update on public.license_requests
for each row execute function private.license_request_transition();
create or replace trigger status_machine before update on public.license_requests
for each row when (old.status is distinct from new.status and case old.status
    when 'negotiating' then new.status not in ('approved', 'rejected', 'withdrawn')
    when 'pending' then new.status not in ('rejected', 'reviewing', 'withdrawn')
    when 'reviewing' then new.status not in ('approved', 'negotiating', 'rejected', 'withdrawn')
    else true end)
execute function private.enforce_transition('license_requests');

create or replace function private.notify_license_request()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    perform private.notify(
        new.requester_user_id, 'license_update',
        jsonb_build_object('status', new.status, 'license_type', new.license_type, 'territory', new.territory),
        actor => private.caller_id(), reference_type => 'license_request', reference_id => new.id,
        title => format('Your licence request is %s', new.status));
    return null;
end
$$;
revoke execute on function private.notify_license_request() from public;

create or replace trigger notify_license_request after update of status on public.license_requests
for each row when (old.status is distinct from new.status)
execute function private.notify_license_request();

-- The licensor's editors move a request along (and may leave a note and an assignee).
create or replace function public.review_license_request(
    request_id uuid, new_status text, note text default null, assign_to uuid default null
)
returns public.license_requests
language plpgsql
security definer
set search_path = ''
as $$
declare
    target public.license_requests;
begin
    perform private.require_user();
    perform private.require_max_length(note, 5000, 'note');
    select r.* into target from public.license_requests r
    where r.id = review_license_request.request_id
      and r.organization_id = any(array(select private.my_org_ids('editor')))
    for update;
    if target.id is null then
        raise exception 'licence request not found' using errcode = 'PT404';
    end if;
    if new_status not in ('reviewing', 'negotiating', 'approved', 'rejected') then
        raise exception 'a licensor sets reviewing, negotiating, approved or rejected, not %', new_status
            using errcode = '22023';
    end if;
    if assign_to is not null and not private.is_org_member(target.organization_id, assign_to) then
        raise exception 'the assignee is not a member of the organization' using errcode = '22023';
    end if;
    update public.license_requests r
    set status = new_status, assigned_to = coalesce(assign_to, r.assigned_to)
    where r.id = target.id
    returning * into target;
    if note is not null then
        insert into public.license_request_notes (request_id, organization_id, author_id, note)
        values (target.id, target.organization_id, private.caller_id(), note);
    end if;
    return target;
end
$$;
revoke execute on function public.review_license_request(uuid, text, text, uuid) from public, anon;
grant execute on function public.review_license_request(uuid, text, text, uuid) to authenticated;

create or replace function public.withdraw_license_request(request_id uuid)
returns public.license_requests
language plpgsql
security definer
set search_path = ''
as $$
declare
    target public.license_requests;
begin
    update public.license_requests r set status = 'withdrawn'
    where r.id = withdraw_license_request.request_id and r.requester_user_id = private.require_user()
    returning * into target;
    if target.id is null then
        raise exception 'licence request not found' using errcode = 'PT404';
    end if;
    return target;
end
$$;
revoke execute on function public.withdraw_license_request(uuid) from public, anon;
grant execute on function public.withdraw_license_request(uuid) to authenticated;

create or replace trigger inherit_scope before insert on public.license_request_notes
for each row execute function private.inherit_scope('license_requests:request_id');
create or replace trigger client_defaults before insert on public.license_request_notes
for each row execute function private.client_defaults('author_id');

-- ---------------------------------------------------------------------------
-- Agreements: made by the licensor's admins from an approved request.
--   draft -> pending_signature | terminated
--   pending_signature -> active (signed by the licensee) | terminated
--   active -> expired | terminated
-- ---------------------------------------------------------------------------
create or replace function public.create_license_agreement(
    request_id uuid,
    start_date date,
    end_date date,
    royalty_percent numeric default null,
    minimum_guarantee_cents bigint default null,
    advance_payment_cents bigint default 0,
    contract_url text default null,
    currency text default 'usd'
)
returns public.license_agreements
language plpgsql
security definer
set search_path = ''
as $$
declare
    request public.license_requests;
    entry public.license_catalog;
    agreement public.license_agreements;
    pct numeric := coalesce(create_license_agreement.royalty_percent, 0);
begin
    perform private.require_user();
    perform private.require_max_length(contract_url, 2000, 'contract_url');
    if create_license_agreement.currency !~ '^[a-z]{3}$' then
        raise exception 'currency must be a lower-case ISO 4217 code such as usd' using errcode = '22023';
    end if;
    select r.* into request from public.license_requests r
    where r.id = create_license_agreement.request_id
      and r.organization_id = any(array(select private.my_org_ids('admin')))
    for update;
    if request.id is null then
        raise exception 'licence request not found' using errcode = 'PT404';
    end if;
    if request.status <> 'approved' then
        raise exception 'only an approved request becomes an agreement (this one is %)', request.status
            using errcode = 'PT409';
    end if;
    if exists (select 1 from public.license_agreements a where a.request_id = request.id) then
        raise exception 'this request already has an agreement' using errcode = '23505';
    end if;
    pct := coalesce(create_license_agreement.royalty_percent, request.proposed_royalty_percent);
    if pct is null then
        raise exception 'royalty_percent is required' using errcode = '22023';
    end if;
    select c.* into entry from public.license_catalog c where c.project_id = request.project_id;
    if pct < coalesce(entry.royalty_min_percent, 0) or pct > coalesce(entry.royalty_max_percent, 100) then
        raise exception 'royalty of %%% is outside the catalogue''s range (% to %)', pct,
            coalesce(entry.royalty_min_percent, 0), coalesce(entry.royalty_max_percent, 100) using errcode = '22023';
    end if;
    insert into public.license_agreements (
        project_id, organization_id, request_id, licensee_user_id, licensee_company, license_type, territory,
        start_date, end_date, royalty_percent, minimum_guarantee_cents, advance_payment_cents, currency, contract_url,
        created_by
    )
    values (
        request.project_id, request.organization_id, request.id, request.requester_user_id, request.company_name,
        request.license_type, request.territory, create_license_agreement.start_date, create_license_agreement.end_date,
        pct, coalesce(create_license_agreement.minimum_guarantee_cents, request.proposed_minimum_guarantee_cents,
                      entry.minimum_guarantee_cents, 0),
        coalesce(create_license_agreement.advance_payment_cents, 0), create_license_agreement.currency,
        create_license_agreement.contract_url, private.caller_id()
    )
    returning * into agreement;
    return agreement;
end
$$;
revoke execute on function public.create_license_agreement(uuid, date, date, numeric, bigint, bigint, text, text)
from public, anon;
grant execute on function public.create_license_agreement(uuid, date, date, numeric, bigint, bigint, text, text)
to authenticated;

create or replace function private.license_agreement_transition()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if (new.project_id, new.organization_id, new.request_id, new.licensee_user_id, new.royalty_percent,
        new.minimum_guarantee_cents, new.start_date, new.end_date)
       is distinct from (old.project_id, old.organization_id, old.request_id, old.licensee_user_id,
                         old.royalty_percent, old.minimum_guarantee_cents, old.start_date, old.end_date)
       and old.status <> 'draft' then
        raise exception 'the terms of an agreement are fixed once it is sent for signature' using errcode = 'PT409';
    end if;
    if new.status is distinct from old.status and new.status = 'active' then
        new.signed_at := now();
    end if;
    new.updated_at := now();
    return new;
end
$$;
revoke execute on function private.license_agreement_transition() from public;

create or replace trigger license_agreement_transition before update on public.license_agreements
for each row execute function private.license_agreement_transition();
-- its moves: private.transitions, machine 'license_agreements' (core.sql, "Status machines")
create or replace trigger status_machine before update on public.license_agreements
for each row when (old.status is distinct from new.status and case old.status
    when 'active' then new.status not in ('expired', 'terminated')
    when 'draft' then new.status not in ('pending_signature', 'terminated')
    when 'pending_signature' then new.status not in ('active', 'terminated')
    else true end)
execute function private.enforce_transition('license_agreements');

-- The licensor sends an agreement for signature or terminates it.
create or replace function public.set_license_agreement_status(agreement_id uuid, new_status text)
returns public.license_agreements
language plpgsql
security definer
set search_path = ''
as $$
declare
    agreement public.license_agreements;
begin
    perform private.require_user();
    if new_status not in ('pending_signature', 'terminated') then
        raise exception 'a licensor sets pending_signature or terminated, not %', new_status using errcode = '22023';
    end if;
    update public.license_agreements a set status = new_status
    where a.id = set_license_agreement_status.agreement_id
      and a.organization_id = any(array(select private.my_org_ids('admin')))
    returning * into agreement;
    if agreement.id is null then
        raise exception 'licence agreement not found' using errcode = 'PT404';
    end if;
    perform private.notify(agreement.licensee_user_id, 'license_update',
        jsonb_build_object('status', agreement.status), actor => private.caller_id(),
        reference_type => 'license_agreement', reference_id => agreement.id,
        title => format('Your licence agreement is %s', replace(agreement.status, '_', ' ')));
    return agreement;
end
$$;
revoke execute on function public.set_license_agreement_status(uuid, text) from public, anon;
grant execute on function public.set_license_agreement_status(uuid, text) to authenticated;

-- The licensee signs: the agreement becomes active.
create or replace function public.sign_license_agreement(agreement_id uuid)
returns public.license_agreements
language plpgsql
security definer
set search_path = ''
as $$
declare
    agreement public.license_agreements;
begin
    select a.* into agreement from public.license_agreements a
    where a.id = sign_license_agreement.agreement_id and a.licensee_user_id = private.require_user()
    for update;
    if agreement.id is null then
        raise exception 'licence agreement not found' using errcode = 'PT404';
    end if;
    if agreement.status <> 'pending_signature' then
        raise exception 'only an agreement sent for signature can be signed (this one is %)', agreement.status
            using errcode = 'PT409';
    end if;
    update public.license_agreements a set status = 'active' where a.id = agreement.id returning * into agreement;
    return agreement;
end
$$;
revoke execute on function public.sign_license_agreement(uuid) from public, anon;
grant execute on function public.sign_license_agreement(uuid) to authenticated;

-- Duty expire_license_agreements: at most p_batch active agreements whose end date (a UTC
-- day) has passed expire. Returns how many.
create or replace function private.expire_license_agreements(p_batch integer)
returns integer
language sql
security definer
set search_path = ''
as $$
    with expired as (
        update public.license_agreements a set status = 'expired'
        where a.id in (select e.id from public.license_agreements e
                       where e.status = 'active' and e.end_date < (private.now() at time zone 'UTC')::date
                       order by e.end_date limit p_batch for update skip locked)
          and a.status = 'active'
        returning 1
    )
    select count(*)::integer from expired
$$;
revoke execute on function private.expire_license_agreements(integer) from public;
grant execute on function private.expire_license_agreements(integer) to service_role;

-- ---------------------------------------------------------------------------
-- Royalty reports. The royalty is a function of the agreement and the report:
--   revenue      = net revenue when reported, else gross revenue
--   by_percent   = round(revenue * royalty_percent / 100)
--   guarantee    = round(minimum_guarantee * days in the period / days in the agreement)
--   royalty      = greatest(by_percent, guarantee)
-- so that over the whole term the licensor receives at least the minimum guarantee.
-- ---------------------------------------------------------------------------
create or replace function private.royalty_amount(
    agreement public.license_agreements, period_start date, period_end date, gross bigint, net bigint
)
returns bigint
language sql
immutable
set search_path = ''
as $$
    select greatest(
        round(coalesce(net, gross) * agreement.royalty_percent / 100),
        round(agreement.minimum_guarantee_cents::numeric * (period_end - period_start + 1)
              / (agreement.end_date - agreement.start_date + 1))
    )::bigint
$$;
revoke execute on function private.royalty_amount(public.license_agreements, date, date, bigint, bigint) from public;
-- pure arithmetic, called by the (invoker) report trigger
grant execute on function private.royalty_amount(public.license_agreements, date, date, bigint, bigint)
to authenticated, service_role;

create or replace function private.royalty_report_rules()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
    agreement public.license_agreements;
    client boolean := private.is_client_request();
begin
    if tg_op = 'DELETE' then
        if old.status = 'paid' then
            raise exception 'a paid royalty report cannot be changed or deleted' using errcode = 'PT409';
        end if;
        return old;
    end if;
    if tg_op = 'UPDATE' then
        if old.status = 'paid' then
            raise exception 'a paid royalty report cannot be changed or deleted' using errcode = 'PT409';
        end if;
        -- the agreement and parties are frozen, the settlement is settle_royalty_report's (protect_columns)
        if client then
            -- a corrected report goes back to the licensor for verification
            new.status := 'pending';
            new.submitted_at := now();
        end if;
    end if;
    select a.* into agreement from public.license_agreements a where a.id = new.agreement_id;
    if agreement.id is null then
        raise exception 'licence agreement not found' using errcode = 'PT404';
    end if;
    if tg_op = 'INSERT' then
        if agreement.status not in ('active', 'expired') then
            raise exception 'royalties are reported on a signed agreement (this one is %)', agreement.status
                using errcode = 'PT409';
        end if;
        new.licensee_user_id := agreement.licensee_user_id;
    end if;
    if new.period_start < agreement.start_date or new.period_end > agreement.end_date then
        raise exception 'the period % to % is outside the agreement (% to %)', new.period_start, new.period_end,
            agreement.start_date, agreement.end_date using errcode = '22023';
    end if;
    new.royalty_amount_cents := private.royalty_amount(agreement, new.period_start, new.period_end,
                                                       new.gross_revenue_cents, new.net_revenue_cents);
    new.updated_at := now();
    return new;
end
$$;
revoke execute on function private.royalty_report_rules() from public;

create or replace trigger client_defaults before insert on public.royalty_reports
for each row execute function private.client_defaults('submitted_by', 'status="pending"', 'paid_at=null',
                                                      'payment_reference=null');
create or replace trigger inherit_scope before insert on public.royalty_reports
for each row execute function private.inherit_scope('license_agreements:agreement_id:licence agreement');
create or replace trigger royalty_report_rules before insert or update or delete on public.royalty_reports
for each row execute function private.royalty_report_rules();
create or replace trigger protect_columns before update on public.royalty_reports
for each row execute function private.protect_columns('!organization_id', '!agreement_id', '!licensee_user_id',
                                                      '!submitted_by', 'status', 'paid_at', 'payment_reference');
-- its moves: private.transitions, machine 'royalty_reports' (core.sql, "Status machines"); it
-- runs after royalty_report_rules, so a licensee's correction (back to pending) is checked too
create or replace trigger status_machine before update on public.royalty_reports
for each row when (old.status is distinct from new.status and case old.status
    when 'disputed' then new.status not in ('pending', 'verified')
    when 'pending' then new.status not in ('disputed', 'verified')
    when 'verified' then new.status not in ('disputed', 'paid', 'pending')
    else true end)
execute function private.enforce_transition('royalty_reports');

-- Its moves: private.transitions, machine 'royalty_reports' (core.sql, "Status machines").
create or replace function public.settle_royalty_report(
    report_id uuid, new_status text, payment_reference text default null
)
returns public.royalty_reports
language plpgsql
security definer
set search_path = ''
as $$
declare
    report public.royalty_reports;
begin
    perform private.require_user();
    perform private.require_max_length(payment_reference, 255, 'payment_reference');
    select r.* into report from public.royalty_reports r
    where r.id = settle_royalty_report.report_id and r.organization_id = any(array(select private.my_org_ids('admin')))
    for update;
    if report.id is null then
        raise exception 'royalty report not found' using errcode = 'PT404';
    end if;
    if report.status = 'paid' then
        raise exception 'a paid royalty report cannot be changed or deleted' using errcode = 'PT409';
    end if;
    -- staying put is refused too: a settlement is a move
    perform private.require_transition('royalty_reports', report.status, new_status);
    update public.royalty_reports r
    set status = new_status,
        paid_at = case when new_status = 'paid' then now() end,
        payment_reference = coalesce(settle_royalty_report.payment_reference, r.payment_reference)
    where r.id = report.id
    returning * into report;
    perform private.notify(report.licensee_user_id, 'license_update',
        jsonb_build_object('status', report.status, 'royalty_amount_cents', report.royalty_amount_cents),
        actor => private.caller_id(), reference_type => 'royalty_report', reference_id => report.id,
        title => format('Royalty report %s to %s: %s', report.period_start, report.period_end, report.status));
    return report;
end
$$;
revoke execute on function public.settle_royalty_report(uuid, text, text) from public, anon;
grant execute on function public.settle_royalty_report(uuid, text, text) to authenticated;
