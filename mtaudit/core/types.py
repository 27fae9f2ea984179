"""Data that flows between pipeline stages: small frozen dataclasses with JSON round-trip.

Every type here has ``to_dict()`` and ``from_dict()``; ``from_dict(x.to_dict()) == x``.
Offsets are Python string indices (code points), half-open ``[start, end)``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any

SEVERITIES: tuple[str, ...] = ("critical", "major", "minor")

# Our categories and the MQM (Multidimensional Quality Metrics) typology path each maps to.
CATEGORIES: dict[str, str] = {
    "untranslated": "Accuracy/Untranslated",
    "mistranslation": "Accuracy/Mistranslation",
    "omission": "Accuracy/Omission",
    "addition": "Accuracy/Addition",
    "name": "Accuracy/Mistranslation/Entity",
    "number": "Accuracy/Mistranslation/Number",
    "term": "Terminology/Inconsistent with termbase",
    "consistency": "Terminology/Inconsistent use",
    "repetition": "Fluency/Repetition",
    "garbled": "Fluency/Character encoding",
    "punctuation": "Fluency/Punctuation",
    "placeholder": "Design and markup/Markup tag",  # software strings (detectors.placeholders)
    "markup": "Design and markup/Markup tag",
    "accelerator": "Design and markup/Character formatting",
    "whitespace": "Design and markup/Layout",
    "source-only": "Accuracy/Omission",
    "target-only": "Accuracy/Addition",
}


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _JSONMixin:
    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True)
class Document(_JSONMixin):
    """A whole source or target document."""

    text: str
    lang: str
    path: str | None = None
    fmt: str = "text"
    sha256: str = ""

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", sha256_text(self.text))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(**d)

    def meta(self) -> dict[str, Any]:
        """Description of the document without its text (what a report carries)."""
        return {"path": self.path, "lang": self.lang, "format": self.fmt,
                "sha256": self.sha256, "chars": len(self.text)}


@dataclass(frozen=True)
class Segment(_JSONMixin):
    """A sentence (or unit) with its character span ``[start, end)`` in its document."""

    text: str
    start: int
    end: int
    index: int = 0
    paragraph: int = 0
    unit_id: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Segment:
        return cls(**d)


@dataclass(frozen=True)
class Bead(_JSONMixin):
    """An alignment bead: indices of source and target segments aligned together."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    confidence: float = 1.0

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Bead:
        return cls(tuple(d["src"]), tuple(d["tgt"]), float(d.get("confidence", 1.0)))


@dataclass(frozen=True)
class AlignedPair(_JSONMixin):
    """Source segments aligned with target segments (one bead, resolved to text).

    ``source_text``/``target_text`` are the document slices covering the segments, so that an
    offset in them maps to a document offset by adding ``source_start``/``target_start``.
    """

    index: int
    source: tuple[Segment, ...]
    target: tuple[Segment, ...]
    confidence: float = 1.0
    source_text: str = ""
    target_text: str = ""
    source_start: int = 0
    target_start: int = 0

    @property
    def kind(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"

    @classmethod
    def from_segments(cls, index: int, src_doc: Document, tgt_doc: Document,
                      source: tuple[Segment, ...], target: tuple[Segment, ...],
                      confidence: float = 1.0) -> AlignedPair:
        s0, s1 = (source[0].start, source[-1].end) if source else (0, 0)
        t0, t1 = (target[0].start, target[-1].end) if target else (0, 0)
        return cls(index, tuple(source), tuple(target), confidence,
                   src_doc.text[s0:s1] if source else "", tgt_doc.text[t0:t1] if target else "",
                   s0, t0)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AlignedPair:
        d = dict(d)
        d["source"] = tuple(Segment.from_dict(s) for s in d["source"])
        d["target"] = tuple(Segment.from_dict(s) for s in d["target"])
        d.pop("kind", None)
        return cls(**d)

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["kind"] = self.kind
        return out


@dataclass(frozen=True)
class Flag(_JSONMixin):
    """One error found by a detector.

    ``start``/``end`` index into the pair's ``target_text`` (``side == "target"``) or
    ``source_text`` (``side == "source"``, e.g. omissions); ``doc_start``/``doc_end`` index the
    whole document on that side.
    """

    category: str
    severity: str
    start: int
    end: int
    text: str
    message: str
    detector: str
    pair_index: int = -1
    side: str = "target"
    suggestion: str | None = None
    doc_start: int = -1
    doc_end: int = -1
    confidence: float | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")
        if self.side not in ("source", "target"):
            raise ValueError(f"side must be 'source' or 'target', not {self.side!r}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    @property
    def mqm_category(self) -> str:
        return CATEGORIES.get(self.category, "Other")

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Flag:
        d = {k: v for k, v in d.items() if k != "mqm_category"}
        return cls(**d)

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["mqm_category"] = self.mqm_category
        return out

    @classmethod
    def on_pair(cls, pair: AlignedPair, start: int, end: int, *, category: str, severity: str,
                message: str, detector: str, side: str = "target",
                suggestion: str | None = None, confidence: float | None = None) -> Flag:
        """Build a flag from a span of ``pair.target_text`` (or ``source_text``)."""
        text = pair.target_text if side == "target" else pair.source_text
        base = pair.target_start if side == "target" else pair.source_start
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span [{start}, {end}) outside the pair's {side} text")
        return cls(category, severity, start, end, text[start:end], message, detector,
                   pair.index, side, suggestion, base + start, base + end, confidence)


@dataclass(frozen=True)
class PairResult(_JSONMixin):
    """Everything the audit knows about one aligned pair."""

    pair: AlignedPair
    flags: tuple[Flag, ...] = ()
    retranslation: str | None = None
    scores: dict[str, float] = field(default_factory=dict)
    similarity: float | None = None
    mqm: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PairResult:
        return cls(AlignedPair.from_dict(d["pair"]),
                   tuple(Flag.from_dict(f) for f in d.get("flags", ())),
                   d.get("retranslation"), dict(d.get("scores", {})), d.get("similarity"),
                   dict(d.get("mqm", {})))

    def __hash__(self) -> int:  # dict fields make the default hash fail
        return hash((self.pair, self.flags, self.retranslation))
