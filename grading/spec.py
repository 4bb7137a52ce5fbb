"""The assignment spec: ``assignments/<name>/assignment.toml``, read and validated.

The spec, not the code, decides the conventions, the checks and their points,
the limits and the forbidden imports.  A mistake in a spec is the instructor's,
so it raises :class:`SpecError` early, naming the key and the fix.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any

from gdgrade.grading import schema
from gdgrade.grading.presets import HYPERPARAMETER_ALIASES, LearnerSpec, apply_preset
from gdgrade.reference import Convention

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "DEFAULT_ASSIGNMENT",
    "MARKER",
    "AssignmentSpec",
    "CheckSpec",
    "ClassSpec",
    "DerivationSpec",
    "MistakeSpec",
    "SpecError",
    "Tolerances",
    "assignment_of",
    "available_assignments",
    "load_spec",
]

DEFAULT_ASSIGNMENT = "adaline-gd"
VISIBILITIES = ("public", "hidden")


class SpecError(ValueError):
    """An assignment spec (or its name) is wrong; the message says how to fix it."""


@dataclass(frozen=True)
class CheckSpec:
    """One check of the rubric: its registry id, points and visibility.

    ``public`` checks run in ``gdgrade check`` and ``grade``; ``hidden`` ones only
    in ``gdgrade grade``.
    """

    id: str
    points: float = 1.0
    visibility: str = "public"


@dataclass(frozen=True)
class ClassSpec:
    """A learner class the class checks run on.

    ``labels``, ``training`` and ``batch_size`` override the convention for this
    class: a ``LinearRegressionGD`` next to an ``AdalineGD`` predicts real values
    (``labels = "real"``), an ``AdalineSGD`` trains per sample (``training = "sgd"``).
    """

    name: str
    labels: str | None = None
    training: str | None = None
    batch_size: int | None = None

    def convention(self, base: Convention) -> Convention:
        """The assignment's convention with this class's overrides."""
        changes = {
            k: v
            for k, v in (
                ("labels", self.labels),
                ("training", self.training),
                ("batch_size", self.batch_size),
            )
            if v is not None
        }
        return base.with_(**changes) if changes else base


@dataclass(frozen=True)
class MistakeSpec:
    """An instructor's extra entry for the symbolic checker's catalogue of mistakes."""

    id: str
    expression: str
    message: str
    target: str = "gradient"


_COUNT_LETTERS = ("n", "N", "m", "M", "d", "p")


@dataclass(frozen=True)
class Notation:
    """The letters the assignment's own text uses for the counts (the ``[notation]`` table).

    Students' derivations may use any common notation; these only decide a count
    letter that an answer leaves open (a ``1/m`` in front of a sum with no bounds).
    A letter bounding the sum over the samples always says what it counts.

    Attributes
    ----------
    samples : str or None
        The letter that counts the samples (``"n"``, ``"N"`` or ``"m"``); None infers it
        from each answer.
    features : str or None
        The letter that counts the features (``"m"``, ``"n"``, ``"d"`` or ``"p"``).
    """

    samples: str | None = None
    features: str | None = None

    def __post_init__(self) -> None:
        for key in ("samples", "features"):
            value = getattr(self, key)
            if value is not None and value not in _COUNT_LETTERS:
                raise ValueError(f"'{key}' must be one of {_COUNT_LETTERS} (got {value!r})")
        if self.samples is not None and self.samples == self.features:
            raise ValueError(
                f"'samples' and 'features' must be different letters (both {self.samples!r})"
            )


@dataclass(frozen=True)
class DerivationSpec:
    """How the derivation (``derivation.py``) is judged: the spec's ``[derivation]`` table.

    Attributes
    ----------
    seconds : float
        Wall-clock time for judging one submission's whole derivation (the
        gradient, the update and the steps together, with the catalogue of
        mistakes and the search for a counterexample).  A right submission takes
        tens of milliseconds; 10 s is two orders of magnitude of room, and a class
        of 300 hostile submissions is still judged within an hour.  When it runs
        out, the checks not yet judged are withheld as too complex to check.
        The grader's time, never charged to the student's import or calls.
    min_steps : int
        Steps the derivation must write between the derivative of the cost and
        the gradient (1: at least one line of work; 0 allows the derivative of
        the cost followed by the answer).
    """

    seconds: float = 10.0
    min_steps: int = 1

    def __post_init__(self) -> None:
        if (
            isinstance(self.seconds, bool)
            or not isinstance(self.seconds, (int, float))
            or not 0 < self.seconds < float("inf")
        ):
            raise ValueError(f"'seconds' must be a positive number (got {self.seconds!r})")
        if isinstance(self.min_steps, bool) or not isinstance(self.min_steps, int):
            raise ValueError(f"'min_steps' must be a whole number (got {self.min_steps!r})")
        if not 0 <= self.min_steps <= 20:
            raise ValueError(f"'min_steps' must be between 0 and 20 (got {self.min_steps!r})")


@dataclass(frozen=True)
class Tolerances:
    """Every number that decides a numeric verdict.

    Attributes
    ----------
    rtol, atol : float
        A value passes when ``|got - expected| <= atol * scale + rtol * |expected|``
        elementwise, with ``scale = max(1, max|expected|)``; 1e-6 relative leaves
        room for any order of summation in float64 and still catches a wrong factor.
    gradcheck_rtol : float
        Relative error allowed between a student's gradient and finite
        differences of their own cost.
    convergence_atol : float
        How close (relative to the scale of the solution) the weights must come
        to the least-squares solution after training with a safe learning rate.
    """

    rtol: float = 1e-6
    atol: float = 1e-9
    gradcheck_rtol: float = 1e-5
    convergence_atol: float = 1e-3

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not 0 <= value < float("inf"):
                raise ValueError(f"'{f.name}' must be a number >= 0 (got {value!r})")


@dataclass(frozen=True)
class Properties:
    """How hard the property checks search.

    Attributes
    ----------
    max_examples : int
        Datasets drawn per check (Hypothesis, derandomised: the same for every
        submission, so grading is deterministic).
    shrink_calls : int
        The most calls a failing check may spend shrinking its counterexample.
    curve_epochs : int
        Epochs of the learning curve plotted in the feedback.
    """

    max_examples: int = 15
    shrink_calls: int = 300
    curve_epochs: int = 20

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if value < 1:
                raise ValueError(f"'{f.name}' must be a whole number >= 1 (got {value!r})")


@dataclass(frozen=True)
class AssignmentSpec:
    """A whole assignment, as its TOML says.

    Attributes
    ----------
    name, title : str
        The folder name and a title for reports.
    convention : Convention
        Loss, labels, bias place, training.
    classes : tuple of ClassSpec
        The learner classes the class checks run on (``classes = ["AdalineGD"]``, or
        tables ``{name = "LinearRegressionGD", labels = "real"}``).
    checks : tuple of CheckSpec
        The rubric, in report order.
    limits : dict
        Overrides of :class:`gdgrade.grading.sandbox.Limits` fields.
    forbidden_imports : tuple of str
        Modules a submission may not import (``gdgrade`` always).
    tolerances, properties
        See :class:`Tolerances` and :class:`Properties`.
    mistakes : tuple of MistakeSpec
        Extra entries for the derivation's catalogue of known mistakes.
    notation : Notation
        The count letters of the assignment's text, for derivations that leave one open.
    derivation : DerivationSpec
        How the derivation is judged (time, steps required).
    notebook : dict
        ``{"adaline": [grade_id, ...], "derivation": [grade_id, ...]}``: the
        cells of an nbgrader notebook that make up each file.
    variants : dict
        Per-student variants (see ``gdgrade generate --roster``).
    learner : LearnerSpec
        How the class checks read a student's class (names, aliases).
    preset : str or None
        The edition preset the spec starts from (:data:`~gdgrade.grading.presets.PRESETS`).
    path : Path or None
        The TOML file read.
    """

    name: str
    title: str
    convention: Convention
    classes: tuple[ClassSpec, ...]
    checks: tuple[CheckSpec, ...]
    limits: Mapping[str, float] = field(default_factory=dict)
    forbidden_imports: tuple[str, ...] = ("gdgrade",)
    tolerances: Tolerances = Tolerances()
    properties: Properties = Properties()
    mistakes: tuple[MistakeSpec, ...] = ()
    notation: Notation = Notation()
    derivation: DerivationSpec = DerivationSpec()
    notebook: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    variants: Mapping[str, Any] = field(default_factory=dict)
    learner: LearnerSpec = field(default_factory=LearnerSpec)
    preset: str | None = None
    path: Path | None = None

    @property
    def max_score(self) -> float:
        """The points of every check."""
        return float(sum(c.points for c in self.checks))

    def selected(self, visibilities: tuple[str, ...] = VISIBILITIES) -> tuple[CheckSpec, ...]:
        """The checks whose visibility is one of ``visibilities``."""
        return tuple(c for c in self.checks if c.visibility in visibilities)

    @property
    def digest(self) -> str:
        """A hash of everything the spec says, presets applied (not where it was read from).

        Two specs with the same digest grade alike: results graded under one are
        reused under the other, never otherwise.
        """
        import hashlib
        import json
        from dataclasses import asdict

        content = asdict(self)
        content.pop("path", None)
        text = json.dumps(content, sort_keys=True, default=repr)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


VARIANT_KEYS = ("loss", "labels", "bias")
"""The keys of ``[variants]``: the convention's, drawn per student."""
NOTEBOOK_PARTS = ("adaline", "derivation")
"""The keys of ``[notebook]``: which cells make up each file."""
MISTAKE_TARGETS = ("gradient", "update")


def _sections() -> dict[str, type]:
    """Each section of the TOML with the dataclass it fills (``[limits]``: the sandbox's).

    Read off :class:`AssignmentSpec`: a field whose type is a dataclass is a
    section, so a section added there is validated with no change here.
    """
    from gdgrade.grading.sandbox.limits import Limits

    hints = typing.get_type_hints(AssignmentSpec)
    found = {f.name: hints[f.name] for f in fields(AssignmentSpec)}
    out = {name: cls for name, cls in found.items() if dataclasses.is_dataclass(cls)}
    out["limits"] = Limits
    return out


def _top_keys() -> dict[str, Any]:
    """The spec's top-level keys and their types (every field of AssignmentSpec but ``path``)."""
    return {k: v for k, v in schema.keys_of(AssignmentSpec).items() if k != "path"}


def _check_top_level(data: Mapping[str, Any], where: str) -> None:
    known = _top_keys()
    sections = [k for k in known if k in _sections() or k in ("notebook", "variants")]
    for key, value in data.items():
        if key in known:
            continue
        if isinstance(value, dict):
            close = schema.did_you_mean(key, sections).replace("'", "")
            close = re.sub(r"did you mean (\S+)\?", r"did you mean [\1]?", close)
            raise SpecError(f"{where}: unknown section [{key}]{close}")
        raise SpecError(f"{where}: unknown key {key!r}{schema.did_you_mean(key, known)}")


def parse_spec(data: Mapping[str, Any], *, path: Path | None = None) -> AssignmentSpec:
    """Build an :class:`AssignmentSpec` from parsed TOML, validating every key and type.

    Raises
    ------
    SpecError
        At the first mistake, in one line that names the section, the key and,
        where there is one, the fix ("did you mean 'call_seconds'?").
    """
    where = str(path) if path else "assignment spec"
    try:
        return _parse(data, where, path)
    except schema.SchemaError as exc:
        raise SpecError(str(exc)) from None


def _parse(data: Mapping[str, Any], where: str, path: Path | None) -> AssignmentSpec:
    from gdgrade.grading.registry import known_check_ids

    try:
        data = apply_preset(data)
    except SpecError as exc:
        raise SpecError(f"{where}: {exc}") from None
    _check_top_level(data, where)
    top = _top_keys()
    at = f"{where}: "
    name = schema.check_value(data.get("name"), str, "name", at) if "name" in data else None
    if not name:
        raise SpecError(f"{where}: 'name' must be a non-empty string (got {name!r})")
    values: dict[str, Any] = {}
    for key in ("title", "preset", "forbidden_imports"):
        if key in data:
            values[key] = schema.check_value(data[key], top[key], key, at)
    sections = {}
    for section, cls in _sections().items():
        table = data.get(section, {})
        sections[section] = schema.build(
            cls, table, f"{where} [{section}] ", skip=("hyperparameters",)
        )
    limits = dict(data.get("limits", {}))
    learner = _learner(sections.pop("learner"), f"{where} [learner] ")
    convention = sections.pop("convention")
    sections.pop("limits")

    classes = []
    entries = data.get("classes", [])
    if not isinstance(entries, list):
        raise SpecError(f"{where}: 'classes' must be a list (got {entries!r})")
    for i, entry in enumerate(entries):
        spot = f"{where} classes #{i + 1} "
        if isinstance(entry, str):
            c = ClassSpec(entry)
        elif isinstance(entry, dict):
            c = schema.build(ClassSpec, entry, spot)
        else:
            raise SpecError(f"{spot}must be a class name or a table {{name = ...}} (got {entry!r})")
        if not c.name.isidentifier():
            raise SpecError(f"{spot}'name' must be a Python class name (got {c.name!r})")
        try:
            c.convention(convention)
        except ValueError as exc:
            raise SpecError(f"{where} classes {c.name!r}: {exc}") from None
        classes.append(c)

    checks = []
    ids = known_check_ids(tuple(c.name for c in classes))
    for spot, check in _array_of_tables(data, "checks", CheckSpec, where):
        if check.id not in ids:
            raise SpecError(
                f"{spot}'id' must be a known check (got {check.id!r})"
                f"{schema.did_you_mean(check.id, ids)}"
            )
        if check.visibility not in VISIBILITIES:
            raise SpecError(
                f"{spot}'visibility' must be one of {VISIBILITIES} (got {check.visibility!r})"
            )
        if check.points < 0:
            raise SpecError(f"{spot}'points' must be a number >= 0 (got {check.points!r})")
        checks.append(check)
    if not checks:
        raise SpecError(f"{where}: no [[checks]]: list the checks of the rubric")
    seen = [c.id for c in checks]
    if len(set(seen)) != len(seen):
        raise SpecError(
            f"{where}: a check is listed twice: {sorted({i for i in seen if seen.count(i) > 1})}"
        )

    mistakes = []
    for spot, mistake in _array_of_tables(data, "mistakes", MistakeSpec, where):
        if mistake.target not in MISTAKE_TARGETS:
            raise SpecError(
                f"{spot}'target' must be one of {MISTAKE_TARGETS} (got {mistake.target!r})"
            )
        mistakes.append(mistake)

    for section, known in (("notebook", NOTEBOOK_PARTS), ("variants", VARIANT_KEYS)):
        table = data.get(section, {})
        if isinstance(table, dict):
            schema.check_keys(table, known, f"{where} [{section}] ")
    notebook = schema.check_value(data.get("notebook", {}), top["notebook"], "notebook", at)
    variants = schema.check_value(data.get("variants", {}), top["variants"], "variants", at)
    for key, choices in variants.items():
        for choice in choices if isinstance(choices, list) else [choices]:
            try:
                convention.with_(**{key: choice})
            except ValueError as exc:
                raise SpecError(f"{where} [variants] {exc}") from None
        if isinstance(choices, list) and not choices:
            raise SpecError(f"{where} [variants] '{key}' must be a non-empty list (got [])")

    return AssignmentSpec(
        name=name,
        title=values.get("title", name),
        convention=convention,
        classes=tuple(classes),
        checks=tuple(checks),
        limits=limits,
        forbidden_imports=tuple(dict.fromkeys(("gdgrade", *values.get("forbidden_imports", ())))),
        mistakes=tuple(mistakes),
        notebook=notebook,
        variants=dict(variants),
        learner=learner,
        preset=values.get("preset"),
        path=path,
        **sections,
    )


def _array_of_tables(data: dict, key: str, cls: type, where: str) -> Iterator[tuple[str, Any]]:
    """Each ``[[key]]`` table of ``data`` built as ``cls`` (its keys and types checked),
    one at a time, with the place a message about it names (``"... [[checks]] #2 "``)."""
    entries = data.get(key, [])
    if not isinstance(entries, list):
        raise SpecError(f"{where}: '{key}' must be a list of [[{key}]] tables")
    for i, entry in enumerate(entries):
        spot = f"{where} [[{key}]] #{i + 1} "
        yield spot, schema.build(cls, entry, spot)


def _learner(learner: LearnerSpec, where: str) -> LearnerSpec:
    """The spec's names for the hyperparameters, over the default aliases."""
    given = schema.check_value(
        learner.hyperparameters, Mapping[str, tuple[str, ...]], "hyperparameters", where
    )
    if given is HYPERPARAMETER_ALIASES or given == dict(HYPERPARAMETER_ALIASES):
        return learner
    schema.check_keys(given, HYPERPARAMETER_ALIASES, f"{where}hyperparameters: ", "hyperparameter")
    return dataclasses.replace(learner, hyperparameters={**HYPERPARAMETER_ALIASES, **given})


MARKER = ".gdgrade-assignment"
"""The file of a student's folder that names its assignment."""


def assignment_of(folder: str | Path) -> str:
    """The assignment a folder belongs to: its ``.gdgrade-assignment`` file, or the default."""
    marker = Path(folder) / MARKER
    if marker.is_file():
        return marker.read_text(encoding="utf-8").strip() or DEFAULT_ASSIGNMENT
    return DEFAULT_ASSIGNMENT


def _bundled() -> Path:
    return Path(str(resources.files("gdgrade.assignments")))


def available_assignments() -> list[str]:
    """The names of the bundled assignments."""
    return sorted(p.parent.name for p in _bundled().glob("*/assignment.toml"))


def load_spec(name_or_path: str | Path) -> AssignmentSpec:
    """Read a spec by assignment name (bundled) or by path to a TOML file or its folder.

    Raises
    ------
    SpecError
        When nothing is found (the message lists the bundled names) or the spec
        is invalid.
    """
    candidate = Path(name_or_path)
    if candidate.is_dir():
        candidate = candidate / "assignment.toml"
    if not candidate.is_file():
        candidate = _bundled() / str(name_or_path) / "assignment.toml"
    if not candidate.is_file():
        raise SpecError(
            f"no assignment {str(name_or_path)!r}: give a bundled name "
            f"({', '.join(available_assignments())}) or the path of an assignment.toml"
        )
    try:
        data = tomllib.loads(candidate.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{candidate}: not valid TOML: {exc}") from None
    return parse_spec(data, path=candidate)
