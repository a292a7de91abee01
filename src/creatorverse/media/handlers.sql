-- name: payer
-- who pays for the job and with which credential (decided when it was priced)
select g.paid_by, g.provider_credential_id from public.generations as g where g.id = %(generation)s;

-- name: variant
select g.variant from public.generations as g where g.id = %(generation)s;

-- name: external_job
-- a remote task an earlier attempt submitted (committed at submission)
select g.external_job_id from public.generations as g where g.id = %(generation)s;
