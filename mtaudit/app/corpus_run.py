"""Corpus audits: every pair of a corpus audited, on one process or on a Ray cluster, with the
same content either way.

:func:`run_corpus` takes :class:`CorpusPair` jobs (a name, the files and the pair's
:class:`~mtaudit.app.config.AuditConfig`; the CLI makes them from a gate manifest) and writes,
under ``out_dir``::

    audits/<name>.json    the pair's own audit (before the corpus step), mtaudit.report/2
    pairs/<name>.sha256   the content hash that audit was made from (inputs + config)
    pairs/<name>.json     the pair's final report (with the cross-document name flags)
    flags.parquet, pairs.parquet, summary.json   (mtaudit.app.corpus_tables)

Each pair is audited by :func:`audit_pair` (the pipeline's :func:`~mtaudit.app.pipeline.audit`),
in this process (``engine="local"``) or in a Ray actor pool (``engine="ray"``,
:mod:`mtaudit.app.corpus_ray`), after the MT stage (:mod:`mtaudit.app.corpus_mt`) has
re-translated the source segments of all of them in batches drawn across pairs. The
cross-document name consistency check (:func:`mtaudit.app.corpus.add_corpus_consistency`) is
the reduce step, run here over every pair's audit. Resumable: a pair whose
``pairs/<name>.sha256`` matches the hash of its inputs and config reuses
``audits/<name>.json``; a pair's audit is written (atomically) as soon as it is done, its hash
after it, so a run killed half-way keeps the pairs it finished. Fault tolerant: a pair that
cannot be read or audited is recorded with its one-line error and the others go on.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtaudit.core.atomic import write_text_atomic
from mtaudit.core.errors import ConfigError
from mtaudit.core.version import __version__

if TYPE_CHECKING:
    from mtaudit.app.config import AuditConfig
    from mtaudit.app.retranslation import Pretranslated
    from mtaudit.report.model import AuditReport

#: progress(stage, done, total), as the CLI's progress display takes it
Progress = Callable[[str, int, int], None]
ENGINES = ("local", "ray")


@dataclass(frozen=True)
class CorpusPair:
    """One pair of a corpus: ``name`` (unique, a safe file name), its files (``target`` None
    for a bilingual catalog) and the config it is audited with."""

    name: str
    source: str
    target: str | None
    config: AuditConfig


@dataclass(frozen=True)
class PairOutcome:
    """What became of one pair: ``status`` is "audited", "reused" (unchanged since the last
    run) or "error" (with ``error``, one line)."""

    pair: CorpusPair
    status: str
    report: AuditReport | None = None
    error: str | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class CorpusRun:
    outcomes: tuple[PairOutcome, ...]
    summary: dict[str, Any]
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[PairOutcome]:
        return [o for o in self.outcomes if o.status == "error"]

    @property
    def exit_code(self) -> int:
        """0: every pair audited; 1: a pair could not be audited (the others were)."""
        return 1 if self.errors else 0


def safe_names(keys: Iterable[str]) -> list[str]:
    """A unique, safe file name for each key (a path: ``a/b.fr.txt`` -> ``a__b.fr.txt``)."""
    out: list[str] = []
    seen: set[str] = set()
    for key in keys:
        base = re.sub(r"[^A-Za-z0-9._-]+", "_", key.replace("\\", "/").replace("/", "__"))
        base = base.strip("._") or "pair"
        name, k = base, 2
        while name.lower() in seen:
            name, k = f"{base}-{k}", k + 1
        seen.add(name.lower())
        out.append(name)
    return out


def config_signature(config: AuditConfig) -> str:
    """The config as canonical JSON, with the contents of the resource files it names."""
    data = asdict(config)
    res = data.get("resources") or {}
    files: dict[str, str] = {}
    for value in res.values():
        for v in (value if isinstance(value, (list, tuple)) else [value]):
            if isinstance(v, str) and Path(v).is_file():
                files[v] = hashlib.sha256(Path(v).read_bytes()).hexdigest()
    return json.dumps({"mtaudit": __version__, "config": data, "resource_files": files},
                      sort_keys=True, default=str, ensure_ascii=True)


def pair_hash(pair: CorpusPair) -> str:
    """sha256 of the source's and target's bytes and the config signature (OSError when a file
    cannot be read)."""
    h = hashlib.sha256()
    for path in (pair.source, pair.target):
        data = Path(path).read_bytes() if path else b""
        h.update(len(data).to_bytes(8, "big") + data)
    h.update(config_signature(pair.config).encode())
    return h.hexdigest()


def one_line(exc: BaseException) -> str:
    """An exception as one line of text."""
    from mtaudit.core.errors import MtauditError

    if isinstance(exc, OSError):
        text = f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
    elif isinstance(exc, MtauditError):
        text = str(exc)
    else:  # a bug in one pair must not stop the corpus; it is named as such
        text = f"internal error: {type(exc).__name__}: {exc}"
    return " ".join(text.split())


def audit_pair(pair: CorpusPair, given: Pretranslated | None = None
               ) -> tuple[str | None, str | None]:
    """Audit one pair (with the MT stage's translations ``given``, :mod:`.corpus_mt`): (the
    report as JSON, None) or (None, the one-line error)."""
    from mtaudit.app.pipeline import audit
    from mtaudit.app.retranslation import pretranslated

    try:
        with pretranslated(given):
            report = audit(pair.source, pair.target, config=pair.config)
    except Exception as exc:  # one bad pair is recorded, the others go on
        return None, one_line(exc)
    return report.to_json(indent=None), None


def warm_models(configs: Iterable[AuditConfig]) -> float:
    """Load the embedders the configs name (cached per process); the seconds it took."""
    from mtaudit.core.errors import ModelUnavailable
    from mtaudit.embed import get_embedder

    t0 = time.perf_counter()
    for name in sorted({c.embedder for c in configs if c.embedder not in ("none", "", None)}):
        with contextlib.suppress(ModelUnavailable):  # each audit records the fallback
            get_embedder(name)
    return time.perf_counter() - t0


# A finished pair as the engines hand it back: (index, report JSON or None, error or None,
# seconds)
Done = tuple[int, "str | None", "str | None", float]


def run_local(pairs: Sequence[CorpusPair], todo: Sequence[int],
              on_done: Callable[[Done], None], stats: dict[str, Any],
              progress: Progress | None = None) -> None:
    from mtaudit.app.corpus_mt import run_mt_local
    from mtaudit.app.corpus_tables import peak_rss_mb

    given = run_mt_local(pairs, todo, stats, progress)
    stats["model_load_s"] = round(warm_models(p.config for p in pairs), 3)
    first: float | None = None
    for i in todo:
        t0 = time.perf_counter()
        text, error = audit_pair(pairs[i], given.get(i))
        secs = time.perf_counter() - t0
        first = secs if first is None else first
        on_done((i, text, error, secs))
    stats["workers"] = [{"pid": "driver", "pairs": len(todo), "first_pair_s": round(first or 0, 3),
                         "peak_rss_mb": peak_rss_mb(), "model_load_s": stats["model_load_s"]}]


def _load_report(path: Path) -> AuditReport | None:
    from mtaudit.report.model import AuditReport

    try:
        return AuditReport.from_dict(json.loads(path.read_text(encoding="utf-8")),
                                     name=str(path))
    except Exception:  # a damaged or unreadable audit is redone
        return None


def _remove(*paths: Path) -> None:
    for p in paths:
        p.unlink(missing_ok=True)


def check_out_dir(pairs: Sequence[CorpusPair], out_dir: Path) -> None:
    """Refuse an output folder that holds one of the inputs (it would be written over)."""
    root = out_dir.resolve()
    for p in pairs:
        for f in (p.source, p.target):
            if f and Path(f).resolve().is_relative_to(root):
                raise ConfigError(f"-o {out_dir}: the input {f} lies in the output folder; "
                                  "write the outputs to another folder")


def run_corpus(pairs: Sequence[CorpusPair], out_dir: str | Path, *, engine: str = "local",
               ray_address: str | None = None, num_cpus: int = 2,
               workers: int | None = None, batch_size: int = 1,
               progress: Progress | None = None, page: str | None = None,
               corpus_consistency: bool = True) -> CorpusRun:
    """Audit every pair (skipping those unchanged since the last run into ``out_dir``), run the
    cross-document name check over all of them and write the outputs (see the module doc).

    ``engine``: "local" (this process) or "ray" (a Ray Data actor pool of ``workers`` actors,
    default ``num_cpus``, on the cluster at ``ray_address`` or a local one of ``num_cpus``).
    ``page``: "md" or "html" also writes ``summary.md``/``summary.html``."""
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    if len({p.name for p in pairs}) != len(pairs):
        raise ConfigError("corpus pair names must be unique")
    out = Path(out_dir)
    check_out_dir(pairs, out)
    (out / "pairs").mkdir(parents=True, exist_ok=True)
    (out / "audits").mkdir(parents=True, exist_ok=True)
    t_start = time.perf_counter()
    n = len(pairs)
    status: dict[int, str] = {}
    errors: dict[int, str] = {}
    seconds: dict[int, float] = {}
    hashes: dict[int, str] = {}
    todo: list[int] = []
    for i, p in enumerate(pairs):
        try:
            hashes[i] = pair_hash(p)
        except OSError as exc:
            status[i], errors[i] = "error", one_line(exc)
            continue
        stored = out / "pairs" / f"{p.name}.sha256"
        if (stored.is_file() and stored.read_text(encoding="utf-8").strip() == hashes[i]
                and (out / "audits" / f"{p.name}.json").is_file()):
            status[i] = "reused"
        else:
            todo.append(i)
    done_count = [n - len(todo)]
    if progress:
        progress("audit", done_count[0], n)

    def on_done(item: Done) -> None:
        i, text, error, secs = item
        p = pairs[i]
        seconds[i] = secs
        if text is None:
            status[i], errors[i] = "error", error or "unknown error"
            _remove(out / "pairs" / f"{p.name}.sha256")
        else:
            status[i] = "audited"
            write_text_atomic(out / "audits" / f"{p.name}.json", text + "\n")
            write_text_atomic(out / "pairs" / f"{p.name}.sha256", hashes[i] + "\n")
        done_count[0] += 1
        if progress:
            progress("audit", done_count[0], n)

    stats: dict[str, Any] = {"engine": engine, "pairs": n, "audited_now": len(todo)}
    t_engine = time.perf_counter()
    if todo and engine == "local":
        run_local(pairs, todo, on_done, stats, progress)
    elif todo:
        from mtaudit.app.corpus_ray import run_ray

        run_ray(pairs, todo, on_done, stats, address=ray_address, num_cpus=num_cpus,
                workers=workers, batch_size=batch_size, progress=progress)
    stats["engine_s"] = round(time.perf_counter() - t_engine, 3)

    # the reduce step: every pair's audit, then the cross-document name check over all
    reports: dict[int, AuditReport] = {}
    for i, p in enumerate(pairs):
        if status.get(i) == "error":
            _remove(out / "pairs" / f"{p.name}.json", out / "audits" / f"{p.name}.json")
            continue
        r = _load_report(out / "audits" / f"{p.name}.json")
        if r is None:  # damaged since: redo it next time
            status[i], errors[i] = "error", f"{out / 'audits' / p.name}.json: unreadable audit"
            _remove(out / "pairs" / f"{p.name}.sha256", out / "pairs" / f"{p.name}.json")
            continue
        reports[i] = r
    t_reduce = time.perf_counter()
    if corpus_consistency and len(reports) > 1:
        from mtaudit.app.corpus import add_corpus_consistency

        idx = sorted(reports)
        checked = add_corpus_consistency([reports[i] for i in idx],
                                         resources=pairs[idx[0]].config.resources)
        reports.update(zip(idx, checked, strict=True))
    for i, r in reports.items():
        write_text_atomic(out / "pairs" / f"{pairs[i].name}.json", r.to_json(indent=2) + "\n")
    stats["reduce_s"] = round(time.perf_counter() - t_reduce, 3)
    outcomes = tuple(PairOutcome(p, status.get(i, "error"), reports.get(i), errors.get(i),
                                 round(seconds.get(i, 0.0), 4)) for i, p in enumerate(pairs))
    from mtaudit.app.corpus_tables import write_tables

    stats["total_s"] = round(time.perf_counter() - t_start, 3)
    summary = write_tables(outcomes, out, stats, page=page)
    return CorpusRun(outcomes, summary, stats)


def pairs_from(specs: Sequence[Any], root: str | Path,
               config_of: Callable[[Any], AuditConfig]) -> list[CorpusPair]:
    """CorpusPairs of manifest entries (objects with ``source``, ``target`` and ``key``, paths
    relative to ``root``), each with the config ``config_of(spec)`` gives it."""
    base = Path(root)
    names = safe_names(s.key for s in specs)
    return [CorpusPair(name, str(base / s.source), str(base / s.target) if s.target else None,
                       config_of(s)) for name, s in zip(names, specs, strict=True)]
