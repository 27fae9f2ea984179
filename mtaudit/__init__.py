"""mtaudit: machine-translation quality auditing.

>>> import mtaudit
>>> report = mtaudit.audit("source.ar.txt", "target.fr.txt", src_lang="ar", tgt_lang="fr")
>>> report.to_dataframe()          # one row per aligned pair
>>> report.flags_dataframe()       # one row per flag

Nothing heavy is imported here: models load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from mtaudit.report.model import AuditReport


def audit(source: Any, target: Any = None, **kwargs: Any) -> AuditReport:
    """Audit ``target`` (a translation) against ``source``. See :func:`mtaudit.pipeline.audit`."""
    from mtaudit.pipeline import audit as _audit

    return _audit(source, target, **kwargs)


__all__ = ["__version__", "audit"]
