"""Catalog guard of the error contract (docs/errors.md): every SQLSTATE our functions raise is
documented there, with the HTTP status PostgREST really answers for it, and none of them is one
PostgREST turns into a server error (5xx) unless the table below says why. PostgREST maps class 55
(object_not_in_prerequisite_state) and P0 other than P0001 (no_data_found …) to HTTP 500, which a
client, a retrying fetch wrapper and an error tracker all read as "the server broke": state
refusals raise PT409 and "not found or not yours" raises PT404 instead."""

import re
from pathlib import Path

import psycopg

ERRORS_MD = Path(__file__).resolve().parents[2] / "docs" / "errors.md"

OUR_FUNCTIONS = """
    select n.nspname || '.' || p.proname, p.prosrc
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname not in ('pg_catalog', 'information_schema', 'extensions', 'tests', 'auth', 'storage')
      and n.nspname !~ '^pg_(toast|temp)'
      and not exists (select from pg_depend d where d.objid = p.oid and d.deptype = 'e')
      and p.prolang = (select oid from pg_language where lanname = 'plpgsql')"""

RAISES = re.compile(r"(?:errcode\s*=\s*|raise\s+sqlstate\s+)'([0-9A-Z]{5})'", re.IGNORECASE)

# Server errors on purpose, each with its reason; the only ones allowed.
SERVER_ERRORS = {
    "XX001": "a stored secret fails authentication: the data is corrupt, the server's fault",
    "PT503": "the platform-wide emergency stop: the service is unavailable on purpose",
    "PT507": "the organization's storage is full (HTTP 507 Insufficient Storage)",
}
# Raised only to the platform's own workers, never on a client's request.
WORKER_ONLY = {"private.leader_fence": "55000"}

# PostgREST's table (docs.postgrest.org, references/errors): exact codes first, then classes,
# then PTxyz (HTTP xyz); anything else is 400.
EXACT = {
    "23503": "409",
    "23505": "409",
    "25006": "405",
    "53400": "500",
    "P0001": "400",
    "42883": "404",
    "42P01": "404",
    "42P17": "500",
    "42501": "401/403",
}
CLASSES = {
    "08": "503",
    "09": "500",
    "0L": "403",
    "0P": "403",
    "25": "500",
    "28": "403",
    "2D": "500",
    "38": "500",
    "39": "500",
    "3B": "500",
    "40": "500",
    "53": "503",
    "54": "500",
    "55": "500",
    "57": "500",
    "58": "500",
    "F0": "500",
    "HV": "500",
    "P0": "500",
    "XX": "500",
}


def postgrest_status(code: str) -> str:
    if code in EXACT:
        return EXACT[code]
    if re.fullmatch(r"PT\d{3}", code):
        return code[2:]
    return CLASSES.get(code[:2], "400")


def documented() -> dict[str, set[str]]:
    """SQLSTATE → the HTTP statuses docs/errors.md's main table gives it."""
    table: dict[str, set[str]] = {}
    for line in ERRORS_MD.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"`[0-9A-Z]{5}`", cells[0]):
            table.setdefault(cells[0].strip("`"), set()).add(cells[2])
    return table


def raised(conn: psycopg.Connection) -> dict[str, set[str]]:
    """SQLSTATE → the functions of ours that raise it."""
    codes: dict[str, set[str]] = {}
    for name, source in conn.execute(OUR_FUNCTIONS).fetchall():
        for code in RAISES.findall(source):
            codes.setdefault(code.upper(), set()).add(name)
    return codes


def contract_breaches(conn: psycopg.Connection) -> list[str]:
    docs = documented()
    breaches = []
    for code, functions in sorted(raised(conn).items()):
        status = postgrest_status(code)
        if code not in docs:
            breaches.append(f"{code} raised by {sorted(functions)} is not in docs/errors.md")
        elif docs[code] != {status}:
            breaches.append(f"{code}: docs/errors.md says HTTP {sorted(docs[code])}, PostgREST answers {status}")
        clients = {f for f in functions if WORKER_ONLY.get(f) != code}
        if status.startswith("5") and code not in SERVER_ERRORS and clients:
            breaches.append(f"{code} is HTTP {status} through PostgREST, raised by {sorted(clients)}")
    return breaches


def test_every_raised_sqlstate_is_documented_with_its_real_http_status(db_url):
    with psycopg.connect(db_url) as conn:
        assert contract_breaches(conn) == []


def test_the_guard_catches_an_undocumented_code_and_a_server_error(db_url):
    with psycopg.connect(db_url) as conn:
        conn.execute(
            """create function private.sneaky_refusal() returns void language plpgsql as $$
               begin
                   raise exception 'nope' using errcode = '55000';
               end $$"""
        )
        conn.execute(
            """create function private.sneaky_code() returns void language plpgsql as $$
               begin
                   raise sqlstate 'PT418';
               end $$"""
        )
        breaches = contract_breaches(conn)
        conn.rollback()
    assert "55000 is HTTP 500 through PostgREST, raised by ['private.sneaky_refusal']" in breaches
    assert "PT418 raised by ['private.sneaky_code'] is not in docs/errors.md" in breaches
