#!/usr/bin/env python
"""Compare two JSON reports' content: beads, flags, per-pair scores and MQM, corpus scores.

    .venv/bin/python scripts/compare_reports.py OLD.json NEW.json

Prints what differs (the signature, the creation time and the bootstrap confidence intervals
are reported separately: they describe how a report was made, not what it found) and exits 1
when the content differs.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def content(report: dict[str, Any]) -> dict[str, Any]:
    results = [{"pair": r["pair"], "flags": r.get("flags", []), "scores": r.get("scores", {}),
                "mqm": r.get("mqm", {}), "similarity": r.get("similarity"),
                "retranslation": r.get("retranslation")} for r in report["results"]]
    corpus = {k: (v.get("score") if isinstance(v, dict) else v)
              for k, v in (report.get("corpus_scores") or {}).items()
              if k not in ("signatures", "bootstrap", "notes")}
    return {"results": results, "mqm": report.get("mqm"), "corpus": corpus}


def main(old_path: str, new_path: str) -> int:
    from pathlib import Path

    old, new = (json.loads(Path(p).read_text(encoding="utf-8")) for p in (old_path, new_path))
    a, b = content(old), content(new)
    same = a == b
    n_flags = sum(len(r["flags"]) for r in b["results"])
    print(f"content (beads, flags, scores, MQM): {'identical' if same else 'DIFFERENT'} "
          f"({len(b['results'])} pairs, {n_flags} flags)")
    if not same:
        for k, (x, y) in enumerate(zip(a["results"], b["results"], strict=False)):
            if x != y:
                print(f"  pair {k} differs")
        if a["mqm"] != b["mqm"] or a["corpus"] != b["corpus"]:
            print("  document MQM or corpus scores differ")
    for key in sorted(set(old.get("signature", {})) | set(new.get("signature", {}))):
        if old.get("signature", {}).get(key) != new.get("signature", {}).get(key):
            print(f"signature field changed: {key}")
    cs_old, cs_new = old.get("corpus_scores") or {}, new.get("corpus_scores") or {}
    if any((cs_old.get(m) or {}).get("ci95") != (cs_new.get(m) or {}).get("ci95")
           for m in cs_new if isinstance(cs_new.get(m), dict) and "ci95" in cs_new[m]):
        print("bootstrap confidence intervals changed")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
