"""Rosters as instructors have them: nbgrader's, Gradescope's, Canvas's, Moodle's (item 5)."""

from __future__ import annotations

import pytest

from gdgrade.grading.cli import main
from gdgrade.grading.generate import generate_course
from gdgrade.grading.roster import RosterError, Student, read_roster

# Each export's header and first row, in its own column names (written from each tool's
# documentation of its roster or import format).
EXPORTS = {
    "nbgrader": (
        "id,first_name,last_name,email\nann,Ann,Lee,ann.lee@uni.example\n",
        Student("ann", "Ann", "Lee", "ann.lee@uni.example"),
    ),
    "gradescope": (
        "First Name,Last Name,SID,Email,Role,Sections\n"
        "Ann,Lee,20231234,ann.lee@uni.example,Student,A1\n"
        "Tim,Tutor,,tim@uni.example,TA,\n",
        Student("20231234", "Ann", "Lee", "ann.lee@uni.example"),
    ),
    "gradescope-names-emails": (
        "Name,Email\nAnn Lee,ann.lee@uni.example\n",
        Student("ann.lee@uni.example", "Ann", "Lee", "ann.lee@uni.example"),
    ),
    "canvas": (
        "Student,ID,SIS User ID,SIS Login ID,Section\n"
        "    Points Possible,,,,\n"
        '"Lee, Ann",4711,20231234,alee,Section 1\n',
        Student("4711", "Ann", "Lee", ""),
    ),
    "moodle": (
        "First name,Surname,ID number,Email address\nAnn,Lee,20231234,ann.lee@uni.example\n",
        Student("20231234", "Ann", "Lee", "ann.lee@uni.example"),
    ),
    "semicolons": (
        "Username;Given name;Family name;E-mail\nalee;Ann;Lee;ann.lee@uni.example\n",
        Student("alee", "Ann", "Lee", "ann.lee@uni.example"),
    ),
    "excel-bom": (
        "\ufeffstudent_id,name\nann,Ann Lee\n",
        Student("ann", "Ann", "Lee", ""),
    ),
}


@pytest.mark.parametrize("export", list(EXPORTS))
def test_common_roster_exports_are_read(tmp_path, export):
    text, first = EXPORTS[export]
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    students = read_roster(path)
    assert students[0] == first
    assert len(students) == 1  # staff rows and Canvas's "Points Possible" row are not students


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ann\nbob\n", "the first row must name the columns, one of them the student id"),
        ("ann,Ann,Lee\nbob,Bob,Okafor\n", "it is 'ann', 'Ann', 'Lee': add a header row such as"),
        ("id\nann\nbob\nann\n", "student id 'ann' is listed twice (rows 2 and 4)"),
        ("", "the roster is empty"),
        ("id,email\n", "the roster lists no student"),
    ],
    ids=["no-header-one-column", "no-header", "duplicate-id", "empty", "header-only"],
)
def test_a_broken_roster_is_one_clear_error(tmp_path, text, message):
    path = tmp_path / "roster.csv"
    path.write_text(text)
    with pytest.raises(RosterError, match=f"^{tmp_path / 'roster.csv'}: .*") as info:
        read_roster(path)
    assert message in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("gradescope", [False, True])
def test_roster_errors_exit_2_with_one_line(tmp_path, capsys, gradescope):
    missing = tmp_path / "nope.csv"
    extra = ["--gradescope", "--pip", "gdgrade"] if gradescope else []
    code = main(["generate", "adaline-mse", "--out", str(tmp_path / "c"), "--roster",
                 str(missing), *extra])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines() == [
        f"gdgrade: error: {missing}: no such roster file (a CSV such as: "
        "id,first_name,last_name,email / ann,Ann,Lee,ann.lee@uni.example)"
    ]
    headerless = tmp_path / "r.csv"
    headerless.write_text("ann\nbob\n")
    assert main(["generate", "adaline-mse", "--out", str(tmp_path / "c"), "--roster",
                 str(headerless), *extra]) == 2  # fmt: skip
    assert "add a header row" in capsys.readouterr().err


def test_names_and_emails_reach_nbgraders_students_csv(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(EXPORTS["gradescope"][0])
    made = generate_course("adaline-gd", tmp_path / "course", roster=path)
    assert made.students_csv.read_text().splitlines() == [
        "id,first_name,last_name,email",
        "20231234,Ann,Lee,ann.lee@uni.example",
    ]


def test_the_roster_format_is_in_the_help(capsys):
    with pytest.raises(SystemExit):
        main(["generate", "--help"])
    out = capsys.readouterr().out
    assert "id,first_name,last_name,email" in out and "ann,Ann,Lee" in out
