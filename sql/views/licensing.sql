-- Analyst views of licensing (schema analytics; analyst and service_role only).

-- Per agreement: reported revenue, royalties due, verified and paid, and the minimum
-- guarantee still to reach.
create or replace view analytics.royalty_summary as
select
    a.id as agreement_id,
    a.organization_id,
    a.project_id,
    p.title as project_title,
    a.licensee_company,
    a.license_type,
    a.territory,
    a.status,
    a.currency,
    a.royalty_percent,
    a.minimum_guarantee_cents,
    count(r.id) as reports,
    coalesce(sum(r.gross_revenue_cents), 0) as gross_revenue_cents,
    coalesce(sum(r.royalty_amount_cents), 0) as royalty_cents,
    coalesce(sum(r.royalty_amount_cents) filter (where r.status = 'verified'), 0) as verified_cents,
    coalesce(sum(r.royalty_amount_cents) filter (where r.status = 'paid'), 0) as paid_cents,
    coalesce(sum(r.royalty_amount_cents) filter (where r.status = 'disputed'), 0) as disputed_cents,
    greatest(a.minimum_guarantee_cents - coalesce(sum(r.royalty_amount_cents), 0), 0) as guarantee_outstanding_cents
from public.license_agreements a
left join public.projects p on p.id = a.project_id
left join public.royalty_reports r on r.agreement_id = a.id
group by a.id, p.title;

grant select on analytics.royalty_summary to analyst, service_role;
