"""The student's terminal writer, measured against rich, which wrote the report before.

``gdgrade check`` no longer needs rich (it is the instructor's); what it writes must
still be what rich wrote: the same lines wrapped the same way, the same escapes on a
terminal, none elsewhere.  rich is installed with the instructor's extra, which the
project's own tests install, so it serves here as the reference.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from gdgrade.grading.reports.ansi import SGR, Terminal, cells, fold, shows_styles

# Characters whose width this Python's Unicode tables and rich's agree on: ASCII,
# accented Latin, a combining accent, wide CJK and full-width forms.
ALPHABET = st.sampled_from([*"abcdefxyz0123./-_()[]:=", "é", "ß", "\u0301", "漢", "字", "ｗ"])
WORD = st.text(ALPHABET, min_size=1, max_size=30)
SPACE = st.sampled_from([" ", "  ", "\t", " \t", "\n", "   "])
PARAGRAPH = st.lists(st.tuples(WORD, SPACE), max_size=14).map(
    lambda parts: "".join(w + s for w, s in parts)
)
STYLES = st.sampled_from(["bold", "italic", "bold green", "bold red", "yellow", "cyan", "magenta"])


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _rich(width: int, **options) -> Console:
    return Console(file=io.StringIO(), width=width, highlight=False, **options)


@settings(max_examples=300)
@given(PARAGRAPH, st.integers(min_value=2, max_value=60))  # 2: a wide character fits
def test_a_paragraph_is_wrapped_as_rich_wraps_it(text, width):
    console = _rich(width)
    console.print(Text(text))
    assert "\n".join(fold(text, width)) + "\n" == console.file.getvalue()


def test_fold_cuts_only_a_word_longer_than_the_line():
    assert fold("note: a/very/long/path/indeed end", 12) == [
        "note: ",
        "a/very/long/",
        "path/indeed ",
        "end",
    ]
    assert fold("漢字漢字 ab", 5) == ["漢字", "漢字 ", "ab"]
    assert cells("漢字e\u0301") == 5  # 2 + 2 + 1 + 0: the accent combines


@st.composite
def _styled_lines(draw):
    # No tab: rich ends and starts the style again around a tab it expands inside a
    # span, the same on screen (tabs outside spans are tested without styles below).
    text = draw(PARAGRAPH.map(lambda t: t.replace("\n", " ").replace("\t", " ")))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6, unique=True)))
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))  # an odd cut is left out
    return text, [(a, b, draw(STYLES)) for a, b in pairs]


@settings(max_examples=200)
@given(_styled_lines(), st.booleans())
def test_a_styled_line_has_richs_escapes_on_a_terminal(line, no_color):
    text, spans = line
    console = _rich(80, force_terminal=True, color_system="standard", no_color=no_color)
    shown = Text(text)
    for start, end, style in spans:
        shown.stylize(style, start, end)
    console.print(shown, soft_wrap=True)
    out = io.StringIO()
    environ = {"NO_COLOR": "1"} if no_color else {}
    Terminal(out, width=80, styled=True, environ=environ).line(text, *spans)
    assert out.getvalue() == console.file.getvalue()


@given(PARAGRAPH.map(lambda t: t.replace("\n", " ")), STYLES)
def test_off_a_terminal_a_line_is_what_rich_wrote_tabs_expanded(text, style):
    console = _rich(80)
    console.print(Text(text, style=style), soft_wrap=True)
    out = io.StringIO()
    Terminal(out, width=80).line(text, (0, len(text), style))
    assert out.getvalue() == console.file.getvalue()
    assert "\x1b" not in out.getvalue() and "\t" not in out.getvalue()


@pytest.mark.parametrize(
    ("stream", "environ", "styled"),
    [
        (io.StringIO(), {}, False),  # a pipe, a file, a test's capture
        (_Tty(), {}, True),
        (_Tty(), {"TERM": "dumb"}, False),
        (io.StringIO(), {"FORCE_COLOR": "1"}, True),  # https://force-color.org
        (io.StringIO(), {"FORCE_COLOR": ""}, False),  # empty: as if not set
        (_Tty(), {"NO_COLOR": "1"}, True),  # styled, without colours (below)
    ],
)
def test_styles_only_where_they_are_shown(stream, environ, styled):
    assert shows_styles(stream, environ) is styled
    Terminal(stream, width=40, environ=environ).line("PASS  x", (0, 4, "bold green"))
    written = stream.getvalue()
    assert ("\x1b[" in written) is styled
    if environ.get("NO_COLOR"):
        assert written == "\x1b[1mPASS\x1b[0m  x\n"  # bold kept, green dropped
    elif styled:
        assert written == f"\x1b[{SGR['bold']};{SGR['green']}mPASS\x1b[0m  x\n"


def test_a_closed_stream_shows_no_styles():
    stream = io.StringIO()
    stream.close()
    assert shows_styles(stream, {}) is False


def test_the_width_is_the_terminals(monkeypatch):
    monkeypatch.setenv("COLUMNS", "37")
    assert Terminal(io.StringIO()).width == 37


def test_the_default_stream_is_stdout_at_each_write(capsys):
    terminal = Terminal(width=40)
    terminal.line("first")
    assert capsys.readouterr().out == "first\n"


@pytest.mark.parametrize("raw", ["\x1b[2J\x1b[31mred", "a\rb", "\u202eevil", "\udcff", "\x00"])
def test_whatever_a_line_is_given_it_writes_printable_text(raw):
    out = io.StringIO()
    Terminal(out, width=40, styled=True).paragraph(raw + " tail", (0, 3, "bold red"))
    written = out.getvalue().replace("\x1b[1;31m", "").replace("\x1b[0m", "")
    assert "\x1b" not in written and "\r" not in written and "\u202e" not in written
    written.encode("utf-8")
