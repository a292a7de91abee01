"""Book import, the embedding queue and chapter search, end to end on a small corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from pgvector.psycopg import register_vector

from creatorverse.books.importer import import_book
from creatorverse.books.splitter import split_book
from creatorverse.embeddings import make_embedder
from creatorverse.embeddings.queue import PASSAGE_WORDS, embed_pending

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


def test_natural_question_finds_the_chapter_with_its_content_words(conn, auth, library, embedder):
    """Stop words ("where", "did", "the") are not required: the content words rank the chapters."""
    auth.as_user("reader")
    query = "Where did the stranger's ship break apart?"
    rows = conn.execute(
        "select c.title from public.keyword_search_chapters(%s, 5) k join public.chapters c on c.id = k.chapter_id "
        "order by k.keyword_rank",
        (query,),
    ).fetchall()
    assert rows[0] == ("Chapter 2: The Stranger",), "ship and stranger: the chapter matching most words first"
    assert ("Chapter 4: The Map",) in rows, "stranger alone still matches"


def test_every_passage_of_a_long_chapter_is_searchable(conn, auth, library, embedder):
    """A long chapter is embedded whole, one vector per passage: its last lines are found, and the
    result names the passage they are in."""
    filler = " ".join(
        f"On day {n} the fishing boats went out at dawn and came back at noon with nets of herring." for n in range(60)
    )
    ending = "In the attic Mara found a brass telescope engraved with her mother's name."
    book = conn.execute("select book_id from public.chapters where book_id = %s limit 1", (library,)).fetchone()[0]
    conn.execute(
        "insert into public.chapters (book_id, chapter_number, title, content) values (%s, 5, 'The Long Year', %s)",
        (book, f"{filler} {ending}"),
    )
    assert embed_pending(conn, embedder) == 1
    words = len(f"{filler} {ending}".split())
    passages = conn.execute(
        "select count(*) from public.chapter_embeddings e join public.chapters c on c.id = e.chapter_id "
        "where c.title = 'The Long Year'"
    ).fetchone()[0]
    assert passages == -(-words // PASSAGE_WORDS) > 8, "the whole chapter, beyond the old 8-passage cap"

    auth.as_user("reader")
    query = "a brass telescope engraved with a name"
    nearest = conn.execute(
        "select c.title, m.passage_no, substr(c.content, m.passage_start + 1, m.passage_end - m.passage_start) "
        "from public.match_chapters(%s, 1) m join public.chapters c on c.id = m.chapter_id",
        (embedder.embed([query])[0],),
    ).fetchall()
    assert nearest[0][0] == "The Long Year" and nearest[0][1] == passages - 1 and "telescope" in nearest[0][2]
    hybrid = conn.execute(
        "select title, keyword_rank, semantic_rank, passage_no, passage from public.hybrid_search_chapters(%s, %s, 1)",
        (query, embedder.embed([query])[0]),
    ).fetchone()
    assert hybrid[:4] == ("The Long Year", 1, 1, passages - 1) and hybrid[4].endswith(ending)
    parses = (
        "select coalesce(sum(calls), 0) from pg_stat_xact_user_functions"
        " where funcid = 'private.keyword_tsquery(text)'::regprocedure"
    )
    conn.execute("reset role")
    conn.execute("set local track_functions = 'all'")
    auth.as_user("reader")
    parsed_before = conn.execute(parses).fetchone()[0]
    keyword_only = conn.execute(
        "select title, semantic_rank, passage from public.hybrid_search_chapters('telescope', %s, 1, "
        "semantic_weight => 0)",
        (embedder.embed(["unrelated words about cooking pasta"])[0],),
    ).fetchone()
    assert keyword_only[0] == "The Long Year" and "telescope" in keyword_only[2], "keyword hits name their passage"
    # the query is parsed once by the keyword search and once for ranking the passages, not once
    # for each of the chapter's passages
    assert conn.execute(parses).fetchone()[0] - parsed_before == 2


def test_phrase_and_exclusion_in_hybrid_search(conn, auth, library, embedder):
    auth.as_user("reader")

    def keyword_titles(query: str) -> list[str]:
        return [
            r[0]
            for r in conn.execute(
                "select title from public.hybrid_search_chapters(%s, %s, 4) where keyword_rank is not null "
                "order by keyword_rank",
                (query, embedder.embed([query])[0]),
            )
        ]

    assert keyword_titles('"faded ink"') == ["Chapter 4: The Map"]
    assert keyword_titles("stranger -map") == ["Chapter 2: The Stranger"]
