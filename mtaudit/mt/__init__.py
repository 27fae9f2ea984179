"""Re-translation of the source with open MT models (transformers, ctranslate2) or a user's
reference file, with an on-disk cache.

Entry point for the pipeline::

    from mtaudit.mt import retranslate_pairs
    rt = retranslate_pairs(pairs, source_doc, config)   # -> Retranslation
    rt.texts[i]      # re-translation of pair i (None: no source text)

Raises :class:`mtaudit.core.errors.ModelUnavailable` ("re-translation unavailable: <model> not found
locally; fetch it with `mtaudit models pull <model>`") when the model is not on this machine:
audits never download (see :mod:`mtaudit.mt.hub`). Nothing heavy is imported here.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Retranslation": "mtaudit.mt.retranslate",
    "retranslate_pairs": "mtaudit.mt.retranslate",
    "get_translator": "mtaudit.mt.retranslate",
    "make_translator": "mtaudit.mt.retranslate",
    "translate_texts": "mtaudit.mt.retranslate",
    "group_size": "mtaudit.mt.retranslate",
    "PivotTranslator": "mtaudit.mt.retranslate",
    "MTOptions": "mtaudit.mt.base",
    "Translator": "mtaudit.mt.base",
    "TranslationCache": "mtaudit.mt.cache",
    "default_cache_dir": "mtaudit.mt.cache",
    "default_models": "mtaudit.mt.hub",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mtaudit.mt' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
