"""Real-format rosters and submission names, each with what gdgrade must make of it.

Written in our own words from each tool's documented export (Canvas's gradebook
export with its "Points Possible" row and test student; Gradescope's roster with its
TAs; Moodle's participants list and grading worksheet; Blackboard's Grade Center
download, a tab-separated UTF-16 ".xls"; Brightspace's grades export with its "#"
prefixed ids; Google Classroom's grades export with its date and points rows;
nbgrader's student import) and from how Excel saves a CSV (a BOM, semicolons in
European locales, cp1252 accents, a "sep=;" line, blank trailing rows).

``ROSTERS``: name -> (bytes of the file, expected ``[(id, first, last), ...]`` or
the text of the one-line error).  ``CLASS`` is the roster the submissions are
matched against; ``SUBMISSIONS``: name -> (path, the expected student id, None when
no student may be named, or ``AMBIGUOUS`` when the path names several).
"""

from __future__ import annotations

AMBIGUOUS = "ambiguous"


def _u16(text: str) -> bytes:
    return b"\xff\xfe" + text.encode("utf-16-le")


ROSTERS: dict[str, tuple[bytes, list[tuple[str, str, str]] | str]] = {
    "nbgrader-import": (
        b"id,first_name,last_name,email,lms_user_id\n"
        b"ann,Ann,Lee,ann.lee@uni.example,77\nbob,Bob,Okafor,bob.okafor@uni.example,78\n",
        [("ann", "Ann", "Lee"), ("bob", "Bob", "Okafor")],
    ),
    "gradescope-roster-with-tas": (
        b"First Name,Last Name,SID,Email,Role,Sections\n"
        b"Ann,Lee,20231234,ann.lee@uni.example,Student,A1\n"
        b"Tim,Tutor,,tim@uni.example,TA,\n"
        b"Ines,Instructor,,ines@uni.example,Instructor,\n"
        b"Bob,Okafor,20231235,bob.okafor@uni.example,Student,A2\n",
        [("20231234", "Ann", "Lee"), ("20231235", "Bob", "Okafor")],
    ),
    "gradescope-roster-no-sids": (
        b"Full Name,Email,SID,Role\n"
        b"Ann Lee,ann.lee@uni.example,,Student\nBob Okafor,bob.okafor@uni.example,,Student\n",
        [("ann.lee@uni.example", "Ann", "Lee"), ("bob.okafor@uni.example", "Bob", "Okafor")],
    ),
    "gradescope-roster-one-sid-missing": (
        b"First Name,Last Name,SID,Email,Role\n"
        b"Ann,Lee,20231234,ann.lee@uni.example,Student\n"
        b"Bob,Okafor,,bob.okafor@uni.example,Student\n",
        "row 3 (Bob Okafor) has no SID",
    ),
    "canvas-gradebook": (
        b"Student,ID,SIS User ID,SIS Login ID,Section,Adaline GD (5521)\n"
        b"    Points Possible,,,,,10.00\n"
        b'"Lee, Ann",4711,20231234,alee,ML 101 - A,8.00\n'
        b'"Okafor, Bob",4712,20231235,bokafor,ML 101 - A,\n'
        b'"Student, Test",4799,,,ML 101 - A,\n',
        [("4711", "Ann", "Lee"), ("4712", "Bob", "Okafor")],
    ),
    "canvas-gradebook-integration-id": (
        b"Student,ID,SIS User ID,SIS Login ID,Integration ID,Root Account,Section\n"
        b"Points Possible,,,,,,\n"
        b'"N\xc3\xba\xc3\xb1ez, Jos\xc3\xa9",4713,20231236,jnunez,,uni.instructure.com,ML 101\n',
        [("4713", "Jos\u00e9", "N\u00fa\u00f1ez")],
    ),
    "moodle-participants-no-idnumber": (
        b"First name,Surname,ID number,Email address\n"
        b"Ann,Lee,,ann.lee@uni.example\nBob,Okafor,,bob.okafor@uni.example\n",
        [("ann.lee@uni.example", "Ann", "Lee"), ("bob.okafor@uni.example", "Bob", "Okafor")],
    ),
    "moodle-participants": (
        b"First name,Surname,ID number,Email address\nAnn,Lee,20231234,ann.lee@uni.example\n",
        [("20231234", "Ann", "Lee")],
    ),
    "moodle-grading-worksheet": (
        b'Identifier,"Full name","Email address",Status,Grade,"Maximum Grade"\n'
        b'"Participant 51234","Ann Lee",ann.lee@uni.example,"Submitted for grading",,10.00\n',
        [("ann.lee@uni.example", "Ann", "Lee")],
    ),
    "blackboard-grade-center-xls": (
        _u16(
            '"Last Name"\t"First Name"\t"Username"\t"Student ID"\t"Last Access"\t'
            '"Availability"\t"Adaline GD [Total Pts: 10 Score] |1234"\r\n'
            '"Lee"\t"Ann"\t"alee"\t"20231234"\t"2024-10-01"\t"Available"\t""\r\n'
            '"N\u00fa\u00f1ez"\t"Jos\u00e9"\t"jnunez"\t"20231236"\t"2024-10-01"\t"Available"\t""\r\n'
        ),
        [("20231234", "Ann", "Lee"), ("20231236", "Jos\u00e9", "N\u00fa\u00f1ez")],
    ),
    "blackboard-comma": (
        b'"Last Name","First Name","Username","Student ID"\n"Lee","Ann","alee","20231234"\n',
        [("20231234", "Ann", "Lee")],
    ),
    "excel-semicolon-cp1252": (
        "Student ID;Last Name;First Name;Email\n"
        "20231236;N\u00fa\u00f1ez;Jos\u00e9;jose@uni.example\n"
        "20231237;M\u00fcller;J\u00fcrgen;juergen@uni.example\n".encode("cp1252"),
        [("20231236", "Jos\u00e9", "N\u00fa\u00f1ez"), ("20231237", "J\u00fcrgen", "M\u00fcller")],
    ),
    "excel-bom-last-first": (
        b'\xef\xbb\xbfName,Student ID\r\n"Lee, Ann",4711\r\n"Okafor, Bob",4712\r\n',
        [("4711", "Ann", "Lee"), ("4712", "Bob", "Okafor")],
    ),
    "excel-trailing-empty-rows": (
        b"Username;First name;Last name\nalee;Ann;Lee\n;;\n;;\n\n",
        [("alee", "Ann", "Lee")],
    ),
    "excel-sep-line": (
        b"sep=;\nStudent ID;Name\n4711;Ann Lee\n",
        [("4711", "Ann", "Lee")],
    ),
    "header-row-repeated": (
        b"id,first_name,last_name\nann,Ann,Lee\nid,first_name,last_name\nbob,Bob,Okafor\n",
        [("ann", "Ann", "Lee"), ("bob", "Bob", "Okafor")],
    ),
    "google-classroom-grades": (
        b"Last Name,First Name,Email Address,Adaline GD\n"
        b",,,Oct 2 2024\n,,,10\n"
        b"Lee,Ann,ann.lee@uni.example,8\n",
        [("ann.lee@uni.example", "Ann", "Lee")],
    ),
    "brightspace-grades": (
        b"OrgDefinedId,Username,Last Name,First Name,Email,"
        b"Adaline Points Grade <Numeric MaxPoints:10>,End-of-Line Indicator\n"
        b"#20231234,#alee,Lee,Ann,ann.lee@uni.example,8,#\n",
        [("alee", "Ann", "Lee")],
    ),
    "title-line-above-header": (
        b"Class list: ML 101 (Fall)\n\nStudent ID,First Name,Last Name\n4711,Ann,Lee\n",
        [("4711", "Ann", "Lee")],
    ),
    "tab-separated-paste": (
        b"sid\tname\n4711\tAnn Lee\n4712\tBob Okafor\n",
        [("4711", "Ann", "Lee"), ("4712", "Bob", "Okafor")],
    ),
    "xlsx-not-csv": (
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(200)),
        "an Excel workbook",
    ),
    "duplicate-id": (
        b"id,name\nann,Ann Lee\nann,Ann Lee\n",
        "student id 'ann' is listed twice",
    ),
}

# The class the submissions below are matched against: (id, first, last, email, username).
CLASS = [
    ("4711", "Ann", "Lee", "ann.lee@uni.example", "alee"),
    ("4712", "Bob", "Okafor", "bob.okafor@uni.example", "bokafor"),
    ("4713", "Jos\u00e9", "N\u00fa\u00f1ez", "jose.nunez@uni.example", "jnunez"),
    ("4714", "Ann", "Lee", "ann.lee2@uni.example", "alee2"),
    ("4715", "Mei", "Chen", "mei.chen@uni.example", "mchen"),
]

SUBMISSIONS: dict[str, tuple[str, str | None]] = {
    "nbgrader-submitted": ("course/submitted/4711/adaline-gd/adaline-gd.ipynb", "4711"),
    "nbgrader-autograded": ("course/autograded/4712/adaline-gd/adaline-gd.ipynb", "4712"),
    "folder-named-by-id": ("subs/4713", "4713"),
    "file-named-by-id": ("subs/4715.py", "4715"),
    "canvas": ("canvas/leeann_4711_998877_adaline.py", "4711"),
    "canvas-late": ("canvas/okaforbob_LATE_4712_998878_adaline.py", "4712"),
    "canvas-resubmitted": ("canvas/chenmei_4715_998879_adaline-1.py", "4715"),
    "canvas-accents": ("canvas/nunezjose_4713_998880_adaline.py", "4713"),
    "canvas-not-in-roster": ("canvas/doejane_9999_998881_adaline.py", None),
    "moodle": ("moodle/Bob Okafor_51234_assignsubmission_file_/adaline.py", "4712"),
    "moodle-accents": ("moodle/Jos\u00e9 N\u00fa\u00f1ez_51235_assignsubmission_file_", "4713"),
    "moodle-same-name-twice": ("moodle/Ann Lee_51236_assignsubmission_file_/adaline.py", AMBIGUOUS),
    "moodle-unknown": ("moodle/Zoe Park_51238_assignsubmission_file_/adaline.py", None),
    "blackboard": ("bb/Adaline GD_bokafor_attempt_2024-10-02-14-03-11_adaline.py", "4712"),
    "blackboard-2": ("bb/Adaline GD_jnunez_attempt_2024-10-03-09-00-00_adaline.py", "4713"),
    "github-classroom": ("classroom/adaline-gd-alee2", "4714"),
    "github-classroom-file": ("classroom/adaline-gd-mchen/adaline.py", "4715"),
    "email-folder": ("subs/mei.chen@uni.example/adaline.py", "4715"),
    "id-inside-name": ("subs/hw3_4712_adaline.py", "4712"),
    "two-ids-in-name": ("subs/4711_4712_adaline.py", AMBIGUOUS),
    "nothing": ("subs/adaline.py", None),
}

# A second, smaller set, written after the fixes above and measured before any more
# (what the first set had not looked at).
SECOND_ROSTERS: dict[str, tuple[bytes, list[tuple[str, str, str]] | str]] = {
    "canvas-two-sections": (
        b"Student,ID,SIS User ID,SIS Login ID,Section\n"
        b'"Lee, Ann",4711,20231234,alee,"ML 101 - A, ML 101 - Lab 2"\n',
        [("4711", "Ann", "Lee")],
    ),
    "gradescope-sid-leading-zeros": (
        b"Full Name,Email,SID,Role\r\nAnn Lee,ann.lee@uni.example,00123,Student\r\n",
        [("00123", "Ann", "Lee")],
    ),
    "nbgrader-crlf-capitalised": (
        b"ID,First_Name,Last_Name,Email\r\nann,Ann,Lee,ann@uni.example\r\n\r\n",
        [("ann", "Ann", "Lee")],
    ),
    "moodle-german": (
        b"\xef\xbb\xbfVorname;Nachname;ID-Nummer;E-Mail-Adresse\n"
        b"J\xc3\xbcrgen;M\xc3\xbcller;20231237;juergen@uni.example\n",
        [("20231237", "J\u00fcrgen", "M\u00fcller")],
    ),
}

SECOND_SUBMISSIONS: dict[str, tuple[str, str | None]] = {
    "moodle-onlinetext": ("moodle/Bob Okafor_51234_assignsubmission_onlinetext_", "4712"),
    "canvas-anonymous": ("canvas/anon_8fb2c_998890_adaline.py", None),
    "nbgrader-unknown-student": ("course/submitted/zoe/adaline-gd/adaline-gd.ipynb", None),
    "github-classroom-dated-folder": (
        "adaline-gd-submissions-10-02-2024/adaline-gd-bokafor/adaline.py",
        "4712",
    ),
}
