"""The installed `creatorverse` command, run as a user runs it: a subprocess per call, output
not a terminal. Every expected failure is one line on stderr, no traceback, the documented
exit code (1; 2 for bad usage).

The commands commit, so they run on their own clone of the migrated test template (the
session database's other tests count queued chapters).
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from conftest import SEARCH_PATH, TEMPLATE
from creatorverse.books.splitter import MAX_CHAPTER_CHARS, split_book
from creatorverse.db import server

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).parent / "creatorverse"


@pytest.fixture(scope="module")
def cli_url(db_url: str, admin_url: str) -> Iterator[str]:
    """A clone of the migrated template that `db_url` was cloned from, with the same settings."""
    name = f"creatorverse_cli_{os.getpid()}"
    server.drop_database(admin_url, name)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("create database {} template {}").format(sql.Identifier(name), sql.Identifier(TEMPLATE)))
        admin.execute(sql.SQL("alter database {} set search_path = " + SEARCH_PATH).format(sql.Identifier(name)))
    yield server.with_database(admin_url, name)
    server.drop_database(admin_url, name)


def run(*args: str, url: str | None = None, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "EMBEDDINGS_"))}
    environment.update(CREATORVERSE_ROOT=str(ROOT), COLUMNS="200", **env)
    if url:
        environment["DATABASE_URL"] = url
    done = subprocess.run(
        [str(CLI), *args], capture_output=True, text=True, input=stdin, env=environment, timeout=120, check=False
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def one_error_line(done: subprocess.CompletedProcess, code: int = 1) -> str:
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    return lines[0]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_database_url_errors_and_no_ops():
    closed = f"postgresql://someone:secret@127.0.0.1:{closed_port()}/nothing"
    line = one_error_line(run("db", "migrate", url=closed))
    assert f"cannot connect to 127.0.0.1:{closed.split(':')[3].split('/')[0]}/nothing" in line
    assert "DATABASE_URL" in line and "secret" not in line

    line = one_error_line(run("db", "migrate", url="notaurl"))
    assert "DATABASE_URL must be a postgresql:// URL" in line

    for command in ("start", "stop"):
        done = run("db", command, url=closed)
        assert done.returncode == 0 and "no-op" in done.stdout and "ready" not in done.stdout, done
    done = run("db", "status", url=closed)
    assert done.returncode == 1 and "unreachable" in done.stdout and "Connection refused" in done.stdout


def test_status_psql_and_reset_prompt(cli_url, tmp_path):
    done = run("db", "status", url=cli_url)
    assert done.returncode == 0 and "reachable, PostgreSQL" in done.stdout and "migrations applied" in done.stdout

    done = run("db", "psql", "-c", "select 40 + 2 as answer", "-At", url=cli_url)
    assert done.returncode == 0 and done.stdout.strip() == "42", done

    # embedded mode on an empty data folder: no server, never "pid None"
    embedded = {"CREATORVERSE_DATA_DIR": str(tmp_path), "CREATORVERSE_DB_NAME": "creatorverse_never_dropped"}
    done = run("db", "status", **embedded)
    assert done.returncode == 1 and "stopped" in done.stdout and "None" not in done.stdout

    done = run("db", "reset", stdin="n\n", **embedded)
    assert one_error_line(done) == "error: nothing changed"
    assert not (tmp_path / "pgdata").exists()


def test_embedding_options():
    done = run("books", "embed", "--provider", "foo")
    assert done.returncode == 2 and "'foo' is not one of 'local', 'openai'" in done.stderr

    # refused before any connection or request: no DATABASE_URL reachable either
    line = one_error_line(run("books", "embed", "--provider", "openai", url="postgresql://x@127.0.0.1:1/x"))
    assert "EMBEDDINGS_API_KEY" in line and "--api-key" in line

    line = one_error_line(run("search", "x", "--model", "text-embedding-3-large"))
    assert "only sentence-transformers/all-MiniLM-L6-v2" in line

    help_text = run("books", "embed", "--help").stdout + run("db", "migrate", "--help").stdout
    assert "<bool>" not in help_text
    for words in ("the API's base", "the API key", "text-embedding-3-small (openai)", "all-MiniLM-L6-v2 (local)"):
        assert words in help_text, words


def test_users_and_organizations(cli_url):
    done = run("user", "create", "Writer@Example.com", "--name", "A Writer", url=cli_url)
    assert done.returncode == 0 and "created user writer@example.com" in done.stdout
    assert "already exists" in one_error_line(run("user", "create", "writer@example.com", url=cli_url))
    assert "not an email address" in one_error_line(run("user", "create", "nobody", url=cli_url))

    done = run("org", "create", "Ink & Light", "--owner", "writer@example.com", url=cli_url)
    assert done.returncode == 0 and "slug: ink-light" in done.stdout, done
    org_id = done.stdout.split("id: ")[1].split()[0]
    # the RPC's own rule and SQLSTATE
    line = one_error_line(run("org", "create", "Ink Light", "--owner", "writer@example.com", url=cli_url))
    assert line == 'error: slug "ink-light" is already taken [SQLSTATE 23505]'
    line = one_error_line(run("org", "create", "Ghost", "--owner", "ghost@example.com", url=cli_url))
    assert "no user with email ghost@example.com" in line and "user create" in line
    assert "--slug" in one_error_line(run("org", "create", "빛", url=cli_url))
    # no --owner: the local owner, created on first use
    done = run("org", "create", "빛 스튜디오", "--slug", "bit-studio", url=cli_url)
    assert done.returncode == 0 and "owner@creatorverse.local" in done.stdout

    listing = run("org", "list", url=cli_url).stdout
    assert "ink-light" in listing and "bit-studio" in listing and "writer@example.com" in listing
    members = run("org", "members", org_id.upper(), url=cli_url)
    assert members.returncode == 0 and "writer@example.com" in members.stdout and "owner" in members.stdout
    assert "no organization" in one_error_line(run("org", "members", "nope", url=cli_url))


def test_import_checks_its_input(cli_url, tmp_path):
    run("user", "create", "importer@example.com", url=cli_url)
    org_id = run("org", "create", "Importers", "--owner", "importer@example.com", url=cli_url).stdout
    org_id = org_id.split("id: ")[1].split()[0]

    bad = tmp_path / "bad.md"
    bad.write_bytes(b"# Title\n\nabc\xff\xfe")
    line = one_error_line(run("books", "import", str(bad), "-o", "importers", url=cli_url))
    assert str(bad) in line and "offset 12" in line and "--encoding" in line

    binary = tmp_path / "picture.md"
    binary.write_bytes(bytes(range(256)) * 4)
    line = one_error_line(run("books", "import", str(binary), "-o", "importers", url=cli_url))
    assert str(binary) in line and "offset 128" in line

    korean = tmp_path / "편지.txt"
    korean.write_bytes("편지\n\n제 1 장 바다\n서울에서 온 편지\n".encode("cp949"))
    done = run("books", "import", str(korean), "-o", "importers", "--encoding", "cp949", url=cli_url)
    assert done.returncode == 0 and "imported 편지: 1 chapters" in done.stdout, done

    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"Story\n\nChapter 1\nA line\x00 with a NUL.\n")
    done = run("books", "import", str(nul), "-o", org_id.upper(), url=cli_url)
    assert done.returncode == 0 and "imported Story: 1 chapters" in done.stdout
    assert "removed 1 NUL byte (the first at offset 23)" in done.stderr
    assert "import: 1/1 chapters" in done.stdout  # plain progress lines when not a terminal

    again = run("-q", "books", "import", str(nul), "-o", "IMPORTERS", url=cli_url)
    assert again.returncode == 0 and "already imported" in again.stdout and "--as-new" in again.stdout
    assert "import:" not in again.stdout
    forced = run("-q", "books", "import", str(nul), "-o", "importers", "--as-new", url=cli_url)
    assert forced.returncode == 0 and "imported Story" in forced.stdout
    with psycopg.connect(cli_url) as conn:
        copies = conn.execute("select count(*) from public.books where title = 'Story'").fetchone()[0]
        # leave no chapters queued for the search test's embedder
        conn.execute("update public.chapters set deleted_at = now()")
    assert copies == 2


def test_size_rule_splits_text_without_headings():
    words = " ".join(f"w{i}" for i in range(60_000))  # about 410,000 characters, no headings
    book = split_book(words, "wall.txt")
    assert [c.title for c in book.chapters] == ["Part 1", "Part 2", "Part 3", "Part 4", "Part 5"]
    assert all(len(c.content) <= MAX_CHAPTER_CHARS for c in book.chapters)
    assert " ".join(c.content for c in book.chapters) == words  # cut at spaces, nothing lost
    titled = split_book("## Long\n" + "para graph\n\n" * 20_000, "x.md")
    assert [c.title for c in titled.chapters] == ["Long (part 1 of 3)", "Long (part 2 of 3)", "Long (part 3 of 3)"]


def test_random_words_fit_the_keyword_index(cli_url, tmp_path):
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    # random words, the worst case for a tsvector (each word its own lexeme), cut into chapters of
    # the largest size the rule allows: each is accepted by chapters.fts
    text = " ".join("".join(rng.choices(letters, k=rng.randint(6, 14))) for _ in range(15_000))
    assert len(text) > MAX_CHAPTER_CHARS
    wall = tmp_path / "wall.txt"
    wall.write_text(text)
    run("user", "create", "wall@example.com", url=cli_url)
    run("org", "create", "Wall", "--owner", "wall@example.com", url=cli_url)
    done = run("-q", "books", "import", str(wall), "-o", "wall", url=cli_url)
    assert done.returncode == 0 and f"{len(split_book(text).chapters)} chapters" in done.stdout, done
    with psycopg.connect(cli_url) as conn:
        conn.execute("update public.chapters set deleted_at = now()")


def test_demo_then_search(cli_url, tmp_path):
    demo = run("demo", "--no-film", url=cli_url)
    assert demo.returncode == 0 and "the demo organization's slug: demo-studio" in demo.stdout, demo
    assert "embed: 4/4 chapters" in demo.stdout  # plain progress lines when not a terminal
    tide = tmp_path / "tide.md"
    tide.write_text("# Tide\n\n## One\nThe tide came in over the causeway.\n\n## Two\nIt went out again.\n")
    demo = run(
        "-q", "demo", "--no-film", "--book", str(tide), url=cli_url
    )  # the demo book exists: --book still imports
    assert "imported Tide: 2 chapters" in demo.stdout and "embedded 2 chapters" in demo.stdout, demo
    assert "migrate:" not in demo.stdout and "embed:" not in demo.stdout

    run("user", "create", "outsider@example.com", url=cli_url)
    note = tmp_path / "note.md"
    note.write_text("# Note\n\n## Only\nA note about the causeway at low tide.\n")
    assert run("-q", "books", "import", str(note), "-o", "Demo-Studio", url=cli_url).returncode == 0
    done = run("books", "embed", url=cli_url)
    assert done.returncode == 0 and "embedded 1 chapters" in done.stdout and "embed: 1/1 chapters" in done.stdout

    english = run("search", "a stranger who survived a shipwreck", "--org", "demo-studio", "-k", "2", url=cli_url)
    assert english.returncode == 0 and "as its owner" in english.stdout
    first_row = english.stdout.split("┡", 1)[1].splitlines()[1:3]  # book, then chapter
    assert "The Lantern Keeper" in first_row[0] and "2. Chapter 2: The Stranger" in first_row[1], english.stdout
    korean = run("search", "서울에서 온 편지", "--org", "demo-studio", "-k", "1", url=cli_url)
    assert "서울의 밤" in korean.stdout and "서울에서" in korean.stdout
    keyword = run("search", "causeway", "--mode", "keyword", "--book", "note", url=cli_url)
    assert "1. Only" in keyword.stdout and "Tide" not in keyword.stdout and "service role" in keyword.stdout
    vector = run("search", "lighthouse keeper", "--mode", "vector", "-k", "7", "--org", "DEMO-STUDIO", url=cli_url)
    assert vector.stdout.count("The Lantern Keeper") == 4 and vector.stdout.count("Tide") == 2, vector.stdout
    # row-level security: a user outside the organization finds nothing
    hidden = run("search", "lighthouse", "--as", "outsider@example.com", url=cli_url)
    assert hidden.returncode == 0 and "no chapters found" in hidden.stdout
    assert "--mode" in run("search", "x", "--mode", "fuzzy", url=cli_url).stderr


def test_duties_list_and_run(cli_url):
    listed = run("duties", url=cli_url)
    assert listed.returncode == 0, listed.stderr
    with psycopg.connect(cli_url) as conn:
        names = [n for (n,) in conn.execute("select name from private.duties order by name")]
    assert all(name in listed.stdout for name in names), listed.stdout

    done = run("duties", "run", "expire_invitations", url=cli_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("expire_invitations: 0 rows in "), done.stdout
    with psycopg.connect(cli_url) as conn:
        runs, error = conn.execute(
            "select run_count, last_error from analytics.duty_status where name = 'expire_invitations'"
        ).fetchone()
    assert (runs, error) == (1, None)

    assert one_error_line(run("duties", "run", "nope", url=cli_url)) == "error: unknown duty: nope"


def test_generate_story_develops_a_book_once(cli_url):
    run("user", "create", "author@example.com", url=cli_url)
    done = run("org", "create", "Lantern Works", "--owner", "author@example.com", "--slug", "lantern", url=cli_url)
    assert done.returncode == 0, done
    book = str(ROOT / "examples" / "the_lantern_keeper.md")
    # no credits: refused with the wallet's reason, the book imported all the same
    line = one_error_line(run("generate", "story", "--book", book, "--org", "lantern", url=cli_url))
    assert "insufficient credits" in line and "PT402" in line
    with psycopg.connect(cli_url, autocommit=True) as conn:
        org_id = conn.execute("select id from public.organizations where slug = 'lantern'").fetchone()[0]
        conn.execute("select public.credits_grant(%s, 100, 'bonus', 'test:story')", (org_id,))
    done = run("generate", "story", "--book", book, "--org", "lantern", url=cli_url)
    assert done.returncode == 0, done
    out = done.stdout
    assert "logline: The Lantern Keeper: Mara climbed the lighthouse stairs" in out
    assert "genre: adventure" in out and "Mara" in out and "protagonist" in out and "Grandfather" in out
    assert "Chapter 4: The Map" in out and "credits: 6 held, 6 captured, 0 released" in out
    with psycopg.connect(cli_url) as conn:
        book_id = conn.execute("select id from public.books where organization_id = %s", (org_id,)).fetchone()[0]
    again = run("generate", "story", "--book", str(book_id), url=cli_url)  # the same story: charged once
    assert again.returncode == 0 and ": succeeded" in again.stdout and "6 captured" in again.stdout, again
    assert "no book file or book id" in one_error_line(run("generate", "story", "--book", "nope", url=cli_url))


def test_generate_film_from_a_script_and_the_jobs_it_queued(cli_url):
    """`generate film --script` takes the same path as `--story` and the demo (demo.make_film);
    `jobs` (which absorbed the former `queue`) shows what it queued and the workers."""
    with psycopg.connect(cli_url, autocommit=True) as conn:
        if conn.execute("select 1 from public.organizations where slug = 'lantern'").fetchone() is None:
            pytest.skip("needs the story written by test_generate_story_develops_a_book_once")
        org_id, script_id = conn.execute(
            "select s.organization_id, s.id from public.scripts s join public.organizations o "
            "on o.id = s.organization_id where o.slug = 'lantern' and s.scene_count > 0 order by s.created_at limit 1"
        ).fetchone()
        conn.execute("select public.credits_grant(%s, 500, 'bonus', 'test:film')", (org_id,))
    queued = run("generate", "film", "--script", str(script_id), "--no-wait", "--width", "160", "--height", "90",
                 url=cli_url)  # fmt: skip
    assert queued.returncode == 0 and queued.stdout.startswith("film "), queued
    film_id, status = queued.stdout.split()[1].rstrip(":"), queued.stdout.split()[2]
    assert status == "running"  # the parent of the queued jobs
    again = run("generate", "film", "--script", str(script_id), "--no-wait", "--width", "160", "--height", "90",
                url=cli_url)  # fmt: skip
    assert again.stdout.split()[1].rstrip(":") == film_id  # the same request: the same film, charged once
    assert "no script with id nope" in one_error_line(run("generate", "film", "--script", "nope", url=cli_url))
    assert one_error_line(run("generate", "film", url=cli_url), code=2) == (
        "error: give either --story FILE or --script ID"
    )

    jobs = run("jobs", "--org", "lantern", url=cli_url)
    assert jobs.returncode == 0, jobs
    for title in ("jobs by kind", "latest 15 jobs", "workers"):
        assert title in jobs.stdout, jobs.stdout
    assert "image" in jobs.stdout and "merge" in jobs.stdout and film_id[:8] in jobs.stdout
    assert run("queue", url=cli_url).returncode == 2  # merged into `jobs`
