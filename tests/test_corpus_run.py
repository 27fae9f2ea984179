"""Corpus audits (mtaudit corpus / mtaudit.app.corpus_run): outputs, a bad pair, resuming after
an interrupted run, and the same content on a real local Ray cluster as in one process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from mtaudit.app.config import AuditConfig
from mtaudit.app.corpus_run import CorpusPair, run_corpus
from mtaudit.cli import cli

DATA = Path(__file__).resolve().parent / "data"


def _corpus(folder: Path, bad: bool = True) -> Path:
    """A manifest of three good pairs (and one binary 'translation') copied into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("clean", "untranslated"):
        for lang in ("ar", "fr"):
            shutil.copy(DATA / "gate" / f"{name}.{lang}.txt", folder / f"{name}.{lang}.txt")
    for lang in ("ar", "fr"):
        shutil.copy(DATA / f"small.{lang}.txt", folder / f"small.{lang}.txt")
    if bad:
        shutil.copy(DATA / "small.ar.txt", folder / "bad.ar.txt")
        (folder / "bad.fr.txt").write_bytes(b"abc\xff\x00\x00 not text\n")
    m = folder / "manifest.toml"
    m.write_text('src_lang = "ar"\ntgt_lang = "fr"\n[[pairs]]\nsource = "*.ar.txt"\n'
                 'target = "*.fr.txt"\n', encoding="utf-8")
    return m


def _content(path: Path) -> dict:
    report = json.loads(path.read_text(encoding="utf-8"))
    report.pop("created")
    return report


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    base = tmp_path_factory.mktemp("corpus")
    manifest = _corpus(base / "in")
    result = CliRunner().invoke(cli, ["corpus", "-m", str(manifest), "-o", str(base / "out"),
                                      "--embedder", "none", "--format", "md"])
    return base, result


def test_corpus_writes_reports_tables_and_names_the_bad_pair(local_run):
    base, result = local_run
    out = base / "out"
    assert result.exit_code == 1, result.output  # one pair failed, the others were audited
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["pairs"] == {"total": 4, "audited": 3, "reused": 0, "failed": 1}
    [err] = summary["errors"]
    assert err["name"] == "bad.fr.txt" and "binary" in err["error"]
    assert "\n" not in err["error"]
    assert "bad.fr.txt" in result.output
    names = sorted(p.name for p in (out / "pairs").glob("*.json"))
    assert names == ["clean.fr.txt.json", "small.fr.txt.json", "untranslated.fr.txt.json"]
    reports = {n: json.loads((out / "pairs" / n).read_text(encoding="utf-8")) for n in names}
    assert all(r["schema"] == "mtaudit.report/2" for r in reports.values())
    flags = pd.read_parquet(out / "flags.parquet")
    n_flags = sum(len(res["flags"]) for r in reports.values() for res in r["results"])
    assert len(flags) == n_flags == summary["flags"] > 0
    assert {"name", "file", "start", "end", "category", "severity", "detector"} <= set(flags)
    untr = flags[flags["name"] == "untranslated.fr.txt"]
    assert "untranslated" in set(untr["category"])
    assert set(untr["file"]) <= {str(base / "in" / "untranslated.fr.txt"),
                                 str(base / "in" / "untranslated.ar.txt")}
    pairs = pd.read_parquet(out / "pairs.parquet")
    assert len(pairs) == summary["aligned_pairs"] == sum(len(r["results"])
                                                         for r in reports.values())
    assert summary["mqm"]["score"] < 100 and summary["corpus_scores"] == {}
    assert "bad.fr.txt" in (out / "summary.md").read_text(encoding="utf-8")
    assert not list(out.rglob("*.tmp*"))


def test_rerun_after_interruption_redoes_only_the_missing_pairs(tmp_path: Path):
    manifest = _corpus(tmp_path / "in", bad=False)
    from mtaudit.app.corpus_run import pairs_from
    from mtaudit.gate.manifest import load_manifest

    specs, root = load_manifest(manifest)
    pairs = pairs_from(specs, root, lambda s: AuditConfig(embedder="none"))
    out = tmp_path / "out"

    class Killed(Exception):
        pass

    def kill_after_one(stage: str, done: int, total: int) -> None:
        if done == 1:
            raise Killed

    with pytest.raises(Killed):
        run_corpus(pairs, out, progress=kill_after_one)
    assert len(list((out / "audits").glob("*.json"))) == 1  # one pair finished, then killed
    assert not (out / "summary.json").exists()
    first = run_corpus(pairs, out)
    assert [o.status for o in first.outcomes].count("reused") == 1
    assert [o.status for o in first.outcomes].count("audited") == 2
    # unchanged: everything reused, same reports; a changed input is redone alone
    before = {p.name: _content(p) for p in (out / "pairs").glob("*.json")}
    again = run_corpus(pairs, out)
    assert {o.status for o in again.outcomes} == {"reused"}
    assert {p.name: _content(p) for p in (out / "pairs").glob("*.json")} == before
    small = tmp_path / "in" / "small.fr.txt"
    small.write_text(small.read_text(encoding="utf-8") + "Une phrase de plus.\n",
                     encoding="utf-8")
    third = run_corpus(pairs, out)
    assert {o.pair.name: o.status for o in third.outcomes} == {
        "clean.fr.txt": "reused", "small.fr.txt": "audited", "untranslated.fr.txt": "reused"}
    # a changed config is a changed signature: redone
    other = [CorpusPair(p.name, p.source, p.target, p.config.with_(check_related=False))
             for p in pairs]
    assert {o.status for o in run_corpus(other, out).outcomes} == {"audited"}


def test_output_folder_holding_an_input_is_refused(tmp_path: Path):
    manifest = _corpus(tmp_path, bad=False)
    result = CliRunner().invoke(cli, ["corpus", "-m", str(manifest), "-o", str(tmp_path),
                                      "--embedder", "none"])
    assert result.exit_code == 2


def test_ray_engine_gives_the_same_reports_as_local(tmp_path: Path):
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'mtaudit[scale]')")
    import ray

    manifest = _corpus(tmp_path / "in", bad=False)
    (tmp_path / "in" / "untranslated.ar.txt").unlink()  # two pairs: clean and small
    outs = {}
    for engine in ("local", "ray"):
        outs[engine] = tmp_path / engine
        # the real USE embedder: on Ray each actor loads it once, in its constructor
        result = CliRunner().invoke(cli, ["corpus", "-m", str(manifest), "-o",
                                          str(outs[engine]), "--engine", engine,
                                          "--embedder", "use"])
        assert result.exit_code == 0, result.output
    assert not ray.is_initialized()  # the local cluster was shut down after the run
    names = sorted(p.name for p in (outs["local"] / "pairs").glob("*.json"))
    assert names == sorted(p.name for p in (outs["ray"] / "pairs").glob("*.json"))
    assert len(names) == 2
    for n in names:
        a, b = _content(outs["local"] / "pairs" / n), _content(outs["ray"] / "pairs" / n)
        assert a["signature"]["embedder"] != "none"
        assert any(r["similarity"] is not None for r in a["results"])
        assert a == b, n  # beads, flags, scores, similarities, MQM, signature
    summary = json.loads((outs["ray"] / "summary.json").read_text(encoding="utf-8"))
    workers = summary["run"]["workers"]
    assert summary["run"]["engine"] == "ray" and len(workers) >= 1
    assert all(w["model_load_s"] > 0 and w["peak_rss_mb"] > 0 for w in workers)
    assert sum(w["pairs"] for w in workers) == 2
    flags = {e: pd.read_parquet(outs[e] / "flags.parquet") for e in outs}
    pd.testing.assert_frame_equal(flags["local"], flags["ray"])
