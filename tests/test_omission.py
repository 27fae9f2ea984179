"""Omission / addition detector: unaligned beads, length ratio, re-translation runs."""

from __future__ import annotations

import pytest
from detector_ctx import make_ctx

from mtaudit.analysis.lengths import robust_norm
from mtaudit.analysis.words import same_word
from mtaudit.core.errors import ConfigError
from mtaudit.detectors import get_detector
from mtaudit.detectors.base import Setup

# Six ordinary pairs (en -> fr, French about 15 % longer) to give the document its norms.
BODY = [
    ("The minister arrived in the capital on Monday.",
     "Le ministre est arrivé lundi dans la capitale."),
    ("He met the president for two hours.", "Il a rencontré le président pendant deux heures."),
    ("The talks focused on regional security.",
     "Les discussions ont porté sur la sécurité régionale."),
    ("Both sides agreed to meet again soon.", "Les deux parties ont convenu de se revoir bientôt."),
    ("The opposition criticised the visit.", "L'opposition a critiqué cette visite."),
    ("Journalists were not allowed inside.", "Les journalistes n'ont pas été autorisés à entrer."),
]


class FakeEmbedder:
    """Texts about the refugee camp embed together; every other text is unrelated."""

    def encode(self, texts):
        import numpy as np

        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, 0 if ("refugee" in t or "réfugiés" in t) else 1 + hash(t) % 63] = 1.0
        return out


def det(**opts):
    return get_detector("omission", **opts)


def body_beads(par=0):
    return [([(s, par)], [(t, par)]) for s, t in BODY]


def test_clean_document_has_no_flag():
    ctx = make_ctx(body_beads(), "en", "fr")
    assert det().run(ctx) == []


def test_caption_paragraph_is_minor_target_only():
    beads = body_beads(0)[:3] + [([], [("Des soldats dans une rue de la ville.", 1)])] \
        + [([(s, 2)], [(t, 2)]) for s, t in BODY[3:]]
    (f,) = det().run(make_ctx(beads, "en", "fr"))
    assert (f.category, f.severity, f.side) == ("target-only", "minor", "target")
    assert f.text == "Des soldats dans une rue de la ville."


def test_boilerplate_at_document_edges_is_minor():
    beads = [([], [("Abonnez-vous à notre lettre d'information quotidienne.", 0)])] \
        + [([(s, 1)], [(t, 1)]) for s, t in BODY] \
        + [([], [("Tous droits réservés.", 1)])]   # same paragraph, but after the last pair
    flags = det().run(make_ctx(beads, "en", "fr"))
    assert [(f.category, f.severity) for f in flags] == [("target-only", "minor")] * 2


def test_invented_sentence_inside_a_paragraph_is_major_addition():
    invented = "Le pays a aussi annoncé des élections anticipées pour le printemps prochain."
    beads = [*body_beads(0)[:3], ([], [(invented, 0)]), *body_beads(0)[3:]]
    (f,) = det().run(make_ctx(beads, "en", "fr"))
    assert (f.category, f.severity) == ("addition", "major")


def test_credit_line_inside_a_paragraph_stays_minor():
    beads = [*body_beads(0)[:3], ([], [("Le ministre à son arrivée (AFP)", 0)]), *body_beads(0)[3:]]
    (f,) = det().run(make_ctx(beads, "en", "fr"))
    assert (f.category, f.severity) == ("target-only", "minor")


def test_source_only_sentence_is_major_on_the_source():
    omitted = "He also visited a refugee camp near the border."
    beads = [*body_beads(0)[:3], ([(omitted, 0)], []), *body_beads(0)[3:]]
    ctx = make_ctx(beads, "en", "fr")
    (f,) = det().run(ctx)
    assert (f.category, f.severity, f.side) == ("source-only", "major", "source")
    assert ctx.source.text[f.doc_start:f.doc_end] == omitted


def test_adjacent_unaligned_pair_is_softened_or_dropped_with_an_embedder():
    # without an embedder: lengths fit, so both flags are kept at minor severity
    gap = [([("He also visited a refugee camp near the border.", 0)], []),
           ([], [("Il a aussi visité un camp de réfugiés près de la frontière.", 0)])]
    beads = body_beads(0)[:3] + gap + body_beads(0)[3:]
    flags = det().run(make_ctx(beads, "en", "fr"))
    assert sorted(f.severity for f in flags) == ["minor", "minor"]

    ctx = make_ctx(beads, "en", "fr", embedder=FakeEmbedder())
    assert det().run(ctx) == []


def test_partial_omission_by_length_ratio():
    src = ("The delegation, which included the foreign minister and several senior "
           "military officers, also discussed trade, energy and the return of refugees.")
    beads = [*body_beads(0), ([(src, 0)], [("La délégation a aussi discuté.", 0)])]
    ctx = make_ctx(beads, "en", "fr")
    (f,) = det().run(ctx)
    assert (f.category, f.side, f.severity) == ("omission", "source", "major")
    # a pair whose similarity is at the document's norm is left alone
    sims = [0.8] * 6 + [0.85]
    assert det().run(make_ctx(beads, "en", "fr", similarities=sims)) == []


def test_omission_localised_with_a_retranslation():
    src = "The army said on Monday that the attack, which killed soldiers, came from the north."
    tgt = "L'armée a déclaré lundi que l'attaque venait du nord."
    retr = [None] * 6 + ["L'armée a déclaré lundi que l'attaque, qui a tué plusieurs soldats "
                         "gouvernementaux, venait du nord."]
    beads = [*body_beads(0), ([(src, 0)], [(tgt, 0)])]
    for i, (_s, t) in enumerate(BODY):
        retr[i] = t
    ctx = make_ctx(beads, "en", "fr", retranslations=retr, retranslation_kind="mt")
    (f,) = det(min_run_words=3).run(ctx)
    assert f.side == "source" and f.category == "omission"
    assert "which killed soldiers" in f.text
    assert "soldats" in f.suggestion


def test_helpers():
    assert same_word("déclaré", "déclarée") and same_word("Russie", "russie")
    assert not same_word("nation", "nature")
    med, scale = robust_norm([1.0, 1.1, 0.9, 1.0, 5.0])
    assert med == 1.0 and scale < 0.2


def test_source_sentence_translated_in_a_neighbouring_bead_is_not_an_omission():
    omitted = "He also visited a refugee camp near the border."
    merged = ([(BODY[2][0], 0)],
              [(BODY[2][1], 0), ("Il a aussi visité un camp de réfugiés près de la frontière.", 0)])
    beads = [*body_beads(0)[:2], merged, ([(omitted, 0)], []), *body_beads(0)[3:]]

    cats = [f.category for f in det().run(make_ctx(beads, "en", "fr"))]
    assert sorted(cats) == ["addition", "source-only"]  # the 1-2 bead is also too long
    ctx = make_ctx(beads, "en", "fr", embedder=FakeEmbedder())
    assert [f.category for f in det().run(ctx)] == ["addition"]


def test_caption_paragraph_swallowed_by_a_bead():
    caption = ("Le président lors d'une conférence de presse à Paris (AFP)", 1)
    beads = [*body_beads(0)[:3], ([(BODY[3][0], 0)], [(BODY[3][1], 0), caption]),
             *[([(s, 2)], [(t, 2)]) for s, t in BODY[4:]]]
    flags = det().run(make_ctx(beads, "en", "fr"))
    cap = [f for f in flags if f.category == "target-only"]
    assert len(cap) == 1 and cap[0].text == caption[0] and cap[0].severity == "minor"


def test_unrelated_paragraph_in_a_bead_is_found_with_an_embedder():
    furniture = ("Abonnez-vous à notre lettre d'information.", 1)
    beads = [*body_beads(0)[:3], ([("He also visited a refugee camp near the border.", 0)],
                                  [("Il a aussi visité un camp de réfugiés près de la frontière.",
                                    0), furniture]),
             *[([(s, 2)], [(t, 2)]) for s, t in BODY[3:]]]
    assert not [f for f in det().run(make_ctx(beads, "en", "fr"))
                if f.category == "target-only"]
    ctx = make_ctx(beads, "en", "fr", embedder=FakeEmbedder())
    (f,) = [f for f in det().run(ctx) if f.category == "target-only"]
    assert f.text == furniture[0] and f.severity == "minor"


def test_empty_unit_of_a_catalog_is_a_major_omission(tmp_path):
    import mtaudit

    po = tmp_path / "t.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "The government announced a new plan on Monday."\n'
                  'msgstr "Le gouvernement a annoncé lundi un nouveau plan."\n\n'
                  'msgid "It starts in spring."\nmsgstr ""\n', encoding="utf-8")
    report = mtaudit.audit(po, src_lang="en", tgt_lang="fr", mt_model="none")
    flags = [f for f in report.flags if f.category == "source-only"]
    assert len(flags) == 1 and flags[0].severity == "major"
    assert flags[0].text == "It starts in spring." and "no translation" in flags[0].message


def test_unknown_embedder_option_fails_in_prepare():
    with pytest.raises(ConfigError, match="unknown embedder"):
        det(embedder="word2vec").prepare(Setup("en", "fr"))
    assert det().prepare(Setup("en", "fr")) is None  # no option: nothing to load


def test_prepared_embedder_is_used_when_the_pipeline_has_none():
    gap = [([("He also visited a refugee camp near the border.", 0)], []),
           ([], [("Il a aussi visité un camp de réfugiés près de la frontière.", 0)])]
    ctx = make_ctx(body_beads(0)[:3] + gap + body_beads(0)[3:], "en", "fr")
    d = det(embedder="use")  # what prepare would load; given here, so nothing is loaded
    assert d.detect(ctx, FakeEmbedder()) == []
    assert len(det().detect(ctx)) == 2
