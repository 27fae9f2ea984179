"""Test session settings: offline hub, a private cache dir, paths to the seed files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Set before anything imports huggingface_hub: a missing model must fail fast, offline.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("OMP_NUM_THREADS", "1")
# Results caches off: a test that patches a detector or the aligner must see it run, never an
# earlier test's result. tests/test_alignment_cache.py and tests/test_detection_cache.py turn
# them on for themselves.
os.environ["MTAUDIT_ALIGNMENT_CACHE"] = "off"
os.environ["MTAUDIT_DETECTION_CACHE"] = "off"

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_SRC = SEEDS / "003_a11d716948e0df65.txt"
SEED_TGT = SEEDS / "000_446608ba329916e1.txt"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["MTAUDIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("mtaudit-cache"))


@pytest.fixture(scope="session")
def seed_paths() -> tuple[Path, Path]:
    return SEED_SRC, SEED_TGT


@pytest.fixture(scope="session")
def use():
    """The default USE embedder (one object per name, as ``get_embedder`` gives)."""
    from mtaudit.embed import get_embedder

    return get_embedder("use")
