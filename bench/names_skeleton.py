"""Benchmark of the Arabic→Latin skeleton model behind the names detector (no MT needed).

Data: attested (Arabic name, Latin spelling) pairs from arabic-name-romanizer's dictionary
(``units`` table, Wikidata and dzirinames, count >= 2, one word, >= 5 letters).
Split by ``sha1(arabic) % 2``: 0 = dev (used to choose the rule and thresholds), 1 = test.
Each name is put among 25 random other source words, as in a sentence.

Measured:
* linked: the correct spelling's best link is compatible (cost <= 0.6);
* dot-confusion corruptions flagged: one letter's rendering replaced by the rendering of a letter
  of the same shape (ب→ن...), as the no-reference rule targets;
* correct spellings flagged, and unrelated names flagged (false alarms of the rule).

Run: ``.venv/bin/python bench/names_skeleton.py [dev|test]``.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import sys
from pathlib import Path

from mtaudit.entities.arabic import stems
from mtaudit.entities.latin import fold
from mtaudit.entities.skeleton import DOT_SIBLINGS, RENDERINGS, VOWELS, Match, match

MAX_LINK, MAX_NEAR, MIN_STEM = 0.6, 1.15, 4


def load(split: str, n: int = 3000) -> list[tuple[str, str]]:
    import arabic_name_romanizer

    db = Path(arabic_name_romanizer.__file__).parent / "resources" / "names.sqlite3"
    con = sqlite3.connect(db)
    rows = {(a, lat) for a, lat in con.execute(
        "select arabic_key, latin from units where count >= 2")
        if " " not in a and lat.isalpha() and len(lat) >= 5}
    keep = sorted(r for r in rows
                  if int(hashlib.sha1(r[0].encode()).hexdigest(), 16) % 2 == (split == "test"))
    return random.Random(7).sample(keep, min(n, len(keep)))


def best(words: list[str], latin: str) -> tuple[Match, str]:
    out: tuple[Match, str] | None = None
    for w in words:
        for st in stems(w):
            if len(st) >= 3:
                m = match(st, latin)
                if out is None or m.cost < out[0].cost:
                    out = (m, st)
    assert out is not None
    return out


def flagged(m: Match, stem: str, latin: str) -> bool:
    from mtaudit.entities.skeleton import dot_sibling_reading

    hard = m.hard_edits
    return (MAX_LINK < m.cost <= MAX_NEAR and len(hard) == 1 and hard[0].kind == "sub"
            and len(stem) >= MIN_STEM and dot_sibling_reading(hard[0], latin) is not None)


def main(split: str) -> None:
    rows = load(split)
    rng = random.Random(11)
    arabic = [a for a, _ in rows]
    latin = [lat for _, lat in rows]
    linked = fp_correct = fp_unrelated = tp = n_corrupt = 0
    for a, lat in rows:
        context = [a, *rng.sample(arabic, 25)]
        m, st = best(context, lat)
        linked += m.cost <= MAX_LINK
        fp_correct += flagged(m, st, lat)
        f = fold(lat)
        if match(a, lat).cost <= MAX_LINK:
            letters = [ch for ch in a if ch in DOT_SIBLINGS]
            if letters:
                ch = rng.choice(letters)
                sib = rng.choice(sorted(DOT_SIBLINGS[ch]))
                new = [r for r, c in RENDERINGS.get(sib, ()) if r and r[0] not in VOWELS and c == 0]
                old = [r for r, _ in RENDERINGS.get(ch, ()) if r and r[0] not in VOWELS]
                where = [(i, r) for r in old for i in range(len(f)) if f.startswith(r, i)]
                if new and where:
                    i, r = rng.choice(where)
                    bad = f[:i] + new[0] + f[i + len(r):]
                    n_corrupt += 1
                    tp += flagged(*best(context, bad), bad)
        other = rng.choice(latin)
        m3, st3 = best(context, other)
        if fold(other) != f and m3.cost > MAX_LINK:
            fp_unrelated += flagged(m3, st3, other)
    n = len(rows)
    print(f"{split}: {n} names, 25 distractor words each")
    print(f"  correct spelling linked:            {linked / n:.3f}")
    print(f"  dot-confusion corruptions flagged:  {tp / max(n_corrupt, 1):.3f} (n={n_corrupt})")
    print(f"  correct spellings flagged:          {fp_correct / n:.4f}")
    print(f"  unrelated names flagged:            {fp_unrelated / n:.4f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "test")
