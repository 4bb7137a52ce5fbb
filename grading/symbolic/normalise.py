r"""Normalise how people type a formula into one LaTeX-like text, keeping every column.

Students write the gradient as LaTeX (``$$ ... $$``, ``\begin{align} ... &= ... \\``),
as Unicode plain text (``Σᵢ (yᵢ − ŷᵢ) xᵢⱼ``, ``x⁽ⁱ⁾``, ``Xᵀ``) or as ASCII
(``-sum_i (y_i - phi(z_i)) x_ij``, ``dJ/dw_j``, ``X.T``).  :func:`normalise`
rewrites all of them into the one text the grammar of :mod:`.latex` reads:
typesetting wrappers and spacing go, Unicode becomes LaTeX commands, ASCII
names of symbols become commands, every transpose becomes ``^⊤`` and every
update arrow (``:=``, ``\leftarrow``, ``←``) becomes ``≔``.  Nothing is
evaluated: these are textual rewrites.

:func:`statements` splits the text into statements (at ``\\``, line breaks,
``;``, top-level commas and ``\implies``) and cuts trailing commentary
(``\text{ for all } j``, ``(\forall j)``, ``\tag{4}``).  Every character of
the result remembers its column in what the student wrote, so that an error
points there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Text", "normalise", "sides", "statements"]


@dataclass(frozen=True)
class Text:
    """A normalised text and, for each of its characters, the 0-based position in the original.

    ``origin`` has one more entry than ``text`` (the end).
    """

    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, raw: str) -> Text:
        return cls(raw, tuple(range(len(raw) + 1)))

    def column(self, position: int) -> int:
        """The 1-based column in the original text of 0-based ``position`` here."""
        position = max(0, min(position, len(self.text)))
        return self.origin[position] + 1

    def slice(self, start: int, end: int) -> Text:
        return Text(self.text[start:end], (*self.origin[start:end], self.origin[end]))

    def strip(self) -> Text:
        start = len(self.text) - len(self.text.lstrip())
        end = len(self.text.rstrip())
        return self.slice(start, max(start, end))

    def sub(self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> Text:
        """``re.sub``, each replacement's characters placed at the start of what it replaces."""
        out: list[str] = []
        origin: list[int] = []
        last = 0
        for found in pattern.finditer(self.text):
            start, end = found.span()
            out.append(self.text[last:start])
            origin.extend(self.origin[last:start])
            new = repl(found) if callable(repl) else found.expand(repl)
            out.append(new)
            origin.extend([self.origin[start]] * len(new))
            last = end
        out.append(self.text[last:])
        origin.extend(self.origin[last:])
        origin.append(self.origin[len(self.text)])
        return Text("".join(out), tuple(origin))


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_GREEK = (
    "alpha|beta|gamma|delta|epsilon|varepsilon|eta|theta|vartheta|lambda|mu|phi|varphi"
    "|sigma|rho|tau|omega|xi|psi|chi|nu|kappa|ell|Theta|Phi|Sigma|Omega|Lambda|Psi"
)
_UNICODE = {
    "Σ": r"\sum ",
    "∑": r"\sum ",
    "∂": r"\partial ",
    "∇": r"\nabla ",
    "Δ": r"\Delta ",
    "∆": r"\Delta ",
    "η": r"\eta ",
    "α": r"\alpha ",
    "β": r"\beta ",
    "γ": r"\gamma ",
    "δ": r"\delta ",
    "ε": r"\epsilon ",
    "θ": r"\theta ",
    "λ": r"\lambda ",
    "μ": r"\mu ",
    "φ": r"\phi ",
    "ϕ": r"\phi ",
    "σ": r"\sigma ",
    "ℓ": r"\ell ",
    "·": r" \cdot ",
    "⋅": r" \cdot ",
    "∙": r" \cdot ",
    "×": r" \times ",
    "−": "-",
    "–": "-",
    "—": "-",
    "ŷ": r"\hat{y}",
    "Ŷ": r"\hat{Y}",
    "ᵀ": "^⊤",
    "←": "≔",
    "⟵": "≔",
    "≔": "≔",
    "∈": r" \in ",
    "√": r"\sqrt ",
    "’": "'",
    "½": r"\frac12 ",
    "⇒": ";",
    "⟹": ";",
    "\u00a0": " ",
}
_SUPERSCRIPT = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ⁱʲᵏⁿᵐᵗ", "0123456789+-()ijknmt", strict=True))
_SUBSCRIPT = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₍₎ᵢⱼₖₙₘₜₐₑₒₓₕₗₚₛ", "0123456789+-()ijknmtaeoxhlps", strict=True))

# Rewrites, in order.  Each is (pattern, replacement).
_WRAPPERS = [
    (_c(r"\\\\\s*\[\s*-?[\d.]*\s*[a-z]{2}\s*\]"), r"\\\\"),  # \\[4pt]: a line break
    (_c(r"&amp;"), "&"),
    (_c(r"\\_"), "_"),  # \text{new\_weight}: an underscore escaped in LaTeX
    (_c(r"&lt;"), "<"),
    (_c(r"&gt;"), ">"),
    (_c(r"\[/?latex\]"), " "),
    (_c(r"\$\$|\$|\\\[|\\\]|\\\(|\\\)"), " "),
    (_c(r"\\begin\s*\{array\}\s*\{[^{}]*\}"), " "),
    (_c(r"\\(begin|end)\s*\{[A-Za-z*]*\}"), " "),
    (_c(r"\\(tag\*?|label|eqref|ref)\s*\{[^{}]*\}"), " "),
    (_c(r"\\(nonumber|notag|displaystyle|textstyle|limits|nolimits|middle)(?![A-Za-z])"), " "),
    (_c(r"\\(left|right)\s*\."), " "),
    (_c(r"\\(left|right|bigg?[lrm]?|Bigg?[lrm]?)(?![A-Za-z])"), ""),
    (_c(r"\\newline(?![A-Za-z])|\\\\"), "\n"),
    (_c(r"\\q?quad(?![A-Za-z])"), "\u2003"),
    (_c(r"\\[,;:! ]|~|\\(hspace|vspace)\s*\{[^{}]*\}"), " "),
    (_c(r"&="), "="),
    (_c(r"&"), " "),
    (_c(r"\\(lbrace|\{)"), "("),
    (_c(r"\\(rbrace|\})"), ")"),
    (_c(r"\\lbrack(?![A-Za-z])|\["), "("),
    (_c(r"\\rbrack(?![A-Za-z])|\]"), ")"),
    (_c(r"\\[dtc]frac(?![A-Za-z])"), r"\\frac"),
    (_c(r"\\(bigtriangledown|triangledown|nabla)(?![A-Za-z])"), r"\\nabla "),
    # \nabla(J)_j: the component j of the gradient, ∂J/∂w_j
    (
        _c(r"\\nabla\s*\(\s*([A-Za-z])\s*\)\s*_\s*\{?\s*([a-z])\s*\}?"),
        r"\\frac{\\partial \1}{\\partial w_{\2}}",
    ),
    (_c(r"\\(coloneqq|leftarrow|gets|longleftarrow)(?![A-Za-z])|:\s*=|=:"), "≔"),
    (_c(r"\\(implies|Rightarrow|Longrightarrow|iff|Leftrightarrow)(?![A-Za-z])"), ";"),
    (_c(r"\\(ast|star)(?![A-Za-z])"), "*"),
    (_c(r"\\(mathbb|mathcal|mathscr|mathrm|mathit|mathsf)\s*\{\s*([A-Za-z])\s*\}"), r"\2"),
    # \mathbf{Xw}: two letters in one bold group are the two bold letters, a product
    (
        _c(r"\\(mathbf|boldsymbol|bm)\s*\{\s*([XxWwYyb])\s*([XxWwYyb])\s*\}"),
        r"\\\1{\2}\\\1{\3}",
    ),
    (_c(r"\\(text|mathrm|operatorname)\s*\{\s*grad(ient)?\s*\}"), r"\\nabla "),
    (_c(r"\\operatorname\s*\*?\s*\{\s*([A-Za-z]+)\s*\}"), r"\\text{\1}"),
    (_c(r"\\(mathrm|textrm|textit|mathit|mbox|textsf|mathsf|textnormal)\s*\{"), r"\\text{"),
    # ‖y - Xw‖², \|y - Xw\|_2^2: the squared norm, the column times itself
    (
        _c(
            r"(?:\\\||\\[lr]Vert|‖|\|\|)\s*([^|‖\\]*(?:\\(?![|lr]V?)[^|‖\\]*)*?)\s*"
            r"(?:\\\||\\[lr]Vert|‖|\|\|)\s*(?:_\s*\{?\s*2\s*\}?\s*)?\^\s*\{?\s*2\s*\}?"
        ),
        r"((\1)^⊤(\1))",
    ),
    # ⟨w, x_i⟩: the inner product, wᵀx_i
    (
        _c(r"(?:\\langle|⟨)\s*([^,⟨⟩]+?)\s*,\s*([^⟨⟩]+?)\s*(?:\\rangle|⟩)"),
        r"(\1)^⊤(\2)",
    ),
    (_c(r"\|\s*(\\mathcal\s*\{?\s*)?([A-Z])\s*\}?\s*\|"), r" \\text{count} "),
]
# the closing brace only with an opening one: the } of \partial \beta^T} closes the \frac
_TRANSPOSE = _c(
    r"\^\s*(\{\s*)?(\\top|\\intercal|\\text\s*\{\s*T\s*\}|\\textsf\s*\{\s*T\s*\}|T|⊤)(?(1)\s*\})"
)
# X^{(train)T}, x^{(i)T}, w^{(t)\top}: a label, a sample or a step, then a transpose, as two
# superscripts
_LABEL_TRANSPOSE = _c(r"\^\s*\{\s*(\([^(){}]+\))\s*(T|⊤|\\top|\\intercal)\s*\}")
# a prime, however it is typed: X', X\text{'}, X^{\prime}, X^\prime
_PRIMES = _c(
    r"\\text\s*\{\s*'\s*\}|\^\s*\{\s*\\prime\s*\}|\^\s*\\prime(?![A-Za-z])|\\prime(?![A-Za-z])"
)
_PRIME_TRANSPOSE = _c(r"\^\s*\{\s*\\prime\s*(T|\\top|\\intercal)\s*\}")  # X^{\prime T}
_PRIME = _c(r"'")
PRIME = "′"
"""The mark a prime becomes: a transpose or part of a name (``X'``, X with its ones), decided
by :mod:`.interpret` from the shapes."""
_ASCII_WORDS = [
    (
        _c(
            r"(?<![\\A-Za-z_])(?<!_\{)([yY]_?hat|[yY]_?pred(icted)?|prediction|[yY]_?est)(?![A-Za-z])"
        ),
        r"\\hat{y}",
    ),
    (
        _c(r"(?m)(^|[;,\n])(\s*)(d[JjLlEe]_?d|d|grad_?)(w|W|theta|b)(?=\s*(=|≔))"),
        lambda m: (
            m.group(1)
            + m.group(2)
            + r"\frac{\partial J}{\partial "
            + ("b" if m.group(4) == "b" else "w")
            + "}"
        ),
    ),
    (_c(r"(?m)(^|[;,\n])(\s*)(grad|gradient)(?=\s*(=|≔))"), r"\1\2\\nabla J"),
    (_c(r"(?<![\\A-Za-z{])(MSE|SSE|RSS|Loss|loss|cost|Cost|errors?)(?![A-Za-z])"), r"\\text{\1}"),
    (_c(r"\\text\s*\{\s*([A-Za-z]+(?:_[A-Za-z]+)+|inputs?)\s*\}"), r"\1"),  # \text{new_weight}
    # new_weight, old_weight, w_new, theta_old: the two weights of a step, named in words
    (
        _c(
            r"(?<![\\A-Za-z{_])(?:(new|next|updated|old|current|curr|prev)_(weights?|w|theta|bias|b)"
            r"|(weights?|w|theta|bias|b)_(new|next|old|current|curr|prev))(?![A-Za-z_])"
        ),
        lambda m: (
            {"bias": "b", "b": "b", "theta": "\\theta "}.get(m.group(2) or m.group(3), "w")
            + "_{"
            + ("new" if (m.group(1) or m.group(4)) in ("new", "next", "updated") else "old")
            + "}"
        ),
    ),
    (_c(r"(?<![\\A-Za-z{_])(predicted_values?|predicted)(?![A-Za-z_])"), r"\\hat{y}"),
    (_c(r"(?<![\\A-Za-z{_])(actual_values?|true_values?|y_true|y_actual)(?![A-Za-z_])"), "y"),
    (_c(r"(?<![\\A-Za-z{_])inputs?(?![A-Za-z_])"), "x"),
    # target - net_input, y - output: the words code and plain text name the data with
    (_c(r"(?<![\\A-Za-z{_])net_?input(?![A-Za-z_])"), r"\\text{netinput}"),
    (_c(r"(?<![\\A-Za-z{_])(targets?|outputs?)(?![A-Za-z_(])"), r"\\text{\1}"),
    (_c(r"(?<![\\A-Za-z])(sum)(?![A-Za-z])"), r"\\sum "),
    (_c(r"(?<![\\A-Za-z{])(nabla|grad)(?![A-Za-z])"), r"\\nabla "),
    (_c(r"(?<![\\A-Za-z])(partial)(?![A-Za-z])"), r"\\partial "),
    (_c(r"(?<![\\A-Za-z])(Delta)(?![A-Za-z])"), r"\\Delta "),
    (_c(rf"(?<![\\A-Za-z])({_GREEK})(?![A-Za-z])"), r"\\\1 "),
    (_c(r"(?<![\\A-Za-z])(lr|learning_rate)(?![A-Za-z])"), r"\\eta "),
    (_c(r"(?<![\\A-Za-z0-9_])([Xx])\s*\.\s*T(?![A-Za-z])"), r"\1^⊤"),
    (_c(r"\)\s*\.\s*T(?![A-Za-z])"), ")^⊤"),
    (_c(r"@"), r" \\cdot "),
    (_c(r"\*\*"), "^"),
]
_PAIR_SUBSCRIPT = _c(r"(?<![\\A-Za-z])([xX])_([a-z])([a-z])(?![A-Za-z{(])")
_INLINE_FRACTION = _c(r"/\s*(\d+)([A-Za-z])(?![A-Za-z_^])")
# a dot between factors is a product (``2.(w_0 + w_1 x)``, ``\alpha . (…)``); ``0.5`` stays
_DOT_PRODUCT = _c(r"(?<![\d.])\.(?![\d.])|(?<=\d)\.(?=\s*[(A-Za-z\\])")
# MATLAB's entry-by-entry operators .* ./ .^ are the operators themselves
_ELEMENTWISE = _c(r"(?<![.])\.(?=\s*[*/^])")
# ``w -= …`` and ``w += …`` written outside Python (MATLAB, Julia): the update rule w ≔ w ∓ (…)
_AUGMENTED = _c(r"(?m)(?:^|(?<=[;\n]))[ \t]*([A-Za-z_]\w*)[ \t]*([+\-])=(?!=)")
# \sum_{i=1}^{N} -2(…): the minus of the summand, moved in front of the sum (the same value)
_SUM_MINUS = _c(r"(\\sum\s*(?:_\s*(?:\{[^{}]*\}|\w)\s*)?(?:\^\s*(?:\{[^{}]*\}|\w)\s*)?)-")
_SPACES = _c(r"[ \t\r\f\v]+")
_QUAD = "\u2003"


def _scripts(text: Text, table: dict[str, str], mark: str) -> Text:
    """A run of Unicode super- or subscript characters becomes ``^{...}`` or ``_{...}``."""
    chars = "".join(re.escape(c) for c in table)
    return text.sub(
        _c(f"[{chars}]+"), lambda found: mark + "{" + "".join(table[c] for c in found.group()) + "}"
    )


# Plain text written without underscores (Mitchell's ``∆wi = η Σd (td − od) xid``, ``θT xi``):
# a data letter glued to index letters is that letter with those indices.
_GLUED_SUM = _c(r"([Σ∑])([a-z])(?![A-Za-z0-9_{(])")
_GLUED_PAIR = _c(r"(?<![A-Za-z_^{\\])([wxytozθWX])([ijkdn]),([ijkdn])(?![A-Za-z0-9_(])")
_GLUED = _c(r"(?<![A-Za-z_^{\\])([wxytozθWX])([ijkdn]{1,2})(?![A-Za-z0-9_(])")
_GLUED_TRANSPOSE = _c(r"(?<![A-Za-z_^{\\])([wθxWX])T(?![A-Za-z0-9_(])")
_WORDS = {"on", "in", "to", "do", "id"}


def _glued(text: Text) -> Text:
    """Glued indices of plain text as subscripts; only for text without LaTeX commands."""
    if "\\" in text.text or "_" in text.text.replace("Σ_", "").replace("∑_", ""):
        return text
    text = text.sub(_GLUED_SUM, r"\1_{\2} ")
    text = text.sub(_GLUED_PAIR, r"\1_{\2,\3}")
    text = text.sub(
        _GLUED, lambda m: m.group() if m.group() in _WORDS else f"{m.group(1)}_{{{m.group(2)}}}"
    )
    return text.sub(_GLUED_TRANSPOSE, r"\1^T")


def _augmented(text: Text) -> Text:
    """``w -= a + b`` as ``w ≔ w - (a + b)``: the rest of the statement, in brackets."""
    out, last = [], 0
    for found in _AUGMENTED.finditer(text.text):
        name, sign = found.group(1), found.group(2)
        end = len(text.text)
        for stop in ";\n":
            at = text.text.find(stop, found.end())
            if at != -1:
                end = min(end, at)
        start = found.start(1)
        head = f"{name} ≔ {name} {sign} ("
        out += [
            text.slice(last, start),
            Text(head, (text.origin[start],) * len(head) + (text.origin[found.end()],)),
            text.slice(found.end(), end),
            Text(")", (text.origin[end], text.origin[end])),
        ]
        last = end
    if not out:
        return text
    out.append(text.slice(last, len(text.text)))
    return Text(
        "".join(piece.text for piece in out),
        (*(o for piece in out for o in piece.origin[:-1]), text.origin[len(text.text)]),
    )


def normalise(raw: str) -> Text:
    """``raw`` rewritten for the grammar of :mod:`.latex`, with its columns (see the module)."""
    text = _augmented(_glued(Text.of(raw)))
    # a combining circumflex over a letter (y + U+0302) is a hat
    text = text.sub(_c("([A-Za-z])\u0302"), r"\\hat{\1}")
    text = text.sub(_c("[" + "".join(_UNICODE) + "]"), lambda m: _UNICODE[m.group()])
    text = _scripts(text, _SUPERSCRIPT, "^")
    text = _scripts(text, _SUBSCRIPT, "_")
    for pattern, repl in _WRAPPERS:
        text = text.sub(pattern, repl)
    for pattern, repl in _ASCII_WORDS:
        text = text.sub(pattern, repl)
    text = text.sub(_PRIME_TRANSPOSE, "'^⊤")
    text = text.sub(_LABEL_TRANSPOSE, r"^{\1}^⊤")
    text = text.sub(_TRANSPOSE, "^⊤")
    text = text.sub(_PRIMES, "'")
    text = text.sub(_PRIME, "^" + PRIME)
    text = text.sub(_PAIR_SUBSCRIPT, r"\1_{\2\3}")
    text = text.sub(_INLINE_FRACTION, r"/(\1\2)")
    text = text.sub(_c(r"[.,;:\s]+\Z"), "")
    text = text.sub(_ELEMENTWISE, "")
    text = text.sub(_DOT_PRODUCT, r" \\cdot ")
    text = text.sub(_SUM_MINUS, r"(-1) \1")
    return text.sub(_SPACES, " ")


# -- statements ------------------------------------------------------------
_COMMENTARY_WORDS = re.compile(
    r"\b(for|where|all|and|update|simultaneously|repeat|until|with|if|each|every|is|the|"
    r"from|to|then|so|hence|thus|therefore|by|of)\b",
    re.IGNORECASE,
)
_COMMENTARY = _c(r"\\forall|\\text\s*\{([^{}]*)\}|\(\s*\\forall[^()]*\)|\.\.\.?|\\[lc]?dots")


def _cut_commentary(text: Text) -> Text:
    """The statement without trailing commentary (``\\text{ for all } j``, ``(\\forall j)``)."""
    for found in _COMMENTARY.finditer(text.text):
        inner = found.group(1)
        if inner is not None and not _COMMENTARY_WORDS.search(inner):
            continue  # \text{MSE}: a name, not commentary
        depth = _depth_at(text.text, found.start())
        if depth == 0:
            return text.slice(0, found.start()).strip()
    return text


def _depth_at(text: str, position: int) -> int:
    depth = 0
    for char in text[:position]:
        if char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
    return depth


def statements(text: Text) -> list[Text]:
    """The statements of a normalised text, each without trailing commentary.

    A line (up to a line break or ``;``) loses its commentary first, so that the commas of
    ``\\text{for } j = 0, \\dots, n`` do not split it; then it is split at the commas
    and the ``\\quad`` between equations.
    """
    lines = [
        clause
        for line in _split_at(text, lambda char, depth: char in "\n;" and depth <= 0)
        for clause in _clauses(line)
    ]
    pieces = [
        part
        for line in lines
        for piece in _split_at(
            _cut_commentary(line.strip()), lambda char, depth: char == "," and depth <= 0
        )
        for part in _split_quads(piece)
    ]
    out = []
    for piece in pieces:
        piece = _cut_commentary(piece.strip())
        piece = piece.sub(_c(r"[.,;:\s]+\Z"), "")
        if piece.text.strip():
            out.append(piece.strip())
    return out


# ``w_j ≔ w_j + Δw_j, where Δw_j = …``: a clause that says what a name of the statement is
_CLAUSE = _c(r"\\text\s*\{\s*(where|with)\b[^{}]*\}|(?<![A-Za-z\\])(where|with)(?![A-Za-z])")


def _clauses(line: Text) -> list[Text]:
    """``line`` split at each ``where`` or ``with`` (a word, or in ``\\text{…}``) at bracket
    depth 0 that an equation follows: the clause is a statement of its own (a definition),
    not commentary to cut, and comes first, as if written before the statement it explains."""
    for found in _CLAUSE.finditer(line.text):
        rest = line.text[found.end() :]
        if _depth_at(line.text, found.start()) == 0 and re.search("[=≔]", rest):
            head = line.slice(0, found.start())
            return [*_clauses(line.slice(found.end(), len(line.text))), head]
    return [line]


def _split_at(text: Text, cut: Callable[[str, int], bool]) -> list[Text]:
    """``text`` split at the characters where ``cut(char, depth)`` holds."""
    pieces: list[Text] = []
    depth, start = 0, 0
    for position, char in enumerate(text.text):
        if char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
        elif cut(char, depth):
            pieces.append(text.slice(start, position))
            start = position + 1
    pieces.append(text.slice(start, len(text.text)))
    return pieces


def _split_quads(text: Text) -> list[Text]:
    """``a = b \\quad c = d`` is two statements; elsewhere ``\\quad`` is a space."""
    depth, cuts = 0, []
    for position, char in enumerate(text.text):
        if char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
        elif char == _QUAD and depth <= 0:
            cuts.append(position)
    pieces, start = [], 0
    for cut in cuts:
        left, right = text.text[start:cut], text.text[cut + 1 :]
        if re.search("[=≔]", left) and (
            re.search("[=≔]", right) or _COMMENTARY.match(right.strip())
        ):
            pieces.append(text.slice(start, cut))
            start = cut + 1
    pieces.append(text.slice(start, len(text.text)))
    return pieces


def sides(text: Text) -> list[tuple[str, Text]]:
    """The sides of a statement, each with the relation before it ('' first, '=' or '≔').

    ``a = b = c`` gives three sides; ``w_j ≔ w_j + d`` gives ``('', w_j)`` and ``('≔', ...)``.
    Relations inside brackets (``\\sum_{i=1}``) do not split.
    """
    out: list[tuple[str, Text]] = []
    depth, start, relation = 0, 0, ""
    for position, char in enumerate(text.text):
        if char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
        elif char in "=≔" and depth <= 0:
            before = text.text[position - 1] if position else ""
            after = text.text[position + 1] if position + 1 < len(text.text) else ""
            if char == "=" and ((before and before in "<>!=") or after == "="):
                continue
            out.append((relation, text.slice(start, position).strip()))
            relation, start = char, position + 1
    out.append((relation, text.slice(start, len(text.text)).strip()))
    return out
