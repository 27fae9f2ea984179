"""Repetition and garbling detectors."""

from __future__ import annotations

from detector_ctx import make_ctx

from mtaudit.detectors import get_detector
from mtaudit.detectors.garbled import find_mixed_scripts, find_mojibake
from mtaudit.detectors.repetition import (
    COORDINATORS,
    find_repeated_sentences,
    find_repetitions,
)


def rep(beads, src="en", tgt="fr", **opts):
    return get_detector("repetition", **opts).run(make_ctx(beads, src, tgt))


def garb(beads, src="en", tgt="fr", **opts):
    return get_detector("garbled", **opts).run(make_ctx(beads, src, tgt))


def test_repeated_phrase_is_flagged_with_a_fix():
    (f,) = rep([(["the council of the member states"],
                 ["le conseil des États des États membres"])])
    assert (f.category, f.severity, f.text) == ("repetition", "minor", "des États")
    assert f.suggestion == "le conseil des États membres"


def test_repeated_word_and_decoder_loop():
    (f,) = rep([(["the the cat"], ["le le chat"])])
    assert f.text == "le"
    (g,) = rep([(["we want peace"], ["nous voulons la paix la paix la paix la paix"])])
    assert g.severity == "major" and "4 times" in g.message


def test_legitimate_doubles_are_not_flagged():
    assert rep([(["we met"], ["nous nous sommes vus et vous vous êtes levés"])]) == []
    assert rep([(["He had had enough."], ["He had had enough."])], "fr", "en") == []
    assert rep([(["in Bora Bora"], ["à Bora Bora"])]) == []          # capitalised name
    assert rep([(["countries, countries"], ["des pays, des pays"])]) == []  # punctuation


def test_repetition_copied_from_the_source_is_not_flagged():
    assert rep([(["She sang 'la la la'."], ["Elle a chanté « la la la »."])]) == []


def test_find_repetitions_offsets():
    text = "Il a vu des pays des pays amis."
    ((a, b, n, copies, unit),) = find_repetitions(text)
    assert text[a:b] == "des pays" and (n, copies, unit) == (2, 2, "des pays")


def test_unmatched_quote_is_flagged_when_the_source_is_balanced():
    flags = garb([(["He said: «we will help»."], ["Il a dit : «nous aiderons."])])
    (f,) = flags
    assert (f.category, f.severity, f.text) == ("punctuation", "minor", "«")


def test_quotes_spanning_sentences_are_judged_per_paragraph():
    # the quote opens in one sentence and closes in the next, on both sides: no flag
    beads = [([("He said: «we will help.", 0)], [("Il a dit : «nous aiderons.", 0)]),
             ([("We are ready».", 0)], [("Nous sommes prêts».", 0)])]
    assert garb(beads) == []
    # quote style changed by the MT but balanced: no flag
    assert garb([(["He said «yes»."], ['Il a dit "oui".'])]) == []
    # the closing mark lost in the second sentence
    beads[1] = ([("We are ready».", 0)], [("Nous sommes prêts.", 0)])
    (f,) = garb(beads)
    assert f.text == "«" and f.pair_index == 0


def test_unmatched_bracket():
    (f,) = garb([(["the group (ISIS) said"], ["le groupe (EI a dit"])])
    assert f.text == "(" and f.category == "punctuation"


def test_mixed_scripts_and_mojibake():
    text = "Le président Pоutine"  # Cyrillic о
    (f,) = garb([(["President Putin"], [text])])
    assert (f.category, f.text, f.suggestion) == ("garbled", "Pоutine", "Poutine")
    flags = garb([(["the summer cafe"], ["le cafÃ© de lâ€™Ã©tÃ©"])])
    assert [f.suggestion for f in flags] == ["é", "’é", "é"]
    assert find_mixed_scripts("Москва et Paris") == []
    assert find_mojibake("Le café «été» Ä»") == []


def test_clean_pairs_have_no_flag():
    beads = [(["He said: «we are ready» (today)."],
              ["Il a dit : « nous sommes prêts » (aujourd'hui)."]),
             (["Prices rose 3%."], ["Les prix ont augmenté de 3 %."]),
             (["The Taliban (in Kabul) replied."], ["Les talibans (à Kaboul) ont répondu."])]
    assert rep(beads) == [] and garb(beads) == []


def test_comma_lists_and_reduplications_are_not_repetitions():
    # a comma list read one word later is not a back-to-back unit
    assert find_repetitions("Il a visité des pays, des pays, des villes.") == []
    assert find_repetitions("minus 120 degrees, 0 degrees, 0 degrees, 120 degrees") == []
    # X-and-X reduplication followed by the conjunction again (the language's coordinators)
    en, fr = COORDINATORS["en"], COORDINATORS["fr"]
    assert find_repetitions("the car got faster and faster and made a louder sound",
                            coordinators=en) == []
    assert find_repetitions("Il a répété encore et encore et encore.", coordinators=fr) == []
    # ... which the detector knows per target language
    assert rep([(["It went faster and faster and then stopped."],
                 ["It went faster and faster and then stopped."])], src="fr", tgt="en") == []
    # real duplications are still found, short words and prepositions included
    assert [u for *_, u in find_repetitions("He put it in the in the box.",
                                            coordinators=en)] == ["in the"]
    assert [u for *_, u in find_repetitions("Ils ont parlé de de la crise.")] == ["de"]
    assert [u for *_, u in find_repetitions("Le ministre de ministre de l'Intérieur a parlé.",
                                            coordinators=fr)] == ["ministre de"]
    assert [u for *_, u in find_repetitions("the government and government and the people",
                                            coordinators=frozenset())] == ["government and"]


def test_repeated_whole_sentence_is_major():
    flags = rep([(["Delete this file?"],
                  ["Supprimer ce fichier définitivement ? Supprimer ce fichier définitivement ?"])])
    [f] = flags
    assert (f.severity, f.text) == ("major", "Supprimer ce fichier définitivement ?")
    assert f.suggestion == "Supprimer ce fichier définitivement ?"
    assert find_repeated_sentences("Il pleut. Il pleut encore.", "fr") == []
    assert find_repeated_sentences("Non. Non.", "fr") == []  # too short to call an error
    # the source repeats itself too: kept
    assert rep([(["Come back here now. Come back here now."],
                 ["Reviens ici maintenant. Reviens ici maintenant."])]) == []
    # ... even when its sentences are shorter than the translation's
    assert rep([(["Thank you. Thank you."], ["Je vous remercie. Je vous remercie."])]) == []


def test_a_pronoun_joined_to_its_verb_is_not_a_repetition():
    from mtaudit.detectors.repetition import find_repetitions

    assert find_repetitions("Rendez-leur leur part, puis dites-nous nous aussi.") == []
    # a free word repeated is still found, hyphen or not elsewhere in the sentence
    assert [r[4] for r in find_repetitions("Le pâtissier-traiteur a goûté goûté la crème.")] == [
        "goûté"]
    assert [r[4] for r in find_repetitions("Rendez leur leur part.")] == ["leur"]
