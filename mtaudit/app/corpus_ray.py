"""The Ray engine of :func:`mtaudit.app.corpus_run.run_corpus`.

The pairs to audit flow as a Ray Data dataset (one row per pair: its index, files and config
id) through ``map_batches`` with :class:`PairAuditor`, a class run by a fixed actor pool: each
actor loads the embedders once, in its constructor, and audits its batches of pairs with the
same :func:`~mtaudit.app.corpus_run.audit_pair` the local engine calls. Rows come back to the
driver as they finish (streaming execution), where each pair's audit is written at once. Ray is
the optional extra ``mtaudit[scale]``; with no address a local cluster of ``num_cpus`` CPUs is
started for the run and shut down after it.

When pairs are re-translated with an MT model, the MT stage (:mod:`mtaudit.app.corpus_mt`) runs
first: Ray tasks read each pair's source segments, the driver pools them (identical segments
once) into batches that span pairs, and :class:`BatchTranslator` actors translate the batches,
each loading the model once; with GPUs in the cluster (and an mt device other than "cpu") each
MT actor holds one GPU (``num_gpus=1``), otherwise ``threads`` CPUs (at least 1). Each pair's
row then carries its translations to the audit actors, which load no MT model.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from mtaudit.core.errors import ConfigError

if TYPE_CHECKING:
    from mtaudit.app.config import AuditConfig
    from mtaudit.app.corpus_mt import Progress
    from mtaudit.app.corpus_run import CorpusPair, Done
    from mtaudit.app.retranslation import Pretranslated


class PairAuditor:
    """A Ray Data batch UDF held by an actor: the embedders are loaded once per actor."""

    def __init__(self, configs: dict[int, AuditConfig]) -> None:
        from mtaudit.app.corpus_run import warm_models

        self.configs = configs
        self.load_s = warm_models(configs.values())

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from mtaudit.app.corpus_mt import decode
        from mtaudit.app.corpus_run import CorpusPair, audit_pair
        from mtaudit.app.corpus_tables import peak_rss_mb

        out: dict[str, list[Any]] = {k: [] for k in (
            "index", "report", "error", "seconds", "pid", "peak_rss_mb", "model_load_s")}
        for i, name, src, tgt, cid, mt in zip(batch["index"], batch["name"], batch["source"],
                                              batch["target"], batch["config"], batch["mt"],
                                              strict=True):
            t0 = time.perf_counter()
            text, error = audit_pair(CorpusPair(str(name), str(src), str(tgt) or None,
                                                self.configs[int(cid)]), decode(str(mt)))
            out["index"].append(int(i))
            out["report"].append(text or "")
            out["error"].append(error or "")
            out["seconds"].append(time.perf_counter() - t0)
            out["pid"].append(os.getpid())
            out["peak_rss_mb"].append(peak_rss_mb())
            out["model_load_s"].append(round(self.load_s, 3))
        return out


class BatchTranslator:
    """A Ray Data batch UDF held by an MT actor: each batch row is one batch of segments."""

    def __init__(self, configs: dict[int, AuditConfig]) -> None:
        from mtaudit.app.corpus_mt import SegmentTranslator

        self.translator = SegmentTranslator(configs)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {k: [] for k in ("job", "texts", "ok", "unavailable",
                                                     "counts")}
        for job, kid, texts in zip(batch["job"], batch["key"], batch["texts"], strict=True):
            r = self.translator.run(int(kid), json.loads(str(texts)))
            out["job"].append(int(job))
            out["texts"].append(json.dumps(r.translations or [], ensure_ascii=False))
            out["ok"].append(r.translations is not None)
            out["unavailable"].append(r.unavailable or "")
            out["counts"].append(json.dumps(self.translator.counts()))
        return out


def source_texts_batch(batch: dict[str, Any], configs: dict[int, AuditConfig]
                       ) -> dict[str, list[Any]]:
    """A Ray Data task: each pair's source segments, as JSON ("" when unreadable)."""
    from mtaudit.app.corpus_mt import source_texts

    out: dict[str, list[Any]] = {"index": [], "texts": []}
    for i, src, tgt, cid in zip(batch["index"], batch["source"], batch["target"],
                                batch["config"], strict=True):
        texts = source_texts(str(src), str(tgt) or None, configs[int(cid)])
        out["index"].append(int(i))
        out["texts"].append("" if texts is None else json.dumps(texts, ensure_ascii=False))
    return out


def run_mt_ray(pairs: Sequence[CorpusPair], rows: list[dict[str, Any]],
               configs: dict[int, AuditConfig], stats: dict[str, Any], *, probe: bool,
               progress: Progress | None = None) -> dict[int, Pretranslated | None]:
    """The MT stage on Ray (see the module doc): each pending pair's hand-over."""
    import ray
    import ray.data

    from mtaudit.app.corpus_mt import JobResult, MTPlan
    from mtaudit.mt import MTOptions

    t0 = time.perf_counter()
    plan = MTPlan.of(pairs, [r["index"] for r in rows])
    if not plan.key_of:
        return {}
    bad = plan.probe_all() if probe else set()  # a local cluster sees the driver's files
    wanted = [r for r in rows if r["index"] in plan.key_of and plan.key_of[r["index"]] not in bad]
    if wanted:
        read = ray.data.from_items(wanted, override_num_blocks=min(len(wanted), 64))
        for row in read.map_batches(source_texts_batch, fn_kwargs={"configs": configs},
                                    batch_size=8, num_cpus=1, batch_format="numpy").iter_rows():
            if row["texts"]:
                plan.texts_of[int(row["index"])] = json.loads(str(row["texts"]))
    plan.make_jobs(bad)
    results: list[JobResult] = [JobResult(None)] * len(plan.jobs)
    workers: dict[int, dict[str, Any]] = {}
    res = ray.cluster_resources()
    options = [MTOptions.from_mapping(c.mt_options) for c in plan.configs.values()]
    gpus = int(res.get("GPU", 0)) if any(o.device != "cpu" for o in options) else 0
    cpus = max(1, int(res.get("CPU", 1)))
    per_actor = min(cpus, max([1, *(o.threads for o in options)]))
    size = max(1, min(len(plan.jobs), gpus or cpus // per_actor))
    if plan.jobs:
        items = [{"job": j, "key": kid, "texts": json.dumps(list(t), ensure_ascii=False)}
                 for j, (kid, t) in enumerate(plan.jobs)]
        ds = ray.data.from_items(items, override_num_blocks=len(items))
        resources = {"num_gpus": 1} if gpus else {"num_cpus": per_actor}
        done, total = 0, sum(len(t) for _, t in plan.jobs)
        for row in ds.map_batches(BatchTranslator, fn_constructor_kwargs={"configs":
                                  plan.configs}, batch_size=1, batch_format="numpy",
                                  compute=ray.data.ActorPoolStrategy(size=size),
                                  **resources).iter_rows():
            j = int(row["job"])
            results[j] = JobResult(tuple(json.loads(str(row["texts"]))) if row["ok"] else None,
                                   str(row["unavailable"]) or None)
            counts = json.loads(str(row["counts"]))
            w = workers.setdefault(counts["pid"], counts)
            if counts["batches"] >= w["batches"]:
                workers[counts["pid"]] = counts
            done += len(plan.jobs[j][1])
            if progress:
                progress("retranslate", done, total)
    stats["mt"] = {**plan.figures(list(workers.values()), time.perf_counter() - t0),
                   "actors": size if plan.jobs else 0, "gpus_per_actor": 1 if gpus else 0,
                   "cpus_per_actor": 0 if gpus else per_actor}
    return plan.handovers(results)


def _start(address: str | None, num_cpus: int) -> bool:
    """Connect to (or start) a Ray cluster; True when this call started it."""
    try:
        import ray
    except ImportError:
        raise ConfigError("the ray engine needs Ray: pip install 'mtaudit[scale]'") from None
    if ray.is_initialized():
        return False
    import logging

    kwargs: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": False,
                              "include_dashboard": False}
    try:
        if address:
            ray.init(address=address, **kwargs)
        else:
            ray.init(num_cpus=num_cpus, **kwargs)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise ConfigError(f"cannot start or reach the Ray cluster"
                          f"{f' at {address}' if address else ''}: {exc}") from None
    return True


def run_ray(pairs: Sequence[CorpusPair], todo: Sequence[int], on_done: Callable[[Done], None],
            stats: dict[str, Any], *, address: str | None = None, num_cpus: int = 2,
            workers: int | None = None, batch_size: int = 1,
            progress: Progress | None = None) -> None:
    """Audit ``pairs[i]`` for each i in ``todo`` on Ray; ``on_done`` gets each as it ends."""
    started = _start(address, num_cpus)
    import logging

    import ray
    import ray.data

    try:
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # no banners from a library
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False
        ids: dict[str, int] = {}
        configs: dict[int, AuditConfig] = {}
        rows = []
        for i in todo:
            p = pairs[i]
            key = repr(p.config)
            if key not in ids:
                ids[key] = len(ids)
                configs[ids[key]] = p.config
            rows.append({"index": i, "name": p.name, "source": p.source,
                         "target": p.target or "", "config": ids[key]})
        from mtaudit.app.corpus_mt import encode

        given = run_mt_ray(pairs, rows, configs, stats, probe=address is None,
                           progress=progress)
        for row in rows:
            row["mt"] = encode(given.get(row["index"]))
        n_workers = max(1, min(workers or num_cpus, len(rows)))
        ds = ray.data.from_items(rows, override_num_blocks=max(1, len(rows) // batch_size))
        audited = ds.map_batches(PairAuditor, fn_constructor_kwargs={"configs": configs},
                                 batch_size=batch_size, num_cpus=1,
                                 compute=ray.data.ActorPoolStrategy(size=n_workers),
                                 batch_format="numpy")
        per_worker: dict[int, dict[str, Any]] = {}
        t0 = time.perf_counter()
        for row in audited.iter_rows():
            on_done((int(row["index"]), str(row["report"]) or None, str(row["error"]) or None,
                     float(row["seconds"])))
            w = per_worker.setdefault(int(row["pid"]), {"pid": int(row["pid"]), "pairs": 0,
                                                        "first_pair_s": float(row["seconds"])})
            w["pairs"] += 1
            w["peak_rss_mb"] = max(w.get("peak_rss_mb", 0.0), float(row["peak_rss_mb"]))
            w["model_load_s"] = float(row["model_load_s"])
        stats["workers"] = sorted(per_worker.values(), key=lambda w: w["pid"])
        stats["model_load_s"] = round(sum(w["model_load_s"] for w in per_worker.values()), 3)
        stats["ray"] = {"address": address or "local", "num_cpus": num_cpus,
                        "actors": n_workers, "batch_size": batch_size,
                        "stream_s": round(time.perf_counter() - t0, 3)}
    finally:
        if started:
            ray.shutdown()
