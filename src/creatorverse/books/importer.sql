-- name: organization
select o.id from public.organizations o
where (o.id::text = %(organization)s or o.slug = %(organization)s) and o.deleted_at is null;

-- name: insert_book
insert into public.books (
    organization_id, project_id, created_by, title, file_url, book_type, status, processing_started_at
)
values (
    %(organization_id)s, %(project_id)s, %(created_by)s, %(title)s, %(file_url)s, %(book_type)s, 'processing', now()
)
returning id;

-- name: insert_chapter
insert into public.chapters (book_id, chapter_number, title, content)
values (%(book_id)s, %(number)s, %(title)s, %(content)s);

-- name: insert_structure
insert into public.book_structure (book_id, structure_data, extraction_method)
values (%(book_id)s, %(structure)s, %(method)s);
