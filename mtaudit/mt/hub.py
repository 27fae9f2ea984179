"""Finding MT models on disk, the default model for a language pair, and fetching models.

Offline policy (decided here, once): **an audit never touches the network.** A model is either a
local folder or already in the standard Hugging Face cache (``$HF_HUB_CACHE``, else
``$HF_HOME/hub``, else ``~/.cache/huggingface/hub``); it is looked up with
``local_files_only=True`` and loaded from its snapshot folder, so a missing model fails in
milliseconds with :func:`mtaudit.mt.base.unavailable` instead of waiting on huggingface_hub's
retries (~23 s per file without ``HF_HUB_OFFLINE``). Only ``mtaudit models pull`` downloads, and
it first checks in 3 s that the hub is reachable.
"""

from __future__ import annotations

import hashlib
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from mtaudit.core.errors import ModelUnavailable

from .base import base_lang, unavailable

# Multilingual fallbacks that cover (almost) every pair; they need their own language codes.
MULTILINGUAL_MODELS: tuple[str, ...] = ("facebook/nllb-200-distilled-600M", "facebook/m2m100_418M")
# Files a translation model never needs (other frameworks' weights), skipped by ``pull``.
_PULL_IGNORE = ["*.h5", "*.msgpack", "*.ot", "tf_model*", "flax_model*", "rust_model*",
                "*.onnx", "onnx/*", "*.tflite"]


def hub_cache_dir() -> Path:
    """The standard Hugging Face hub cache, read from the environment at call time."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "huggingface" / "hub"


def hf_offline() -> bool:
    """True when the user asked huggingface_hub / transformers to stay offline."""
    return any(os.environ.get(v, "").strip().lower() in ("1", "true", "yes", "on")
               for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


@dataclass(frozen=True)
class ResolvedModel:
    model_id: str      # as the user named it
    path: Path         # local folder holding it
    revision: str      # hub commit hash, or "local-<fingerprint>" for a folder
    origin: str        # "folder" or "hub-cache"


def is_local_path(model: str) -> bool:
    return Path(model).expanduser().is_dir()


def folder_fingerprint(folder: Path) -> str:
    """A cheap content fingerprint of a model folder: names, sizes and mtimes of its files,
    plus the full content of small files (configs, vocabularies)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        stat = path.stat()
        rel = path.relative_to(folder).as_posix()
        digest.update(f"{rel}\0{stat.st_size}\0".encode())
        if stat.st_size <= 1 << 20:
            digest.update(path.read_bytes())
        else:
            digest.update(str(stat.st_mtime_ns).encode())
    return "local-" + digest.hexdigest()[:16]


def resolve(model: str, revision: str | None = None) -> ResolvedModel:
    """Find ``model`` (a folder, or a hub id in the local HF cache) without any network access.

    Raises :class:`~mtaudit.core.errors.ModelUnavailable` with the ``mtaudit models pull`` hint.
    """
    folder = Path(model).expanduser()
    if folder.is_dir():
        return ResolvedModel(model, folder.resolve(), folder_fingerprint(folder), "folder")
    if looks_like_path(model):
        from mtaudit.core.errors import ConfigError

        what = "is not a folder" if folder.exists() else "does not exist"
        raise ConfigError(f"MT model folder {model} {what} (a local model is a folder with "
                          "config.json and the tokenizer files; a hub id looks like org/name)")
    snapshot = cached_snapshot(model, revision)
    if snapshot is None:
        raise unavailable(model)
    return ResolvedModel(model, snapshot, snapshot.name, "hub-cache")


def looks_like_path(model: str) -> bool:
    """A file-system path rather than a hub id ("org/name" or "name"): absolute, relative with
    ./ ../ ~, a Windows drive, more than one "/", or "dir/name" whose "dir" exists here."""
    import re

    if (model.startswith(("/", "./", "../", "~", ".\\")) or model.count("/") > 1
            or "\\" in model or model in (".", "..") or re.match(r"^[A-Za-z]:", model)):
        return True
    head = model.split("/", 1)[0]
    return "/" in model and Path(head).expanduser().is_dir()


def cached_snapshot(model: str, revision: str | None = None) -> Path | None:
    """The snapshot folder of hub model ``model`` in the local HF cache, or None."""
    cache = hub_cache_dir()
    if not (cache / f"models--{model.replace('/', '--')}").is_dir():
        return None  # the common case, answered without importing huggingface_hub
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        return None
    try:
        path = snapshot_download(repo_id=model, revision=revision, cache_dir=str(cache),
                                 local_files_only=True)
    except (OSError, ValueError):  # LocalEntryNotFoundError, HFValidationError
        return None
    folder = Path(path)
    has_config = (folder / "config.json").is_file() or (folder / "model.bin").is_file()
    return folder if has_config else None


def is_available(model: str, revision: str | None = None) -> bool:
    try:
        resolve(model, revision)
    except ModelUnavailable:
        return False
    return True


def default_models(src: str, tgt: str, pivot: str = "en") -> dict[str, Any]:
    """Candidate models for ``src``→``tgt``: the direct OPUS-MT model, the pivot pair through
    ``pivot`` (when neither side is the pivot) and multilingual models."""
    s, t, p = base_lang(src), base_lang(tgt), base_lang(pivot)
    out: dict[str, Any] = {"direct": f"Helsinki-NLP/opus-mt-{s}-{t}", "pivot": None,
                           "multilingual": list(MULTILINGUAL_MODELS)}
    if p not in (s, t):
        out["pivot"] = [f"Helsinki-NLP/opus-mt-{s}-{p}", f"Helsinki-NLP/opus-mt-{p}-{t}"]
    return out


def choose_default(src: str, tgt: str, pivot: str = "en") -> list[str]:
    """The default model chain for a pair: ``[direct]`` when it is available locally, else the
    two pivot models when both are, else raise ModelUnavailable naming the direct model."""
    cands = default_models(src, tgt, pivot)
    if is_available(cands["direct"]):
        return [cands["direct"]]
    if cands["pivot"] and all(is_available(m) for m in cands["pivot"]):
        return list(cands["pivot"])
    raise unavailable(cands["direct"])


def cached_models() -> list[dict[str, Any]]:
    """Models in the local HF cache: id, size on disk (bytes) and revisions."""
    cache = hub_cache_dir()
    if not cache.is_dir():
        return []
    try:
        from huggingface_hub import scan_cache_dir
        info = scan_cache_dir(cache)
    except Exception:  # CacheNotFound, corrupted entries: report nothing rather than crash
        return []
    out = []
    for repo in sorted(info.repos, key=lambda r: r.repo_id):
        if repo.repo_type != "model":
            continue
        out.append({"id": repo.repo_id, "size": int(repo.size_on_disk),
                    "revisions": sorted(r.commit_hash[:12] for r in repo.revisions)})
    return out


def hub_endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


def hub_reachable(timeout: float = 3.0) -> bool:
    url = urlparse(hub_endpoint())
    host = url.hostname or "huggingface.co"
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def pull(model: str, revision: str | None = None) -> Path:
    """Download ``model`` into the standard HF cache and return its snapshot folder."""
    if is_local_path(model):
        return Path(model).expanduser().resolve()
    if hf_offline():
        raise ModelUnavailable(f"cannot pull {model}: HF_HUB_OFFLINE/TRANSFORMERS_OFFLINE is set")
    if not hub_reachable():
        raise ModelUnavailable(f"cannot pull {model}: {hub_endpoint()} is unreachable "
                               "(no network?); copy the model folder here and pass its path")
    try:
        from huggingface_hub import snapshot_download
    except ImportError as exc:
        raise ModelUnavailable("cannot pull models: huggingface_hub is not installed; "
                               "install it with `pip install mtaudit[mt]`") from exc
    try:
        path = snapshot_download(repo_id=model, revision=revision, cache_dir=str(hub_cache_dir()),
                                 ignore_patterns=_PULL_IGNORE)
    except Exception as exc:  # network, auth, unknown repo: one line for the user
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelUnavailable(f"cannot pull {model}: {first}") from exc
    return Path(path)
