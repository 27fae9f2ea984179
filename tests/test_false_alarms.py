"""False alarms on good translations: quotes that span sentences or lines, a source with no
quote marks, and a line (verse) whose translation the aligner split over several beads."""

from __future__ import annotations

import numpy as np
from detector_ctx import make_ctx

from mtaudit.core.types import AlignedPair, Document, Segment
from mtaudit.detectors import get_detector
from mtaudit.detectors.base import DetectorContext

# topic words: a text's vector is the count of its topics (hand-written, no real corpus)
TOPICS = [("نهر", "rivière"), ("جبل", "montagne"), ("بحر", "mer"), ("شجر", "arbre"),
          ("طير", "oiseau"), ("قمر", "lune"), ("نار", "feu"), ("ريح", "vent")]


class TopicEmbedder:
    def encode(self, texts):
        out = np.zeros((len(texts), len(TOPICS) + 1), dtype=np.float32)
        for i, t in enumerate(texts):
            for d, words in enumerate(TOPICS):
                out[i, d] = sum(t.count(w) for w in words)
            out[i, -1] = 0.1
            out[i] /= np.linalg.norm(out[i])
        return out


def lines_ctx(beads):
    """Context of one-line-per-verse documents: each bead is (source lines' sentences,
    target sentences with their line numbers); sentences of one line are joined by a space."""
    docs, segs = {}, {"s": [], "t": []}
    for side, lang in (("s", "ar"), ("t", "fr")):
        rows: dict[int, list[str]] = {}
        for src, tgt in beads:
            for text, line in (src if side == "s" else tgt):
                rows.setdefault(line, []).append(text)
        text, where = "", {}
        for line in sorted(rows):
            for j, sent in enumerate(rows[line]):
                if j:
                    text += " "
                where[(line, sent)] = len(text)
                text += sent
            text += "\n"
        docs[side] = Document(text, lang)
        idx = 0
        for src, tgt in beads:
            mine = []
            for sent, line in (src if side == "s" else tgt):
                a = where[(line, sent)]
                mine.append(Segment(sent, a, a + len(sent), idx, 0))
                idx += 1
            segs[side].append(tuple(mine))
    pairs = [AlignedPair.from_segments(k, docs["s"], docs["t"], segs["s"][k], segs["t"][k])
             for k in range(len(beads))]
    return DetectorContext(docs["s"], docs["t"], pairs, "ar", "fr", embedder=TopicEmbedder())


def verse(n, topic, words=6):
    ar, fr = TOPICS[topic]
    return ([(f"{ar} " + " ".join(["كلمة"] * words), n)],
            [(f"La {fr} " + " ".join(["mot"] * words) + ".", n)])


def body():
    return [verse(n, n % 8) for n in range(6)]


def test_split_verse_is_not_an_addition():
    ar, fr = TOPICS[6]
    split = ([(f"{ar} " + " ".join(["كلمة"] * 12), 6)], [(f"Le {fr} " + "mot " * 5 + "fin.", 6)])
    rest = ([], [(f"Et le {fr} " + "mot " * 4 + "fin.", 6)])
    ctx = lines_ctx([*body(), split, rest, verse(7, 7)])
    flags = get_detector("omission").run(ctx)
    assert not [f for f in flags if f.category in ("addition", "omission", "target-only")]


def test_sentence_on_its_own_line_is_still_an_addition():
    extra = ([], [("Le " + TOPICS[2][1] + " " + "mot " * 8 + "fin.", 6)])
    ctx = lines_ctx([*body(), extra, verse(7, 7), verse(8, 3)])
    flags = get_detector("omission").run(ctx)
    assert [(f.category, f.severity) for f in flags] == [("addition", "major")]


def test_split_verse_without_embedder_keeps_the_old_flags():
    ar, fr = TOPICS[6]
    split = ([(f"{ar} " + " ".join(["كلمة"] * 12), 6)], [(f"Le {fr} " + "mot " * 5 + "fin.", 6)])
    rest = ([], [(f"Et le {fr} " + "mot " * 4 + "fin.", 6)])
    ctx = lines_ctx([*body(), split, rest, verse(7, 7)])
    ctx = DetectorContext(ctx.source, ctx.target, ctx.pairs, "ar", "fr")
    flags = get_detector("omission").run(ctx)
    assert [f.category for f in flags] == ["omission", "addition"]  # the split-bead pair


def quote_flags(beads):
    return [f for f in get_detector("garbled").run(make_ctx(beads, "en", "fr"))
            if f.category == "punctuation"]


def test_quote_closing_in_a_later_sentence_or_paragraph_is_paired():
    beads = [([("He said: “We leave.", 0)], [("Il dit : « Nous partons.", 0)]),
             ([("Tomorrow we return.”", 0)], [("Demain nous revenons. »", 0)]),
             ([("She answered: “Wait.", 1)], [("Elle répondit : « Attendez.", 1)]),
             ([("Not yet.”", 2)], [("Pas encore. »", 2)])]
    assert quote_flags(beads) == []


def test_unclosed_quote_is_flagged_when_the_source_closes_it():
    beads = [([("He said: “We leave.”", 0)], [("Il dit : « Nous partons.", 0)]),
             ([("The boat is ready.", 1)], [("Le bateau est prêt.", 1)])]
    (f,) = quote_flags(beads)
    assert f.text == "«" and "balanced" in f.message


def test_no_quote_check_when_the_source_has_no_quote_mark():
    beads = [([("قال نحن نرحل", 0)], [("Il dit : « Nous partons", 0)]),
             ([("السفينة جاهزة", 1)], [("Le bateau est prêt.", 1)])]
    flags = [f for f in get_detector("garbled").run(make_ctx(beads, "ar", "fr"))
             if f.category == "punctuation"]
    assert flags == []


def test_right_to_left_quote_order_is_balanced():
    from mtaudit.detectors.garbled import is_rtl, quote_imbalance

    arabic = "قال ”هذا مثال“ ثم سكت."
    assert quote_imbalance(arabic, rtl=True) == (0, [])
    assert quote_imbalance(arabic)[0] == 2  # read left to right, ” cannot open
    assert quote_imbalance("un “exemple” ici", rtl=True) == (0, [])
    assert quote_imbalance("un ”exemple ici", rtl=True)[0] == 1
    assert is_rtl("ar") and is_rtl("fa-IR") and not is_rtl("fr")
