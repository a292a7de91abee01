-- name: claim
select c.id, c.title, c.genre, c.synopsis, c.description
from public.contents c
where c.embedding is null
order by c.created_at
limit %(batch_size)s
for update skip locked;

-- name: store
update public.contents c set embedding = %(embedding)s, embedding_model = %(model)s
where c.id = %(content_id)s;
