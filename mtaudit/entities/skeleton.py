"""Consonant-skeleton model of how Arabic letters are written in Latin script.

Each Arabic letter (after :func:`~mtaudit.lang.arabic.normalize_arabic`) has a set of Latin
renderings (ب → b or p, ف → f/v/ph, و → w/u/o/ou/v, ج → j/dj/g/zh, ق → q/k/c/g, ك → k/c...).
Short vowels are not written in Arabic, so Latin vowels may be inserted almost for free, and the
weak letters ا و ي ه ع may go unrendered at a small cost.  :func:`match` finds the cheapest way to
read a Latin word as a rendering of an Arabic word (dynamic programming) and returns the edit
operations, so a caller can tell a compatible rendering (cost near 0) from a near miss with one
consonant that the Arabic letter cannot produce.

Arabic has no p, v, g (in standard spelling) and no short vowels: b/p, f/v, k/g and vowel
differences are not evidence of an error against the Arabic alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from mtaudit.lang.arabic import normalize_arabic
from mtaudit.lang.latin import fold

# Arabic letter (or letter pair) -> ((Latin rendering, cost), ...)
RENDERINGS: dict[str, tuple[tuple[str, float], ...]] = {
    "ا": (("a", 0), ("e", 0), ("o", 0.1), ("i", 0.1), ("u", 0.1), ("aa", 0)),
    "ب": (("b", 0), ("p", 0), ("bb", 0), ("pp", 0)),
    "ت": (("t", 0), ("tt", 0), ("th", 0.1)),
    "ث": (("th", 0), ("t", 0), ("s", 0), ("ss", 0)),
    "ج": (("j", 0), ("dj", 0), ("g", 0), ("zh", 0), ("dzh", 0), ("gu", 0), ("dsch", 0.1)),
    "ح": (("h", 0), ("kh", 0.3), ("hh", 0)),
    "خ": (("kh", 0), ("h", 0), ("ch", 0), ("x", 0.2), ("k", 0.1)),
    "د": (("d", 0), ("dd", 0)),
    "ذ": (("dh", 0), ("d", 0), ("z", 0), ("th", 0)),
    "ر": (("r", 0), ("rr", 0)),
    "ز": (("z", 0), ("s", 0), ("zz", 0)),
    "س": (("s", 0), ("ss", 0), ("c", 0), ("z", 0.2)),
    "ش": (("sh", 0), ("ch", 0), ("sch", 0), ("s", 0.3)),
    "ص": (("s", 0), ("ss", 0), ("c", 0)),
    "ض": (("d", 0), ("dh", 0), ("z", 0)),
    "ط": (("t", 0), ("tt", 0)),
    "ظ": (("z", 0), ("dh", 0), ("th", 0)),
    "ع": (("a", 0), ("e", 0), ("i", 0), ("o", 0), ("u", 0)),
    "غ": (("gh", 0), ("g", 0), ("gu", 0), ("r", 0.3)),
    "ف": (("f", 0), ("v", 0), ("ph", 0), ("ff", 0), ("w", 0.3)),
    "ق": (("q", 0), ("k", 0), ("c", 0), ("ck", 0), ("qu", 0), ("g", 0.2)),
    "ك": (("k", 0), ("c", 0), ("ck", 0), ("q", 0), ("qu", 0), ("ch", 0.3), ("g", 0.3)),
    "ل": (("l", 0), ("ll", 0)),
    "م": (("m", 0), ("mm", 0)),
    "ن": (("n", 0), ("nn", 0)),
    "ه": (("h", 0), ("a", 0.1), ("e", 0.1)),
    "و": (("w", 0), ("u", 0), ("o", 0), ("ou", 0), ("v", 0), ("oo", 0), ("au", 0.1),
          ("ow", 0.1), ("ew", 0.2)),
    "ي": (("y", 0), ("i", 0), ("ee", 0), ("e", 0), ("ie", 0), ("ei", 0.1), ("j", 0.3),
          ("ai", 0.1), ("ii", 0)),
    "پ": (("p", 0),),
    "ڤ": (("v", 0),),
    "چ": (("ch", 0), ("tch", 0), ("j", 0.2)),
    "گ": (("g", 0), ("gu", 0)),
    "ژ": (("j", 0), ("zh", 0)),
    "ٹ": (("t", 0), ("tt", 0)),
    "ڈ": (("d", 0), ("dd", 0)),
    "ڑ": (("r", 0), ("rr", 0)),
    "ں": (("n", 0),),
    "ھ": (("h", 0),),
    "ے": (("e", 0), ("ai", 0), ("ay", 0)),
    "كس": (("x", 0),),
}
WEAK_DELETE: dict[str, float] = {"ا": 0.1, "ع": 0.1, "ه": 0.2, "و": 0.3, "ي": 0.3, "ھ": 0.2,
                                  "ے": 0.2, "ں": 0.3}
VOWELS = frozenset("aeiouy")
INSERT_VOWEL = 0.05
INSERT_H = 0.2
FINAL_S = 0.2  # a French/English plural -s on a name
CONSONANT_EDIT = 1.0

# Letters that share their shape (rasm) and differ only by dots: reading one for the other is
# the typical misreading of an Arabic name (ب/ت/ث/ن/ي, ج/ح/خ, د/ذ, ر/ز, س/ش, ص/ض, ط/ظ, ع/غ, ف/ق).
RASM_GROUPS: tuple[str, ...] = ("بتثني", "جحخ", "دذ", "رز", "سش", "صض", "طظ", "عغ", "فق")
DOT_SIBLINGS: dict[str, frozenset[str]] = {
    ch: frozenset(g) - {ch} for g in RASM_GROUPS for ch in g}

# Most usual rendering of each letter, for suggestions.
PRIMARY: dict[str, str] = {k: v[0][0] for k, v in RENDERINGS.items()}


@dataclass(frozen=True)
class Op:
    """One edit: ``kind`` is "sub", "del" (Arabic letter unrendered) or "ins" (Latin letters
    with no Arabic letter).  ``latin`` is the ``[start, end)`` span in the folded Latin word."""

    kind: str
    arabic: str
    latin: tuple[int, int]
    cost: float


@dataclass(frozen=True)
class Match:
    cost: float
    ops: tuple[Op, ...]  # the non-free edits only

    @property
    def substitutions(self) -> tuple[Op, ...]:
        return tuple(o for o in self.ops if o.kind == "sub")

    @property
    def hard_edits(self) -> tuple[Op, ...]:
        """Edits costing a whole consonant (substitution, insertion or deletion)."""
        return tuple(o for o in self.ops if o.cost >= CONSONANT_EDIT)


def _units(arabic: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(arabic):
        if arabic[i:i + 2] in RENDERINGS:
            out.append(arabic[i:i + 2])
            i += 2
        else:
            out.append(arabic[i])
            i += 1
    return out


@lru_cache(maxsize=262144)
def match(arabic: str, latin: str) -> Match:
    """Cheapest reading of ``latin`` (any case/accents) as a rendering of the Arabic word."""
    a = _units(normalize_arabic(arabic))
    lat = "".join(c for c in fold(latin) if c.isalpha())
    n, m = len(a), len(lat)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, Op | None] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0

    def relax(i: int, j: int, ni: int, nj: int, c: float, op: Op | None) -> None:
        total = cost[i][j] + c
        if total < cost[ni][nj] - 1e-12:
            cost[ni][nj] = total
            back[ni][nj] = (i, j, op)

    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == inf:
                continue
            if j < m:  # Latin letter with no Arabic letter
                ch = lat[j]
                if ch in VOWELS:
                    c = INSERT_VOWEL
                elif ch == "h":
                    c = INSERT_H
                elif ch == "s" and j == m - 1 and i == n:
                    c = FINAL_S
                else:
                    c = CONSONANT_EDIT
                relax(i, j, i, j + 1, c, Op("ins", "", (j, j + 1), c) if c > INSERT_VOWEL else None)
            if i < n:
                unit = a[i]
                c = WEAK_DELETE.get(unit, CONSONANT_EDIT)
                relax(i, j, i + 1, j, c, Op("del", unit, (j, j), c))
                for rendering, rc in RENDERINGS.get(unit, ()):
                    if lat.startswith(rendering, j):
                        relax(i, j, i + 1, j + len(rendering), rc,
                              Op("var", unit, (j, j + len(rendering)), rc) if rc else None)
                if j < m and lat[j] not in VOWELS and unit not in WEAK_DELETE:
                    relax(i, j, i + 1, j + 1, CONSONANT_EDIT,
                          Op("sub", unit, (j, j + 1), CONSONANT_EDIT))
    ops: list[Op] = []
    i, j = n, m
    while (i, j) != (0, 0):
        step = back[i][j]
        assert step is not None
        i, j, op = step
        if op is not None:
            ops.append(op)
    return Match(cost[n][m], tuple(reversed(ops)))


def compatible(arabic: str, latin: str, max_cost: float = 0.6) -> bool:
    """Whether ``latin`` reads as a rendering of ``arabic`` (no consonant edit needed)."""
    return match(arabic, latin).cost <= max_cost


def skeleton(arabic: str) -> str:
    """Latin consonant skeleton of an Arabic word with each letter's usual rendering
    (weak letters dropped): ``بورتنيكوف`` → ``brtnkf``."""
    a = _units(normalize_arabic(arabic))
    out = []
    for unit in a:
        if unit in WEAK_DELETE or unit not in PRIMARY:
            continue
        out.append(PRIMARY[unit] if unit != "كس" else "ks")
    return "".join(out)


def dot_sibling_reading(op: Op, latin: str) -> str | None:
    """For a substitution, the Arabic letter sharing the source letter's shape whose rendering
    the Latin text has at that place (ن read for ب: "Nortnikov"), else None."""
    if op.kind != "sub":
        return None
    lat = "".join(c for c in fold(latin) if c.isalpha())
    for sibling in sorted(DOT_SIBLINGS.get(op.arabic, ())):
        for rendering, _cost in RENDERINGS.get(sibling, ()):
            if rendering and rendering[0] not in VOWELS and lat.startswith(rendering, op.latin[0]):
                return sibling
    return None
