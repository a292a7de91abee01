-- name: organization
-- by id or slug, either in any case
select o.id from public.organizations as o
where (o.id::text = lower(%(organization)s) or o.slug = lower(%(organization)s)) and o.deleted_at is null;

-- name: same_content
select b.id, b.title from public.books as b
where
    b.organization_id = %(organization_id)s
    and b.metadata ->> 'content_sha256' = %(sha256)s
    and b.deleted_at is null
order by b.created_at
limit 1;

-- name: insert_book
insert into public.books (
    organization_id, project_id, created_by, title, file_url, book_type, status, processing_started_at, metadata
)
values (
    %(organization_id)s, %(project_id)s, %(created_by)s, %(title)s, %(file_url)s, %(book_type)s, 'processing', now(),
    %(metadata)s
)
returning id;

-- name: insert_chapter
insert into public.chapters (book_id, chapter_number, title, content)
values (%(book_id)s, %(number)s, %(title)s, %(content)s);

-- name: insert_structure
insert into public.book_structure (book_id, structure_data, extraction_method)
values (%(book_id)s, %(structure)s, %(method)s);
