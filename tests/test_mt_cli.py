"""`mtaudit models list | pull | check`."""

from __future__ import annotations

import importlib.util
import time

import pytest

from mtaudit.cli import main

HAS_MT = all(importlib.util.find_spec(m) for m in ("torch", "transformers", "sentencepiece"))


@pytest.fixture(autouse=True)
def _env(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf"))
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(tmp_path / "cache"))


def run(argv, capsys):
    code = 0
    try:
        main(argv)
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("argv", [["models"], ["models", "list"], ["models", "pull"],
                                  ["models", "check"]])
def test_help_with_examples(argv, capsys):
    code, out, _ = run([*argv, "--help"], capsys)
    assert code == 0
    assert "Example" in out and "mtaudit models" in out


def test_list_shows_defaults_cache_and_sizes(capsys, tmp_path):
    snap = tmp_path / "hf" / "models--Helsinki-NLP--opus-mt-ar-en" / "snapshots" / ("a" * 40)
    snap.mkdir(parents=True)
    (snap / "config.json").write_text("{}")
    (snap / "model.safetensors").write_bytes(b"\0" * 4096)
    (snap.parents[1] / "refs").mkdir()
    (snap.parents[1] / "refs" / "main").write_text("a" * 40)
    code, out, err = run(["models", "list", "--src-lang", "ar", "--tgt-lang", "fr"], capsys)
    assert code == 0, err
    assert "Helsinki-NLP/opus-mt-ar-fr" in out and "not cached" in out
    assert "facebook/nllb-200-distilled-600M" in out
    assert "Helsinki-NLP/opus-mt-ar-en" in out and "cached, 4.0 KB" in out
    assert "Re-translation cache:" in out and "0 entries" in out


def test_pull_fails_with_one_line_and_exit_2(capsys, monkeypatch):
    code, _, err = run(["models", "pull", "Helsinki-NLP/opus-mt-ar-fr"], capsys)
    assert code == 2
    assert err.strip().count("\n") == 0 and "HF_HUB_OFFLINE" in err
    # without HF_HUB_OFFLINE: a quick reachability check, not huggingface_hub's long retries
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)  # set by conftest.py
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    start = time.perf_counter()
    code, _, err = run(["models", "pull", "Helsinki-NLP/opus-mt-ar-fr"], capsys)
    assert time.perf_counter() - start < 5
    assert code == 2 and "unreachable" in err and err.strip().count("\n") == 0


def test_check_missing_model(capsys):
    code, _, err = run(["models", "check", "Helsinki-NLP/opus-mt-ar-fr"], capsys)
    assert code == 2
    assert "not found locally; fetch it with `mtaudit models pull" in err


@pytest.mark.slow
@pytest.mark.skipif(not HAS_MT, reason="mtaudit[mt] not installed")
def test_check_translates_one_sentence(capsys):
    from tiny_marian import tiny_model_path

    code, out, err = run(["models", "check", str(tiny_model_path()), "--text", "مرحبا بكم"],
                         capsys)
    assert code == 0, err
    assert "output:" in out and "revision local-" in out
    code, _, err = run(["models", "check", str(tiny_model_path()), "--src-lang", "xx"], capsys)
    assert code == 2 and "pass --text" in err
