"""The ``gdgrade`` command: a thin shell that declares options and calls each stage.

Every subcommand has ``--help`` with an example; the work is done by the stage
modules (:mod:`gdgrade.grading.stages`), never here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from gdgrade import __version__

__all__ = ["build_parser", "main"]

_CHECK_EPILOG = """\
example:
  gdgrade check                      # the current folder (adaline.py, derivation.py)
  gdgrade check my_work/ --assignment adaline-gd
  gdgrade check homework.ipynb

Runs the assignment's public checks on your work and prints what is wrong, on
the smallest dataset that shows it.  Exit status 1 when a check fails.
"""

_GRADE_EPILOG = """\
example:
  gdgrade grade submissions/* --assignment adaline-gd --json results.json \\
      --csv grades.csv --feedback feedback/

  gdgrade grade course/submitted/*/adaline-gd/adaline-gd.ipynb --assignment adaline-gd \\
      --json results.json --manifest course/gdgrade-manifest.json \\
      --gradebook course/gradebook.db
  gdgrade grade --gradescope --assignment adaline-gd     # in Gradescope's run_autograder
  gdgrade grade submissions/* --assignment adaline-gd --json results.json \\
      --cluster tcp://scheduler.example:8786             # on a Dask cluster's workers

Grades every submission (a folder, a .py file or an nbgrader notebook) with all
the checks, public and hidden, each in a sandbox.  Exit status 0 when every
submission was graded, however they did.  Results already in --json are kept and
not graded again; pass --regrade to grade everything anew.  With --cluster (or
$GDGRADE_CLUSTER) the submissions are graded on the workers of a Dask scheduler
(pip install 'gdgrade[cluster]'; see the README's "Grading on a cluster").
"""

_GENERATE_EPILOG = """\
example:
  gdgrade generate adaline-gd --out course/
  cd course && nbgrader generate_assignment adaline-gd

Writes an nbgrader course folder (nbgrader_config.py, source/NAME/...).

  gdgrade generate adaline-mse --out course/ --roster roster.csv
  gdgrade generate adaline-gd --gradescope --out autograder/

With --roster, each student gets a seeded variant of the assignment, recorded in
course/gdgrade-manifest.json (`gdgrade grade --manifest` grades each student's),
and course/students.csv for `nbgrader db student import`.  The roster is a CSV
whose first row names the columns:

  id,first_name,last_name,email
  ann,Ann,Lee,ann.lee@uni.example
  bob,Bob,Okafor,bob.okafor@uni.example

Exports of nbgrader, Gradescope (SID, First Name, Last Name, Email), Canvas
(ID, Student), Moodle (ID number, Surname), Blackboard, Brightspace and Google
Classroom are read as they are, as Excel saves them too: the id is the first
column named student_id, id, sid, username, login, sis_user_id... that is filled
in for every student, else the email; a name column "Lee, Ann" or "Ann Lee" is
split.  Staff (a Role column) and Canvas's "Points Possible" row are skipped; a
student without an id where others have one, or an id listed twice, is an error.

With --gradescope, writes setup.sh, run_autograder, gdgrade's wheel and
autograder.zip (all of them, with the roster's variants) to upload.
"""

_DEMO_EPILOG = """\
example:
  gdgrade demo --out gdgrade-demo/

Grades the bundled example submissions (correct and wrong ones) and writes the
reports (JSON, CSV, HTML feedback with learning curves) to the folder it names.
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``gdgrade`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="gdgrade",
        description=(
            "Property-based verification and grading of the gradient-descent rule "
            "of linear regression and Adaline."
        ),
    )
    parser.add_argument("--version", action="version", version=f"gdgrade {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    formatter = argparse.RawDescriptionHelpFormatter

    check = sub.add_parser(
        "check",
        help="student: run the public checks on your work (exit 1 if any fails)",
        description="Run the assignment's public checks on a submission.",
        epilog=_CHECK_EPILOG,
        formatter_class=formatter,
    )
    check.add_argument("path", nargs="?", default=".", help="folder, .py or .ipynb (default: .)")
    check.add_argument("--assignment", default=None, help="assignment name or spec file")

    grade = sub.add_parser(
        "grade",
        help="instructor: grade submissions with every check, in a sandbox",
        description="Grade a class's submissions with the whole rubric.",
        epilog=_GRADE_EPILOG,
        formatter_class=formatter,
    )
    grade.add_argument(
        "paths", nargs="*", metavar="PATH", help="submissions to grade (one or more)"
    )
    grade.add_argument("--assignment", required=True, help="assignment name or spec file")
    grade.add_argument(
        "--json", dest="json_out", default=None, help="results JSON to write (required)"
    )
    grade.add_argument("--csv", dest="csv_out", default=None, help="gradebook CSV to write")
    grade.add_argument("--feedback", default=None, help="folder for HTML feedback pages")
    grade.add_argument("--jobs", "-j", type=int, default=None, help="workers (default: all cores)")
    grade.add_argument("--regrade", action="store_true", help="grade again what --json has")
    grade.add_argument(
        "--cluster",
        default=None,
        metavar="ADDRESS",
        help="grade on the workers of the Dask scheduler at ADDRESS (tcp://HOST:8786); "
        "default: $GDGRADE_CLUSTER, else local processes",
    )
    grade.add_argument(
        "--manifest",
        default=None,
        help="gdgrade-manifest.json of `generate --roster`: grade each student's variant",
    )
    grade.add_argument(
        "--gradebook",
        default=None,
        metavar="DB",
        help="nbgrader gradebook.db: write each check's points as the test cell's score",
    )
    grade.add_argument(
        "--gradescope",
        action="store_true",
        help="Gradescope's autograder: PATH defaults to /autograder/submission and --json to "
        "/autograder/results/results.json (one object); $GDGRADE_AUTOGRADER moves /autograder",
    )

    generate = sub.add_parser(
        "generate",
        help="instructor: write an nbgrader course folder for an assignment",
        description="Write an nbgrader course folder for an assignment.",
        epilog=_GENERATE_EPILOG,
        formatter_class=formatter,
    )
    generate.add_argument("name", help="assignment name or spec file")
    generate.add_argument("--out", required=True, help="course folder to write")
    generate.add_argument(
        "--roster",
        default=None,
        metavar="CSV",
        help="the class roster (id,first_name,last_name,email; see below): a variant each",
    )
    generate.add_argument("--seed", type=int, default=0, help="seed of the variants (default 0)")
    generate.add_argument("--course-id", default=None, help="nbgrader course id (default: NAME)")
    generate.add_argument(
        "--gradescope",
        action="store_true",
        help="write Gradescope's setup.sh, run_autograder and autograder.zip instead",
    )
    generate.add_argument(
        "--pip",
        default=None,
        metavar="REQUIREMENT",
        help="with --gradescope: what setup.sh installs instead of the wheel in the zip",
    )

    demo = sub.add_parser(
        "demo",
        help="grade the bundled example submissions and write the reports",
        description="Grade the bundled example submissions.",
        epilog=_DEMO_EPILOG,
        formatter_class=formatter,
    )
    demo.add_argument("--out", default="gdgrade-demo", help="folder for the reports")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``gdgrade``; returns the exit status."""
    args = build_parser().parse_args(argv)
    from gdgrade.grading import stages

    return getattr(stages, args.command)(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
