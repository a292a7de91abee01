from creatorverse.db.sqlsplit import split_sql


def test_semicolons_inside_quotes_comments_and_bodies_do_not_split():
    script = """-- a; comment
create table t (a text default 'x;y', "b;c" int);
/* block ; /* nested ; */ */
create function f() returns int language plpgsql as $body$
begin
  return 1; -- inside
end
$body$;
select E'it\\'s; fine', $$a;b$$, $1;
"""
    statements = split_sql(script)
    assert [s.line for s in statements] == [1, 3, 9]  # a leading comment belongs to its statement
    assert statements[0].text.endswith('"b;c" int)')
    assert "return 1;" in statements[1].text
    assert statements[2].text.endswith("$1")


def test_error_position_maps_to_script_line():
    statements = split_sql("select 1;\n\nselect\n  2,\n  oops;")
    second = statements[1]
    assert second.line == 3
    assert second.line_of(second.text.index("oops") + 1) == 5


def test_comment_only_tail_is_not_a_statement():
    assert len(split_sql("select 1;\n-- the end\n")) == 1
