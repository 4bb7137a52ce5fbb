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
