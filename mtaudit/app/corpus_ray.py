"""The Ray engine of :func:`mtaudit.app.corpus_run.run_corpus`.

The pairs to audit flow as a Ray Data dataset (one row per pair: its index, files and config
id) through ``map_batches`` with :class:`PairAuditor`, a class run by a fixed actor pool: each
actor loads the embedders once, in its constructor, and audits its batches of pairs with the
same :func:`~mtaudit.app.corpus_run.audit_pair` the local engine calls. Rows come back to the
driver as they finish (streaming execution), where each pair's audit is written at once. Ray is
the optional extra ``mtaudit[scale]``; with no address a local cluster of ``num_cpus`` CPUs is
started for the run and shut down after it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from mtaudit.core.errors import ConfigError

if TYPE_CHECKING:
    from mtaudit.app.config import AuditConfig
    from mtaudit.app.corpus_run import CorpusPair, Done


class PairAuditor:
    """A Ray Data batch UDF held by an actor: the embedders are loaded once per actor."""

    def __init__(self, configs: dict[int, AuditConfig]) -> None:
        from mtaudit.app.corpus_run import warm_models

        self.configs = configs
        self.load_s = warm_models(configs.values())

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from mtaudit.app.corpus_run import CorpusPair, audit_pair
        from mtaudit.app.corpus_tables import peak_rss_mb

        out: dict[str, list[Any]] = {k: [] for k in (
            "index", "report", "error", "seconds", "pid", "peak_rss_mb", "model_load_s")}
        for i, name, src, tgt, cid in zip(batch["index"], batch["name"], batch["source"],
                                          batch["target"], batch["config"], strict=True):
            t0 = time.perf_counter()
            text, error = audit_pair(CorpusPair(str(name), str(src), str(tgt) or None,
                                                self.configs[int(cid)]))
            out["index"].append(int(i))
            out["report"].append(text or "")
            out["error"].append(error or "")
            out["seconds"].append(time.perf_counter() - t0)
            out["pid"].append(os.getpid())
            out["peak_rss_mb"].append(peak_rss_mb())
            out["model_load_s"].append(round(self.load_s, 3))
        return out


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
            workers: int | None = None, batch_size: int = 1) -> None:
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
