"""Rosters as instructors have them (nbgrader, Gradescope, Canvas, Moodle, Blackboard...) and
the names their submission downloads get."""

from __future__ import annotations

import pytest

from gdgrade.grading.cli import main
from gdgrade.grading.generate import generate_course, read_manifest, variants_for_paths
from gdgrade.grading.roster import (
    AmbiguousSubmission,
    RosterError,
    Student,
    match_submission,
    read_roster,
)

from .rosters import AMBIGUOUS, CLASS, SECOND_ROSTERS, SECOND_SUBMISSIONS
from .rosters import ROSTERS as FIRST_ROSTERS
from .rosters import SUBMISSIONS as FIRST_SUBMISSIONS

ROSTERS = FIRST_ROSTERS | SECOND_ROSTERS
SUBMISSIONS = FIRST_SUBMISSIONS | SECOND_SUBMISSIONS

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


# -- held-out real formats (tests/grading/rosters.py): each read right or one clear line --


@pytest.mark.parametrize("name", list(ROSTERS))
def test_real_roster_exports_are_read_or_refused_in_one_line(tmp_path, name):
    data, want = ROSTERS[name]
    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    if isinstance(want, str):
        with pytest.raises(RosterError) as info:
            read_roster(path)
        assert want in str(info.value) and "\n" not in str(info.value)
    else:
        assert [(s.id, s.first_name, s.last_name) for s in read_roster(path)] == want


def test_the_usernames_beside_the_student_number_are_kept_to_match_file_names(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(ROSTERS["blackboard-grade-center-xls"][0])
    assert [s.aliases for s in read_roster(path)] == [("alee",), ("jnunez",)]
    path.write_bytes(ROSTERS["canvas-gradebook"][0])  # the Student column is a name, not an id
    assert [s.aliases for s in read_roster(path)] == [("20231234", "alee"), ("20231235", "bokafor")]


def _class_roster() -> dict[str, dict]:
    return {
        sid: {"name": f"{first} {last}", "email": email, "aliases": [user]}
        for sid, first, last, email, user in CLASS
    }


@pytest.mark.parametrize("name", list(SUBMISSIONS))
def test_real_submission_names_are_matched_to_their_student_or_refused(name):
    path, want = SUBMISSIONS[name]
    if want == AMBIGUOUS:
        with pytest.raises(AmbiguousSubmission, match="fits 2 students of the roster"):
            match_submission(path, _class_roster(), "adaline-gd")
    else:
        assert match_submission(path, _class_roster(), "adaline-gd") == want


def test_a_name_is_never_read_past_an_id_that_says_otherwise():
    # Canvas's "leeann" fits both Ann Lees; the user id in the name decides.
    roster = _class_roster()
    assert match_submission("leeann_4714_1_adaline.py", roster) == "4714"
    # an id in the file's own name wins over an id in a folder further up
    assert match_submission("4711/subs/bokafor.py", roster) == "4712"


def test_grade_stops_in_one_line_on_a_submission_two_students_fit(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name,email\n4711,Ann Lee,a@u\n4714,Ann Lee,b@u\n")
    made = generate_course("adaline-mse", tmp_path / "course", roster=roster)
    sub = tmp_path / "Ann Lee_51236_assignsubmission_file_"
    sub.mkdir()
    code = main(["grade", str(sub), "--assignment", "adaline-mse", "--json",
                 str(tmp_path / "r.json"), "--manifest", str(made.manifest)])  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert "fits 2 students of the roster (4711, 4714)" in err[0]
    assert not (tmp_path / "r.json").exists()


def test_a_submission_of_nobody_on_the_roster_is_named_not_graded_silently(tmp_path, capsys):
    """With variants, a submission that matches no student is graded with the spec's own
    conventions, which may not be its author's: grade says so, once per submission."""
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name,email\n4711,Ann Lee,a@u\n4712,Bob Okafor,b@u\n")
    made = generate_course("adaline-mse", tmp_path / "course", roster=roster)
    assert any(read_manifest(made.manifest).students.values())
    theirs, nobody = tmp_path / "4711", tmp_path / "carol-unknown"
    for folder in (theirs, nobody):
        folder.mkdir()
    code = main(["grade", str(theirs), str(nobody), "--assignment", "adaline-mse", "--json",
                 str(tmp_path / "r.json"), "--manifest", str(made.manifest)])  # fmt: skip
    err = capsys.readouterr().err
    assert code in (0, 1) and (tmp_path / "r.json").exists()
    warned = [line for line in err.splitlines() if "matches no student" in line]
    assert len(warned) == 1 and str(nobody) in warned[0], err
    assert "not a student's variant" in warned[0]


def test_a_blackboard_download_gets_its_students_variant(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_bytes(ROSTERS["blackboard-grade-center-xls"][0])
    made = generate_course("adaline-mse", tmp_path / "course", roster=roster)
    manifest = read_manifest(made.manifest)
    path = str(tmp_path / "Adaline GD_jnunez_attempt_2024-10-03-09-00-00_adaline.py")
    assert variants_for_paths([path], manifest) == {path: manifest.students["20231236"]}


# A file a student named inside the folder a platform made for them: the platform's
# folder says whose it is (before, the file's name did: another student's variant, or a
# batch stopped on "fits 2 students").
CHOSEN_NAMES = {
    "moodle-file-named-after-another": (
        "moodle/Bob Okafor_51234_assignsubmission_file_/4715.py",
        "4712",
    ),
    "moodle-file-named-after-two": (
        "moodle/Bob Okafor_51234_assignsubmission_file_/4711_4715.py",
        "4712",
    ),
    "moodle-subfolder": ("moodle/Bob Okafor_51234_assignsubmission_file_/mchen/adaline.py", "4712"),
    "blackboard-folder": ("bb/Adaline GD_jnunez_attempt_2024-10-03-09-00-00/mchen.py", "4713"),
    "github-clone": ("classroom/adaline-gd-mchen/bokafor.py", "4715"),
    "github-clone-email": ("classroom/adaline-gd-mchen/bob.okafor@uni.example.py", "4715"),
    "canvas-file-named-after-another": ("canvas/okaforbob_4712_998878_4715.py", "4712"),
}


@pytest.mark.parametrize("name", list(CHOSEN_NAMES))
def test_a_name_the_student_chose_never_makes_it_another_students(name):
    path, want = CHOSEN_NAMES[name]
    assert match_submission(path, _class_roster(), "adaline-gd") == want
