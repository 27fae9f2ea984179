"""Building blocks of the re-translation comparisons: unmatched words, runs, clause spans."""

from __future__ import annotations

from mtaudit.analysis.clauses import map_to_clause
from mtaudit.analysis.runs import longest_run, runs, unmatched
from mtaudit.analysis.words import words

T, F = True, False


def test_runs_bridge_non_content_tokens_but_not_matched_content_words():
    flags = [F, T, T, F, T, F, F, T]
    content = [T, T, T, F, T, T, F, T]
    # index 3 is a stop word (bridged), index 5 a matched content word (ends the run)
    assert runs(flags, content) == [(1, 4, 3), (7, 7, 1)]


def test_a_run_ends_on_its_last_flagged_token():
    assert runs([T, F, F], [T, F, F]) == [(0, 0, 1)]  # trailing stop words are not in it
    assert runs([], []) == []
    assert runs([F, F], [T, T]) == []


def test_longest_run_is_the_first_of_the_longest():
    assert longest_run([T, F, T, T, F, T, T], [T] * 7) == (2, 3, 2)
    assert longest_run([T, F, T], [T, T, T]) == (0, 0, 1)
    assert longest_run([F, F], [T, T]) is None


def test_unmatched_content_words_use_the_forgiving_same_word_test():
    toks = words("Le ministre a visité Beyrouth hier soir")
    content, missing = unmatched(toks, ["ministres", "hier", "soir"], "fr")
    assert content == [F, T, F, T, T, T, T]  # "Le" is a stop word, "a" too short
    # "ministre" shares its stem with "ministres"; "hier", "soir" are there as such
    assert [w for (_, _, w), m in zip(toks, missing, strict=True) if m] == ["visité", "Beyrouth"]


def test_unmatched_and_runs_find_the_missing_stretch():
    retr = "Le ministre a visité le camp de réfugiés près de la frontière lundi."
    rw = words(retr)
    content, missing = unmatched(rw, [w for _, _, w in words("Le ministre est arrivé lundi.")],
                                 "fr")
    # "ministre" and "lundi" are in the translation; the stop words between are bridged
    assert runs(missing, content) == [(3, 11, 4)]
    i0, i1, n = longest_run(missing, content)
    assert retr[rw[i0][0]:rw[i1][1]] == "visité le camp de réfugiés près de la frontière"
    assert n == 4


def test_map_to_clause_widens_a_relative_span_to_clause_punctuation():
    text = "Il est venu, il a vu le pays, puis il est reparti."
    start, end = map_to_clause(text, 0.3, 0.6)  # words 3..7 of 12
    assert text[start:end] == "il a vu le pays"


def test_map_to_clause_at_the_end_and_without_words():
    text = "Bonjour, le monde  "
    start, end = map_to_clause(text, 0.6, 1.0)
    assert text[start:end] == "le monde"  # no closing punctuation: up to the last non-space
    assert map_to_clause("…", 0.0, 1.0) == (0, 1)
    start, end = map_to_clause("Un, deux, trois.", 0.0, 0.1)
    assert (start, end) == (0, 2) and end > start
