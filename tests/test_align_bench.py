"""The benchmark's scorer (vecalign's definition of Sennrich & Volk's strict/lax P/R/F1)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "bench" / "align_textberg.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("align_textberg", _PATH)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while being defined
    spec.loader.exec_module(mod)
    return mod


def test_perfect_and_scored_by_hand(bench):
    gold = [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), (3,))]
    c = bench.Counts()
    c.add(gold, gold)
    assert c.scores()["f1_strict"] == 1.0 and c.scores()["f1_lax"] == 1.0
    # test splits the 2-1 bead and glues the 0-1 sentence onto the last bead
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2, 3))]
    c = bench.Counts()
    c.add(gold, test)
    s = c.scores()
    # precision over 4 test beads: strict 1 ((0)-(0)); lax 3 (1-1 and 3-23 overlap gold pairs)
    assert s["p_strict"] == pytest.approx(1 / 4) and s["p_lax"] == pytest.approx(3 / 4)
    # recall over the 3 gold beads with both sides: strict 1; lax 3
    assert s["r_strict"] == pytest.approx(1 / 3) and s["r_lax"] == pytest.approx(1.0)


def test_zero_to_one_beads_only_count_in_precision(bench):
    gold = [((0,), (0,)), ((), (1,))]
    c = bench.Counts()
    c.add(gold, [((0,), (0, 1))])
    s = c.scores()
    assert s["r_strict"] == 0.0 and s["r_lax"] == 1.0 and s["p_lax"] == 1.0
    c = bench.Counts()
    c.add(gold, [((0,), (0,)), ((), (1,))])
    assert c.scores()["p_strict"] == 1.0


def test_reads_gold_files(bench):
    if not (bench.DATA / "test4.defr").exists():
        pytest.skip("benchmark data not present")
    src, tgt, gold = bench.load("test4")
    assert (len(src), len(tgt), len(gold)) == (36, 40, 35)
