"""The MT stage of corpus runs (mtaudit.app.corpus_mt): the source segments of all pairs
re-translated in batches drawn across pairs, by a translator loaded once per process / Ray
actor, then handed to each pair's audit, with the same reports as single audits; a model that
fails to load ends each pair as its single audit would."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from tiny_marian import TARGET_SEED, source_sentences

from mtaudit.app.config import AuditConfig
from mtaudit.app.corpus_run import CorpusPair, run_corpus

HAS_MT = all(importlib.util.find_spec(m) for m in ("torch", "transformers", "sentencepiece"))
pytestmark = pytest.mark.skipif(not HAS_MT, reason="mtaudit[mt] not installed")
# batch_size 1: MT batches of 4 sentences, so 11 distinct sentences make 3 batches
FAST = {"beam_size": 2, "max_length": 10, "batch_size": 1, "cache": False}


@pytest.fixture(autouse=True)
def _env(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf"))


@pytest.fixture(scope="module")
def tiny() -> Path:
    from tiny_marian import tiny_model_path

    return tiny_model_path()


def _corpus(folder: Path, tiny: Path) -> list[CorpusPair]:
    """Three pairs re-translated by the tiny model (one sentence shared by two of them), one
    whose model folder cannot be loaded, and the same with --require-retranslation."""
    src = source_sentences(12)
    tgt = [ln.strip() for ln in TARGET_SEED.read_text(encoding="utf-8").splitlines()
           if ln.strip()][:12]
    folder.mkdir(parents=True, exist_ok=True)
    broken = folder / "broken-model"
    broken.mkdir()
    (broken / "config.json").write_text("{not json", encoding="utf-8")
    base = AuditConfig(src_lang="ar", tgt_lang="fr", embedder="none", segmented=True,
                       mt_options=FAST)
    good, bad = base.with_(mt_model=str(tiny)), base.with_(mt_model=str(broken))
    lines = {"a": [0, 1, 2, 3], "b": [4, 5, 6, 0], "c": [7, 8, 9, 10], "d": [0, 1], "e": [2, 3]}
    configs = {"a": good, "b": good, "c": good, "d": bad,
               "e": bad.with_(require_retranslation=True)}
    pairs = []
    for name, idx in lines.items():
        s, t = folder / f"{name}.ar.txt", folder / f"{name}.fr.txt"
        s.write_text("\n".join(src[i] for i in idx) + "\n", encoding="utf-8")
        t.write_text("\n".join(tgt[i] for i in idx) + "\n", encoding="utf-8")
        pairs.append(CorpusPair(f"{name}.fr.txt", str(s), str(t), configs[name]))
    return pairs


def _content(path: Path) -> dict:
    report = json.loads(path.read_text(encoding="utf-8"))
    report.pop("created")
    return report


def _single_audits(pairs: list[CorpusPair]) -> dict[str, dict | str]:
    """Each pair audited on its own, as `mtaudit audit` does (no MT stage)."""
    from mtaudit.app.pipeline import audit
    from mtaudit.core.errors import ModelUnavailable

    out: dict[str, dict | str] = {}
    for p in pairs:
        try:
            report = audit(p.source, p.target, config=p.config)
        except ModelUnavailable as exc:
            out[p.name] = str(exc)
            continue
        data = json.loads(report.to_json())
        data.pop("created")
        out[p.name] = data
    return out


def _check_run(run, out: Path, single: dict[str, dict | str]) -> dict:
    """The corpus run's per-pair audits equal the single audits; its MT figures."""
    status = {o.pair.name: o.status for o in run.outcomes}
    assert status == {"a.fr.txt": "audited", "b.fr.txt": "audited", "c.fr.txt": "audited",
                      "d.fr.txt": "audited", "e.fr.txt": "error"}
    [err] = run.errors
    assert err.error == " ".join(str(single["e.fr.txt"]).split())
    assert "re-translation unavailable: cannot load" in err.error
    for name in ("a.fr.txt", "b.fr.txt", "c.fr.txt", "d.fr.txt"):
        mine = _content(out / "audits" / f"{name}.json")
        assert mine == single[name], name  # beads, flags, scores, re-translations, signature
    a = _content(out / "audits" / "a.fr.txt.json")
    assert all(r["retranslation"] for r in a["results"] if r["pair"]["source"])
    assert a["signature"]["retranslation"]["model"] == run.outcomes[0].pair.config.mt_model
    assert a["signature"]["retranslation"]["backend"] == "transformers"
    d = _content(out / "audits" / "d.fr.txt.json")
    assert all(r["retranslation"] is None for r in d["results"])
    assert any("cannot load" in n and "--require-retranslation" in n for n in d["notices"])
    mt = run.stats["mt"]
    # 14 segments over the pairs that use the tiny model, 11 distinct; 3 batches of <= 4
    # sentences for it (+1 for the broken model), each spanning pairs
    assert mt["segments"] == 4 + 4 + 4 + 2 + 2 and mt["distinct"] == 11 + 4
    assert mt["batches"] == 3 + 1 and mt["batch_max"] == 4
    assert mt["pairs_per_batch_max"] >= 2
    assert mt["unavailable"] == []  # the broken folder is found; its load fails, in the stage
    return mt


@pytest.mark.slow
def test_local_engine_batches_across_pairs_and_loads_the_model_once(tiny, tmp_path,
                                                                   monkeypatch):
    pairs = _corpus(tmp_path / "in", tiny)
    single = _single_audits(pairs)
    from mtaudit.mt.transformers_backend import TransformersTranslator

    loads = [0]
    original = TransformersTranslator._load

    def counting(self):
        if self._model is None:
            loads[0] += 1
        return original(self)

    with monkeypatch.context() as m:
        m.setattr(TransformersTranslator, "_load", counting)
        run = run_corpus(pairs, tmp_path / "out")
    mt = _check_run(run, tmp_path / "out", single)
    [w] = mt["workers"]
    assert w["batches"] == 4 and w["loads"] == 1  # one load for 3 pairs' 3 batches
    # every load tried in the run: the tiny model once, the broken one once (its one batch);
    # the audits took the hand-over and loaded nothing (single audits: once per pair)
    assert loads[0] == 1 + 1


def test_model_missing_on_this_machine_is_a_notice_without_any_work(tmp_path):
    pairs = _corpus(tmp_path / "in", tmp_path)[:1]
    missing = [CorpusPair(p.name, p.source, p.target,
                          p.config.with_(mt_model="Helsinki-NLP/opus-mt-xx-yy")) for p in pairs]
    single = _single_audits(missing)
    run = run_corpus(missing, tmp_path / "out")
    assert run.exit_code == 0
    assert _content(tmp_path / "out" / "audits" / "a.fr.txt.json") == single["a.fr.txt"]
    mt = run.stats["mt"]
    assert mt["batches"] == 0 and mt["workers"] == []
    assert mt["unavailable"] and "not found locally" in mt["unavailable"][0]


@pytest.mark.slow
def test_ray_engine_gives_the_local_reports_with_one_load_per_mt_actor(tiny, tmp_path):
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'mtaudit[scale]')")
    import ray

    pairs = _corpus(tmp_path / "in", tiny)
    single = _single_audits(pairs)
    run = run_corpus(pairs, tmp_path / "out", engine="ray", num_cpus=2)
    assert not ray.is_initialized()
    mt = _check_run(run, tmp_path / "out", single)
    assert mt["actors"] == 2 and mt["gpus_per_actor"] == 0 and mt["cpus_per_actor"] == 1
    workers = mt["workers"]
    assert sum(w["batches"] for w in workers) == 4
    # the tiny model's 3 batches went to at most 2 actors, each loading it at most once
    assert all(w["loads"] <= 1 for w in workers) and 1 <= sum(w["loads"] for w in workers) <= 2
    assert all(w["model_calls"] >= 1 for w in workers if w["loads"])


def test_handed_over_translations_skip_the_model_and_keep_the_signature(tiny, monkeypatch):
    from test_mt_retranslate import make_pairs

    from mtaudit.mt import retranslate_pairs
    from mtaudit.mt.transformers_backend import TransformersTranslator

    pairs, src = make_pairs()
    config = AuditConfig(mt_model=str(tiny), mt_options=FAST)
    plain = retranslate_pairs(pairs, src, config)
    texts = [s.text.strip() for p in pairs for s in p.source]
    given = {t: f"<{k}>" for k, t in enumerate(dict.fromkeys(texts))}

    def no_load(self):
        raise AssertionError("a full hand-over must not load the model")

    with monkeypatch.context() as m:
        m.setattr(TransformersTranslator, "_load", no_load)
        rt = retranslate_pairs(pairs, src, config, translations=given)
    assert rt.signature == plain.signature
    assert (rt.given, rt.translated, rt.from_cache) == (4, 0, 0)
    assert rt.texts[0] == rt.texts[4] == given[texts[0]]
    assert rt.texts[1] == f"{given[texts[1]]} {given[texts[2]]}" and rt.texts[2] is None
    # a partial hand-over: the rest is translated by the model, as without one
    part = retranslate_pairs(pairs, src, config, translations={texts[0]: "X"})
    assert (part.given, part.translated) == (1, 3)
    assert part.texts[0] == "X" and part.texts[3] == plain.texts[3]


@pytest.mark.slow
def test_ray_udfs_load_once_and_audits_take_the_hand_over(tiny, tmp_path, monkeypatch):
    """The two Ray Data UDFs called as their actors call them (Ray itself is not needed):
    the MT actor loads the model once for all its batches; the audit actor, given a pair's
    translations in its row, loads no MT model and writes what a single audit writes."""
    from mtaudit.app.corpus_mt import MTPlan, encode, source_texts
    from mtaudit.app.corpus_ray import BatchTranslator, PairAuditor
    from mtaudit.mt.transformers_backend import TransformersTranslator

    pairs = _corpus(tmp_path / "in", tiny)[:3]
    single = _single_audits(pairs)
    plan = MTPlan.of(pairs, range(3))
    plan.texts_of = {i: source_texts(p.source, p.target, p.config) or [] for i, p in
                     enumerate(pairs)}
    plan.make_jobs()
    udf = BatchTranslator(plan.configs)
    got = [udf({"job": [j], "key": [kid], "texts": [json.dumps(list(t))]})
           for j, (kid, t) in enumerate(plan.jobs)]
    assert len(got) == 3 and all(g["ok"] == [True] for g in got)
    counts = [json.loads(g["counts"][0]) for g in got]
    assert [c["batches"] for c in counts] == [1, 2, 3] and counts[-1]["loads"] == 1
    from mtaudit.app.corpus_mt import JobResult

    given = plan.handovers([JobResult(tuple(json.loads(g["texts"][0]))) for g in got])

    def no_load(self):
        raise AssertionError("the audit actor must not load the MT model")

    monkeypatch.setattr(TransformersTranslator, "_load", no_load)
    auditor = PairAuditor({0: pairs[0].config})
    rows = auditor({"index": [0, 1, 2], "name": [p.name for p in pairs],
                    "source": [p.source for p in pairs], "target": [p.target for p in pairs],
                    "config": [0, 0, 0], "mt": [encode(given[i]) for i in range(3)]})
    assert rows["error"] == ["", "", ""]
    for p, text in zip(pairs, rows["report"], strict=True):
        report = json.loads(text)
        report.pop("created")
        assert report == single[p.name]
