"""Book import, the embedding queue and chapter search, end to end on a small corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from pgvector.psycopg import register_vector

from creatorverse.books.importer import import_book
from creatorverse.books.splitter import split_book
from creatorverse.embeddings import make_embedder
from creatorverse.embeddings.queue import embed_pending

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "the_lantern_keeper.md"


def test_markdown_title_and_chapter_level():
    book = split_book("# My Book\n\nintro\n\n## One\nalpha\n\n## Two\nbeta\n### detail\ngamma\n", "x.md")
    assert book.title == "My Book" and book.method == "markdown_headings" and book.heading_level == 2
    assert [(c.number, c.title, c.content) for c in book.chapters] == [
        (1, "One", "alpha"),
        (2, "Two", "beta\n### detail\ngamma"),
    ]


def test_plain_text_headings_in_english_and_korean():
    text = "The Sea\n\nCHAPTER I\nWaves.\n\nChapter Two: Wind\nGusts.\n\n제 3 장 바람\n바람이 분다.\n"
    book = split_book(text, "sea.txt")
    assert book.title == "The Sea" and book.method == "text_headings"
    assert [c.title for c in book.chapters] == ["CHAPTER I", "Chapter Two: Wind", "제 3 장 바람"]
    assert book.chapters[2].content == "바람이 분다."


def test_text_without_headings_is_one_chapter():
    book = split_book("Just a story.\nWith two lines.", "story.txt")
    assert len(book.chapters) == 1 and book.chapters[0].content.startswith("Just a story.")


@pytest.fixture(scope="module")
def embedder():
    return make_embedder("local")


@pytest.fixture
def library(conn, auth, embedder):
    """The example book imported into a team organization and embedded; yields (book id, embedder)."""
    auth.create_user("reader")
    auth.create_user("stranger")
    conn.execute("select tests.create_organization('reader', 'lantern-press')")
    book = import_book(conn, "lantern-press", EXAMPLE)
    assert book.chapters == 4 and book.title == "The Lantern Keeper"
    assert embed_pending(conn, embedder, batch_size=3) == 4
    register_vector(conn)
    return book.book_id


def test_import_records_structure_and_embeds_the_queue(conn, library):
    status, total = conn.execute("select status, total_chapters from public.books where id = %s", (library,)).fetchone()
    structure = conn.execute(
        "select structure_data from public.book_structure where book_id = %s", (library,)
    ).fetchone()
    assert (status, total) == ("ready", 4)
    assert [c["title"] for c in structure[0]["chapters"]][:2] == ["Chapter 1: The Storm", "Chapter 2: The Stranger"]
    assert (
        conn.execute("select count(*) from public.chapter_embeddings where book_id = %s", (library,)).fetchone()[0] == 4
    )


def test_match_chapters_finds_by_meaning_under_rls(conn, auth, library, embedder):
    query = embedder.embed(["a shipwrecked sailor washed up on the shore"])[0]
    auth.as_user("reader")
    rows = conn.execute(
        "select c.title, m.similarity from public.match_chapters(%s, 3) m "
        "join public.chapters c on c.id = m.chapter_id order by m.similarity desc",
        (query,),
    ).fetchall()
    assert len(rows) == 3
    assert rows[0][0] == "Chapter 2: The Stranger"
    auth.as_user("stranger")
    assert conn.execute("select count(*) from public.match_chapters(%s, 3)", (query,)).fetchone()[0] == 0


def test_hybrid_search_fuses_keywords_and_meaning(conn, auth, library, embedder):
    query = "faded map of the coast"
    auth.as_user("reader")
    rows = conn.execute(
        "select title, keyword_rank, semantic_rank from public.hybrid_search_chapters(%s, %s, 2)",
        (query, embedder.embed([query])[0]),
    ).fetchall()
    assert rows[0][0] == "Chapter 4: The Map"
    assert rows[0][1] == 1 and rows[0][2] is not None, "found by both rankings"


@pytest.mark.parametrize("korean_query", ["서울", "편지"])
def test_korean_full_text(conn, auth, library, embedder, korean_query):
    """Korean words carry particles ('서울에서', '편지는'): whole-word search alone would miss them."""
    auth.as_user("reader")
    rows = conn.execute(
        "select title, keyword_rank from public.hybrid_search_chapters(%s, %s, 1)",
        (korean_query, embedder.embed([korean_query])[0]),
    ).fetchall()
    assert rows == [("Chapter 3: 서울의 밤", 1)]
