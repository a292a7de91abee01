-- name: payer
select paid_by, provider_credential_id from public.generations where id = %(generation)s;

-- name: variant
select variant from public.generations where id = %(generation)s;

-- name: external_job
-- a remote task an earlier attempt submitted (committed at submission)
select g.external_job_id from public.generations as g where g.id = %(generation)s;
