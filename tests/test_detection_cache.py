"""The on-disk detection cache: a repeat audit with the same inputs runs no detector."""

from __future__ import annotations

import warnings

import pytest

from mtaudit.app import pipeline
from mtaudit.app.detection_cache import CACHE_FILE
from mtaudit.app.pipeline import audit

SRC = "The meeting starts at 9 o'clock.\nThe report has 12 pages.\nEveryone agreed.\n"
TGT = ("La réunion commence à 10 heures.\nLe rapport compte 12 pages.\n"
       "Tout le monde était d'accord.\n")


@pytest.fixture()
def files(tmp_path, monkeypatch):
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MTAUDIT_DETECTION_CACHE", raising=False)
    src, tgt = tmp_path / "a.en.txt", tmp_path / "b.fr.txt"
    src.write_text(SRC, encoding="utf-8")
    tgt.write_text(TGT, encoding="utf-8")
    return src, tgt, tmp_path / "cache"


def _run(src, tgt, **kw):
    return audit(src, tgt, src_lang="en", tgt_lang="fr", embedder="none", mt_model="none",
                 check_related=False, **kw)


def _flags(report):
    return [f.to_dict() for r in report.results for f in r.flags]


def _counting(monkeypatch):
    calls = []
    real = pipeline.detect

    def counted(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(pipeline, "detect", counted)
    return calls


def test_a_repeat_serves_the_same_flags_without_running_a_detector(files, monkeypatch):
    src, tgt, cache = files
    first = _run(src, tgt)
    assert any(f["category"] == "number" for f in _flags(first))  # 9 against 10
    assert (cache / CACHE_FILE).is_file()
    calls = _counting(monkeypatch)
    again = _run(src, tgt)
    assert calls == [] and _flags(again) == _flags(first)


def test_an_edit_or_another_option_runs_the_detectors(files, monkeypatch):
    src, tgt, _ = files
    _run(src, tgt)
    calls = _counting(monkeypatch)
    tgt.write_text(TGT.replace("10 heures", "9 heures"), encoding="utf-8")
    edited = _run(src, tgt)
    assert calls == [1] and not any(f["category"] == "number" for f in _flags(edited))
    _run(src, tgt, detectors=("numbers",))
    assert calls == [1, 1]


def test_off_switch_and_runs_that_warn(files, monkeypatch):
    src, tgt, cache = files
    monkeypatch.setenv("MTAUDIT_DETECTION_CACHE", "off")
    _run(src, tgt)
    assert not (cache / CACHE_FILE).exists()
    monkeypatch.delenv("MTAUDIT_DETECTION_CACHE")
    real = pipeline.detect

    def warns(*a, **k):
        warnings.warn("something to say", UserWarning, stacklevel=1)
        return real(*a, **k)

    monkeypatch.setattr(pipeline, "detect", warns)
    with pytest.warns(UserWarning, match="something to say"):
        _run(src, tgt)
    monkeypatch.setattr(pipeline, "detect", real)
    calls = _counting(monkeypatch)
    _run(src, tgt)
    assert calls == [1]  # the run that warned was not kept


def test_resources_are_keyed_by_the_content_of_every_file(tmp_path):
    from mtaudit.app.detection_cache import _resource

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("un", encoding="utf-8")
    b.write_text("deux", encoding="utf-8")
    before = _resource((a, b))
    b.write_text("trois", encoding="utf-8")  # a related document edited, same paths
    assert _resource((a, b)) != before
    assert _resource({"x": a}) != _resource({"x": b})
