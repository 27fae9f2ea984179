"""Gate manifests: which files to audit, as TOML or YAML.

    # mtaudit-manifest.toml (paths relative to the manifest's folder)
    src_lang = "ar"
    tgt_lang = "fr"

    [[pairs]]                      # one pair
    source = "news/003.ar.txt"
    target = "news/003.fr.txt"

    [[pairs]]                      # globs: each source match maps to the target pattern
    source = "docs/ar/**/*.md"     # the parts matched by *, ** and ? are substituted, in
    target = "docs/fr/**/*.md"     # order, into the target pattern's wildcards

    [[pairs]]                      # bilingual catalogs (PO, XLIFF, TMX): no target
    catalog = "locale/fr/*.po"

The same in YAML: ``pairs: [{source: ..., target: ...}, {catalog: ...}]``. A pair may set its
own ``src_lang``/``tgt_lang``. A glob matching nothing, or a target that does not exist, is an
input error: the gate cannot say the translation is good if it cannot read it.
"""

from __future__ import annotations

import glob as globmod
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtaudit.core.errors import ConfigError, InputError

_WILD = re.compile(r"\*\*/|\*\*|\*|\?")


@dataclass(frozen=True)
class PairSpec:
    """One file pair to audit. ``target`` is None for bilingual catalogs."""

    source: str
    target: str | None
    src_lang: str | None = None
    tgt_lang: str | None = None

    @property
    def key(self) -> str:
        """The file the gate reports on (the translation; the catalog for catalogs)."""
        return self.target or self.source


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    out, pos = [], 0
    for m in _WILD.finditer(pattern):
        out.append(re.escape(pattern[pos:m.start()]))
        out.append({"**/": "(?:(.*)/)?", "**": "(.*)", "*": "([^/]*)",
                    "?": "([^/])"}[m.group()])
        pos = m.end()
    out.append(re.escape(pattern[pos:]))
    return re.compile("".join(out) + r"\Z")


def map_glob(source_pattern: str, target_pattern: str, root: Path) -> list[tuple[str, str]]:
    """(source, target) paths for every file matching ``source_pattern`` under ``root``."""
    n_src, n_tgt = len(_WILD.findall(source_pattern)), len(_WILD.findall(target_pattern))
    if n_src != n_tgt:
        raise ConfigError(f"manifest: {source_pattern!r} and {target_pattern!r} must have the "
                          f"same wildcards ({n_src} vs {n_tgt})")
    rx = _pattern_regex(source_pattern)
    pairs = []
    for match in sorted(globmod.glob(source_pattern, root_dir=root, recursive=True)):
        rel = Path(match).as_posix()
        m = rx.match(rel)
        if m is None or not (root / rel).is_file():
            continue
        parts = iter(m.groups())

        def fill(w: re.Match[str], parts: Any = parts) -> str:
            got = next(parts) or ""
            return got + "/" if w.group() == "**/" and got else got

        target = _WILD.sub(fill, target_pattern)
        pairs.append((rel, target))
    return pairs


def expand_pairs(entries: list[dict[str, Any]], root: Path, *, where: str = "manifest",
                 src_lang: str | None = None, tgt_lang: str | None = None) -> list[PairSpec]:
    specs: list[PairSpec] = []
    for k, e in enumerate(entries):
        if not isinstance(e, dict):
            raise ConfigError(f"{where}: pairs[{k}] must be a table")
        unknown = set(e) - {"source", "target", "catalog", "src_lang", "tgt_lang"}
        if unknown:
            raise ConfigError(f"{where}: pairs[{k}]: unknown key(s) {sorted(unknown)}")
        sl, tl = e.get("src_lang", src_lang), e.get("tgt_lang", tgt_lang)
        if "catalog" in e:
            if "source" in e or "target" in e:
                raise ConfigError(f"{where}: pairs[{k}]: catalog excludes source/target")
            pat = str(e["catalog"])
            found = (sorted(Path(m).as_posix() for m in globmod.glob(pat, root_dir=root,
                                                                     recursive=True))
                     if _WILD.search(pat) else [pat])
            if not found:
                raise InputError(f"{where}: pairs[{k}]: no file matches {pat!r}")
            specs += [PairSpec(p, None, sl, tl) for p in found]
            continue
        if "source" not in e or "target" not in e:
            raise ConfigError(f"{where}: pairs[{k}] needs source and target (or catalog)")
        src, tgt = str(e["source"]), str(e["target"])
        if _WILD.search(src) or _WILD.search(tgt):
            mapped = map_glob(src, tgt, root)
            if not mapped:
                raise InputError(f"{where}: pairs[{k}]: no file matches {src!r}")
            specs += [PairSpec(s, t, sl, tl) for s, t in mapped]
        else:
            specs.append(PairSpec(src, tgt, sl, tl))
    for spec in specs:
        for path in (spec.source, spec.target):
            if path is not None and not (root / path).is_file():
                raise InputError(f"{where}: file not found: {path}")
    return specs


def load_manifest(path: str | Path) -> tuple[list[PairSpec], Path]:
    """The pairs listed in a manifest file and the folder their paths are relative to."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read manifest {p}: {exc}") from None
    data: Any
    if p.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ConfigError(f"{p}: invalid YAML: {exc}") from None
    else:
        from mtaudit.gate.policy import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{p}: invalid TOML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("pairs"), list) or not data["pairs"]:
        raise ConfigError(f"{p}: a manifest needs a non-empty 'pairs' list")
    root = p.parent
    specs = expand_pairs(data["pairs"], root, where=str(p), src_lang=data.get("src_lang"),
                         tgt_lang=data.get("tgt_lang"))
    return specs, root
