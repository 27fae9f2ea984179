"""Lines with no counterpart in a line-parallel document (mtaudit.analysis.line_orphans), as
the omission detector reports them: a dropped line glued into a 2-1 bead, an added line glued
into a 1-2 bead, and a genuine 1-2 split left alone."""

from __future__ import annotations

from detector_ctx import make_ctx

from mtaudit.analysis.line_orphans import line_orphans
from mtaudit.detectors import get_detector

# One sentence per line (en -> fr), written for these tests.
LINES = [
    ("The ferry leaves the harbour at dawn.", "Le bac quitte le port à l'aube."),
    ("Fishermen mend their nets on the quay.", "Les pêcheurs réparent leurs filets sur le quai."),
    ("A baker sells warm bread near the church.",
     "Un boulanger vend du pain chaud près de l'église."),
    ("Children run to school along the dyke.",
     "Les enfants courent à l'école le long de la digue."),
    ("The mayor opens the weekly market at nine.",
     "Le maire ouvre le marché hebdomadaire à neuf heures."),
    ("Farmers bring cheese and apples from the hills.",
     "Les fermiers apportent du fromage et des pommes des collines."),
    ("A storm is expected in the evening.", "Une tempête est attendue dans la soirée."),
    ("The lighthouse keeper checks his lamp.", "Le gardien du phare vérifie sa lampe."),
    ("Tourists photograph the old windmill.", "Les touristes photographient le vieux moulin."),
    ("The last bus returns to the city at six.", "Le dernier bus rentre en ville à six heures."),
    ("Shops close early on Sundays.", "Les magasins ferment tôt le dimanche."),
    ("At night the village is quiet again.", "La nuit, le village retrouve son calme."),
]
ADDED = "Le conseil municipal a voté un nouveau budget pour la piscine."
# line 4 said at length in the source, in two sentences on one target line
LONG_SRC = "The mayor opens the weekly market at nine, and he greets every stallholder by name."
SPLIT = ("Le maire ouvre le marché hebdomadaire à neuf heures.",
         "Il salue chaque marchand par son nom.")


class TopicEmbedder:
    """A line and its translation embed together: each known sentence is a topic (its line);
    a text is the normalised sum of the topics of the known sentences it contains, and an
    unknown text is a direction of its own."""

    def __init__(self) -> None:
        self.topic = {t: i for i, pair in enumerate(LINES) for t in pair}
        self.topic[LONG_SRC] = 4
        self.topic.update({s: 4 for s in SPLIT})

    def encode(self, texts):
        import numpy as np

        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, text in enumerate(texts):
            hits = [k for s, k in self.topic.items() if s in text]
            for k in hits:
                out[i, k] += 1.0
            if not hits:
                out[i, 20 + sum(map(ord, text)) % 40] = 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def beads_with(k: int, bead: tuple[list, list]) -> list:
    """One bead per line, every sentence on a line of its own, with ``bead`` at line ``k``."""
    ones = [([s], [t]) for s, t in LINES]
    return [*ones[:k], bead, *ones[k + 1:]]


def flags(beads):
    ctx = make_ctx(beads, "en", "fr", embedder=TopicEmbedder())
    return ctx, get_detector("omission").run(ctx)


def test_dropped_line_inside_a_2_1_bead_is_source_only():
    ones = [([s], [t]) for s, t in LINES]
    glued = ([LINES[4][0], LINES[5][0]], [LINES[4][1]])  # line 5's translation was dropped
    ctx, got = flags([*ones[:4], glued, *ones[6:]])
    mine = [f for f in got if f.side == "source" and f.category == "source-only"]
    assert len(mine) == 1 and mine[0].text == LINES[5][0] and mine[0].severity == "major"
    assert "no counterpart" in mine[0].message and "2-1 bead" in mine[0].message
    check = line_orphans(ctx.pairs, ctx.source.text, ctx.target.text, TopicEmbedder(), 0.5)
    assert [(o.side, o.pair) for o in check.orphans] == [("source", 4)]


def test_added_line_inside_a_1_2_bead_is_an_addition():
    # ADDED is a line of its own (paragraph 99) that the aligner glued to line 4
    glued = ([(LINES[4][0], None)], [(LINES[4][1], None), (ADDED, 99)])
    _, got = flags(beads_with(4, glued))
    mine = [f for f in got if f.side == "target" and f.category == "addition"]
    assert len(mine) == 1 and mine[0].text == ADDED and mine[0].severity == "major"


def test_genuine_split_of_one_line_is_not_flagged():
    # one long source line translated as two sentences on one target line (paragraph 99)
    split = ([(LONG_SRC, None)], [(SPLIT[0], 99), (SPLIT[1], 99)])
    _, got = flags(beads_with(4, split))
    assert [f for f in got if f.category in ("addition", "target-only", "source-only")] == []


def test_moved_line_is_an_aligner_slip_not_an_orphan():
    # line 5's translation left unaligned next to a 2-1 bead: imbalances cancel, no orphan,
    # and the unaligned translation is matched at line level (no addition flag)
    ones = [([s], [t]) for s, t in LINES]
    beads = [*ones[:4], ([LINES[4][0], LINES[5][0]], [LINES[4][1]]), ([], [LINES[5][1]]),
             *ones[6:]]
    ctx, got = flags(beads)
    check = line_orphans(ctx.pairs, ctx.source.text, ctx.target.text, TopicEmbedder(), 0.5)
    assert check.orphans == [] and 5 in check.covered
    assert [f for f in got if f.category in ("addition", "target-only", "source-only")] == []


def test_not_line_parallel_or_no_embedder_finds_nothing():
    ctx = make_ctx([([s for s, _ in LINES[:6]], [t for _, t in LINES[:5]])], "en", "fr")
    assert line_orphans(ctx.pairs, ctx.source.text, ctx.target.text, TopicEmbedder(),
                        0.5).orphans == []
    assert line_orphans(ctx.pairs, ctx.source.text, ctx.target.text, None, 0.5).orphans == []


# the rest of line 4's translation, a sentence the embedder does not relate to anything
# (a sentence embedder often finds a fragment of a long line unlike the whole source line)
REST = "Puis il salue chaque marchand par son nom."


def test_line_split_over_two_beads_is_not_flagged():
    # line 4 (one long source sentence) translated by two sentences on one target line; the
    # aligner paired the first and left the second in a 0-1 bead: without it the line is
    # short for the norm, with it normal -> the rest of the line's translation, not an addition
    ones = [([s], [t]) for s, t in LINES]
    beads = [*ones[:4], ([(LONG_SRC, None)], [(SPLIT[0], 99)]), ([], [(REST, 99)]), *ones[5:]]
    ctx = make_ctx(beads, "en", "fr", embedder=TopicEmbedder())
    on = get_detector("omission", join_lines=False).run(ctx)  # the line rule alone
    assert [f for f in on if f.category in ("addition", "target-only")] == []
    off = get_detector("omission", join_lines=False, line_check=False).run(ctx)
    assert [f.text for f in off if f.category == "addition"] == [REST]  # flagged before


def test_unrelated_sentence_added_inside_a_line_is_still_flagged():
    # line 6 carries an extra sentence of its own (same target line, a 0-1 bead): the line
    # is then too long for the norm, so it is not taken for the rest of the translation
    ones = [([s], [t]) for s, t in LINES]
    beads = [*ones[:6], ([(LINES[6][0], None)], [(LINES[6][1], 99)]), ([], [(ADDED, 99)]),
             *ones[7:]]
    ctx, got = flags(beads)
    mine = [f for f in got if f.category == "addition"]
    assert [f.text for f in mine] == [ADDED]
    from mtaudit.analysis import norms

    o = get_detector("omission").options
    norm = norms.length_norm(ctx.pairs, o.min_pairs, o.min_scale)
    gc = norms.gale_church(ctx.pairs, norm, o.min_pairs, o.min_gc_scale)
    check = line_orphans(ctx.pairs, ctx.source.text, ctx.target.text, TopicEmbedder(), 0.5,
                         gc=gc)
    assert check.split == set() and check.orphans == []
