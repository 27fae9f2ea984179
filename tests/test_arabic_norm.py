"""Arabic normalisation for comparisons: each mark class, offsets back to the original text, and
its use by the embedder, language identification, glossary terms and number words."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pytest

from mtaudit.analysis.langid import detect_language, language_spans
from mtaudit.analysis.numbers import extract_numbers
from mtaudit.core.types import AlignedPair, Document, Segment
from mtaudit.detectors.base import DetectorContext
from mtaudit.detectors.terms import TermsDetector
from mtaudit.embed import CachedEmbedder
from mtaudit.entities.glossary import find_term, term_key, text_tokens
from mtaudit.lang.arabic import normalize_arabic
from mtaudit.lang.arabic_norm import (
    has_arabic,
    normalize_for_comparison,
    normalize_with_offsets,
    original_span,
)

N = normalize_for_comparison
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
VOCALISED = "ذَهَبَ الوَلَدُ إِلَى المَدْرَسَةِ"  # made-up MSA sentence with harakat
PLAIN = "ذهب الولد إلى المدرسة"


@pytest.mark.parametrize(("text", "want"), [
    (VOCALISED, PLAIN),                                   # harakat, sukun
    ("كِتَابٌ مُهِمٌّ", "كتاب مهم"),                          # tanwin, shadda
    ("قَالُوٓاْ", "قالوا"),                                   # maddah and small high marks
    ("رَبِّهِۦ عَبۡدَهُۥ", "ربه عبده"),                         # small waw, Qur'anic sukun
    ("ٱلۡكِتَٰبُ", "الكتاب"),                                  # alef wasla, dagger alef -> ا
    ("عَلَىٰ", "على"),                                        # dagger after alef maqsura: mark
    ("شَيۡـٔٗا", "شيئا"),                                      # hamza on a tatweel seat
    ("سا\u0654ل", "سأل"),                                     # decomposed hamza above
    ("ا\u0655ن", "إن"),                                       # decomposed hamza below
    ("جمـــيل", "جميل"),                                      # tatweel
    ("كلمة \u06de كلمة \u06e9", "كلمة  كلمة "),                # rub el hizb, sajdah signs
    ("ب\u08f0ب\u08d3", "بب"),                                 # extended marks
    ("\ufefb\ufee3", "لام"),                                  # presentation forms (NFKC)
    ("أحمد إبراهيم آخر", "أحمد إبراهيم آخر"),                 # hamza forms kept (mild)
    ("مدرسة ومستشفى", "مدرسة ومستشفى"),                      # ta marbuta, alef maqsura kept
    ("کتاب یوم ھذا", "كتاب يوم هذا"),                         # Persian letter variants
    ("١٢٣ و ۴۵", "١٢٣ و ۴۵"),                                 # Arabic-Indic digits untouched
])
def test_each_mark_class(text, want):
    assert N(text) == want


def test_persian_and_urdu_text_keeps_its_letters():
    urdu = "یہ کتاب ہے"  # ے marks the text as Urdu
    assert N(urdu) == urdu
    assert N("کتاب", "fa") == "کتاب"
    assert N("ٹ", "ar") == "ت"
    assert N("کِتاب", "fa") == "کتاب"  # marks still go


@pytest.mark.parametrize("text", [
    "Le garçon est allé à l'école.", "naïve café — ÉTÉ", "Straße", "", "12,5 %", "ﬁ ligature",
    "Ελληνικά и кириллица", "e\u0301 combining acute",
])
def test_text_without_arabic_is_the_same_object(text):
    assert not has_arabic(text)
    assert N(text) is text
    norm, offs = normalize_with_offsets(text)
    assert norm == text and offs == list(range(len(text) + 1))


@pytest.mark.parametrize("text", [VOCALISED, "ٱلۡكِتَٰبُ عَلَىٰ شَيۡـٔٗا", "\ufefb \ufdf2", "سا\u0654ل",
                                  "Paris ثَلَاثَةُ Lyon", "کتاب یہ"])
def test_idempotent_and_offsets_map_back(text):
    norm, offs = normalize_with_offsets(text)
    assert N(norm) == norm
    assert len(offs) == len(norm) + 1 and offs[-1] == len(text)
    assert offs == sorted(offs)
    for ch, o in zip(norm, offs, strict=False):
        source = text[o]
        # each kept character comes from itself, a folded variant, or a form it decomposes to
        assert ch == source or ch in unicodedata.normalize("NFKC", source) or has_arabic(source)


def test_span_maps_to_the_vocalised_word():
    text = "قَرَأَ الطَّالِبُ الكِتَابَ"
    norm, offs = normalize_with_offsets(text)
    a = norm.index("الكتاب")
    x, y = original_span(offs, a, a + len("الكتاب"))
    assert text[x:y] == "الكِتَابَ"
    assert N(text[x:y]) == "الكتاب"


def test_seed_arabic_is_unchanged():
    path = SEEDS / "003_a11d716948e0df65.txt"
    if not path.is_file():
        pytest.skip("seed text not here")
    text = path.read_text(encoding="utf-8")
    assert N(text) == text


def test_matching_fold_is_built_on_it():
    assert normalize_arabic("ٱلۡكِتَٰبُ") == "الكتاب"
    assert normalize_arabic("المَدْرَسَةِ") == "المدرسه"  # ta marbuta folded for matching only
    assert normalize_arabic("\ufefb") == "لا"


# ----- the embedder ------------------------------------------------------------------------

class RecordingEmbedder(CachedEmbedder):
    name = "recording"
    signature = "recording@test"
    dim = 2

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def _encode_batch(self, texts):
        self.seen += texts
        return np.array([[len(t), 1.0] for t in texts])


def test_embedder_receives_normalised_text_and_caches_by_it():
    emb = RecordingEmbedder()
    out = emb.encode([VOCALISED, "Le garçon.", PLAIN])
    assert emb.seen == [PLAIN, "Le garçon."]  # the vocalised and plain forms are one text
    np.testing.assert_array_equal(out[0], out[2])
    emb.encode(["ذَهَبَ الوَلَدُ إِلَى المَدۡرَسَةِ"])  # another vocalisation: a cache hit
    assert emb.seen == [PLAIN, "Le garçon."]


# ----- language identification -------------------------------------------------------------

def test_language_spans_keep_offsets_on_vocalised_text():
    text = "Il a dit : " + VOCALISED + " puis il est parti."
    spans = language_spans(text, ("fr", "ar", "fa"))
    ar = [(a, b) for a, b, lang in spans if lang == "ar"]
    assert ar and text[ar[0][0]:ar[0][1]].startswith("ذَهَبَ")
    assert detect_language(VOCALISED, ("ar", "fa", "ur")) == "ar"


# ----- glossary terms and number words -----------------------------------------------------

@pytest.mark.parametrize(("term", "text", "found"), [
    ("المدرسة", VOCALISED, "المَدْرَسَةِ"),                         # plain term, vocalised text
    ("المَدْرَسَة", PLAIN, "المدرسة"),                             # vocalised term, plain text
    ("الكتاب", "قَرَأَ ٱلۡكِتَٰبَ", "ٱلۡكِتَٰبَ"),                  # Qur'anic dagger alef as alef
    ("الرحمن", "بِسۡمِ ٱللَّهِ ٱلرَّحۡمَٰنِ", "ٱلرَّحۡمَٰنِ"),       # ... or as a mark only
])
def test_vocalised_glossary_term_matches(term, text, found):
    hits = find_term(term_key(term, "ar"), text_tokens(text, "ar"))
    assert [text[a:b] for a, b in hits] == [found]


def test_terms_detector_on_vocalised_source(tmp_path):
    gloss = tmp_path / "g.tsv"
    gloss.write_text("source\ttargets\nالمدرسة\técole\n", encoding="utf-8")
    src_text, good, bad = VOCALISED, "Le garçon est allé à l'école.", "Le garçon est parti."

    def flags(tgt_text: str) -> list:
        src, tgt = Document(src_text, "ar"), Document(tgt_text, "fr")
        pair = AlignedPair.from_segments(0, src, tgt, (Segment(src_text, 0, len(src_text), 0),),
                                         (Segment(tgt_text, 0, len(tgt_text), 0),))
        ctx = DetectorContext(src, tgt, [pair], "ar", "fr", resources={"glossary": str(gloss)})
        return TermsDetector().run(ctx)

    assert flags(good) == []
    found = flags(bad)
    assert len(found) == 1 and found[0].category == "term"


@pytest.mark.parametrize(("text", "value", "span"), [
    ("لَدَيْهِ ثَلَاثَةُ كُتُبٍ", 3, "ثَلَاثَةُ"),
    ("ثَلَٰثَةَ أَيَّامٍ", 3, "ثَلَٰثَةَ"),                             # Qur'anic spelling
    ("وَصَلَ خَمْسَةٌ وَعِشْرُونَ رَجُلًا", 25, "خَمْسَةٌ وَعِشْرُونَ"),  # a run of words
    ("بَعْدَ أَرْبَعَةِ أَشْهُرٍ", 4, "أَرْبَعَةِ"),
])
def test_vocalised_number_words(text, value, span):
    words = [m for m in extract_numbers(text, "ar") if m.kind == "word"]
    assert [(m.value, m.text) for m in words] == [(value, span)]
    assert text[words[0].start:words[0].end] == span


def test_plain_number_words_unchanged():
    text = "لديه ثلاثة كتب و 12 قلما"
    got = [(m.start, m.end, m.value) for m in extract_numbers(text, "ar")]
    assert (5, 10, 3.0) in got and any(v == 12 for _, _, v in got)
