"""Issue 14 (speed): the detectors' memos, stored tables and cut-short searches give the same
answers as the plain computations they replace."""

from __future__ import annotations

import bisect
import hashlib
import random

import numpy as np
import pytest

from mtaudit.analysis import langid, number_words
from mtaudit.analysis.unaligned import joined_translations, line_blocks, line_starts
from mtaudit.core.types import AlignedPair, Segment
from mtaudit.entities import gazetteer, skeleton
from mtaudit.lang import arabic, arabic_norm

# ----- joined lines: only the judged blocks and their neighbours are embedded -------------------


class RecordingEncoder:
    """Deterministic unit vectors (one per text, from its digest); remembers what it embeds."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        rows = []
        for t in texts:
            seed = int.from_bytes(hashlib.sha256(t.encode()).digest()[:4], "little")
            v = np.random.default_rng(seed).normal(size=8)
            rows.append(v / np.linalg.norm(v))
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), 8)


def _reference_joined(pairs, src_text, tgt_text, encoder, floor, max_src=2):
    """joined_translations as it was: every block embedded."""
    blocks = [b for b in line_blocks(pairs, src_text, tgt_text)
              if any(pairs[k].source for k in b) and any(pairs[k].target for k in b)]
    if not blocks:
        return []
    src = [" ".join(s.text for k in b for s in pairs[k].source) for b in blocks]
    tgt = [" ".join(s.text for k in b for s in pairs[k].target) for b in blocks]
    vs, vt = encoder.encode(src), encoder.encode(tgt)
    starts = line_starts(src_text)
    lines = [len({bisect.bisect_right(starts, s.start) for k in b for s in pairs[k].source})
             for b in blocks]
    out = []
    for i, block in enumerate(blocks):
        ps = [pairs[k] for k in block]
        if (len(ps) < 2 or sum(len(p.source) for p in ps) > max_src * lines[i]
                or all(not (p.source and p.target) for p in ps)):
            continue
        own = float(vs[i] @ vt[i])
        rivals = [float(vs[i] @ vt[j]) for j in (i - 1, i + 1) if 0 <= j < len(blocks)]
        rivals += [float(vs[j] @ vt[i]) for j in (i - 1, i + 1) if 0 <= j < len(blocks)]
        if own >= floor and all(own > r for r in rivals):
            out.append(block)
    return out


def _side(rng: random.Random, n_lines: int, tag: str) -> tuple[str, list[Segment]]:
    """A text of ``n_lines`` lines of one to three made-up sentences each, and its segments."""
    text, segs = "", []
    for line in range(n_lines):
        if line:
            text += "\n"
        for s in range(rng.randint(1, 3)):
            if s:
                text += " "
            sentence = f"{tag}{line}x{s} " + " ".join(
                f"w{rng.randint(0, 99)}" for _ in range(rng.randint(2, 6))) + "."
            segs.append(Segment(sentence, len(text), len(text) + len(sentence), len(segs),
                                line))
            text += sentence
    return text, segs


def _pairs(rng: random.Random, src: list[Segment], tgt: list[Segment]) -> list[AlignedPair]:
    """Random beads (1-1, 1-2, 2-1, 1-0, 0-1) walking both sides in order."""
    pairs, i, j = [], 0, 0
    while i < len(src) or j < len(tgt):
        a, b = rng.choice([(1, 1), (1, 1), (1, 2), (2, 1), (1, 0), (0, 1)])
        a, b = min(a, len(src) - i), min(b, len(tgt) - j)
        if a == b == 0:
            a, b = (1, 0) if i < len(src) else (0, 1)
        pairs.append(AlignedPair(len(pairs), tuple(src[i:i + a]), tuple(tgt[j:j + b])))
        i, j = i + a, j + b
    return pairs


@pytest.mark.parametrize("seed", range(12))
def test_joined_translations_decides_as_before_and_embeds_less(seed):
    rng = random.Random(seed)
    n = rng.randint(4, 30)
    src_text, src = _side(rng, n, "s")
    tgt_text, tgt = _side(rng, n, "t")
    pairs = _pairs(rng, src, tgt)
    for floor in (-1.0, -0.2, 0.0, 0.2):
        new, ref = RecordingEncoder(), RecordingEncoder()
        assert (joined_translations(pairs, src_text, tgt_text, new, floor)
                == _reference_joined(pairs, src_text, tgt_text, ref, floor))
        assert set(new.seen) <= set(ref.seen) and len(new.seen) <= len(ref.seen)


def test_one_pair_blocks_alone_are_not_embedded():
    rng = random.Random(7)
    src_text, src = _side(rng, 6, "s")
    tgt_text, tgt = _side(rng, 6, "t")
    # one bead per line: every block is a single pair, none is judged
    by_line = [(tuple(s for s in src if s.paragraph == k), tuple(t for t in tgt
                                                                   if t.paragraph == k))
               for k in range(6)]
    pairs = [AlignedPair(k, s, t) for k, (s, t) in enumerate(by_line)]
    enc = RecordingEncoder()
    assert joined_translations(pairs, src_text, tgt_text, enc, 0.0) == []
    assert enc.seen == []


@pytest.mark.parametrize("text", ["", "a", "\n", "a\nb", "a\n\nb\n", "\n\nx", "one\r\ntwo\n"])
def test_line_starts(text):
    assert line_starts(text) == [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]


# ----- number words, language spans, Arabic words: memoised, a new list each call ---------------

@pytest.mark.parametrize(("word", "lang"), [("dix-sept", "fr"), ("quatre-vingts", "fr"),
                                            ("einundzwanzig", "de"), ("twenty", "en"),
                                            ("وثلاثة", "ar"), ("nothing", "en")])
def test_word_parts_memo_gives_fresh_lists(word, lang):
    first = number_words.word_parts(word, lang)
    assert first == number_words._parts(word, lang)
    if first is not None:
        first.append((1.0, "n"))  # the number reader extends the list it gets
        assert number_words.word_parts(word, lang) == number_words._parts(word, lang)


def test_language_spans_memo_gives_fresh_lists():
    text = "Il a dit: the committee will meet tomorrow morning, puis il est parti."
    langs = ("fr", "en")
    first = langid.language_spans(text, langs)
    assert first == list(langid._language_spans.__wrapped__(text, langs))
    first.clear()
    assert langid.language_spans(text, list(langs)) == list(
        langid._language_spans.__wrapped__(text, langs))


def test_arabic_words_memo():
    text = "وَقَالَ الرَّجُلُ: ذَهَبْنَا إِلَى المَدِينَةِ " * 3
    tokens = arabic.arabic_tokens(text)
    assert tokens == list(arabic._tokens.__wrapped__(text))
    tokens.clear()
    assert arabic.arabic_tokens(text) == list(arabic._tokens.__wrapped__(text))
    for t in (text, text[:20], "أَحْمَد"):
        assert arabic.normalize_arabic(t) == arabic_norm.normalize_for_comparison(
            t, "ar").translate(arabic._FOLD)
    for t in (text, text * 40):  # a sentence (memoised) and a long text (not)
        assert arabic_norm.normalize_for_comparison(t) == arabic_norm._normalize(t, None, None)


# ----- the skeleton DP cut short: the same cheapest reading, or a proven bound --------------------

def test_cut_short_readings_are_exact_or_proven_bounds():
    rng = random.Random(3)
    letters = [u for u in skeleton.RENDERINGS if len(u) == 1][:28]
    latin = "abdefghiklmnoqrstuvwyz"
    for _ in range(400):
        ar = "".join(rng.choice(letters) for _ in range(rng.randint(2, 7)))
        la = "".join(rng.choice(latin) for _ in range(rng.randint(2, 9))).capitalize()
        full = skeleton._solve(ar, la, float("inf"))
        assert isinstance(full, skeleton.Match)
        for limit in (0.0, 0.05, 0.3, 1.0, 1.15, 2.0, full.cost, full.cost + 1e-6):
            got = skeleton._solve(ar, la, limit)
            if isinstance(got, skeleton.Match):
                assert got == full and full.cost < limit
            else:
                assert limit <= got <= full.cost + 1e-12


# ----- the gazetteer's places: stored once, read back the same ------------------------------------

def test_places_are_stored_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(tmp_path))
    langs = ("ar", "fr", "en")
    gazetteer.load_places.cache_clear()
    try:
        built = gazetteer.load_places(langs)
        stored = list(tmp_path.glob("gazetteer-*.marshal"))
        assert len(stored) == 1 and built == gazetteer._build_places(langs)
        gazetteer.load_places.cache_clear()
        assert gazetteer.load_places(langs) == built  # read back
        stored[0].write_bytes(b"\x00damaged")
        gazetteer.load_places.cache_clear()
        assert gazetteer.load_places(langs) == built  # rebuilt, and stored again
        assert gazetteer.load_places(langs) is gazetteer.load_places(langs)
        gazetteer.load_places(("de", "en"))  # other languages: another table
        assert len(list(tmp_path.glob("gazetteer-*.marshal"))) == 2
    finally:
        gazetteer.load_places.cache_clear()


def test_attested_confusions_memo_gives_fresh_lists():
    from mtaudit.entities import attestation

    for name in ("Pedrov", "Kalifa", "Binyamin"):
        plain = attestation._attested_confusions(name, "fr", 2.5, {}, attestation.MAX_CANDIDATES,
                                                 2)
        first = attestation.attested_confusions(name, "fr", 2.5)
        assert first == plain
        first.append(("x", 9.0))
        assert attestation.attested_confusions(name, "fr", 2.5) == plain
        # with spellings attested elsewhere: computed, never memoised
        extra = {plain[0][0] if plain else "pedrof": 6.0}
        assert attestation.attested_confusions(name, "fr", 2.5, extra) == \
            attestation._attested_confusions(name, "fr", 2.5, extra,
                                             attestation.MAX_CANDIDATES, 2)
