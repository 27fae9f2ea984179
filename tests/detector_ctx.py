"""Build detector contexts from hand-made beads (shared by the detector tests)."""

from __future__ import annotations


def make_ctx(beads, src_lang="ar", tgt_lang="fr", *, retranslations=None, similarities=None,
             resources=None, retranslation_kind=None, embedder=None):
    """Context from beads: each bead is (source sentences, target sentences); a sentence is
    "text" or ("text", paragraph). Sentences of one paragraph are joined by a space,
    paragraphs by a blank line."""
    from mtaudit.core.types import AlignedPair, Document, Segment
    from mtaudit.detectors.base import DetectorContext

    def norm(items):
        return [(x, None) if isinstance(x, str) else x for x in items]

    sides = {"s": [], "t": []}
    for src, tgt in beads:
        sides["s"].append(norm(src))
        sides["t"].append(norm(tgt))
    docs, segs = {}, {}
    for side, lang in (("s", src_lang), ("t", tgt_lang)):
        text, out, last_par, idx = "", [], None, 0
        per_bead = []
        for bead in sides[side]:
            mine = []
            for sent, par in bead:
                par = idx if par is None else par
                if out:
                    text += " " if par == last_par else "\n\n"
                start = len(text)
                text += sent
                seg = Segment(sent, start, len(text), idx, par)
                out.append(seg)
                mine.append(seg)
                last_par, idx = par, idx + 1
            per_bead.append(tuple(mine))
        docs[side] = Document(text, lang)
        segs[side] = per_bead
    pairs = [AlignedPair.from_segments(k, docs["s"], docs["t"], segs["s"][k], segs["t"][k])
             for k in range(len(beads))]
    return DetectorContext(docs["s"], docs["t"], pairs, src_lang, tgt_lang, retranslations,
                           retranslation_kind, similarities, dict(resources or {}), embedder)
