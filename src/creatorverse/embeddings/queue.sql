-- name: pending
-- how many chapters wait (an estimate for progress: other workers may take some)
select count(*) from public.chapters as c where c.embedding_status = 'pending' and c.deleted_at is null;

-- name: claim
select c.id, c.title, c.content
from public.chapters c
where c.embedding_status = 'pending' and c.deleted_at is null
order by c.created_at
limit %(batch_size)s
for update skip locked;

-- name: clear
delete from public.chapter_embeddings e where e.chapter_id = any(%(ids)s);

-- name: store
insert into public.chapter_embeddings (chapter_id, passage_no, passage_start, passage_end, embedding, embedding_model)
values (%(chapter_id)s, %(passage_no)s, %(passage_start)s, %(passage_end)s, %(embedding)s, %(model)s);

-- name: mark_embedded
update public.chapters c set embedding_status = 'embedded' where c.id = any(%(ids)s);

-- name: finish_books
-- a book is ready once none of its live chapters waits for embedding
update public.books b set status = 'ready', processing_completed_at = now()
where b.status = 'processing'
  and not exists (
      select 1 from public.chapters c
      where c.book_id = b.id and c.embedding_status = 'pending' and c.deleted_at is null
  );
