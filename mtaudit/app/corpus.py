"""Checks across several audited documents: one source name rendered two ways in two files.

Each audit sees one document; a corpus (a gate manifest, a folder of articles) can spell one
source name differently from file to file ("Medvedev" here, "Medvedeff" there) with every file
consistent on its own. :func:`add_corpus_consistency` runs the names detector's consistency
rule over all the documents at once and returns the reports with the new flags added (detector
``names.corpus``, category ``consistency``), their MQM figures recomputed and the check recorded
in their signatures. Flags a document's own audit already raised are not repeated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from mtaudit.core.signature import detector_entries
from mtaudit.core.types import Flag, PairResult
from mtaudit.report.model import AuditReport

CORPUS_DETECTOR = "names.corpus"


def _key(f: Flag) -> tuple[int, str, int, int, str]:
    return (f.pair_index, f.side, f.start, f.end, f.category)


def add_corpus_consistency(reports: Sequence[AuditReport], *,
                           resources: Mapping[str, Any] | None = None,
                           use_ner: bool | str | None = None,
                           severity: str | None = None) -> list[AuditReport]:
    """The reports with cross-document name-consistency flags added (same order).

    Reports whose audit ran the ``names`` detector take part, grouped by language pair: each
    pair with two or more documents is checked on its own. The others come back unchanged.
    ``use_ner`` and ``severity`` default to the names detector's options recorded in the first
    report's signature (``use_ner``, ``consistency_severity``).
    """
    from mtaudit.detectors.names import NamesOptions, corpus_consistency

    groups: dict[str, list[int]] = {}
    for i, r in enumerate(reports):
        # the signature's structured detector entries, never its display string: a names
        # detector with options set (names(use_ner=False)) takes part like any other
        if any(d.get("name") == "names" for d in detector_entries(r.signature)):
            groups.setdefault(str(r.signature.get("pair")), []).append(i)
    out = list(reports)
    for idx in groups.values():
        if len(idx) < 2:
            continue
        recorded = next(d.get("options") or {} for d in detector_entries(reports[idx[0]].signature)
                        if d.get("name") == "names")
        per_doc = corpus_consistency(
            [[r.pair for r in reports[i].results] for i in idx],
            reports[idx[0]].source.get("lang"), reports[idx[0]].target.get("lang"),
            resources=dict(resources or {}),
            use_ner=recorded.get("use_ner", NamesOptions.use_ner) if use_ner is None else use_ner,
            severity=(severity or str(recorded.get("consistency_severity", "minor"))))
        for i, flags in zip(idx, per_doc, strict=True):
            out[i] = _with_flags(reports[i], flags, len(idx))
    return out


def _with_flags(report: AuditReport, flags: Sequence[Flag], n_docs: int) -> AuditReport:
    from mtaudit.core.mqm import mqm_scores, weights_of

    have = {_key(f) for f in report.flags}
    by_pair: dict[int, list[Flag]] = {}
    for f in flags:
        if _key(f) in have:
            continue
        have.add(_key(f))
        by_pair.setdefault(f.pair_index, []).append(
            replace(f, detector=CORPUS_DETECTOR,
                    message=f"{f.message} (across {n_docs} documents)"))
    signature = dict(report.signature)
    signature["detectors"] = [*(d for d in signature.get("detectors", ())
                                if not (isinstance(d, Mapping)
                                        and d.get("name") == CORPUS_DETECTOR)),
                              {"name": CORPUS_DETECTOR, "documents": n_docs}]
    if not by_pair:
        return replace(report, signature=signature)
    results: list[PairResult] = []
    for r in report.results:
        extra = by_pair.get(r.pair.index)
        if extra:
            r = replace(r, flags=tuple(sorted((*r.flags, *extra), key=lambda f: (
                f.side != "target", f.start, f.end, f.category, f.detector))))
        results.append(r)
    # the MQM figures of the pairs and the document, with the weights the audit scored with
    per_pair, doc_mqm = mqm_scores(results, weights_of(report.signature))
    results = [replace(r, mqm=m) for r, m in zip(results, per_pair, strict=True)]
    return replace(report, results=tuple(results), signature=signature, mqm=doc_mqm)
