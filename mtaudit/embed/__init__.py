"""Sentence embedders by name, from the plugin registry (entry-point group ``mtaudit.embedders``).

A name is ``PLUGIN`` or ``PLUGIN:ARGUMENT``: the plugin's class is called with the argument
when there is one (``st:<model id or dir>`` → ``SentenceTransformerEmbedder(model)``).
Backends are imported only when asked for.

>>> emb = get_embedder("use")                 # multilingual USE v3, offline, numpy
>>> emb = get_embedder("st:sentence-transformers/LaBSE")   # needs mtaudit[st] + local weights
>>> vecs = emb.encode(["Bonjour.", "مرحبا."])  # (2, dim) float32, unit rows, cached by text
"""

from __future__ import annotations

from functools import lru_cache

from mtaudit.core import plugins
from mtaudit.core.errors import ConfigError
from mtaudit.embed.base import CachedEmbedder, Embedder

NAMES = ("use", "st:<model id or local dir>")


def get_embedder(name: str) -> Embedder:
    """Return the embedder called ``name`` ("use" or "st:<model>"); the same object per name.

    Raises ModelUnavailable when the backend or its weights cannot be loaded here, ConfigError
    for a name that is not a registered embedder.
    """
    plugin, arg = check_embedder_name(name)
    return _load(plugin, arg)


def check_embedder_name(name: str) -> tuple[str, str | None]:
    """``(plugin, argument)`` of an embedder name, or a ConfigError for a name that is not a
    registered embedder (or gives an argument it does not take, or lacks one it needs). Loads
    no model: the pipeline checks the name before any work."""
    plugin, sep, arg = (name or "").strip().partition(":")
    plugin, arg = plugin.strip().lower(), arg.strip()
    known = plugins.names("embedder")
    cls = plugins.load("embedder", plugin) if plugin in known else None
    takes = getattr(cls, "argument", None)
    if cls is None or bool(takes) != bool(sep) or (sep and not arg):
        choices = ", ".join(f"{n}:<{a}>" if (a := _argument(n)) else n for n in known)
        raise ConfigError(f"unknown embedder {name!r}; choose one of: {choices}")
    return plugin, (arg if sep else None)


def _argument(plugin: str) -> str | None:
    return getattr(plugins.load("embedder", plugin), "argument", None)


@lru_cache(maxsize=8)
def _load(plugin: str, arg: str | None) -> Embedder:
    cls = plugins.load("embedder", plugin)
    return cls(arg) if arg is not None else cls()


__all__ = ["NAMES", "CachedEmbedder", "Embedder", "check_embedder_name", "get_embedder"]
