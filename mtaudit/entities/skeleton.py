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

from mtaudit.entities.memo import BoundedMemo
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


# renderings of each letter by their first Latin letter (same order as RENDERINGS)
_BY_FIRST: dict[str, dict[str, tuple[tuple[str, float], ...]]] = {
    unit: {first: tuple(r for r in rs if r[0][:1] == first) for first in {r[0][:1] for r in rs}}
    for unit, rs in RENDERINGS.items()}
_INF = float("inf")
MEMO_SIZE = 262144
# (arabic, latin) -> Match; and -> a lower bound of the cost, for a DP cut short
_EXACT: BoundedMemo[Match] = BoundedMemo(MEMO_SIZE)
_BOUNDS: BoundedMemo[float] = BoundedMemo(MEMO_SIZE)


@lru_cache(maxsize=65536)
def _arabic_units(arabic: str) -> tuple[str, ...]:
    return tuple(_units(normalize_arabic(arabic)))


@lru_cache(maxsize=65536)
def _latin_letters(latin: str) -> tuple[str, tuple[float, ...]]:
    """The folded letters of ``latin`` and the cost of each as an inserted letter (before
    the final-s rule)."""
    lat = "".join(c for c in fold(latin) if c.isalpha())
    return lat, tuple(INSERT_VOWEL if c in VOWELS else INSERT_H if c == "h" else CONSONANT_EDIT
                      for c in lat)


def _solve(arabic: str, latin: str, limit: float) -> Match | float:
    """The DP of :func:`match`; a float (a lower bound of the cost: ``limit``) instead when
    every reading is seen to cost at least ``limit``.

    Costs only add up, so with a finite ``limit`` a cell that already costs ``limit`` or more
    is not extended: no reading through it can come under ``limit``, and the cheapest reading
    (its cost and its edits) is the same as with every cell extended."""
    a = _arabic_units(arabic)
    lat, ins_costs = _latin_letters(latin)
    n, m = len(a), len(lat)
    w = m + 1
    cost = [_INF] * ((n + 1) * w)
    # back[k]: (previous cell, edit kind or None when free, Arabic unit, Latin end, cost)
    back: list[tuple[int, str | None, str, int, float] | None] = [None] * ((n + 1) * w)
    cost[0] = 0.0
    tol = 1e-12
    for i in range(n + 1):
        row, nxt = i * w, (i + 1) * w
        last = i == n
        unit = a[i] if i < n else ""
        dcost = WEAK_DELETE.get(unit, CONSONANT_EDIT)
        firsts = _BY_FIRST.get(unit, {})
        can_sub = unit not in WEAK_DELETE
        row_min = _INF
        for j in range(w):
            here = cost[row + j]
            if here == _INF:
                continue
            if here < row_min:
                row_min = here
            if here >= limit:
                continue  # nothing through this cell comes under the limit
            if j < m:  # Latin letter with no Arabic letter
                c = ins_costs[j]
                if last and j == m - 1 and lat[j] == "s":
                    c = FINAL_S
                t = here + c
                k = row + j + 1
                if t < cost[k] - tol:
                    cost[k] = t
                    back[k] = (row + j, "ins" if c > INSERT_VOWEL else None, "", j + 1, c)
            if last:
                continue
            t = here + dcost
            k = nxt + j
            if t < cost[k] - tol:
                cost[k] = t
                back[k] = (row + j, "del", unit, j, dcost)
            if j == m:
                continue
            ch = lat[j]
            for rendering, rc in firsts.get(ch, ()):
                if lat.startswith(rendering, j):
                    t = here + rc
                    e = j + len(rendering)
                    k = nxt + e
                    if t < cost[k] - tol:
                        cost[k] = t
                        back[k] = (row + j, "var" if rc else None, unit, e, rc)
            if can_sub and ch not in VOWELS:
                t = here + CONSONANT_EDIT
                k = nxt + j + 1
                if t < cost[k] - tol:
                    cost[k] = t
                    back[k] = (row + j, "sub", unit, j + 1, CONSONANT_EDIT)
        # every reading passes through this row, and costs only add up
        if row_min >= limit:
            return limit
    if cost[n * w + m] >= limit:
        return limit
    ops: list[Op] = []
    k = n * w + m
    while k:
        step = back[k]
        assert step is not None
        prev, kind, unit, end, c = step
        if kind is not None:
            ops.append(Op(kind, unit, (prev % w, end), c))
        k = prev
    return Match(cost[n * w + m], tuple(reversed(ops)))


def match(arabic: str, latin: str) -> Match:
    """Cheapest reading of ``latin`` (any case/accents) as a rendering of the Arabic word."""
    key = (arabic, latin)
    got = _EXACT.get(key)
    if got is None:
        got = _solve(arabic, latin, _INF)
        assert isinstance(got, Match)
        _EXACT.put(key, got)
    return got


def match_below(arabic: str, latin: str, limit: float) -> Match | None:
    """:func:`match`, or None when its cost is at least ``limit`` (the DP stops as soon as
    that is certain): for a search of the cheapest reading among many words."""
    key = (arabic, latin)
    got = _EXACT.get(key)
    if got is not None:
        return got
    bound = _BOUNDS.get(key)
    if bound is not None and bound >= limit:
        return None
    res = _solve(arabic, latin, limit)
    if isinstance(res, Match):
        _EXACT.put(key, res)
        return res
    _BOUNDS.put(key, res)
    return None


def clear_memo() -> None:
    """Forget the memoised matches (they are bounded: :data:`MEMO_SIZE` entries each)."""
    _EXACT.clear()
    _BOUNDS.clear()


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
