r"""Decide what each letter of a formula stands for, and build it in the canonical notation.

The neutral tree of :mod:`.latex` says only how a formula is written.  This
module reads the whole answer first (every side of every statement) for
evidence of what each letter is, then builds each side with the
:class:`~.build.Builder` over the canonical notation of :mod:`.notation`:

- the **target** ``y``, ``t``, ``\text{target}``; the **prediction**
  ``\hat{y}``, ``o``, ``a``, ``\text{output}``, ``h_\theta(x^{(i)})``,
  ``f_{w,b}(x^{(i)})``, ``\phi(z)``, ``\sigma(z)`` (read as the activation, the
  identity here); the **net input** ``z``; the **features** ``x`` and ``X``;
  the **weights** ``w``, ``\theta``, ``\beta``, ``W``; the **bias** ``b``; the
  **learning rate** ``\eta``, ``\alpha``, ``\mu``, ``\gamma``; the **cost**
  ``J``, ``L``, ``E``, ``\mathcal{L}``, ``\ell``, ``\text{MSE}``, ``\text{SSE}``.
- **Indices**: the sample index is the one a sum runs over with the data, whatever
  its letter (``\sum_{d \in D} (t_d - o_d) x_{id}``); ``x^{(i)}`` marks the
  sample explicitly; of ``x_{ab}`` the sample is the index with that role; the
  weight's index (``w_j``, ``\theta_j``, ``\partial w_i``) becomes ``j``.
- **Counts**: the letter bounding the sum over the samples counts the samples
  (``n``, ``N`` or ``m``), else the assignment's declared letter, else ``n``/``N``,
  else ``m``.  A sum over samples ``0..m-1`` is read as the ``m`` samples.
- **Vectors and matrices**: ``X`` has a row per sample (and a column of ones for
  the bias ``w_0``, unless ``b`` is written separately), ``y`` and ``\hat{y}``
  without an index are columns over the samples when the answer uses ``X``,
  ``w`` without an index is the column of weights.  Products, transposes and
  sums are carried out component by component, so that ``-X^\top(y - Xw)``
  becomes its component ``j``: ``-Sum(x[i, j]*(y[i] - z[i]), (i, 1, n))``.

Every such decision that is not the canonical notation itself is recorded as
a note, in the student's letters, for the feedback.  Nothing is evaluated.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sympy import Expr, Indexed, S, Symbol

from . import notation as nt
from .build import Builder, Term
from .errors import ParseError, UnknownSymbol
from .latex import (
    Add,
    Decorated,
    Frac,
    Func,
    Node,
    Num,
    Op,
    Paren,
    Prod,
    Relation,
    Scripted,
    Sym,
    Transpose,
    Tuple,
)

__all__ = [
    "INFERRED",
    "Letters",
    "NameParts",
    "Reading",
    "Val",
    "gather",
    "is_delta",
    "kind_of",
    "letters_of",
    "name_parts",
    "render",
    "walk",
    "weight_of",
]

SAMPLE, FEATURE = nt.SAMPLE, nt.FEATURE
_ROW = nt.index("row_")
_COL = nt.index("col_")

_TARGETS = {"y", "Y", "t", "T", "target", "targets", "label", "labels"}
_PREDICTIONS = {"o", "a", "output", "outputs", "prediction", "predictions", "pred", "yhat"}
_NETS = {"z", "Z", "net", "netinput"}
_FEATURES = {"x", "X", "Phi"}
_WEIGHTS = {"w", "W", "theta", "Theta", "beta", "weights", "omega"}
_RATES = {"eta": "η", "alpha": "α", "mu": "μ", "gamma": "γ", "lr": "lr", "rate": "rate"}
_COSTS = {
    "J", "L", "E", "C", "ell", "l", "MSE", "SSE", "Loss", "loss", "cost", "Cost", "RSS", "mse",
    "sse", "E_D", "Ein",
}  # fmt: skip
_ACTIVATIONS = {"phi", "varphi", "sigma", "g"}
_HYPOTHESES = {"h", "f"}
_COUNTS = {"n", "N", "m", "M", "B", "count"}  # B: the size of the batch
_BOUNDS = set("ABCDFGHIKLNOPQRSTUV")  # a capital bounding a sum counts (K samples, P patterns)
_ERRORS = {"e", "delta", "epsilon", "varepsilon", "error", "errors", "err", "residual", "E_i"}
_GREEK = {
    "eta": "η", "alpha": "α", "mu": "μ", "gamma": "γ", "theta": "θ", "Theta": "Θ", "beta": "β",
    "phi": "φ", "varphi": "φ", "sigma": "σ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "ell": "ℓ", "lambda": "λ", "rho": "ρ", "tau": "τ", "omega": "ω", "xi": "ξ", "psi": "ψ",
    "chi": "χ", "nu": "ν", "kappa": "κ", "Phi": "Φ", "Sigma": "Σ", "Omega": "Ω",
    "Lambda": "Λ", "Psi": "Ψ", "vartheta": "θ",
}  # fmt: skip
_FRESH = "ikpqrsuvtlabcdefgh"
# Words written as a subscript or in a superscript's brackets: what they mark.
_PREDICTED = {"pred", "predicted", "predict", "prediction", "hat", "est", "model", "out", "output"}
_TRUE = {"true", "actual", "real", "target", "obs", "observed", "label", "gt"}
_DATA_SETS = {"train", "training", "test", "val", "valid", "validation", "tr", "te", "dev", "batch"}
_STAGES = {"new", "old", "next", "prev", "current"}
_LABELS = _PREDICTED | _TRUE | _DATA_SETS | _STAGES


@dataclass(frozen=True)
class Letters:
    """The count letters an assignment declares (the spec's ``[notation]``).

    Parameters
    ----------
    samples : str or None
        The letter that counts the samples in the assignment's own text (``"n"``,
        ``"N"`` or ``"m"``); None to infer it from each answer.
    features : str or None
        The letter that counts the features (``"m"`` or ``"n"``, ``"d"``).
    """

    samples: str | None = None
    features: str | None = None


INFERRED = Letters()
"""No letters declared: each answer's letters are inferred from the answer."""


# -- rendering the student's own letters ---------------------------------------
def render(node: Node | None) -> str:
    """A short plain rendering of ``node`` in the student's letters (``ŷ^(i)``, ``h_θ(x^(i))``)."""
    if node is None:
        return ""
    if isinstance(node, Num):
        value = node.value
        return str(value.numerator) if value.denominator == 1 else str(value)
    if isinstance(node, Sym):
        return _GREEK.get(node.name, node.name)
    if isinstance(node, Decorated):
        inner = render(node.inner)
        if node.kind == "hat" and len(inner) == 1:
            return unicodedata.normalize("NFC", inner + "\u0302")
        return {"bar": f"{inner}\u0304", "tilde": f"{inner}\u0303"}.get(node.kind, inner)
    if isinstance(node, Scripted):
        out = render(node.base)
        for kind, args in node.scripts:
            shown = ", ".join(render(a) for a in args)
            if kind == "sup" and len(args) == 1 and isinstance(args[0], Transpose):
                out += "ᵀ"
                continue
            simple = len(args) == 1 and len(shown) == 1
            out += ("_" if kind == "sub" else "^") + (shown if simple else "{" + shown + "}")
        return out
    if isinstance(node, Transpose):
        return "ᵀ"
    if isinstance(node, Paren):
        return f"({render(node.inner)})"
    if isinstance(node, Add):
        parts = []
        for index, (negative, term) in enumerate(node.terms):
            shown = render(term)
            parts.append(
                ("- " if index else "-") + shown if negative else ("+ " if index else "") + shown
            )
        return " ".join(parts)
    if isinstance(node, Prod):
        word = _word(node)
        if word is not None:
            return word
        out = []
        previous: Node | None = None
        for kind, negative, item in node.items:
            shown = ("-" if negative else "") + render(item)
            applied = isinstance(item, Paren) and isinstance(previous, (Sym, Scripted, Decorated))
            if applied and kind == "mul" and not negative and out:  # h_θ(x): no space
                out[-1] += shown
            else:
                out.append({"div": "/", "emul": "* ", "matmul": "@ "}.get(kind, "") + shown)
            previous = item
        return " ".join(out).replace(" /", "/")
    if isinstance(node, Frac):
        return f"{render(node.num)}/{render(node.den)}"
    if isinstance(node, Relation):
        return f"{render(node.left)} {'=' if node.kind == '=' else '∈'} {render(node.right)}"
    if isinstance(node, Tuple):
        return ", ".join(render(item) for item in node.items)
    if isinstance(node, Func):
        return f"√{render(node.arg)}"
    if isinstance(node, Op):
        return {"sum": "Σ", "nabla": "∇", "partial": "∂", "delta": "Δ"}.get(node.kind, node.text)
    return "?"


# -- the parts of a name -----------------------------------------------------
@dataclass(frozen=True)
class NameParts:
    """A name as written: its base letter or word, its decorations (a hat, bold) and its
    sub- and superscripts, each a tuple of nodes."""

    base: str
    word: bool
    hat: bool
    bold: bool
    subs: tuple[tuple[Node, ...], ...]
    sups: tuple[tuple[Node, ...], ...]
    node: Node
    label: str | None = None  # a word written as a script: y_{pred}, X^{(train)}, w_{new}


def _word(node: Node) -> str | None:
    """The word of letters written side by side (``pred``), or None."""
    if (
        isinstance(node, Prod)
        and len(node.items) > 1
        and all(
            kind == "mul" and not negative and isinstance(item, Sym) and len(item.name) == 1
            for kind, negative, item in node.items
        )
    ):
        return "".join(item.name for _, _, item in node.items)
    return None


def _label(args: tuple[Node, ...]) -> str | None:
    """The label a script holds (``{pred}``, ``{\\text{new}}``, ``(train)``), or None."""
    if len(args) != 1:
        return None
    (arg,) = args
    if isinstance(arg, Paren):
        arg = arg.inner
    word = arg.name if isinstance(arg, Sym) and arg.word else _word(arg)
    if word is not None and word.lower() in _LABELS:
        return word.lower()
    return None


def name_parts(node: Node) -> NameParts | None:
    """The parts of a (decorated, scripted) name, or None when ``node`` is not a name."""
    hat = bold = False
    scripts: list[tuple[str, tuple[Node, ...]]] = []
    current = node
    while True:
        if isinstance(current, Scripted):
            scripts[:0] = list(current.scripts)
            current = current.base
        elif isinstance(current, Decorated):
            if current.kind == "hat":
                hat = True
            elif current.kind == "bold":
                bold = True
            else:
                return None
            current = current.inner
        else:
            break
    if not isinstance(current, Sym):
        return None
    labels = [_label(args) for _, args in scripts]
    label = next((word for word in labels if word is not None), None)
    subs = tuple(
        args
        for (kind, args), word in zip(scripts, labels, strict=True)
        if kind == "sub" and not word
    )
    sups = tuple(
        args
        for (kind, args), word in zip(scripts, labels, strict=True)
        if kind == "sup" and not word
    )
    return NameParts(current.name, current.word, hat, bold, subs, sups, node, label)


def kind_of(name: NameParts) -> str:
    """What a name stands for by its letter and decoration alone (``"prediction"`` for
    ``\\hat y``...), before the rest of the answer is read."""
    base = name.base
    if name.hat and base in _TARGETS | {"o", "a", "f", "h"}:
        return "prediction"
    if name.label in _PREDICTED and base in _TARGETS:
        return "prediction"
    if name.label in _TRUE and base in _TARGETS | {"d"}:
        return "target"
    if base in _PREDICTIONS:
        return "prediction"
    if base in _TARGETS:
        return "target"
    if base in _NETS:
        return "net"
    if base in _FEATURES:
        return "feature"
    if base in _WEIGHTS:
        return "weight"
    if base == "b":
        return "bias"
    if base in _RATES:
        return "rate"
    if base in _ACTIVATIONS:
        return "activation"
    if base in _HYPOTHESES:
        return "hypothesis"
    if base in _COSTS or (base in ("E", "R") and name.subs):  # E_D, R_{sq}: a risk, the cost
        return "cost"
    if base in _COUNTS:
        return "count"
    if base in _ERRORS:
        return "error"
    if len(base) == 1 and base.islower() and not name.word:
        return "index"
    return "unknown"


def letters_of(node: Node) -> list[str] | None:
    """Index letters written in one script: ``i``, ``ij`` (side by side), ``(i)``; else None."""
    if isinstance(node, Paren):
        return letters_of(node.inner)
    if isinstance(node, Sym) and len(node.name) == 1 and not node.word:
        return [node.name]
    if isinstance(node, Prod) and all(
        kind == "mul" and not negative and isinstance(item, Sym) and len(item.name) == 1
        for kind, negative, item in node.items
    ):
        return [item.name for _, _, item in node.items]
    return None


def walk(node: Node | None) -> Iterator[Node]:
    """Every node of the tree under ``node`` (``node`` included), depth first."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current is None:
            continue
        yield current
        if isinstance(current, Scripted):
            stack.append(current.base)
            for _, args in current.scripts:
                stack.extend(args)
        elif isinstance(current, Decorated):
            stack.append(current.inner)
        elif isinstance(current, Paren):
            stack.append(current.inner)
        elif isinstance(current, Add):
            stack.extend(term for _, term in current.terms)
        elif isinstance(current, Prod):
            stack.extend(item for _, _, item in current.items)
        elif isinstance(current, Frac):
            stack.extend((current.num, current.den))
        elif isinstance(current, Relation):
            stack.extend((current.left, current.right))
        elif isinstance(current, Func):
            stack.append(current.arg)


# -- the reading of a whole answer ---------------------------------------------
@dataclass
class Reading:
    """What the letters of one answer stand for, decided from all of its sides.

    Attributes
    ----------
    component : str
        The student's letter for the weight's index (becomes ``j``).
    samples, features : str or None
        The student's letters counting the samples (becomes ``n``) and the features (``m``).
    matrix : bool
        The answer uses the data matrix ``X``: ``y`` and ``\\hat{y}`` without an index are
        columns over the samples.
    bias : bool
        ``b`` is written: ``X`` and ``x^{(i)}`` have no column of ones.
    notes : list of str
        Each assumption made, in the student's letters, for the feedback.
    y_prediction : str or None
        The target's letter when it is not y (``t_n``, ``d(k)``): ``y`` is then the prediction.
    d_target : bool
        ``d`` with a sample index is the target (the desired output, ``d(k)``).
    slope : str or None
        ``m`` when the answer is written for one feature as ``y = mx + b``: m is the slope.
    single : bool
        The answer is written for one feature (a slope and an intercept): ``x^{(i)}`` is
        that feature, and the answer is judged with one feature.
    prime_names : bool
        A prime names a matrix (``X'``, X with its column of ones) instead of transposing it.
    """

    component: str = "j"
    samples: str | None = None
    features: str | None = None
    matrix: bool = False
    bias: bool = False
    sample_letters: set[str] = field(default_factory=set)
    feature_letters: set[str] = field(default_factory=set)
    sum_vars: set[str] = field(default_factory=set)
    zero_based: set[str] = field(default_factory=set)
    rename: dict[str, str] = field(default_factory=dict)
    implicit: str = "i"
    notes: list[str] = field(default_factory=list)
    y_prediction: str | None = None
    d_target: bool = False
    slope: str | None = None
    single: bool = False
    prime_names: bool = False
    sample_aliases: set[str] = field(default_factory=set)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def _sum_parts(node: Scripted) -> tuple[str | None, Node | None, Node | None, bool]:
    """``(var, lo, hi, over_set)`` of ``\\sum_{var=lo}^{hi}`` or ``\\sum_{d \\in D}``."""
    var = lo = hi = None
    over_set = False
    for kind, args in node.scripts:
        if len(args) != 1:
            continue
        (arg,) = args
        if kind == "sub":
            if isinstance(arg, Relation):
                letters = letters_of(arg.left)
                var = letters[0] if letters and len(letters) == 1 else None
                if arg.kind == "=":
                    lo = arg.right
                else:
                    over_set = True
            else:
                letters = letters_of(arg)
                var = letters[0] if letters and len(letters) == 1 else None
        else:
            hi = arg
    return var, lo, hi, over_set


def _count_letter(node: Node | None) -> tuple[str | None, int]:
    """``m`` and the offset of an upper bound ``m``, ``m - 1``, ``N``, ``K``; else (None, 0)."""
    if isinstance(node, Sym) and not node.word and node.name in _COUNTS | {"d", "D", "p"}:
        return node.name, 0
    if isinstance(node, Sym) and len(node.name) == 1 and node.name in _BOUNDS:
        return node.name, 0
    if isinstance(node, Paren):
        return _count_letter(node.inner)
    if (
        isinstance(node, Add)
        and len(node.terms) == 2
        and not node.terms[0][0]
        and isinstance(node.terms[1][1], Num)
    ):
        letter, _ = _count_letter(node.terms[0][1])
        value = node.terms[1][1].value
        return letter, int(-value if node.terms[1][0] else value)
    return None, 0


def gather(
    trees: Iterable[Node],
    letters: Letters = INFERRED,
    updated: Iterable[Node] = (),
    *,
    prime_names: bool = False,
) -> Reading:
    """The :class:`Reading` of an answer from the neutral trees of all of its sides.

    ``updated`` are the weights on the left of the answer's update rules (``θ_1 := …``);
    ``prime_names`` reads a prime as part of a name (``X'``) instead of a transpose.
    """
    trees = list(trees)
    reading = Reading(prime_names=prime_names)
    used: set[str] = set()
    targets_other: set[str] = set()  # a target letter other than y, written with a sample index
    y_used = False
    components: list[str] = []
    pairs: list[tuple[str, str]] = []
    sums: list[tuple[str, Node | None, Node | None, bool, Node]] = []
    counts_used: set[str] = set()
    for tree in trees:
        for node in walk(tree):
            if isinstance(node, Sym):
                used.add(node.name)
                if node.name in _COUNTS:
                    counts_used.add(node.name)
                if node.name in ("X", "Y", "Phi") or node.name == "b":
                    reading.matrix |= node.name != "b"
                    reading.bias |= node.name == "b"
            if isinstance(node, Prod):  # d(k), o(k), x_i(k): the sample in brackets
                for (_, _, item), (_, _, arg) in itertools.pairwise(node.items):
                    applied = name_parts(item) if isinstance(arg, Paren) else None
                    letters_ = letters_of(arg) if applied is not None else None
                    if applied is None or not letters_ or len(letters_) != 1:
                        continue
                    if applied.base == "d" and not applied.hat:
                        targets_other.add("d")
                        reading.sample_letters.add(letters_[0])
                    elif kind_of(applied) in ("target", "prediction", "net", "feature"):
                        reading.sample_letters.add(letters_[0])
            if isinstance(node, Decorated) and node.kind == "bold":
                inner = name_parts(node.inner)
                if inner and inner.base in ("y", "Y", "X"):
                    reading.matrix = True
            if isinstance(node, Scripted) and isinstance(node.base, Op) and node.base.kind == "sum":
                var, lo, hi, over_set = _sum_parts(node)
                if var:
                    reading.sum_vars.add(var)
                    sums.append((var, lo, hi, over_set, node))
            name = name_parts(node) if isinstance(node, Scripted) else None
            if name is None:
                continue
            kind = kind_of(name)
            indices = [letters_ for args in name.subs for a in args if (letters_ := letters_of(a))]
            flat = [letter for group in indices for letter in group]
            explicit = [
                letters_[0]
                for args in name.sups
                if len(args) == 1
                and isinstance(args[0], Paren)
                and (letters_ := letters_of(args[0]))
                and len(letters_) == 1
            ]
            if name.label in _DATA_SETS and name.base in ("x", "X", "y", "Y") and not flat:
                reading.matrix = True  # x_{batch}, X^{(train)}: every sample of that set
            if kind == "target" and name.base not in ("y", "Y") and flat + explicit:
                targets_other.add(name.base)
            if kind == "target" and name.base in ("y", "Y") and not name.label:
                y_used = True
            if name.base == "d" and not name.hat and len(flat + explicit) == 1:
                targets_other.add("d")
                reading.sample_letters.update(flat + explicit)
            if kind in ("target", "prediction", "net"):
                reading.sample_letters.update(flat + explicit)
            elif kind == "weight":
                reading.feature_letters.update(flat)
            elif kind == "feature":
                reading.sample_letters.update(explicit)
                if explicit:
                    reading.feature_letters.update(flat)
                elif len(flat) == 2:
                    pairs.append((flat[0], flat[1]))
    if targets_other and y_used:  # t_n (or d(k)) is the target: y_n is the prediction
        reading.y_prediction = sorted(targets_other)[0]
    reading.d_target = "d" in targets_other
    _parameters(reading, trees, list(updated))
    if reading.slope:
        counts_used.discard(reading.slope)
    # the weight's index: from a derivative's variable, a Δ label or an update rule's weight
    for tree in trees:
        components += _component_letters(tree)
    component = next(iter(components), None)
    free_features = reading.feature_letters - reading.sum_vars
    if component is None:
        if len(free_features) == 1:
            component = next(iter(free_features))
        elif "j" in used:
            component = "j"
        else:
            pair_free = {a for a, b in pairs if b in reading.sum_vars and a not in reading.sum_vars}
            pair_free |= {
                b for a, b in pairs if a in reading.sum_vars and b not in reading.sum_vars
            }
            component = next(iter(sorted(pair_free)), "j")
    reading.component = component
    reading.feature_letters.add(component)
    for a, b in pairs:  # x_{ab}: the sample is the index with that role
        if b in reading.sample_letters or a == component:
            reading.sample_letters.add(b)
        elif a in reading.sample_letters or b == component:
            reading.sample_letters.add(a)
    # counts, from the bounds of the sums
    sample_bound = feature_bound = None
    sample_bounds: list[str] = []
    for var, lo, hi, over_set, _ in sums:
        letter, offset = _count_letter(hi)
        is_sample = var in reading.sample_letters or (
            var not in reading.feature_letters and var != component
        )
        if is_sample:
            reading.sample_letters.add(var)
            if letter:
                sample_bounds.append(letter)
            if letter and sample_bound is None:
                sample_bound = letter
                low = lo.value if isinstance(lo, Num) else None
                if low == 0 and offset == -1:
                    reading.zero_based.add(var)
            if over_set:
                reading.note(f"the sum over {var} ∈ … runs over every sample of the training set")
        elif letter and feature_bound is None:
            feature_bound = letter
    counts_used -= reading.sum_vars  # \sum_{n=1}^{N}: n is an index here, not a count
    reading.samples = sample_bound or letters.samples
    aliases = {
        b for b in sample_bounds if b != sample_bound and b.lower() == (sample_bound or "").lower()
    }
    if aliases:  # n and N both bound the sums over the samples: one count, written two ways
        reading.sample_aliases = aliases
        counts_used -= aliases
        shown = " and ".join(sorted({sample_bound, *aliases}))
        reading.note(
            f"{shown} both bound the sums over the samples: both are the number of samples"
        )
    if reading.samples is None:
        for candidate in ("n", "N", "m", "M", "B"):
            if candidate in counts_used and candidate != feature_bound:
                reading.samples = candidate
                break
    reading.features = feature_bound or letters.features
    if reading.features is None or reading.features == reading.samples:
        reading.features = next(
            (c for c in ("m", "n", "d", "p") if c != reading.samples and c in counts_used),
            "m" if reading.samples != "m" else None,
        )
    if reading.samples and reading.samples != "n" and reading.samples in counts_used:
        how = "bounds the sum over the samples" if sample_bound else "counts the samples here"
        reading.note(f"{reading.samples} {how}, so it is read as the number of samples n")
    if reading.features and reading.features not in ("m",) and reading.features in counts_used:
        reading.note(f"{reading.features} is read as the number of features m")
    for var in sorted(reading.zero_based):
        reading.note(
            f"the samples numbered {var} = 0..{reading.samples}-1 are read as the "
            f"{reading.samples} samples"
        )
    # letters the student uses that the canonical names need
    taken = {letter for letter in used if len(letter) == 1}
    reserved = {"x", "y", "w", "z", "n", "m", "b", "J"}
    rename = {component: "j"}
    for letter in sorted((reading.sum_vars | reading.sample_letters) - {component}):
        if letter == "j" or letter in reserved:
            rename[letter] = next(c for c in _FRESH if c not in taken and c not in rename.values())
            taken.add(rename[letter])
    reading.rename = rename
    reading.implicit = next(c for c in _FRESH if c not in taken and c not in rename.values())
    if component != "j":
        reading.note(f"{component} is read as the weight's index j")
    return reading


def _variables(tree: Node) -> Iterator[Node]:
    """What the answer differentiates with respect to (``∂w_j``, ``dm``, ``∇_θ``, ``Δθ_1``)."""
    for node in walk(tree):
        if isinstance(node, Frac):
            mark, variable = _differential(node.den)
            if mark and variable is not None:
                yield variable
        elif isinstance(node, Prod):
            items = [item for _, _, item in node.items]
            for first, second in itertools.pairwise(items):
                if _is_differential_mark(first) or (
                    isinstance(first, Op) and first.kind in ("partial", "delta")
                ):
                    yield second
        elif isinstance(node, Scripted) and isinstance(node.base, Op):
            if node.base.kind in ("nabla", "partial"):
                for kind, args in node.scripts:
                    if kind == "sub" and len(args) == 1:
                        yield args[0]


def _parameters(reading: Reading, trees: list[Node], updated: list[Node]) -> None:
    """The slope ``m`` of ``y = mx + b``, and answers written for one feature (θ_0, θ_1)."""
    found = [v for tree in trees for v in _variables(tree)] + updated
    names = [name for node in found if (name := name_parts(node)) is not None]
    if any(n.base == "m" and not (n.subs or n.sups or n.hat or n.bold) for n in names):
        reading.slope = "m"
        reading.single = True
        return
    if any(_vector_weights(tree) for tree in trees):  # w^T x^{(i)}: written for every feature
        return
    weights = [n for n in names if kind_of(n) == "weight"]
    fixed = [
        n.subs[0][0].value
        for n in weights
        if len(n.subs) == 1 and len(n.subs[0]) == 1 and isinstance(n.subs[0][0], Num)
    ]
    if weights and len(fixed) == len(weights) and 1 in fixed and set(fixed) <= {0, 1}:
        reading.single = True


def _vector_weights(node: Node | None) -> bool:
    """Whether ``node`` uses the weights as a vector (``w^T x``, ``\\theta``, ``∂J/∂θ``); the
    subscript of ``h_θ`` and the arguments of ``J(θ)`` do not count."""
    if node is None:
        return False
    name = name_parts(node)
    if name is not None:
        kind = kind_of(name)
        return kind == "weight" and not name.subs
    if isinstance(node, Prod):
        items = [item for _, _, item in node.items]
        for position, item in enumerate(items):
            applied = name_parts(item) if position + 1 < len(items) else None
            if applied is not None and kind_of(applied) in ("cost", "hypothesis"):
                if isinstance(items[position + 1], Paren):
                    items[position + 1] = None
        return any(_vector_weights(item) for item in items)
    if isinstance(node, Scripted):
        return _vector_weights(node.base)
    children: list[Node | None] = []
    if isinstance(node, (Paren, Decorated)):
        children = [node.inner]
    elif isinstance(node, Add):
        children = [term for _, term in node.terms]
    elif isinstance(node, Frac):
        children = [node.num, node.den]
    elif isinstance(node, Func):
        children = [node.arg]
    elif isinstance(node, Tuple):
        children = list(node.items)
    return any(_vector_weights(child) for child in children)


def _component_letters(tree: Node) -> list[str]:
    """Index letters of the weight in a derivative's variable (``∂w_j``) or a Δ (``Δw_j``)."""
    found = []
    for node in walk(tree):
        if isinstance(node, Prod):
            items = [item for _, _, item in node.items]
            for first, second in itertools.pairwise(items):
                marker = (isinstance(first, Op) and first.kind in ("partial", "delta")) or (
                    isinstance(first, Sym) and first.name in ("d", "delta")
                )
                name = name_parts(second) if marker else None
                if name and kind_of(name) == "weight" and len(name.subs) == 1:
                    letters = letters_of(name.subs[0][0]) if len(name.subs[0]) == 1 else None
                    if letters and len(letters) == 1:
                        found.append(letters[0])
    return found


# -- values: scalars, vectors and matrices --------------------------------------
@dataclass(frozen=True)
class Val:
    """A value of the formula: a Term whose free ``row_``/``col_`` index its rows and columns.

    ``rows`` and ``cols`` are None (one), ``'sample'`` or ``'feature'``: a column of
    weights is ``('feature', None)``, ``X`` is ``('sample', 'feature')``.
    """

    term: Term
    rows: str | None = None
    cols: str | None = None

    @property
    def scalar(self) -> bool:
        return self.rows is None and self.cols is None

    @property
    def expr(self) -> Expr:
        return self.term.expr


def _shape(val: Val) -> str:
    def one(role: str | None) -> str:
        return {None: "1", SAMPLE: "samples", FEATURE: "weights"}[role]

    if val.scalar:
        return "a number"
    if val.cols is None:
        return f"a column with one entry per {one(val.rows)[:-1]}"
    if val.rows is None:
        return f"a row with one entry per {one(val.cols)[:-1]}"
    return f"a matrix ({one(val.rows)} × {one(val.cols)})"


def _replace(term: Term, mapping: dict[Symbol, Expr]) -> Term:
    return Term(term.expr.xreplace(mapping), term.degree, term.bits)


class Interpreter:
    """Builds the sides of one answer under a :class:`Reading`.

    Parameters
    ----------
    reading : Reading
        What the letters stand for.
    builder : Builder
        Builds every sympy object, within the limits.
    """

    def __init__(self, reading: Reading, builder: Builder) -> None:
        self.r = reading
        self.b = builder
        self._fresh = 0

    # -- helpers -------------------------------------------------------
    def _index(self, letter: str, col: int | None) -> Term:
        name = self.r.rename.get(letter, letter)
        if name in ("n", "m"):
            return self._count(name, col)
        return self.b.name(name, col)

    def _count(self, letter: str, col: int | None) -> Term:
        if letter == self.r.samples or letter in self.r.sample_aliases:
            return self.b.name("n", col)
        if letter == self.r.features:
            return self.b.name("m", col)
        if letter in ("n", "N"):
            return self.b.name("n", col)
        if letter in ("m", "M"):
            return self.b.name("m", col)
        if letter == "count":  # |D|, len(y): the number of samples
            return self.b.name("n", col)
        raise UnknownSymbol(f"unknown symbol '{letter}': which count is it?", col)

    def _dummy(self) -> str:
        self._fresh += 1
        return f"k{self._fresh}"

    def _implicit(self, col: int | None) -> Term:
        return self.b.name(self.r.implicit, col)

    def _scalar(self, val: Val, what: Node, col: int | None) -> Term:
        if not val.scalar:
            raise ParseError(f"{render(what)} is {_shape(val)}; a number is needed here", col)
        return val.term

    # -- products of shaped values -------------------------------------------
    def mul(self, left: Val, right: Val, col: int | None, where: str = "") -> Val:
        if left.scalar or right.scalar:
            rows = left.rows if not left.scalar else right.rows
            cols = left.cols if not left.scalar else right.cols
            return Val(self.b.mul([left.term, right.term]), rows, cols)
        if left.cols is None and right.cols is None and left.rows == right.rows:
            # two columns of the same kind side by side: their dot product
            self.r.note(f"{where or 'a product of two columns'} is read as a dot product (aᵀb)")
            left = self.transpose(left)
        if left.cols is not None and left.cols == right.rows:
            k = nt.index(self._dummy())
            a = _replace(left.term, {_COL: k})
            b = _replace(right.term, {_ROW: k})
            lo, hi = nt.RANGES[left.cols]
            if self.r.bias and left.cols == FEATURE:
                lo = S.One  # with a separate b, X has no column of ones: the features are 1..m
            body = self.b.mul([a, b])
            total = self.b.sum(body, [(k.name, Term(lo, 0, 8), Term(hi, 0, 8), col)], col)
            return Val(total, left.rows, right.cols)
        if left.cols is None and right.rows is None:  # an outer product
            return Val(self.b.mul([left.term, right.term]), left.rows, right.cols)
        raise ParseError(
            f"the shapes do not fit in {where or 'this product'}: {_shape(left)} times "
            f"{_shape(right)} (a matrix with a row per sample is transposed as Xᵀ)",
            col,
        )

    def elementwise(self, left: Val, right: Val, col: int | None, where: str = "") -> Val:
        """numpy's ``a * b``: entry by entry for arrays of one shape (a number scales); a
        one-dimensional array times a matrix pairs the vector with the matrix's columns (numpy
        broadcasts along the last axis), and any other pair of shapes is refused, never read as
        a matrix product."""
        if left.scalar or right.scalar:
            return self.mul(left, right, col, where)
        if (left.rows, left.cols) == (right.rows, right.cols):
            return Val(self.b.mul([left.term, right.term]), left.rows, left.cols)

        def flat(val: Val) -> tuple[str, Term] | None:  # a vector: its length, indexed by row_
            if val.cols is None:
                return val.rows, val.term
            if val.rows is None:
                return val.cols, _replace(val.term, {_COL: _ROW})
            return None

        first, second = flat(left), flat(right)
        if first is not None and second is not None and first[0] == second[0]:
            return Val(self.b.mul([first[1], second[1]]), first[0], None)
        for vector, matrix in ((first, right), (second, left)):
            if vector is not None and matrix.rows is not None and vector[0] == matrix.cols:
                spread = _replace(vector[1], {_ROW: _COL})
                return Val(self.b.mul([spread, matrix.term]), matrix.rows, matrix.cols)
        raise ParseError(
            f"{where}: numpy multiplies {_shape(left)} and {_shape(right)} entry by entry only "
            f"where their shapes fit (a vector goes along the last axis, the columns); for the "
            f"matrix product write @ or np.dot",
            col,
        )

    def matmul(self, left: Val, right: Val, col: int | None, where: str = "") -> Val:
        """numpy's ``a @ b`` and ``a.dot(b)``: a one-dimensional array on the left is a row, and
        the product of it and a matrix is one-dimensional again (read as a column, so that
        ``w - e @ X`` fits)."""
        if left.cols is None and left.rows is not None and right.rows == left.rows:
            product = self.mul(self.transpose(left), right, col, where)
            if product.rows is None and product.cols is not None:
                return self.transpose(product)
            return product
        return self.mul(left, right, col, where)

    def transpose(self, val: Val) -> Val:
        term = _replace(val.term, {_ROW: _COL, _COL: _ROW})
        return Val(term, val.cols, val.rows)

    def add(self, terms: list[tuple[bool, Val]], col: int | None, what: Node) -> Val:
        shapes = {(v.rows, v.cols) for _, v in terms}
        if len(shapes) == 2 and (None, None) in shapes:  # Xw + b: the number added to each entry
            shapes.discard((None, None))
        if len(shapes) > 1:
            shown = ", ".join(sorted(_shape(v) for _, v in terms))
            raise ParseError(f"{render(what)} adds things of different shapes: {shown}", col)
        rows, cols = shapes.pop()
        built = [self.b.neg(v.term) if negative else v.term for negative, v in terms]
        return Val(self.b.add(built), rows, cols)

    # -- the tree --------------------------------------------------------------
    def value(self, node: Node) -> Val:
        if isinstance(node, Num):
            return Val(self.b.number(node.value, node.col))
        if isinstance(node, Paren):
            return self.value(node.inner)
        if isinstance(node, Add):
            return self.add([(neg, self.value(term)) for neg, term in node.terms], node.col, node)
        if isinstance(node, Prod):
            return self.product(node)
        if isinstance(node, Frac):
            return self.frac(node)
        if isinstance(node, Func):
            arg = self._scalar(self.value(node.arg), node.arg, node.col)
            return Val(self.b.function(node.name, arg, node.col))
        if isinstance(node, Scripted) and _is_ones(node.base):
            return self.scripted_group(Scripted(node.col, Paren(node.col, node.base), node.scripts))
        if _is_ones(node):  # \mathbf{1}: the column of ones, one per sample
            self.r.note(f"{render(node)} is read as the column of ones, one entry per sample")
            return Val(self.b.number(1), SAMPLE)
        if isinstance(node, Scripted) and isinstance(node.base, Paren):
            return self.scripted_group(node)
        if isinstance(node, Scripted) and isinstance(node.base, Op):
            raise ParseError(f"{render(node)} needs something after it", node.col)
        if isinstance(node, (Sym, Scripted, Decorated)):
            name = name_parts(node)
            if name is None:
                raise ParseError(f"{render(node)} could not be read", node.col)
            return self.name(name)
        if isinstance(node, Op):
            if node.kind == "unknown":
                raise UnknownSymbol(f"unknown command {node.text}", node.col)
            raise ParseError(f"{render(node)} needs something after it", node.col)
        if isinstance(node, Relation):
            raise ParseError(f"'{render(node)}' belongs under a sum: \\sum_{{i=1}}^{{n}}", node.col)
        if isinstance(node, Tuple):
            raise ParseError(f"({render(node)}) is a list of several things, not a value", node.col)
        raise ParseError(f"{render(node)} could not be read", node.col)

    def scripted_group(self, node: Scripted) -> Val:
        """``(Xw)_n``, ``(y - Xw)^⊤``, ``(y - ŷ)^2``."""
        val = self.value(node.base)
        for kind, args in node.scripts:
            if kind == "sup" and len(args) == 1 and isinstance(args[0], Transpose):
                val = self.transpose(val)
            elif kind == "sup":
                exponent = self.value(args[0]) if len(args) == 1 else None
                if exponent is None:
                    raise ParseError("an exponent must be one expression", node.col)
                base = self._scalar(val, node.base, node.col)
                val = Val(self.b.power(base, exponent.term, node.col))
            else:
                if len(args) != 1 or val.scalar:
                    raise ParseError(f"{render(node)}: only a column can take an index", node.col)
                index = self._scalar(self.value(args[0]), args[0], node.col)
                if val.cols is None:
                    val = Val(_replace(val.term, {_ROW: index.expr}), None, None)
                else:
                    val = Val(_replace(val.term, {_COL: index.expr}), val.rows, None)
        return val

    # -- names -----------------------------------------------------------------
    def name(self, name: NameParts) -> Val:
        kind = kind_of(name)
        col = name.node.col
        plain = len(name.base) == 1 and not (name.hat or name.bold or name.subs or name.sups)
        if name.label in _DATA_SETS:
            self.r.note(
                f"({name.label}) names the data set and is left out (X^({name.label}) is X)"
            )
            if name.base == "x" and not name.subs:  # x_{batch}: the samples' rows, X
                name = NameParts("X", False, name.hat, name.bold, (), name.sups, name.node)
        if plain and self.r.slope and name.base == self.r.slope:
            self.r.note(
                f"{name.base} is read as the slope: the weight w_1 of the one feature x "
                f"(y = {name.base}x + b), so the answer is judged with one feature"
            )
            return Val(self.b.indexed("w", [self.b.number(1)], col))
        if plain and self.r.slope and name.base == "c":
            self.r.note("c is read as the intercept, the bias w_0")
            return Val(self.b.name("b", col))
        if plain and name.base in self.r.sum_vars | set(self.r.rename):
            kind = "index"
        elif plain and name.base in (self.r.samples, self.r.features, *self.r.sample_aliases):
            kind = "count"
        elif name.base == "d" and self.r.d_target and (name.subs or name.sups):
            kind = "target"
            self.r.note(f"{render(name.node)} is read as the target y (the desired output)")
        if kind == "target" and name.base in ("y", "Y") and self.r.y_prediction:
            kind = "prediction"
            shown = "t" if self.r.y_prediction == "target" else self.r.y_prediction
            self.r.note(
                f"{render(name.node)} is read as the prediction, since {shown} is the target"
            )
        if kind == "activation" and name.base in ("phi", "varphi") and name.subs:
            self.r.note(
                f"{render(name.node)} is read as the features of that sample (the basis "
                "functions φ the identity)"
            )
            name = NameParts("x", False, False, name.bold, name.subs, name.sups, name.node)
            kind = "feature"
        marks = [args[0] for args in name.sups if len(args) == 1 and isinstance(args[0], Transpose)]
        primes = [mark for mark in marks if mark.prime]
        transposes = len(marks)
        if primes and (self.r.prime_names or len(primes) < len(marks)):
            self.r.note(
                f"{name.base}' is read as {name.base} with its column of ones, not as a "
                "transpose (the shapes say so)"
            )
            transposes -= len(primes)
        sample, powers = self._sample_sup(name, kind)
        if kind in ("target", "prediction", "net"):
            val = self._per_sample(name, kind, sample)
        elif kind == "feature":
            val = self._feature(name, sample)
        elif kind == "weight":
            val = self._weight(name)
        elif kind == "bias":
            self._no_scripts(name)
            self.r.note("b is read as the bias (w_0, with x_0 = 1)")
            val = Val(self.b.name("b", col))
        elif kind == "rate":
            initial = len(name.subs) == 1 and all(isinstance(a, Num) for a in name.subs[0])
            if initial and not name.sups:  # η_0: the (initial) learning rate
                self.r.note(f"{render(name.node)} is read as the learning rate η")
                name = NameParts(name.base, name.word, name.hat, name.bold, (), (), name.node)
            self._no_scripts(name)
            if name.base != "eta":
                self.r.note(f"{render(Sym(None, name.base))} is read as the learning rate η")
            val = Val(self.b.name("eta", col))
        elif kind == "count":
            self._no_scripts(name)
            val = Val(self._count(name.base, col))
        elif kind == "cost" and primes and transposes == len(primes):
            # J'(w), Cost'(θ): Lagrange's prime, the derivative of the cost (its gradient)
            self.r.note(f"{name.base}′ is read as the derivative of the cost, ∇J")
            val = self.derivative(Val(self.b.name("J", col)), None, col, vector=True)
            transposes = 0
        elif kind == "cost":
            if name.base != "J":
                self.r.note(f"{render(name.node)} is read as the cost J")
            val = Val(self.b.name("J", col))
        elif kind == "index":
            if name.subs or name.sups:
                raise UnknownSymbol(f"unknown symbol '{render(name.node)}' (with an index)", col)
            val = Val(self._index(name.base, col))
        elif kind == "error":
            shown = render(name.node)
            raise UnknownSymbol(
                f"{shown} is not defined in this answer: write the error out, as (y^(i) - ŷ^(i))",
                col,
            )
        elif kind in ("activation", "hypothesis"):
            raise ParseError(
                f"{render(name.node)} needs its argument in brackets, as "
                f"{render(name.node)}(z^(i))",
                col,
            )
        else:
            shown = render(name.node)
            raise UnknownSymbol(f"unknown symbol '{shown}'", col)
        for exponent in powers:
            val = Val(self.b.power(self._scalar(val, name.node, col), exponent, col))
        for _ in range(transposes):
            val = self.transpose(val)
        return val

    def _no_scripts(self, name: NameParts) -> None:
        if name.subs or any(
            not (len(a) == 1 and isinstance(a[0], (Transpose, Num))) for a in name.sups
        ):
            raise ParseError(f"{render(name.node)}: {name.base} takes no index", name.node.col)

    def _sample_sup(self, name: NameParts, kind: str) -> tuple[Term | None, list[Term]]:
        """The sample index written as a superscript, and the powers."""
        sample, powers = None, []
        for args in name.sups:
            if len(args) == 1 and isinstance(args[0], Transpose):
                continue
            if len(args) != 1:
                raise ParseError(f"{render(name.node)}: a superscript is one expression", None)
            (arg,) = args
            letters = letters_of(arg)
            data = kind in ("target", "prediction", "net", "feature")
            if data and isinstance(arg, Paren) and sample is None:
                sample = self._scalar(self.value(arg.inner), arg, arg.col)
            elif (
                data
                and letters
                and len(letters) == 1
                and letters[0] in self.r.sample_letters | self.r.sum_vars
                and sample is None
            ):
                self.r.note(
                    f"in {render(name.node)} the superscript {letters[0]} is read as the sample "
                    f"index ({name.base}^({letters[0]}))"
                )
                sample = self._index(letters[0], arg.col)
            elif data and isinstance(arg, Paren):
                raise ParseError(f"{render(name.node)} has two sample indices", arg.col)
            else:
                powers.append(self._scalar(self.value(arg), arg, arg.col))
        return sample, powers

    def _subs(self, name: NameParts) -> list[tuple[str | None, Node]]:
        """The indices written as subscripts: (letter or None, node), ``x_{ij}`` split."""
        out: list[tuple[str | None, Node]] = []
        for args in name.subs:
            for arg in args:
                letters = letters_of(arg)
                if letters and not isinstance(arg, Paren):
                    out += [(letter, arg) for letter in letters]
                else:
                    out.append((None, arg))
        return out

    def _index_of(self, letter: str | None, node: Node) -> Term:
        if letter is not None:
            return self._index(letter, node.col)
        return self._scalar(self.value(node), node, node.col)

    def _per_sample(self, name: NameParts, kind: str, sample: Term | None) -> Val:
        col = name.node.col
        subs = self._subs(name)
        if sample is not None and subs:
            base = render(
                Decorated(None, "hat", Sym(None, name.base)) if name.hat else Sym(None, name.base)
            )
            shape = f"{base}^{render(name.sups[0][0])}"
            raise ParseError(f"{render(name.node)} has two indices; write {shape}", col)
        if len(subs) > 1:
            raise ParseError(f"{render(name.node)}: {name.base} takes one index (the sample)", col)
        if subs:
            sample = self._index_of(*subs[0])
        if kind == "prediction" and name.base not in ("y", "Y") and not name.hat:
            shown = render(name.node)
            self.r.note(f"{shown} is read as the prediction φ(z)")
        elif kind == "prediction" and not (self.r.y_prediction and not name.hat):
            self.r.note(f"{render(name.node)} is read as the prediction φ(z) = z")
        elif kind == "target" and name.base not in ("y", "Y"):
            self.r.note(f"{render(name.node)} is read as the target y")
        return self._sampled(kind, sample, col)

    def _sampled(self, kind: str, sample: Term | None, col: int | None) -> Val:
        rows = None
        if sample is None:
            if self.r.matrix:
                sample, rows = Term(_ROW, 0, 8), SAMPLE
            else:
                sample = self._implicit(col)
        if kind == "target":
            term = self.b.indexed("y", [sample], col)
        else:
            term = self.b.indexed("z", [sample], col)
            if kind == "prediction":
                term = self.b.function("phi", term, col)
        return Val(term, rows)

    def _feature(self, name: NameParts, sample: Term | None) -> Val:
        col = name.node.col
        subs = self._subs(name)
        ones = (
            "without a column of ones (b is separate)"
            if self.r.bias
            else ("with a column of ones x_0 = 1 for the bias w_0")
        )
        one = self.b.number(1)
        if sample is not None:
            if len(subs) > 1:
                raise ParseError(f"{render(name.node)}: x takes one feature index here", col)
            if subs:
                return Val(self.b.indexed("x", [sample, self._index_of(*subs[0])], col))
            if self.r.single:
                self.r.note(f"{render(name.node)} is read as the value of the one feature")
                return Val(self.b.indexed("x", [sample, one], col))
            return Val(self.b.indexed("x", [sample, Term(_ROW, 0, 8)], col), FEATURE)
        if len(subs) == 2:
            (a, an), (b_, bn) = subs
            first, second = self._index_of(a, an), self._index_of(b_, bn)
            if a is not None and b_ is not None:
                swap = (a in self.r.feature_letters and b_ in self.r.sample_letters) or (
                    a == self.r.component and b_ != self.r.component
                )
                if swap:
                    self.r.note(f"in {render(name.node)}, {b_} is the sample and {a} the feature")
                    first, second = second, first
            return Val(self.b.indexed("x", [first, second], col))
        if len(subs) == 1:
            letter, node = subs[0]
            index = self._index_of(letter, node)
            is_feature = letter is not None and (
                letter == self.r.component
                or (letter in self.r.feature_letters and letter not in self.r.sample_letters)
            )
            transposed = any(len(a) == 1 and isinstance(a[0], Transpose) for a in name.sups)
            if isinstance(node, Num) or is_feature:
                if self.r.matrix and (name.base == "X" or transposed):
                    if name.base != "X":
                        self.r.note(f"{render(name.node)} is read as the column j of X")
                    return Val(self.b.indexed("x", [Term(_ROW, 0, 8), index], col), SAMPLE)
                return Val(self.b.indexed("x", [self._implicit(col), index], col))
            if self.r.single:
                self.r.note(f"{render(name.node)} is read as the value of the one feature")
                return Val(self.b.indexed("x", [index, self.b.number(1)], col))
            self.r.note(f"{render(name.node)} is read as the features of sample {letter} ({ones})")
            return Val(self.b.indexed("x", [index, Term(_ROW, 0, 8)], col), FEATURE)
        if subs:
            raise ParseError(f"{render(name.node)}: x takes a sample and a feature index", col)
        if name.base in ("X", "Phi"):
            letter = "Φ" if name.base == "Phi" else "X"
            shown = render(
                Decorated(None, "bold", Sym(None, letter)) if name.bold else Sym(None, letter)
            )
            self.r.note(f"{shown} is read as the data matrix, a row per sample, {ones}")
            return Val(
                self.b.indexed("x", [Term(_ROW, 0, 8), Term(_COL, 0, 8)], col), SAMPLE, FEATURE
            )
        if self.r.single:
            self.r.note(f"{render(name.node)} is read as the value of the one feature")
            return Val(self.b.indexed("x", [self._implicit(col), self.b.number(1)], col))
        return Val(self.b.indexed("x", [self._implicit(col), Term(_ROW, 0, 8)], col), FEATURE)

    def _weight(self, name: NameParts) -> Val:
        col = name.node.col
        subs = self._subs(name)
        if name.base != "w":
            self.r.note(f"{render(Sym(None, name.base))} is read as the weights w")
        if any(len(a) == 1 and isinstance(a[0], Paren) for a in name.sups):
            raise ParseError(f"{render(name.node)}: w has no sample index; write w_j", col)
        if len(subs) > 1:
            raise ParseError(f"{render(name.node)}: a weight takes one index, as w_j", col)
        if subs:
            return Val(self.b.indexed("w", [self._index_of(*subs[0])], col))
        return Val(self.b.indexed("w", [Term(_ROW, 0, 8)], col), FEATURE)

    # -- products and operators ----------------------------------------------
    def product(self, node: Prod) -> Val:
        items = list(node.items)
        derivative = self._ratio_derivative(items, node) or self._nabla_of_weight(items, node)
        if derivative is not None:
            return derivative
        merged: list[tuple[str, bool, object]] = []
        position = 0
        while position < len(items):
            kind, negative, item = items[position]
            following = items[position + 1] if position + 1 < len(items) else None
            applied = None
            if following is not None and following[0] == "mul" and isinstance(following[2], Paren):
                applied = self.application(item, following[2])
            elif following is not None and following[0] == "mul":
                applied = self._scripted_application(item, following[2])
            if applied is not None:
                merged.append((kind, negative or following[1], applied))
                position += 2
                continue
            merged.append((kind, negative, item))
            position += 1
        values: list[object] = []
        for _, _, item in merged:  # left to right, so that errors come in order
            if isinstance(item, Val) or _is_operator(item):
                values.append(item)
            else:
                values.append(self.value(item))
        acc: Val | None = None
        link = "mul"  # how the item to the right joins the product: 'mul', 'emul', 'matmul'
        for (kind, negative, item), value in zip(reversed(merged), reversed(values), strict=True):
            if isinstance(value, Val):
                val = value
            elif _is_operator(item):
                if kind == "div":
                    raise ParseError(f"cannot divide by {render(item)}", node.col)
                if acc is None:
                    raise ParseError(f"{render(item)} needs something after it", item.col)
                acc = self.operator(item, acc)
                if negative:
                    acc = Val(self.b.neg(acc.term), acc.rows, acc.cols)
                continue
            if kind == "div":
                val = Val(self.b.reciprocal(self._scalar(val, item, node.col), node.col))
            if negative:
                val = Val(self.b.neg(val.term), val.rows, val.cols)
            where = render(node)
            if acc is None:
                acc = val
            elif link == "emul":
                acc = self.elementwise(val, acc, node.col, where)
            elif link == "matmul":
                acc = self.matmul(val, acc, node.col, where)
            else:
                acc = self.mul(val, acc, node.col, where)
            link = kind
        if acc is None:
            raise ParseError("an empty product", node.col)
        return acc

    def application(self, item: Node, arg: Paren) -> Val | None:
        """``φ(z)``, ``σ(z)``, ``h_θ(x^(i))``, ``f_{w,b}(x)``, ``J(θ)``; None if not a function."""
        if isinstance(item, Op) and item.kind == "func":
            inner = self._scalar(self.value(arg), arg, arg.col)
            return Val(self.b.function(item.text, inner, item.col))
        name = name_parts(item)
        if name is None:
            return None
        kind = kind_of(name)
        letters = letters_of(arg.inner)
        step, _ = _count_letter(arg.inner) if not letters else (letters[0], 0)
        if kind == "weight" and not (name.subs or name.sups) and (step or _is_step(arg.inner)):
            raise ParseError(
                f"{render(item)}{render(arg)} is the weight at a step of the algorithm (a time "
                "index); write the change it makes, Δw_j, added up over every sample",
                item.col,
            )
        if (
            letters
            and len(letters) == 1
            and letters[0] in self.r.sample_letters | self.r.sum_vars
            and not any(len(a) == 1 and isinstance(a[0], Paren) for a in name.sups)
            and (
                kind in ("target", "prediction", "net", "feature")
                or (name.base == "d" and self.r.d_target)
            )
        ):  # d(k), x_i(k): the sample written in brackets, as x_i^{(k)}
            self.r.note(
                f"in {render(item)}({letters[0]}), {letters[0]} is read as the sample index"
            )
            sups = (*name.sups, (arg,))
            return self.name(
                NameParts(name.base, name.word, name.hat, name.bold, name.subs, sups, name.node)
            )
        if kind == "activation" and not name.subs:
            inner = self.value(arg)
            if name.base in ("sigma", "g"):
                self.r.note(
                    f"{render(name.node)}(…) is read as the activation φ, the identity here"
                )
            return Val(self.b.function("phi", inner.term, item.col), inner.rows, inner.cols)
        if kind == "hypothesis" and not (name.subs or name.sups) and _of_parameters(arg):
            # f(w), f(θ_0, θ_1): a function of the weights alone is the cost, not a prediction
            self.r.note(f"{render(item)}{render(arg)} is read as the cost J (of the weights)")
            return Val(self.b.name("J", item.col))
        if kind == "hypothesis" or (kind == "prediction" and name.hat):
            inner = self.value(arg)
            shown = f"{render(name.node)}{render(arg)}"
            one_feature = self.r.single and inner.scalar
            if (inner.rows == FEATURE and inner.cols is None) or one_feature:
                expr = inner.expr
                if isinstance(expr, Indexed) and expr.base == nt.x:
                    self.r.note(f"{shown} is read as the prediction φ(z)")
                    return self._sampled("prediction", Term(expr.indices[0], 0, 8), item.col)
            if inner.rows == SAMPLE and inner.cols == FEATURE:
                self.r.note(f"{shown} is read as the predictions φ(Xw), one per sample")
                return self._sampled_all(item.col)
            weighted = any(a.base == nt.w for a in inner.expr.atoms(Indexed))
            if inner.scalar and weighted:  # h(w·x^(i)), g(θᵀx): applied to the net input
                self.r.note(f"{shown} is read as the activation φ of the net input, the identity")
                return Val(self.b.function("phi", inner.term, item.col))
            raise ParseError(
                f"{shown}: the prediction is applied to the features of one sample, "
                f"as {render(name.node)}(x^(i))",
                item.col,
            )
        if kind == "cost":
            return self.name(name)
        return None

    def _scripted_application(self, item: Node, group: Node) -> Val | None:
        """``φ(z)^{(i)}``, ``φ(z)_i``, ``φ(z)_A^{(i)}``: the sample index written after the
        brackets belongs to the argument (``φ(z^{(i)})``); a capital letter under it labels
        the function (A: the activation) and is left out.  Other scripts (a power, a
        transpose) stay on the value.  None when ``group`` is not so written."""
        name = name_parts(item)
        if (
            name is None
            or kind_of(name) not in ("activation", "hypothesis")
            or not isinstance(group, Scripted)
            or not isinstance(group.base, Paren)
            or name_parts(group.base.inner) is None
        ):
            return None
        moved: list[tuple[str, tuple[Node, ...]]] = []
        kept: list[tuple[str, tuple[Node, ...]]] = []
        samples = self.r.sample_letters | self.r.sum_vars
        for kind, args in group.scripts:
            (arg,) = args if len(args) == 1 else (None,)
            letters = letters_of(arg) if arg is not None else None
            if kind == "sup" and isinstance(arg, Paren) and letters and len(letters) == 1:
                moved.append((kind, args))
            elif letters and len(letters) == 1 and letters[0] in samples:
                moved.append((kind, args))
            elif kind == "sub" and isinstance(arg, Sym) and arg.name.isupper():
                continue  # φ(z)_A: the label of the function
            else:
                kept.append((kind, args))
        if not moved:
            return None
        inner = group.base.inner
        scripted = (
            Scripted(inner.col, inner.base, (*inner.scripts, *moved))
            if isinstance(inner, Scripted)
            else Scripted(inner.col, inner, tuple(moved))
        )
        arg = Paren(group.base.col, scripted)
        applied: Node = Prod(item.col, (("mul", False, item), ("mul", False, arg)))
        if kept:
            applied = Scripted(group.col, Paren(item.col, applied), tuple(kept))
        self.r.note(f"{render(item)}{render(group)} is read as {render(applied)}")
        return self.value(applied)

    def _sampled_all(self, col: int | None) -> Val:
        term = self.b.function("phi", self.b.indexed("z", [Term(_ROW, 0, 8)], col), col)
        return Val(term, SAMPLE)

    def operator(self, item: Node, operand: Val) -> Val:
        """``\\sum_{...}``, ``\\nabla_w``, ``\\partial_w``, ``\\Delta`` or a derivative operator."""
        if isinstance(item, Frac):  # \frac{\partial}{\partial w_j}
            return self.derivative(operand, _differential(item.den)[1], item.col)
        base = item.base if isinstance(item, Scripted) else item
        scripts = item.scripts if isinstance(item, Scripted) else ()
        if isinstance(base, Op) and base.kind == "func":
            arg = self._scalar(operand, base, base.col)
            return Val(self.b.function(base.text, arg, base.col))
        if isinstance(base, Op) and base.kind == "sum":
            return self.sum(item, operand)
        if isinstance(base, Op) and base.kind in ("nabla", "partial"):
            wrt = None
            for kind, args in scripts:
                if kind == "sub" and len(args) == 1:
                    wrt = args[0]
            if wrt is None and base.kind == "partial":
                raise ParseError(
                    r"write a derivative as \frac{\partial J}{\partial w_j} or ∂J/∂w_j", base.col
                )
            return self.derivative(operand, wrt, base.col, vector=wrt is None)
        if isinstance(base, Op) and base.kind == "delta":
            raise ParseError(
                f"{render(item)} names the update: write {render(item)}w_j = … (the other "
                "side is judged)",
                base.col,
            )
        raise ParseError(f"{render(item)} could not be read", getattr(item, "col", None))

    def sum(self, item: Node, body: Val) -> Val:
        col = item.col
        if not isinstance(item, Scripted):  # \sum with nothing written under it
            return self._bare_sum(body, col)
        var, lo, hi, over_set = _sum_parts(item)
        if var is None:
            return self._bare_sum(body, col)
        name = self.r.rename.get(var, var)
        lo_term = None if lo is None or over_set else self._scalar(self.value(lo), lo, col)
        hi_term = None if hi is None or over_set else self._scalar(self.value(hi), hi, col)
        if var in self.r.zero_based:
            lo_term, hi_term = self.b.number(1), self.b.name("n")
        total = self.b.sum(body.term, [(name, lo_term, hi_term, col)], col)
        return Val(total, body.rows, body.cols)

    def _bare_sum(self, body: Val, col: int | None) -> Val:
        if body.rows == SAMPLE and body.cols is None:
            k = self._dummy()
            term = _replace(body.term, {_ROW: nt.index(k)})
            return Val(self.b.sum(term, [(k, None, None, col)], col))
        free = sorted(
            (
                s
                for s in body.expr.free_symbols
                if isinstance(s, Symbol)
                and s.is_integer
                and s not in (nt.n, nt.m, nt.j, _ROW, _COL)
                and nt.SAMPLE in nt.index_roles(body.expr, s)
            ),
            key=lambda s: s.name,
        )
        if len(free) == 1:
            self.r.note(f"the sum with no index written runs over {free[0]}, the samples")
            return Val(
                self.b.sum(body.term, [(free[0].name, None, None, col)], col), body.rows, body.cols
            )
        if body.rows == FEATURE or body.cols == FEATURE:
            raise ParseError(
                "this sum adds up the entries of a column with one entry per weight (np.sum or "
                ".mean() of Xᵀ(…)); the sum must run over the samples",
                col,
            )
        raise ParseError(r"say what the sum runs over: \sum_{i=1}^{n} or \sum_i", col)

    def derivative(
        self, body: Val, wrt: Node | None, col: int | None, *, vector: bool = False
    ) -> Val:
        body_term = self._scalar(body, Sym(col, "J"), col)
        if wrt is None:
            var = self.b.indexed("w", [Term(_ROW, 0, 8)], col)
            return Val(self.b.derivative(body_term, [var], col), FEATURE)
        name = name_parts(wrt)
        kind = kind_of(name) if name else None
        plain = name is not None and not (name.subs or name.sups or name.hat or name.bold)
        if plain and self.r.slope and name.base in (self.r.slope, "c"):
            var = self.name(name)
            return Val(self.b.derivative(body_term, [var.term], col))
        if kind == "bias":
            return Val(self.b.derivative(body_term, [self.b.name("b", col)], col))
        if kind == "weight":
            var = self.name(name)
            return Val(self.b.derivative(body_term, [var.term], col), var.rows, var.cols)
        raise ParseError(
            f"differentiate with respect to a weight such as w_j (got {render(wrt)})", col
        )

    def differentiated(self, node: Node) -> Val:
        """What a derivative differentiates: a name alone (``J``, ``L``, ``f``) is the cost."""
        name = name_parts(node)
        if name is not None and kind_of(name) in (
            "cost",
            "hypothesis",
            "unknown",
            "index",
            "error",
        ):
            if name.base != "J":
                self.r.note(f"{render(node)} is read as the cost J")
            return Val(self.b.name("J", node.col))
        applied = _applied_cost(node)
        if applied is not None:
            return self.differentiated(applied)
        return self.value(node)

    def frac(self, node: Frac) -> Val:
        num, den = _differential(node.num), _differential(node.den)
        if num[0] and den[0]:
            if num[1] is None:  # \frac{\partial}{\partial b} alone: of the cost
                self.r.note(f"∂/∂{render(den[1])} alone is read as the derivative of the cost J")
                return self.derivative(Val(self.b.name("J", node.col)), den[1], node.col)
            body = self.differentiated(num[1])
            return self.derivative(body, den[1], node.col)
        if num[0] or den[0]:
            raise ParseError(
                r"write a derivative as \frac{\partial J}{\partial w_j} or "
                r"\frac{\partial}{\partial w_j}(...)",
                node.col,
            )
        numerator, denominator = self.value(node.num), self.value(node.den)
        den_term = self._scalar(denominator, node.den, node.col)
        return Val(
            self.b.mul([numerator.term, self.b.reciprocal(den_term, node.col)]),
            numerator.rows,
            numerator.cols,
        )

    def _nabla_of_weight(self, items: list, node: Prod) -> Val | None:
        """``∇w``, ``∇b``, ``∇θ``: shorthand for the gradient of the cost with respect to that
        parameter, ``∂J/∂w`` (``∇`` is otherwise applied to a cost: ``∇J``, ``∇_w L``)."""
        if len(items) != 2 or any(kind != "mul" or negative for kind, negative, _ in items):
            return None
        (_, _, nabla), (_, _, wrt) = items
        name = name_parts(wrt)
        if not (isinstance(nabla, Op) and nabla.kind == "nabla") or name is None:
            return None
        if kind_of(name) not in ("weight", "bias"):
            return None
        self.r.note(
            f"∇{render(wrt)} is read as the gradient of the cost with respect to "
            f"{render(wrt)}, ∂J/∂{render(wrt)}"
        )
        return self.derivative(Val(self.b.name("J", node.col)), wrt, node.col)

    def _ratio_derivative(self, items: list, node: Prod) -> Val | None:
        """``dJ/dw_j`` and ``∂E/∂w_i`` written with ``/``."""
        if len(items) < 3 or not _is_differential_mark(items[0][2]):
            return None
        split = next(
            (
                k
                for k, (kind, _, item) in enumerate(items)
                if kind == "div" and _is_differential_mark(item)
            ),
            None,
        )
        if split is None or split + 1 >= len(items):
            return None
        numerator = [item for _, _, item in items[1:split]]
        if split + 2 != len(items):
            raise ParseError("write the derivative alone on its side: dJ/dw_j = …", node.col)
        wrt = items[split + 1][2]
        if not numerator:
            raise ParseError("say what is differentiated: dJ/dw_j", node.col)
        if len(numerator) == 1:
            body = self.differentiated(numerator[0])
        else:
            body = self.differentiated(Prod(node.col, tuple(("mul", False, n) for n in numerator)))
        return self.derivative(body, wrt, node.col)

    # -- the component ---------------------------------------------------------
    def component(self, val: Val, what: Node) -> Term:
        """The component j of a column or row of weights, or the number itself."""
        if val.scalar:
            return val.term
        if (val.rows, val.cols) in ((FEATURE, None), (None, FEATURE)):
            return _replace(val.term, {_ROW: nt.j, _COL: nt.j})
        raise ParseError(
            f"{render(what)} is {_shape(val)}; the gradient has one entry per weight "
            "(did you mean Xᵀ(…)?)",
            what.col,
        )


def _is_ones(node: Node) -> bool:
    """``\\mathbf{1}`` (or ``\\vec{1}``): the column of ones."""
    return (
        isinstance(node, Decorated)
        and node.kind == "bold"
        and isinstance(node.inner, Num)
        and node.inner.value == 1
    )


def _of_parameters(arg: Paren) -> bool:
    """Whether the brackets hold the weights alone: ``(w)``, ``(\\mathbf{w})``, ``(θ_0, θ_1)``,
    ``(w, b)``."""
    items = arg.inner.items if isinstance(arg.inner, Tuple) else (arg.inner,)
    names = [name_parts(item) for item in items]
    return all(
        name is not None
        and kind_of(name) in ("weight", "bias")
        and not name.sups
        and (len(items) > 1 or not name.subs)
        for name in names
    )


def _applied_cost(node: Node) -> Node | None:
    """``J(θ)``, ``MSE(θ)``, ``J(w, b)``: the cost's name, when ``node`` applies one."""
    if isinstance(node, Prod) and len(node.items) == 2 and isinstance(node.items[1][2], Paren):
        name = name_parts(node.items[0][2])
        if name is not None and kind_of(name) in ("cost", "hypothesis"):
            return node.items[0][2]
    return None


def _is_operator(item: object) -> bool:
    if isinstance(item, Frac):
        num, den = _differential(item.num), _differential(item.den)
        return num[0] and den[0] and num[1] is None
    base = item.base if isinstance(item, Scripted) else item
    return isinstance(base, Op) and base.kind in ("sum", "nabla", "partial", "delta", "func")


def _is_differential_mark(node: Node) -> bool:
    return (isinstance(node, Op) and node.kind == "partial") or (
        isinstance(node, Sym) and node.name in ("d", "delta") and not node.word
    )


def _differential(node: Node) -> tuple[bool, Node | None]:
    """Whether ``node`` is ``∂``, ``d`` or ``δ`` followed by something, and that something."""
    if _is_differential_mark(node):
        return True, None
    if isinstance(node, Prod) and node.items and _is_differential_mark(node.items[0][2]):
        rest = node.items[1:]
        if len(rest) == 1:
            return True, rest[0][2]
        return True, Prod(node.col, tuple(rest))
    return False, None


def weight_of(node: Node, reading: Reading | None = None) -> tuple[str, int | None] | None:
    """The parameter ``node`` is alone: ``('w', None)`` for ``w_j``, ``\\theta``, ``('w', 1)``
    for ``θ_1`` (or the slope ``m``), ``('b', 0)`` for ``b``; None otherwise."""
    name = name_parts(node)
    if name is None:
        return None
    plain = not (name.subs or name.sups or name.hat or name.bold)
    if reading is not None and reading.slope and plain:
        if name.base == reading.slope:
            return "w", 1
        if name.base == "c":
            return "b", 0
    kind = kind_of(name)
    if kind == "bias":
        return "b", 0
    if kind != "weight":
        return None
    if len(name.subs) == 1 and len(name.subs[0]) == 1 and isinstance(name.subs[0][0], Num):
        value = name.subs[0][0].value
        return "w", int(value) if value.denominator == 1 else None
    return "w", None


def is_delta(node: Node, reading: Reading | None = None) -> tuple[str, int | None] | None:
    """The parameter of ``\\Delta w_j``, ``\\Delta \\mathbf{w}`` or ``\\Delta b`` (see
    :func:`weight_of`)."""
    if (
        isinstance(node, Prod)
        and len(node.items) == 2
        and isinstance(node.items[0][2], Op)
        and node.items[0][2].kind == "delta"
    ):
        return weight_of(node.items[1][2], reading)
    return None


def _is_step(node: Node) -> bool:
    """``n + 1``, ``t - 1``: a time index."""
    return (
        isinstance(node, Add)
        and len(node.terms) == 2
        and isinstance(node.terms[0][1], Sym)
        and len(node.terms[0][1].name) == 1
        and isinstance(node.terms[1][1], Num)
    )
