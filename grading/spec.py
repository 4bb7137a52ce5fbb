"""The assignment spec: ``assignments/<name>/assignment.toml``, read and validated.

The spec, not the code, decides the conventions, the checks and their points,
the limits and the forbidden imports.  A mistake in a spec is the instructor's,
so it raises :class:`SpecError` early, naming the key and the fix.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any

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


def _expect(table: Mapping, key: str, kind: type | tuple, where: str, default: Any = None) -> Any:
    value = table.get(key, default)
    if value is not default and not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise SpecError(f"{where}: '{key}' must be a {names} (got {value!r})")
    return value


def _dataclass_from(cls: type, table: Mapping, where: str) -> Any:
    known = {f.name for f in fields(cls)}
    unknown = set(table) - known
    if unknown:
        raise SpecError(f"{where}: unknown key(s) {sorted(unknown)}; known: {sorted(known)}")
    try:
        return cls(**table)
    except (TypeError, ValueError) as exc:
        raise SpecError(f"{where}: {exc}") from None


def parse_spec(data: Mapping[str, Any], *, path: Path | None = None) -> AssignmentSpec:
    """Build an :class:`AssignmentSpec` from parsed TOML, validating every key."""
    from gdgrade.grading.registry import known_check_ids

    where = str(path) if path else "assignment spec"
    data = apply_preset(data)
    name = _expect(data, "name", str, where)
    if not name:
        raise SpecError(f"{where}: 'name' must be a non-empty string (got {name!r})")
    convention = _dataclass_from(Convention, data.get("convention", {}), f"{where} [convention]")
    classes = tuple(
        ClassSpec(entry)
        if isinstance(entry, str)
        else _dataclass_from(ClassSpec, entry, f"{where} classes #{i + 1}")
        for i, entry in enumerate(_expect(data, "classes", list, where, default=[]))
    )
    for c in classes:
        try:
            c.convention(convention)
        except ValueError as exc:
            raise SpecError(f"{where} classes {c.name!r}: {exc}") from None
    checks = []
    ids = known_check_ids(tuple(c.name for c in classes))
    for i, entry in enumerate(_expect(data, "checks", list, where, default=[])):
        spot = f"{where} [[checks]] #{i + 1}"
        check = _dataclass_from(CheckSpec, entry, spot)
        if check.id not in ids:
            raise SpecError(
                f"{spot}: 'id' must be a known check (got {check.id!r}); known: {sorted(ids)}"
            )
        if check.visibility not in VISIBILITIES:
            raise SpecError(
                f"{spot}: 'visibility' must be one of {VISIBILITIES} (got {check.visibility!r})"
            )
        if not isinstance(check.points, (int, float)) or check.points < 0:
            raise SpecError(f"{spot}: 'points' must be a number >= 0 (got {check.points!r})")
        checks.append(check)
    if not checks:
        raise SpecError(f"{where}: no [[checks]]: list the checks of the rubric")
    seen = [c.id for c in checks]
    if len(set(seen)) != len(seen):
        raise SpecError(
            f"{where}: a check is listed twice: {sorted({i for i in seen if seen.count(i) > 1})}"
        )
    forbidden = tuple(_expect(data, "forbidden_imports", list, where, default=[]))
    mistakes = tuple(
        _dataclass_from(MistakeSpec, m, f"{where} [[mistakes]] #{i + 1}")
        for i, m in enumerate(_expect(data, "mistakes", list, where, default=[]))
    )
    notebook = {
        k: tuple(v) if isinstance(v, list) else (v,) for k, v in data.get("notebook", {}).items()
    }
    return AssignmentSpec(
        name=name,
        title=_expect(data, "title", str, where, default=name),
        convention=convention,
        classes=classes,
        checks=tuple(checks),
        limits=dict(_expect(data, "limits", dict, where, default={})),
        forbidden_imports=tuple(dict.fromkeys(("gdgrade", *forbidden))),
        tolerances=_dataclass_from(Tolerances, data.get("tolerances", {}), f"{where} [tolerances]"),
        properties=_dataclass_from(Properties, data.get("properties", {}), f"{where} [properties]"),
        mistakes=mistakes,
        notation=_dataclass_from(Notation, data.get("notation", {}), f"{where} [notation]"),
        derivation=_dataclass_from(
            DerivationSpec,
            _expect(data, "derivation", dict, where, default={}),
            f"{where} [derivation]",
        ),
        notebook=notebook,
        variants=dict(_expect(data, "variants", dict, where, default={})),
        learner=_learner(data.get("learner", {}), f"{where} [learner]"),
        preset=data.get("preset"),
        path=path,
    )


def _learner(table: Mapping[str, Any], where: str) -> LearnerSpec:
    table = dict(table)
    if "history" in table:
        table["history"] = tuple(table["history"])
    if "hyperparameters" in table:
        aliases = dict(HYPERPARAMETER_ALIASES)
        for key, names in table["hyperparameters"].items():
            if key not in aliases:
                raise SpecError(
                    f"{where}: unknown hyperparameter {key!r}; known: {sorted(aliases)}"
                )
            aliases[key] = (names,) if isinstance(names, str) else tuple(names)
        table["hyperparameters"] = aliases
    return _dataclass_from(LearnerSpec, table, where)


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
