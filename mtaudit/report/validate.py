"""Structural check of a report read from JSON, before it is built (no jsonschema needed).

:func:`validate_report` checks what :meth:`AuditReport.from_dict` and the renderers read: the
fields they need are there, every field has its type (a number is not a string, a count is a
whole number, a flag's span lies in its pair's text), and no string holds a lone surrogate (a
``"\\ud800"`` escape, not Unicode text). The first problem is an InputError naming the file and
the field: ``report.json: results[3].flags[0].confidence: expected a number, got 'high'``.
Fields a reader does not use (``summary``, ``signature_string``) are not checked; unknown
signature entries are kept as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mtaudit.core.errors import InputError
from mtaudit.core.escape import has_surrogate, visible
from mtaudit.core.types import SEVERITIES


@dataclass(frozen=True)
class Check:
    """A JSON type: its test and how an error names it."""

    ok: Callable[[Any], bool]
    what: str

    def __call__(self, v: Any) -> bool:
        return self.ok(v)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


_str = Check(lambda v: isinstance(v, str), "a string")
_int = Check(_is_int, "a whole number")
_count = Check(lambda v: _is_int(v) and v >= 0, "a whole number >= 0")
_num = Check(_is_num, "a number")
_obj = Check(lambda v: isinstance(v, dict), "an object")
_list = Check(lambda v: isinstance(v, list), "a list")


def _nullable(check: Check) -> Check:
    return Check(lambda v: v is None or check.ok(v), f"{check.what} or null")


def _shown(v: Any) -> str:
    text = repr(v)
    return text if len(text) <= 60 else text[:57] + "..."


class _Checker:
    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, path: str, why: str) -> InputError:
        return InputError(f"{visible(self.name)}: {visible(path or 'report')}: {why}")

    def value(self, v: Any, check: Check, path: str) -> None:
        if not check(v):
            raise self.fail(path, f"expected {check.what}, got {_shown(v)}")

    def fields(self, d: Any, path: str, required: dict[str, Check],
               optional: dict[str, Check], *, ignored: tuple[str, ...] = (),
               closed: bool = True) -> None:
        """``d`` is an object with the ``required`` fields, maybe the ``optional`` ones and (when
        ``closed``) nothing else, each passing its check."""
        self.value(d, _obj, path)
        prefix = f"{path}." if path else ""
        for key, check in required.items():
            if key not in d:
                raise self.fail(f"{prefix}{key}", "missing")
            self.value(d[key], check, prefix + key)
        for key, check in optional.items():
            if key in d:
                self.value(d[key], check, prefix + key)
        if closed:
            extra = sorted(set(d) - set(required) - set(optional) - set(ignored))
            if extra:
                raise self.fail(f"{prefix}{extra[0]}", "unexpected field")

    def mapping(self, d: Any, check: Check, path: str) -> None:
        self.value(d, _obj, path)
        for key, v in d.items():
            self.value(v, check, f"{path}.{key}")

    def items(self, v: Any, path: str, each: Callable[[Any, str], None]) -> None:
        self.value(v, _list, path)
        for i, item in enumerate(v):
            each(item, f"{path}[{i}]")

    def surrogates(self, v: Any, path: str) -> None:
        """No string (nor object key) anywhere in ``v`` holds a surrogate code point."""
        if isinstance(v, str):
            if has_surrogate(v):
                raise self.fail(path, "holds a lone surrogate (an escape such as \\ud800 that "
                                      "is not Unicode text)")
        elif isinstance(v, dict):
            for key, item in v.items():
                self.surrogates(key, path)
                self.surrogates(item, f"{path}.{key}" if path else str(key))
        elif isinstance(v, list):
            for i, item in enumerate(v):
                self.surrogates(item, f"{path}[{i}]")

    # ----- parts ----------------------------------------------------------------------------
    def document(self, d: Any, path: str) -> None:
        self.fields(d, path, {}, {"path": _nullable(_str), "lang": _str, "format": _str,
                                  "sha256": _str, "chars": _count}, closed=False)

    def signature(self, d: Any, path: str) -> None:
        text = {k: _nullable(_str) for k in ("mtaudit", "pair", "segmenter", "embedder",
                                             "aligner")}
        self.fields(d, path, {}, {**text, "detectors": _list, "retranslation": _nullable(_obj),
                                  "scoring": _obj, "mqm_weights": _obj}, closed=False)
        for i, det in enumerate(d.get("detectors") or ()):
            if not isinstance(det, str):
                self.fields(det, f"{path}.detectors[{i}]", {"name": _str},
                            {"options": _obj, "documents": _count, "package": _str})
        if "mqm_weights" in d:
            self.mapping(d["mqm_weights"], _num, f"{path}.mqm_weights")

    def corpus_scores(self, d: Any, path: str) -> None:
        self.value(d, _obj, path)
        for name, val in d.items():
            where = f"{path}.{name}"
            if name == "n":
                self.value(val, _nullable(_count), where)
            elif name == "signatures":
                self.mapping(val, _str, where)
            elif isinstance(val, dict):
                self.fields(val, where, {}, {"score": _nullable(_num), "ci95": _nullable(_list)},
                            closed=False)
                ci = val.get("ci95")
                if ci is not None:
                    if len(ci) != 2:
                        raise self.fail(f"{where}.ci95", f"expected two numbers, got {_shown(ci)}")
                    for k, x in enumerate(ci):
                        self.value(x, _num, f"{where}.ci95[{k}]")

    def segment(self, d: Any, path: str) -> None:
        self.fields(d, path, {"text": _str, "start": _count, "end": _count},
                    {"index": _count, "paragraph": _count, "unit_id": _nullable(_str)})
        if d["end"] < d["start"]:
            raise self.fail(f"{path}.end", f"ends ({d['end']}) before it starts ({d['start']})")

    def pair(self, d: Any, path: str) -> None:
        self.fields(d, path, {"index": _count, "source": _list, "target": _list},
                    {"confidence": _num, "source_text": _str, "target_text": _str,
                     "source_start": _count, "target_start": _count}, ignored=("kind",))
        self.items(d["source"], f"{path}.source", self.segment)
        self.items(d["target"], f"{path}.target", self.segment)

    def flag(self, d: Any, path: str, pair: dict[str, Any]) -> None:
        self.fields(d, path, {"category": _str, "severity": _str, "start": _count,
                              "end": _count, "text": _str, "message": _str, "detector": _str},
                    {"pair_index": _int, "side": _str, "suggestion": _nullable(_str),
                     "doc_start": _int, "doc_end": _int, "confidence": _nullable(_num)},
                    ignored=("mqm_category",))
        if d["severity"] not in SEVERITIES:
            raise self.fail(f"{path}.severity", f"expected one of {', '.join(SEVERITIES)}, "
                                                f"got {_shown(d['severity'])}")
        side = d.get("side", "target")
        if side not in ("source", "target"):
            raise self.fail(f"{path}.side", f"expected source or target, got {_shown(side)}")
        size = len(pair.get(f"{side}_text", ""))
        if not d["start"] <= d["end"] <= size:
            raise self.fail(path, f"span [{d['start']}, {d['end']}) is not within the pair's "
                                  f"{side} text ({size} characters)")

    def result(self, d: Any, path: str) -> None:
        self.fields(d, path, {"pair": _obj},
                    {"flags": _list, "retranslation": _nullable(_str), "scores": _obj,
                     "similarity": _nullable(_num), "mqm": _obj})
        self.pair(d["pair"], f"{path}.pair")
        self.items(d.get("flags", []), f"{path}.flags",
                   lambda f, where: self.flag(f, where, d["pair"]))
        for key in ("scores", "mqm"):
            if key in d:
                self.mapping(d[key], _num, f"{path}.{key}")


def validate_report(d: Any, name: str = "report") -> None:
    """Raise InputError (naming ``name`` and the field) unless ``d`` is a readable report."""
    c = _Checker(name)
    if not isinstance(d, dict):
        raise c.fail("", f"expected a JSON object, got {type(d).__name__}")
    c.surrogates(d, "")
    c.fields(d, "", {"schema": _str, "source": _obj, "target": _obj, "signature": _obj,
                     "results": _list},
             {"created": _str, "notices": _list, "mqm": _obj, "corpus_scores": _obj},
             closed=False)
    c.document(d["source"], "source")
    c.document(d["target"], "target")
    c.signature(d["signature"], "signature")
    c.items(d.get("notices", []), "notices", lambda v, where: c.value(v, _str, where))
    if "corpus_scores" in d:
        c.corpus_scores(d["corpus_scores"], "corpus_scores")
    c.items(d["results"], "results", c.result)


__all__ = ["validate_report"]
