"""What gdgrade keeps between runs on one machine: drawn examples, parsers, derivation verdicts.

Grading is derandomised, so until a property fails every run draws the same
datasets, weights and learning rates.  The first run draws them with Hypothesis
and writes them here; later runs read them back (a few milliseconds instead of
a second of drawing, and no Hypothesis import until a property fails and has to
be shrunk).  The same holds for the LaTeX grammar's LALR tables.  ``gdgrade
check`` also keeps the verdicts on a derivation (a student runs it after every
edit of the code, and the derivation seldom changes): judging it again would
import sympy and derive the reference for nothing.

What is kept can only ever be what a fresh run would build:

* it is keyed on a digest of gdgrade's own source files (so any change of a
  strategy, a check or the reference makes a new key), the versions of
  Hypothesis, numpy and Python, and the machine's architecture; within a file,
  each entry is named by its strategy's key and the number of examples; a
  derivation's verdicts are keyed, besides, on the whole text of the derivation,
  the whole assignment spec, the student's variant, the checks asked for and the
  versions of sympy, mpmath and lark, and only verdicts that do not depend on
  time are kept (an answer too complex to judge within the time budget is judged
  again every run);
* a file holds a SHA-256 checksum of its contents, checked before anything in it
  is used; a file that is unreadable, cut short, altered, of another format or of
  another digest is ignored, and what was asked for is built afresh and the file
  written again;
* examples are stored as plain data (JSON numbers, strings, tuples and numeric
  arrays as raw bytes with their dtype and shape), never pickled; an example that
  holds anything else is simply not kept;
* files are written whole to a temporary name and renamed (two runs at once
  never see half a file).

The folder is the user's cache folder (:func:`user_cache_folder`:
``$XDG_CACHE_HOME/gdgrade`` or ``~/.cache/gdgrade`` on Linux), or
``$GDGRADE_CACHE_DIR``; ``GDGRADE_NO_CACHE=1`` keeps nothing on disk (every run
draws afresh, as before).  Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "FORMAT",
    "KEPT_STATUSES",
    "ExampleStore",
    "Remembered",
    "cache_folder",
    "cached_lark",
    "code_digest",
    "decode_examples",
    "digest_of",
    "encode_examples",
    "example_store",
    "keep_verdicts",
    "kept_verdicts",
    "package_roots",
    "parts_hash",
    "source_digest",
    "user_cache_folder",
    "verdict_key",
]

FORMAT = 1
"""Version of the file format; a file of another format is rebuilt."""

_MAGIC = b"gdgrade-cache"
_LENGTH = struct.Struct("<Q")
_OLD_SECONDS = 30 * 24 * 3600
"""Files of other digests (other gdgrade or library versions) unused for this long are
removed when a new file is written."""


class Uncacheable(TypeError):
    """A value that the example format does not hold (it is then drawn afresh each run)."""


class Remembered:
    """What a pure function of arrays gave, remembered in this process's memory.

    Keyed by :meth:`key` (each array's dtype, shape and bytes, with the other
    arguments); at most ``limit`` entries, all forgotten at once when it is full.  For
    work the checks repeat on the same few arrays hundreds of times per submission.
    """

    def __init__(self, limit: int = 4096) -> None:
        self.limit = limit
        self._entries: dict[tuple, Any] = {}

    @staticmethod
    def key(array: np.ndarray, *rest: Any) -> tuple:
        return (array.dtype.str, array.shape, array.tobytes(), *rest)

    def get(self, key: tuple, make: Callable[[], Any]) -> Any:
        """The value kept under ``key``, or ``make()``'s (then kept)."""
        found = self._entries.get(key)
        if found is None:
            found = make()
            if len(self._entries) >= self.limit:
                self._entries.clear()
            self._entries[key] = found
        return found


def cache_folder() -> Path | None:
    """The folder gdgrade keeps its cache in, or None when caching is off."""
    if os.environ.get("GDGRADE_NO_CACHE", "").strip() not in ("", "0"):
        return None
    given = os.environ.get("GDGRADE_CACHE_DIR", "").strip()
    if given:
        return Path(given)
    return user_cache_folder()


def user_cache_folder() -> Path:
    """Where this platform keeps a user's caches, for gdgrade.

    What ``platformdirs.user_cache_dir("gdgrade", appauthor=False)`` gives (a test
    compares them), without a dependency of a megabyte in the student's install:
    ``$XDG_CACHE_HOME/gdgrade`` (an absolute one) or ``~/.cache/gdgrade`` on Linux and
    other Unix systems, ``~/Library/Caches/gdgrade`` on macOS,
    ``%LOCALAPPDATA%\\gdgrade\\Cache`` on Windows.
    """
    import sys

    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA", "").strip() or str(home / "AppData" / "Local")
        return Path(base) / "gdgrade" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "gdgrade"
    given = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(given) if given and os.path.isabs(given) else home / ".cache") / "gdgrade"


def _module_folder(name: str) -> Path | None:
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _library_version(name: str, version_file: str) -> str:
    """A library's version without importing it (a digest of the file that holds its
    version), else by importing it."""
    folder = _module_folder(name)
    try:
        if folder is not None:
            return hashlib.sha256((folder / version_file).read_bytes()).hexdigest()
    except OSError:
        pass
    import importlib

    return str(getattr(importlib.import_module(name), "__version__", "unknown"))


def _hypothesis_version() -> str:
    """Hypothesis's version without importing it (its ``version.py``), else by import."""
    return _library_version("hypothesis", "version.py")


_CODE_PACKAGES = ("gdgrade", "gdgrade.reference", "gdgrade.grading", "gdgrade.assignments")
_CODE_SUFFIXES = (".py", ".toml", ".j2")
_NOT_CODE = ("gdgrade.grading/data", "gdgrade.assignments/make_notebooks.py")
"""Not the grader, and not in the wheel (setup.py): the demo's example submissions (a zip
there) and the maintainer's script that writes the bundled notebooks."""


def package_roots() -> dict[str, str]:
    """gdgrade's package folders (real paths), each with its package's name."""
    import importlib

    roots: dict[str, str] = {}
    for name in _CODE_PACKAGES:
        for folder in importlib.import_module(name).__path__:
            roots[os.path.realpath(folder)] = name
    return roots


def digest_of(roots: dict[str, str]) -> str:
    """A hash of the code and data in ``roots`` (modules, bundled specs, templates): the
    paths inside each package and the bytes count, so two installs of the same build
    hash alike wherever they live (a wheel, an editable checkout)."""
    h = hashlib.sha256()
    for folder, name in sorted(roots.items(), key=lambda item: item[1]):
        for here, dirs, files in os.walk(folder):
            dirs[:] = sorted(
                d
                for d in dirs
                if d != "__pycache__"
                and os.path.realpath(os.path.join(here, d)) not in roots
                and f"{name}/{Path(here, d).relative_to(folder)}" not in _NOT_CODE
            )
            for file in sorted(f for f in files if f.endswith(_CODE_SUFFIXES)):
                path = Path(here, file)
                shown = f"{name}/{path.relative_to(folder)}"
                if shown in _NOT_CODE:
                    continue
                h.update(f"{shown}\0".encode("utf-8", "surrogateescape"))
                h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


_SOURCES: str | None = None
_DIGEST: str | None = None


def source_digest() -> str:
    """:func:`digest_of` gdgrade's own packages (computed once per process)."""
    global _SOURCES
    if _SOURCES is None:
        _SOURCES = digest_of(package_roots())
    return _SOURCES


def code_digest() -> str:
    """The digest everything kept is keyed on: gdgrade's code and data
    (:func:`source_digest`), the versions of Hypothesis, numpy and Python, and the
    machine's architecture."""
    global _DIGEST
    if _DIGEST is None:
        h = hashlib.sha256(f"format {FORMAT}\n{source_digest()}\n".encode())
        h.update(f"hypothesis {_hypothesis_version()}\n".encode())
        h.update(f"numpy {np.__version__}\n".encode())
        h.update(f"python {sys.version}\n{platform.machine()}\n".encode())
        _DIGEST = h.hexdigest()
    return _DIGEST


# -- the examples' format ------------------------------------------------------------------
_SCALAR_KINDS = "biuf"


def _encode(value: Any, data: io.BytesIO) -> Any:
    """``value`` as JSON-able data; arrays' bytes go to ``data``."""
    if isinstance(value, np.generic):  # before float: np.float64 is a float
        if value.dtype.kind not in _SCALAR_KINDS + "c":
            raise Uncacheable(f"numpy scalar of dtype {value.dtype}")
        return {"s": value.dtype.str, "hex": value.tobytes().hex()}
    if value is None or type(value) is str:
        return value
    if type(value) is bool:
        return {"b": value}
    if type(value) is int:
        return {"i": str(value)}
    if type(value) is float:
        return {"f": value.hex()}
    if type(value) is np.ndarray:
        if value.dtype.kind not in _SCALAR_KINDS + "c" or value.dtype.hasobject:
            raise Uncacheable(f"array of dtype {value.dtype}")
        if value.flags.c_contiguous:
            order = "C"
        elif value.flags.f_contiguous:
            order = "F"
        else:
            raise Uncacheable("array that is not contiguous")
        start = data.tell()
        data.write(value.tobytes(order=order))
        return {
            "a": value.dtype.str,
            "shape": list(value.shape),
            "order": order,
            "at": start,
            "bytes": value.nbytes,
            "writeable": bool(value.flags.writeable),
        }
    if type(value) is tuple:
        return {"t": [_encode(v, data) for v in value]}
    if type(value) is list:
        return [_encode(v, data) for v in value]
    raise Uncacheable(type(value).__name__)


def _dtype(text: Any) -> np.dtype:
    if not isinstance(text, str):
        raise ValueError("dtype is not a string")
    dtype = np.dtype(text)
    if dtype.kind not in _SCALAR_KINDS + "c" or dtype.hasobject or dtype.fields is not None:
        raise ValueError(f"dtype {text!r} is not numeric")
    return dtype


def _decode(raw: Any, data: memoryview) -> Any:
    if raw is None or isinstance(raw, str):
        return raw
    if isinstance(raw, list):
        return [_decode(v, data) for v in raw]
    if not isinstance(raw, dict) or len(raw) < 1:
        raise ValueError("not an encoded value")
    if set(raw) == {"b"} and isinstance(raw["b"], bool):
        return raw["b"]
    if set(raw) == {"i"} and isinstance(raw["i"], str):
        return int(raw["i"])
    if set(raw) == {"f"} and isinstance(raw["f"], str):
        return float.fromhex(raw["f"])
    if set(raw) == {"t"} and isinstance(raw["t"], list):
        return tuple(_decode(v, data) for v in raw["t"])
    if set(raw) == {"s", "hex"}:
        dtype = _dtype(raw["s"])
        blob = bytes.fromhex(raw["hex"])
        if len(blob) != dtype.itemsize:
            raise ValueError("scalar of the wrong size")
        return np.frombuffer(blob, dtype=dtype)[0]
    if set(raw) == {"a", "shape", "order", "at", "bytes", "writeable"}:
        dtype = _dtype(raw["a"])
        shape, start, size = raw["shape"], raw["at"], raw["bytes"]
        if not (isinstance(shape, list) and all(type(n) is int and n >= 0 for n in shape)):
            raise ValueError("bad shape")
        if raw["order"] not in ("C", "F") or type(start) is not int or type(size) is not int:
            raise ValueError("bad array entry")
        count = int(np.prod(shape, dtype=np.int64)) if shape else 1
        if size != count * dtype.itemsize or start < 0 or start + size > len(data):
            raise ValueError("array outside the data")
        flat = np.frombuffer(data[start : start + size], dtype=dtype, count=count)
        array = flat.reshape(shape, order=raw["order"]).copy(order=raw["order"])
        array.flags.writeable = bool(raw["writeable"])
        return array
    raise ValueError("not an encoded value")


def encode_examples(entries: dict[str, list[Any]], digest: str) -> bytes:
    """One file's bytes: every entry's examples, with the digest and a checksum.

    Raises
    ------
    Uncacheable
        When an example holds something other than plain numbers, strings,
        tuples, lists and numeric arrays.
    """
    data = io.BytesIO()
    header = json.dumps(
        {
            "format": FORMAT,
            "digest": digest,
            "entries": {key: _encode(examples, data) for key, examples in entries.items()},
        },
        separators=(",", ":"),
    ).encode()
    body = _LENGTH.pack(len(header)) + header + data.getvalue()
    checksum = hashlib.sha256(body).hexdigest().encode()
    return _MAGIC + b" %d\n" % FORMAT + checksum + b"\n" + body


def decode_examples(blob: bytes, digest: str) -> dict[str, list[Any]]:
    """The entries of a file written by :func:`encode_examples` for ``digest``.

    Raises
    ------
    ValueError
        The file is not one of this format, its checksum does not match (cut short,
        altered), or it was written for another digest (stale).
    """
    first, _, rest = blob.partition(b"\n")
    if first != _MAGIC + b" %d" % FORMAT:
        raise ValueError("not a gdgrade cache file of this format")
    checksum, _, body = rest.partition(b"\n")
    if hashlib.sha256(body).hexdigest().encode() != checksum:
        raise ValueError("checksum does not match (the file is damaged)")
    if len(body) < _LENGTH.size:
        raise ValueError("file cut short")
    (length,) = _LENGTH.unpack_from(body)
    if _LENGTH.size + length > len(body):
        raise ValueError("file cut short")
    header = json.loads(body[_LENGTH.size : _LENGTH.size + length])
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError("not a gdgrade cache file of this format")
    if header.get("digest") != digest:
        raise ValueError("written for another version of gdgrade or its libraries (stale)")
    entries = header.get("entries")
    if not isinstance(entries, dict):
        raise ValueError("no entries")
    data = memoryview(body)[_LENGTH.size + length :]
    out = {}
    for key, raw in entries.items():
        examples = _decode(raw, data)
        if not isinstance(examples, list):
            raise ValueError(f"entry {key!r} is not a list of examples")
        out[key] = examples
    return out


def _write_atomic(path: Path, blob: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _remove_old(folder: Path, pattern: str, keep: Path) -> None:
    now = time.time()
    for old in folder.glob(pattern):
        try:
            if old != keep and now - old.stat().st_mtime > _OLD_SECONDS:
                old.unlink()
        except OSError:
            pass


class ExampleStore:
    """The drawn examples kept in one file of the cache folder (see the module's notes).

    Parameters
    ----------
    folder : path or None
        The cache folder (None: nothing is read or written).
    digest : str
        What the file is keyed on (:func:`code_digest`).
    """

    def __init__(self, folder: Path | None, digest: str) -> None:
        self.digest = digest
        self.path = folder / f"examples-{digest[:32]}.bin" if folder is not None else None
        self._entries: dict[str, list[Any]] | None = None
        self.rejected: str | None = None
        """Why the file on disk was not used (None: it was, or there was none)."""

    @staticmethod
    def name(key: str, n: int) -> str:
        """The entry's name for ``n`` examples of the strategy named ``key``."""
        return f"{key}\0{n}"

    def _load(self) -> dict[str, list[Any]]:
        if self._entries is None:
            self._entries = {}
            if self.path is not None:
                try:
                    blob = self.path.read_bytes()
                except OSError:
                    blob = None
                if blob is not None:
                    try:
                        self._entries = decode_examples(blob, self.digest)
                    except Exception as exc:  # stale or damaged: rebuilt, never trusted
                        self.rejected = str(exc)
        return self._entries

    def get(self, key: str, n: int) -> list[Any] | None:
        """The kept examples of ``key`` (``n`` of them asked for), or None."""
        return self._load().get(self.name(key, n))

    def put(self, key: str, n: int, examples: list[Any]) -> bool:
        """Keep ``examples`` (the file is written again at once); False when they cannot be
        kept (not plain data, or the folder is not writable)."""
        if self.path is None:
            return False
        entries = dict(self._load())
        entries[self.name(key, n)] = examples
        try:
            blob = encode_examples(entries, self.digest)
        except Uncacheable:
            return False
        try:
            _write_atomic(self.path, blob)
        except OSError:
            return False
        self._entries = entries
        self.rejected = None
        _remove_old(self.path.parent, "examples-*.bin", self.path)
        return True


_STORE: ExampleStore | None = None


def example_store() -> ExampleStore:
    """This process's store (the cache folder and digest are read once)."""
    global _STORE
    folder = cache_folder()
    if _STORE is None or _STORE.path != (
        folder / f"examples-{code_digest()[:32]}.bin" if folder is not None else None
    ):
        _STORE = ExampleStore(folder, code_digest() if folder is not None else "")
    return _STORE


def cached_lark(grammar: str, **options: Any) -> Any:
    """``lark.Lark(grammar, **options)``, its tables kept in the cache folder.

    The file holds a checksum of its contents and the digest of the grammar, the
    options, lark's version and Python's (lark's own ``save``/``load`` format); a
    file that does not match is ignored and written again.  Without a cache folder
    the parser is simply built.
    """
    from lark import Lark

    folder = cache_folder()
    if folder is None:
        return Lark(grammar, **options)
    import lark

    key = hashlib.sha256(
        "\0".join([grammar, repr(sorted(options.items())), lark.__version__, sys.version]).encode()
    ).hexdigest()
    path = folder / f"lark-{key[:32]}.bin"
    try:
        blob = path.read_bytes()
    except OSError:
        blob = None
    if blob is not None:
        head, _, body = blob.partition(b"\n")
        if head == key.encode() + b" " + hashlib.sha256(body).hexdigest().encode():
            try:
                return Lark.load(io.BytesIO(body))
            except Exception:  # a file that does not load is rebuilt below
                pass
    parser = Lark(grammar, **options)
    out = io.BytesIO()
    try:
        parser.save(out)
        body = out.getvalue()
        checksum = hashlib.sha256(body).hexdigest().encode()
        _write_atomic(path, key.encode() + b" " + checksum + b"\n" + body)
        _remove_old(folder, "lark-*.bin", path)
    except Exception:  # nothing kept: the next run builds it again
        pass
    return parser


# -- a derivation's verdicts (gdgrade check) -------------------------------------------------
KEPT_STATUSES = ("passed", "failed", "not-done")
"""Verdicts that are kept: an ``error`` (an answer too complex to judge within the time
budget) depends on the machine's speed and is judged again every run."""

_OUTCOME_FIELDS = {"status", "message", "hint", "mistake", "counterexample", "candidates"}


def verdict_key(*parts: str) -> str:
    """The key of a derivation's verdicts: ``parts`` (its text, the spec, the variant, the
    checks) with gdgrade's digest and the symbolic checker's libraries' versions."""
    h = hashlib.sha256(f"verdicts {FORMAT}\n{code_digest()}\n".encode())
    for name, version_file in (
        ("sympy", "release.py"),
        ("mpmath", "__init__.py"),
        ("lark", "__init__.py"),
    ):
        h.update(f"{name} {_library_version(name, version_file)}\n".encode())
    return parts_hash(*parts, into=h).hexdigest()


def parts_hash(*parts: str, into: Any = None) -> Any:
    """A SHA-256 of ``parts``, each hashed on its own first (so no two lists of parts
    collide by where they are cut), added to the hash ``into`` (a new one by default)."""
    h = hashlib.sha256() if into is None else into
    for part in parts:
        h.update(hashlib.sha256(part.encode("utf-8", "surrogatepass")).digest())
    return h


def _verdict_path(key: str) -> Path | None:
    folder = cache_folder()
    return folder / "verdicts" / f"{key[:40]}.json" if folder is not None else None


def _outcome_fields(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict) or set(raw) != _OUTCOME_FIELDS:
        raise ValueError("not an outcome")
    if raw["status"] not in KEPT_STATUSES or not isinstance(raw["message"], str):
        raise ValueError("not an outcome")
    for name in ("hint", "mistake"):
        if raw[name] is not None and not isinstance(raw[name], str):
            raise ValueError("not an outcome")
    if raw["counterexample"] is not None or not isinstance(raw["candidates"], list):
        raise ValueError("not an outcome")
    candidates = tuple(tuple(c) for c in raw["candidates"])
    if not all(len(c) == 2 and all(isinstance(x, str) for x in c) for c in candidates):
        raise ValueError("not an outcome")
    return {**raw, "candidates": candidates}


def kept_verdicts(key: str) -> dict[str, dict[str, Any]] | None:
    """The outcomes kept under ``key`` (each as the fields of an
    :class:`~gdgrade.grading.results.Outcome`), or None: none kept, caching off, or a
    file that is damaged or not this key's (then it is ignored, and overwritten later)."""
    path = _verdict_path(key)
    if path is None:
        return None
    try:
        blob = path.read_bytes()
        checksum, _, body = blob.partition(b"\n")
        if hashlib.sha256(body).hexdigest().encode() != checksum:
            return None
        data = json.loads(body)
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
            return None
        outcomes = data.get("outcomes")
        if not isinstance(outcomes, dict) or not outcomes:
            return None
        return {str(k): _outcome_fields(v) for k, v in outcomes.items()}
    except (OSError, ValueError, TypeError):
        return None


def keep_verdicts(key: str, outcomes: dict[str, dict[str, Any]]) -> bool:
    """Keep ``outcomes`` (check id -> an outcome's fields) under ``key``; False when they
    are not all kept statuses and plain data, or nothing could be written."""
    path = _verdict_path(key)
    if path is None or not outcomes:
        return False
    plain = {
        check: {**fields, "candidates": [list(c) for c in fields["candidates"]]}
        for check, fields in outcomes.items()
    }
    try:
        for raw in plain.values():
            _outcome_fields(raw)
        body = json.dumps({"format": FORMAT, "key": key, "outcomes": plain}).encode()
        if {k: _outcome_fields(v) for k, v in json.loads(body)["outcomes"].items()} != outcomes:
            return False  # would not come back exactly
    except (ValueError, TypeError):
        return False
    try:
        _write_atomic(path, hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    except OSError:
        return False
    _remove_old(path.parent, "*.json", path)
    return True
