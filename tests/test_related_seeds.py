"""The relatedness rule on real documents: the seed MT is accepted; three news articles on the
same story (not translations of it) are refused; a file against itself is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.app.checks import check_related
from mtaudit.app.config import AuditConfig
from mtaudit.app.pipeline import align_inputs, build_pairs, load_embedder, load_inputs
from mtaudit.core.errors import InputError

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SOURCE = SEEDS / "003_a11d716948e0df65.txt"
CONFIG = AuditConfig(src_lang="ar", tgt_lang="fr", check_languages=False)


def _check(target: Path) -> None:
    inputs = load_inputs(SOURCE, target, CONFIG)
    embedder = load_embedder(CONFIG, [])
    assert embedder is not None
    pairs = build_pairs(inputs, align_inputs(inputs, embedder, CONFIG, None))
    check_related(pairs, embedder, CONFIG)


def test_the_seed_translation_is_accepted():
    _check(SEEDS / "000_446608ba329916e1.txt")


@pytest.mark.parametrize("article", ["001_4f76952d4da3e1c1", "002_cdb99ff9cfe42501",
                                     "004_65f4adc71db05c52"])
def test_articles_on_the_same_story_are_refused(article):
    with pytest.raises(InputError, match="comparisons"):
        _check(SEEDS / f"{article}.txt")


def test_a_file_against_itself_is_refused():
    with pytest.raises(InputError, match="identical on both sides"):
        _check(SOURCE)
