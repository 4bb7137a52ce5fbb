"""Reading submissions: every file is read as what it claims to be, sizes are capped.

The attacks come from real autograders' reports: a symbolic link in an upload that
points at another student's work or at /etc/passwd (Submitty #6732, the GitLab tar
report behind OWASP WSTG #991), a file swapped for a link between a check and the
read (turnin #4), nbgrader's world-writable exchange that lets one student link to
another's submission (nbgrader #978), and a device or FIFO in place of a notebook.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import threading
from pathlib import Path

import nbformat
import pytest

from gdgrade.grading.spec import load_spec
from gdgrade.grading.submission import (
    MAX_CODE_BYTES,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_NOTEBOOK_BYTES,
    SubmissionError,
    grading_key,
    load_submission,
    read_file,
)

from .zoo import CORRECT

SPEC = load_spec("adaline-gd")
SECRET = "bob_private_solution = 42"


def _notebook(path: Path, code: str = CORRECT) -> Path:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(code)
    cell.metadata["nbgrader"] = {"grade_id": "adaline-code", "solution": True, "grade": False}
    nb.cells.append(cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


@pytest.fixture()
def bob(tmp_path) -> Path:
    """Another student's notebook (what an attacker would like graded as theirs)."""
    return _notebook(tmp_path / "bob" / "adaline.ipynb", CORRECT + "\n" + SECRET + "\n")


def _everything(sub) -> str:
    files = b"".join(sub.files.values()).decode("utf-8", "replace")
    return files + (sub.derivation or "") + " ".join(sub.problems)


def _loaded(path, spec=SPEC):
    """load_submission, in a thread: a read that blocks (a FIFO) fails instead of hanging."""
    out: dict = {}

    def run():
        try:
            out["sub"] = load_submission(path, spec)
        except SubmissionError as exc:
            out["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(120)  # a guard against a hang, not a measure of speed
    assert not t.is_alive(), f"reading {path} blocked"
    if "error" in out:
        raise out["error"]
    return out["sub"]


# -- what a folder may hold in place of adaline.ipynb / adaline.py ------------------------


def _symlink_to_bob(folder: Path, bob: Path, name: str) -> None:
    os.symlink(os.path.relpath(bob, folder), folder / name)


def _hardlink_to_bob(folder: Path, bob: Path, name: str) -> None:
    os.link(bob, folder / name)


def _symlink_to_passwd(folder: Path, bob: Path, name: str) -> None:
    os.symlink("/etc/passwd", folder / name)


def _symlink_to_dev_zero(folder: Path, bob: Path, name: str) -> None:
    os.symlink("/dev/zero", folder / name)


def _device_node(folder: Path, bob: Path, name: str) -> None:
    os.mknod(folder / name, 0o644 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero's numbers


def _fifo(folder: Path, bob: Path, name: str) -> None:
    os.mkfifo(folder / name)


def _socket(folder: Path, bob: Path, name: str) -> None:
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(folder / name))
    s.close()


def _broken_symlink(folder: Path, bob: Path, name: str) -> None:
    os.symlink(folder / "nowhere", folder / name)


IN_PLACE = {
    "symlink to another student's notebook": (_symlink_to_bob, "symbolic link"),
    "hard link to another student's notebook": (_hardlink_to_bob, "hard link"),
    "symlink to /etc/passwd": (_symlink_to_passwd, "symbolic link"),
    "symlink to /dev/zero": (_symlink_to_dev_zero, "symbolic link"),
    "character device (mknod 1,5)": (_device_node, "character device"),
    "FIFO": (_fifo, "FIFO"),
    "socket": (_socket, "socket"),
    "broken symlink": (_broken_symlink, "symbolic link"),
}


@pytest.mark.parametrize("name", ["adaline.ipynb", "adaline.py", "derivation.py"])
@pytest.mark.parametrize("attack", list(IN_PLACE))
def test_a_folder_file_that_is_not_a_regular_file_is_never_read(tmp_path, bob, attack, name):
    make, words = IN_PLACE[attack]
    folder = tmp_path / "alice"
    folder.mkdir()
    if name == "derivation.py":
        (folder / "adaline.py").write_text(CORRECT)
    make(folder, bob, name)
    sub = _loaded(folder)
    assert any(words in p and name in p for p in sub.problems), sub.problems
    text = _everything(sub)
    assert SECRET not in text and "root:" not in text
    if name != "derivation.py":
        assert "adaline.py" not in sub.files
    else:
        assert sub.derivation is None


def test_a_hard_link_refuses_both_names(tmp_path, bob):
    """The inode cannot tell which name is the original: both are refused, and the
    instructor sees two "hard link" notes instead of one grade given twice."""
    folder = tmp_path / "alice"
    folder.mkdir()
    os.link(bob, folder / "adaline.ipynb")
    for who in (folder, bob.parent):
        sub = _loaded(who)
        assert "adaline.py" not in sub.files
        assert any("hard link (the same file has 2 names)" in p for p in sub.problems)


def test_a_symlinked_helper_module_and_folder_are_left_out(tmp_path, bob):
    folder = tmp_path / "alice"
    folder.mkdir()
    (folder / "adaline.py").write_text(CORRECT)
    os.symlink(bob.parent, folder / "helpers")  # a linked folder
    os.symlink("/etc/passwd", folder / "data.csv")
    sub = _loaded(folder)
    assert sorted(sub.files) == ["adaline.py"]
    assert any("data.csv is a symbolic link" in p for p in sub.problems)


def test_the_check_is_made_on_the_open_file_itself(tmp_path, bob):
    """A file swapped for a link after the folder was listed (turnin #4) is refused
    by the open itself (O_NOFOLLOW), not by an earlier look at the name."""
    os.symlink(bob, tmp_path / "swapped.ipynb")
    with pytest.raises(SubmissionError, match="symbolic link"):
        read_file(tmp_path / "swapped.ipynb", MAX_NOTEBOOK_BYTES, shown="swapped.ipynb")
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(SubmissionError, match="is a FIFO"):
        read_file(tmp_path / "fifo", 100, shown="fifo")  # O_NONBLOCK: no wait for a writer


# -- the path given on the command line -------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "/"])
def test_a_path_that_is_a_symlink_to_a_folder_is_refused_with_its_target(tmp_path, suffix):
    """Judgment: the last part of the path is the student's submission (``submitted/*``
    expands to what an unpacked upload made), so a link there is not followed; the
    message names the target for an instructor who linked it on purpose."""
    (tmp_path / "bob").mkdir()
    (tmp_path / "bob" / "adaline.py").write_text(CORRECT)
    os.symlink(tmp_path / "bob", tmp_path / "alice")
    with pytest.raises(SubmissionError, match="symbolic link") as info:
        _loaded(str(tmp_path / "alice") + suffix)
    assert str(tmp_path / "bob") in str(info.value)


@pytest.mark.parametrize("name", ["adaline.py", "adaline.ipynb"])
def test_a_file_given_as_the_path_is_read_only_if_it_is_regular(tmp_path, bob, name):
    target = bob if name.endswith(".ipynb") else tmp_path / "bob" / "adaline.py"
    if name.endswith(".py"):
        target.write_text(CORRECT + SECRET)
    os.symlink(target, tmp_path / name)
    with pytest.raises(SubmissionError, match="symbolic link"):
        _loaded(tmp_path / name)
    os.link(target, tmp_path / ("hard-" + name))
    with pytest.raises(SubmissionError, match="hard link"):
        _loaded(tmp_path / ("hard-" + name))
    fifo = tmp_path / ("fifo-" + name)
    os.mkfifo(fifo)
    with pytest.raises(SubmissionError, match="FIFO"):
        _loaded(fifo)


def test_folders_above_the_path_are_followed(tmp_path):
    """They are the instructor's tree (a course on a linked disk), not the upload."""
    real = tmp_path / "disk" / "course" / "alice"
    real.mkdir(parents=True)
    (real / "adaline.py").write_text(CORRECT)
    os.symlink(tmp_path / "disk" / "course", tmp_path / "course")
    sub = _loaded(tmp_path / "course" / "alice")
    assert sub.files["adaline.py"] == CORRECT.encode()


# -- names that are not UTF-8 -----------------------------------------------------------


def test_file_and_folder_names_that_are_not_utf8_are_read(tmp_path):
    folder = Path(os.fsdecode(os.fsencode(tmp_path) + b"/st\xffudent"))
    folder.mkdir()
    (folder / "adaline.py").write_text(CORRECT)
    helper = os.fsdecode(b"help\xe9r.py")
    (folder / helper).write_text("X = 1\n")
    sub = _loaded(folder)
    assert sub.files[helper] == b"X = 1\n" and "\udcff" in sub.path
    assert len(sub.fingerprint) == 16  # hashing the name does not fail


# -- sizes and counts -------------------------------------------------------------------


def test_a_notebook_over_the_cap_is_not_read(tmp_path):
    """A 10 MB notebook once took 5.3 GB and 3 minutes; now it is refused at once."""
    path = tmp_path / "big.ipynb"
    _notebook(path, "x = 1\n" * (10 * 1024 * 1024 // 6))
    assert path.stat().st_size > MAX_NOTEBOOK_BYTES
    with pytest.raises(SubmissionError, match=r"larger than 5 MiB: it is not read"):
        _loaded(path)
    folder = tmp_path / "folder"
    folder.mkdir()
    os.rename(path, folder / "adaline.ipynb")
    sub = _loaded(folder)
    assert "adaline.py" not in sub.files
    assert any("larger than 5 MiB" in p for p in sub.problems)


def test_a_notebook_with_more_code_than_a_file_may_hold_is_not_read(tmp_path):
    code = "x = 1\n" * (MAX_CODE_BYTES // 6 + 10)
    path = _notebook(tmp_path / "code.ipynb", code)
    assert path.stat().st_size < MAX_NOTEBOOK_BYTES
    with pytest.raises(SubmissionError, match="more than 256 KiB of code"):
        _loaded(path)
    for name in ("adaline.py", "derivation.py"):
        (tmp_path / "folder").mkdir(exist_ok=True)
        (tmp_path / "folder" / name).write_text(code)
    (tmp_path / "folder" / "helper.py").write_text(code)  # not parsed by the grader: 1 MiB
    sub = _loaded(tmp_path / "folder")
    assert sorted(sub.files) == ["helper.py"] and sub.derivation is None
    assert sum("larger than 256 KiB" in p for p in sub.problems) == 2


def test_a_folder_with_too_many_entries_is_not_a_submission(tmp_path):
    for i in range(MAX_ENTRIES + 1):
        (tmp_path / f"f{i:04d}.txt").touch()
    with pytest.raises(SubmissionError, match=f"more than {MAX_ENTRIES} files and folders"):
        _loaded(tmp_path)


def test_files_over_the_cap_are_left_out_and_said(tmp_path):
    (tmp_path / "adaline.py").write_text(CORRECT)
    (tmp_path / "data.csv").write_bytes(b"0" * (MAX_FILE_BYTES + 1))
    sub = _loaded(tmp_path)
    assert "data.csv" not in sub.files
    assert any("data.csv is larger than 1 MiB" in p for p in sub.problems)


# -- malformed notebooks ----------------------------------------------------------------

MALFORMED = {
    "empty file": "",
    "not JSON": "{ nope",
    "a JSON list": "[]",
    "a JSON string": '"\\ud800"',
    "cells is a number": '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": 5}',
    "a cell is a string": '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": ["x"]}',
    "source is a number": '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": '
    '[{"cell_type": "code", "source": 5, "metadata": {}, "outputs": []}]}',
    "metadata is a list": '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": '
    '[{"cell_type": "code", "source": "", "metadata": [], "outputs": []}]}',
    "nbgrader is a string": '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": '
    '[{"cell_type": "code", "source": "", "metadata": {"nbgrader": "x"}, "outputs": []}]}',
    "unknown version": '{"nbformat": "x"}',
    "not UTF-8": b"\xff\xfe{",
    "deeply nested": "[" * 100_000 + "]" * 100_000,
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_notebook_is_a_submission_error_never_a_crash(tmp_path, case):
    path = tmp_path / "adaline.ipynb"
    data = MALFORMED[case]
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    with pytest.raises(SubmissionError, match="not a readable notebook"):
        _loaded(path)
    (tmp_path / "fingerprint").mkdir()
    os.rename(path, tmp_path / "fingerprint" / "adaline.ipynb")
    with pytest.raises(SubmissionError, match="not a readable notebook"):
        _loaded(tmp_path / "fingerprint")


def test_a_lone_surrogate_in_a_cell_is_kept_as_its_escape(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('NAME = "\ud800"\n')])
    path = tmp_path / "s.ipynb"
    path.write_text(json.dumps(nb), encoding="ascii")  # JSON escapes it: valid JSON
    sub = _loaded(path)
    assert sub.files["adaline.py"] == b'NAME = "\\ud800"'


# -- what decides a grade ---------------------------------------------------------------


def test_the_grading_key_changes_with_everything_that_decides_a_grade(tmp_path, monkeypatch):
    other = tmp_path / "other.toml"
    text = (Path(SPEC.path)).read_text().replace("max_examples = 12", "max_examples = 13")
    other.write_text(text)
    moved = tmp_path / "same" / "assignment.toml"
    moved.parent.mkdir()
    moved.write_text(Path(SPEC.path).read_text())
    base = grading_key("f", SPEC, {}, ("public", "hidden"))
    assert grading_key("f", load_spec(moved), {}, ("hidden", "public")) == base  # same content
    for changed in (
        grading_key("g", SPEC, {}, ("public", "hidden")),
        grading_key("f", load_spec(other), {}, ("public", "hidden")),
        grading_key("f", SPEC, {"loss": "mse"}, ("public", "hidden")),
        grading_key("f", SPEC, {}, ("public",)),
    ):
        assert changed != base
    import gdgrade

    monkeypatch.setattr(gdgrade, "__version__", "99.0")
    assert grading_key("f", SPEC, {}, ("public", "hidden")) != base


# Files as students hand them in.  The names are the ones LMS downloads give
# (Canvas: leeann[_LATE]_<user>_<attachment>_<file>, and "-1" on a resubmission;
# Blackboard: <assignment>_<user>_attempt_<date>_<file>; a browser's second
# download: "adaline (1).py"), and the places are how uploads arrive (a folder
# inside, macOS's __MACOSX/ beside it, a zip the LMS kept as a zip).

CODE, ANSWERS = b"# the code\n", "# the answers\n"


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


@pytest.mark.parametrize(
    ("code", "answers", "note"),
    [
        ("adaline.py", "derivation.py", None),
        ("Adaline.py", "Derivation.py", "read Adaline.py as adaline.py"),
        ("ADALINE.PY", "derivation.py", "read ADALINE.PY as adaline.py"),
        ("adaline (1).py", "derivation (2).py", "read adaline (1).py as adaline.py"),
        (
            "leeann_LATE_4711_998877_adaline-1.py",
            "leeann_LATE_4711_998878_derivation-1.py",
            "read leeann_LATE_4711_998877_adaline-1.py as adaline.py",
        ),
        (
            "HW2_alee_attempt_2026-11-30-10-00-00_adaline.py",
            "HW2_alee_attempt_2026-11-30-10-00-00_derivation.py",
            "as adaline.py",
        ),
    ],
)
def test_renamed_files_are_read_under_the_names_the_checks_know(tmp_path, code, answers, note):
    _tree(tmp_path, {code: CODE.decode(), answers: ANSWERS, "notes.txt": "hi"})
    sub = _loaded(tmp_path)
    assert sub.files["adaline.py"] == CODE
    assert sub.derivation == ANSWERS
    assert code not in sub.files or code == "adaline.py"  # one copy, under the known name
    assert sub.files["notes.txt"] == b"hi"
    if note:
        assert any(note in p for p in sub.problems), sub.problems
    else:
        assert sub.problems == []


@pytest.mark.parametrize(
    ("names", "said"),
    [
        # a test file is never the code
        (["test_adaline.py", "derivation.py"], "it holds derivation.py, test_adaline.py"),
        (["leeann_4711_998877_test_adaline.py"], "it holds leeann_4711_998877_test_adaline.py"),
        # a name that merely contains it is not it
        (["adaline_solution.py", "myadaline.py"], "it holds adaline_solution.py, myadaline.py"),
        # two that could be it are neither
        (["Adaline.py", "adaline (1).py"], "2 files could be it (Adaline.py, adaline (1).py)"),
    ],
)
def test_a_name_that_is_not_surely_the_code_is_never_guessed(tmp_path, names, said):
    _tree(tmp_path, {n: "x = 1\n" for n in names})
    sub = _loaded(tmp_path)
    assert "adaline.py" not in sub.files
    assert any(said in p for p in sub.problems), sub.problems


def test_the_exact_name_wins_over_a_copy(tmp_path):
    _tree(tmp_path, {"adaline.py": "new = 1\n", "Adaline (1).py": "old = 1\n"})
    sub = _loaded(tmp_path)
    assert sub.files["adaline.py"] == b"new = 1\n"
    assert sub.files["Adaline (1).py"] == b"old = 1\n"
    assert not any("as adaline.py" in p for p in sub.problems)


@pytest.mark.parametrize(
    ("files", "place"),
    [
        (["hw3/adaline.py", "hw3/derivation.py"], "hw3/"),
        (["__MACOSX/hw3/adaline.py", "hw3/adaline.py"], "hw3/"),
        (["upload/hw3/Adaline.py", "upload/readme.txt"], "upload/hw3/"),
        (["hw3/adaline.ipynb"], "hw3/"),
        ([".git/adaline.py", "src/adaline.py"], "src/"),
    ],
)
def test_files_a_level_or_two_down_are_found(tmp_path, files, place):
    _tree(tmp_path, {f: "ok = 1\n" if f.endswith(".py") else "" for f in files})
    if place == "hw3/" and files == ["hw3/adaline.ipynb"]:
        _notebook(tmp_path / "hw3" / "adaline.ipynb")
    sub = _loaded(tmp_path)
    assert "adaline.py" in sub.files
    assert f"read the files in {place}" in sub.problems


def test_two_folders_that_hold_a_submission_are_neither_read(tmp_path):
    _tree(tmp_path, {"a/adaline.py": "a = 1\n", "b/adaline.py": "b = 1\n"})
    with pytest.raises(SubmissionError, match=r"several folders hold a submission \(a/, b/\)"):
        load_submission(tmp_path, SPEC)


def test_a_linked_folder_is_not_looked_into(tmp_path, bob):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "hw").symlink_to(bob.parent, target_is_directory=True)
    sub = _loaded(tmp_path / "mine")
    assert SECRET not in _everything(sub)
    assert "adaline.py" not in sub.files


def _zip(path: Path, members: dict[str, bytes], **kw) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, **kw) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "members",
    [
        {"adaline.py": CODE, "derivation.py": ANSWERS.encode()},
        {"hw3/adaline.py": CODE, "hw3/derivation.py": ANSWERS.encode(), "__MACOSX/x": b""},
        {"HW3/Adaline.py": CODE, "HW3/Derivation.py": ANSWERS.encode()},
    ],
)
def test_a_zip_is_read_in_memory_in_a_folder_or_as_the_path(tmp_path, members):
    folder = tmp_path / "alee"
    folder.mkdir()
    _zip(folder / "submission.zip", members)
    for path in (folder, folder / "submission.zip"):
        sub = _loaded(path)
        assert sub.files["adaline.py"] == CODE
        assert sub.derivation == ANSWERS
        assert "submission.zip" not in sub.files
        assert "read the files in submission.zip" in sub.problems
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["alee", "submission.zip"]


def test_a_zip_s_members_cannot_leave_it_nor_be_links_nor_pass_the_cap_inflated(tmp_path):
    import stat as st
    import zipfile

    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("adaline.py", CODE)
        z.writestr("../../escape.py", b"escaped = 1\n")  # zip slip
        link = zipfile.ZipInfo("derivation.py")
        link.external_attr = (st.S_IFLNK | 0o777) << 16
        z.writestr(link, "/etc/shadow")
        z.writestr("bomb.txt", b"\0" * (64 * MAX_FILE_BYTES))  # far over the cap, once inflated
    sub = _loaded(path)
    assert sub.files["adaline.py"] == CODE
    assert sub.derivation is None
    assert "escape.py" not in " ".join(sub.files)
    assert "bomb.txt" not in sub.files
    said = " ".join(sub.problems)
    assert "derivation.py is a symbolic link" in said
    assert "bomb.txt is larger than 1 MiB" in said
    assert not (tmp_path.parent / "escape.py").exists()


def test_a_zip_that_is_not_one_is_a_clear_error(tmp_path):
    (tmp_path / "submission.zip").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(SubmissionError, match=r"submission\.zip is not a readable zip"):
        load_submission(tmp_path, SPEC)


def test_of_several_notebooks_the_one_named_for_the_code_is_read_and_said(tmp_path):
    _notebook(tmp_path / "Untitled.ipynb", "scratch = 1\n")
    _notebook(tmp_path / "Adaline (1).ipynb", CORRECT)
    _notebook(tmp_path / "notes.ipynb", "notes = 1\n")
    sub = _loaded(tmp_path)
    assert b"scratch" not in sub.files["adaline.py"] and b"def " in sub.files["adaline.py"]
    assert "read Adaline (1).ipynb, not Untitled.ipynb, notes.ipynb" in sub.problems


def test_jupyter_s_untitled_notebook_is_read_last(tmp_path):
    _notebook(tmp_path / "Untitled1.ipynb", "scratch = 1\n")
    _notebook(tmp_path / "hw2.ipynb", CORRECT)
    sub = _loaded(tmp_path)
    assert b"scratch" not in sub.files["adaline.py"]
