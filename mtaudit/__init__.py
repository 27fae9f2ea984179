"""mtaudit: machine-translation quality auditing.

>>> import mtaudit
>>> report = mtaudit.audit("source.ar.txt", "target.fr.txt", src_lang="ar", tgt_lang="fr")
>>> report.to_dataframe()          # one row per aligned pair
>>> report.flags_dataframe()       # one row per flag

Nothing heavy is imported here: models load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mtaudit.core.version import __version__

if TYPE_CHECKING:
    from mtaudit.report.model import AuditReport


def audit(source: Any, target: Any = None, **kwargs: Any) -> AuditReport:
    """Audit ``target`` (a translation) against ``source`` and return the report.

    ``source``/``target``: file paths (plain text, Markdown, TSV, JSONL; PO, XLIFF, TMX with no
    ``target``) or :class:`~mtaudit.core.types.Document` objects. Keywords are the fields of
    :class:`mtaudit.app.config.AuditConfig` (or ``config=AuditConfig(...)``), chiefly
    ``src_lang``, ``tgt_lang``, ``reference`` (a reference translation file), ``mt_model``
    (``"none"``: no re-translation), ``detectors`` (names; ``"default"`` stands for the default
    ones), ``detector_options`` (``{"names": {"use_ner": False}}``), ``resources``
    (``{"glossary": path, "entities": path}``), ``embedder``, ``check_languages``,
    ``check_related``, ``mqm_weights`` and ``progress`` (a callback ``(stage, done, total)``).
    See :func:`mtaudit.app.pipeline.audit`."""
    from mtaudit.app.pipeline import audit as _audit

    return _audit(source, target, **kwargs)


def audit_corpus(pairs: Any, **kwargs: Any) -> list[AuditReport]:
    """Audit several (source, target) pairs with one configuration, then check names across
    them: a source name spelt one way in one file and another way in the next is flagged
    (category "consistency"). See :func:`mtaudit.app.corpus.add_corpus_consistency`."""
    from mtaudit.app.corpus import add_corpus_consistency
    from mtaudit.app.pipeline import audit as _audit

    reports = [_audit(src, tgt, **kwargs) for src, tgt in pairs]
    config = kwargs.get("config")
    resources = dict(getattr(config, "resources", None) or {})
    resources.update(kwargs.get("resources") or {})
    return add_corpus_consistency(reports, resources=resources)


__all__ = ["__version__", "audit", "audit_corpus"]
