"""My detectors on the seed pair (Arabic news -> noisy French), offline, no MT model."""

from __future__ import annotations

import pytest

from mtaudit.app.config import AuditConfig

MINE = {"numbers", "omission", "repetition", "garbled", "mistranslation"}


@pytest.fixture(scope="module")
def seed_report(seed_paths):
    from mtaudit.app.pipeline import audit

    src, tgt = seed_paths
    # the omission detector checks aligner slips with the pipeline's sentence embedder
    config = AuditConfig(src_lang="ar", tgt_lang="fr")
    return audit(src, tgt, config=config)


def _flags(report, detectors=MINE):
    return [f for f in report.flags if f.detector in detectors]


@pytest.mark.slow
def test_seed_repetition_is_found(seed_report):
    reps = [f for f in _flags(seed_report) if f.category == "repetition"]
    assert any(f.text == "des pays" for f in reps)


@pytest.mark.slow
def test_seed_boilerplate_and_captions_are_minor_target_only(seed_report):
    flags = _flags(seed_report)
    target_only = [f for f in flags if f.category == "target-only"]
    assert target_only and all(f.severity == "minor" for f in target_only)
    covered = " ".join(f.text for f in target_only)
    for piece in ("Restez informé sur l'Orient", "Yara Maazoul",          # site furniture
                  "Des soldats russes dans un véhicule blindé",           # photo captions
                  "Sharafat Zaman Amer",
                  "Le 17 avril 2025, la Cour suprême de Russie"):         # caption in a bead
        assert piece in covered, piece
    # no invented-sentence (major addition) verdict on any of them
    assert not [f for f in flags if f.category == "addition" and f.severity != "minor"]


@pytest.mark.slow
def test_seed_has_no_flood_of_false_positives(seed_report):
    flags = [f for f in _flags(seed_report) if f.category != "target-only"]
    # what is there: the repetition, the unclosed «, the stray «); line, caption numbers
    assert len(flags) <= 8, [(f.category, f.text[:40]) for f in flags]
    assert not [f for f in flags if f.severity in ("major", "critical")], \
        [(f.category, f.text[:40]) for f in flags if f.severity != "minor"]
