"""Names misread from the Arabic: a target name that renders a source word except for one
consonant standing for an Arabic letter of the same shape with other dots (ب read as ن:
"Nortnikov" for بورتنيكوف), the names detector's check without a re-translation."""

from __future__ import annotations

from collections.abc import Callable

from mtaudit.core.types import AlignedPair, Flag
from mtaudit.entities.extract import Mention
from mtaudit.entities.linking import Link
from mtaudit.entities.name_resources import NameResources, renders_name
from mtaudit.entities.nearmiss import case_like, romanizer_agrees
from mtaudit.entities.skeleton import PRIMARY, dot_sibling_reading
from mtaudit.lang.latin import fold


def skeleton_misses(pair: AlignedPair, mentions: list[Mention], skip: set[tuple[int, int]],
                    link: Callable[[Mention], Link | None], res: NameResources, *,
                    max_link_cost: float, max_cost: float, severity: str,
                    detector: str) -> list[Flag]:
    """Flags for mentions one dot-sibling consonant away from the source word they link to
    (cost over ``max_link_cost``, at most ``max_cost``), unless that source word is rendered
    by another target name."""
    rendered: set[int] | None = None  # source words rendered by some target name (lazily)

    def is_rendered(start: int) -> bool:
        nonlocal rendered
        if rendered is None:
            rendered = set()
            for m in mentions:
                if m.text.isupper():
                    continue
                lk = link(m)
                if lk is not None and lk.cost <= max_link_cost:
                    rendered.add(lk.word.start)
        return start in rendered

    out = []
    for m in mentions:
        if (not renders_name(m, 5, res) or (m.start, m.end) in skip
                or m.folded in res.accepted_forms):
            continue
        lk = link(m)
        if lk is None or lk.match is None or lk.cost <= max_link_cost:
            continue
        hard = lk.match.hard_edits
        if (len(hard) != 1 or hard[0].kind != "sub" or lk.cost > max_cost
                or len(lk.stem) < 4 or is_rendered(lk.word.start)):
            continue
        op = hard[0]
        sibling = dot_sibling_reading(op, m.text)
        if sibling is None or romanizer_agrees(lk.word.text, m.text):
            continue
        folded = fold(m.text)
        if len(folded) != len(m.text):  # offsets of the folded form must match the text
            continue
        a, b = op.latin
        repl = PRIMARY.get(op.arabic, "")
        suggestion = m.text[:a] + case_like(m.text[a:b], repl) + m.text[b:]
        out.append(Flag.on_pair(
            pair, m.start, m.end, category="name", severity=severity,
            message=(f"'{m.text}' renders source word {lk.word.text} except for "
                     f"'{m.text[a:b]}': {op.arabic} read as {sibling}, a letter of the "
                     f"same shape"),
            detector=detector, suggestion=suggestion, confidence=0.5))
    return out


__all__ = ["skeleton_misses"]
