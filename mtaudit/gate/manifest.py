"""Gate manifests: which files to audit, as TOML or YAML.

    # mtaudit-manifest.toml (paths relative to the manifest's folder)
    src_lang = "ar"
    tgt_lang = "fr"
    # root = "../.."               # optional: widen the root (see below)

    [[pairs]]                      # one pair
    source = "news/003.ar.txt"
    target = "news/003.fr.txt"

    [[pairs]]                      # globs: each source match maps to the target pattern
    source = "docs/ar/**/*.md"     # the parts matched by *, ** and ? are substituted, in
    target = "docs/fr/**/*.md"     # order, into the target pattern's wildcards

    [[pairs]]                      # bilingual catalogs (PO, XLIFF, TMX): no target
    catalog = "locale/fr/*.po"
    related = ["press/fr/*.txt"]   # optional, also top level: target-language documents on
                                   # the same subject (their name spellings are attested)

The same in YAML: ``pairs: [{source: ..., target: ...}, {catalog: ...}]``. A pair may set its
own ``src_lang``/``tgt_lang`` (language codes such as ``fr`` or ``pt-BR``). A glob matching
nothing, or a target that does not exist, is an input error: the gate cannot say the
translation is good if it cannot read it.

Safety (a manifest may come from a pull request): every file must lie inside the *root*,
symlinks resolved: the manifest's folder, or its ``root = "../.."`` (a folder holding the
manifest, inside the repository: the nearest folder with ``.git``, else the working
directory), or ``load_manifest(root=...)`` (``--manifest-root``). Absolute paths, ``..`` and
symlinks leading out are a one-line ConfigError naming the ``pairs[k].field``, listing nothing
outside, unless ``allow_outside_root`` (``--allow-outside-root``). Globs never follow a
symlink loop and match at most :data:`MAX_FILES` files; at most :data:`MAX_PAIRS` entries;
duplicates collapse. :mod:`mtaudit.gate.safe_load` reads the file (size and depth limits, no
YAML aliases); every field is type-checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtaudit.core.errors import ConfigError, InputError
from mtaudit.gate.safe_load import MAX_FILES, WILD, Scope, load_file, real

MAX_PAIRS = 10_000  # entries of a manifest's ``pairs`` list

_WILD = WILD
_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,4}\Z")
_TOP_KEYS = ("src_lang", "tgt_lang", "root", "pairs", "related")
_PAIR_KEYS = ("source", "target", "catalog", "src_lang", "tgt_lang", "related")


@dataclass(frozen=True)
class PairSpec:
    """One file pair to audit. ``target`` is None for bilingual catalogs."""

    source: str
    target: str | None
    src_lang: str | None = None
    tgt_lang: str | None = None
    related: tuple[str, ...] = ()  # target-language documents on the same subject

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


def map_glob(source_pattern: str, target_pattern: str, root: Path,
             scope: Scope | None = None, field: str = "source") -> list[tuple[str, str]]:
    """(source, target) paths for every file matching ``source_pattern`` under ``root``."""
    scope = scope or Scope(root, real(root))
    n_src, n_tgt = len(_WILD.findall(source_pattern)), len(_WILD.findall(target_pattern))
    if n_src != n_tgt:
        raise ConfigError(f"{scope.where}: {field}: {source_pattern!r} and {target_pattern!r} "
                          f"must have the same wildcards ({n_src} vs {n_tgt})")
    rx = _pattern_regex(source_pattern)
    pairs = []
    for rel in scope.glob(source_pattern, field):
        m = rx.match(rel)
        if m is None:
            continue
        parts = iter(m.groups())

        def fill(w: re.Match[str], parts: Any = parts) -> str:
            got = next(parts) or ""
            return got + "/" if w.group() == "**/" and got else got

        pairs.append((rel, _WILD.sub(fill, target_pattern)))
    return pairs


def _check_entry(e: Any, where: str) -> dict[str, str]:
    if not isinstance(e, dict):
        raise ConfigError(f"{where} must be a table")
    unknown = set(e) - set(_PAIR_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {sorted(map(str, unknown))}; known: "
                          f"{', '.join(_PAIR_KEYS)}")
    for key, value in e.items():
        if key.endswith("_lang"):
            check_lang(value, f"{where}.{key}")
        elif key == "related":
            check_related(value, f"{where}.{key}")
        elif not isinstance(value, str) or not value or "\0" in value:
            raise ConfigError(f"{where}.{key} must be a file path or glob (a string), not "
                              f"{type(value).__name__}")
    return e


def check_related(value: Any, where: str) -> list[str]:
    """A ``related`` field: a path or glob, or a list of them (strings)."""
    items = [value] if isinstance(value, str) else value
    if (not isinstance(items, list) or len(items) > MAX_FILES
            or not all(isinstance(v, str) and v and "\0" not in v for v in items)):
        raise ConfigError(f"{where} must be a file path or glob, or a list of them (strings)")
    return items


def _related_files(patterns: list[str], scope: Scope, at: str) -> tuple[str, ...]:
    out: list[str] = []
    for k, pat in enumerate(patterns):
        field = f"{at}.related[{k}]"
        found = scope.glob(pat, field) if _WILD.search(pat) else [pat]
        if not found:
            raise InputError(f"{scope.where}: {field}: no file matches {pat!r}")
        for rel in found:
            scope.check(rel, field)
            if not (scope.base / rel).is_file():
                raise InputError(f"{scope.where}: file not found: {rel}")
            out.append(rel)
    return tuple(dict.fromkeys(out))


def check_lang(value: Any, where: str) -> None:
    if value is not None and (not isinstance(value, str) or not _LANG.match(value)):
        shown = repr(value) if isinstance(value, str) else type(value).__name__
        raise ConfigError(f"{where} must be a language code such as 'fr' or 'pt-BR', not "
                          f"{shown[:40]}")


def expand_pairs(entries: list[Any], root: Path, *, where: str = "manifest",
                 src_lang: str | None = None, tgt_lang: str | None = None,
                 scope: Scope | None = None, related: Any = None) -> list[PairSpec]:
    """The pairs of a manifest's ``pairs`` list, paths relative to ``root`` (and confined to
    ``scope``'s root: by default ``root`` itself)."""
    scope = scope or Scope(root, real(root), where)
    if len(entries) > MAX_PAIRS:
        raise ConfigError(f"{where}: more than {MAX_PAIRS} pairs entries (the limit); use globs")
    specs: dict[tuple[str, str | None], PairSpec] = {}
    done: set[tuple[tuple[str, Any], ...]] = set()
    shared = (_related_files(check_related(related, f"{where}: related"), scope, "related")
              if related is not None else ())
    for k, e in enumerate(entries):
        at = f"pairs[{k}]"
        e = _check_entry(e, f"{where}: {at}")
        ident = tuple(sorted((k, str(v)) for k, v in e.items()))
        if ident in done:
            continue  # a duplicate entry
        done.add(ident)
        sl, tl = e.get("src_lang", src_lang), e.get("tgt_lang", tgt_lang)
        rel = tuple(dict.fromkeys(shared + (_related_files(check_related(
            e["related"], at), scope, at) if "related" in e else ())))
        if "catalog" in e:
            if "source" in e or "target" in e:
                raise ConfigError(f"{where}: {at}: catalog excludes source/target")
            pat = e["catalog"]
            found = scope.glob(pat, f"{at}.catalog") if _WILD.search(pat) else [pat]
            if not found:
                raise InputError(f"{where}: {at}: no file matches {pat!r}")
            pairs: list[tuple[str, str | None]] = [(c, None) for c in found]
        elif "source" not in e or "target" not in e:
            raise ConfigError(f"{where}: {at} needs source and target (or catalog)")
        elif _WILD.search(e["source"]) or _WILD.search(e["target"]):
            pairs = list(map_glob(e["source"], e["target"], root, scope, f"{at}.source"))
            if not pairs:
                raise InputError(f"{where}: {at}: no file matches {e['source']!r}")
        else:
            pairs = [(e["source"], e["target"])]
        for src, tgt in pairs:
            scope.check(src, f"{at}.catalog" if tgt is None else f"{at}.source")
            if tgt is not None:
                scope.check(tgt, f"{at}.target")
            if (src, tgt) not in specs:
                specs[src, tgt] = PairSpec(src, tgt, sl, tl, rel)
    if len(specs) > MAX_FILES:
        raise ConfigError(f"{where}: more than {MAX_FILES} files (the limit of one manifest)")
    for spec in specs.values():
        for path in (spec.source, spec.target):
            if path is not None and not (root / path).is_file():
                raise InputError(f"{where}: file not found: {path}")
    return list(specs.values())


def _repository(folder: Path) -> Path:
    """The folder a manifest's ``root`` may widen to: the nearest one holding ``.git``."""
    for cand in (folder, *folder.parents):
        if (cand / ".git").exists():
            return cand
    return real(Path.cwd())


def _root(data: dict[str, Any], base: Path, p: Path, cli_root: str | Path | None) -> Path:
    declared = data.get("root")
    if cli_root is not None:
        root = real(cli_root)
        if not root.is_dir():
            raise ConfigError(f"--manifest-root {cli_root}: not a folder")
        return root
    here = real(base)
    if declared is None:
        return here
    root = real(base / declared)
    repo = _repository(here)
    if not root.is_dir() or not here.is_relative_to(root) or not root.is_relative_to(repo):
        raise ConfigError(f"{p}: root {declared!r} must be a folder holding the manifest, "
                          f"inside the repository {repo}")
    return root


def load_manifest(path: str | Path, *, root: str | Path | None = None,
                  allow_outside_root: bool = False) -> tuple[list[PairSpec], Path]:
    """The pairs listed in a manifest file and the folder their paths are relative to.

    ``root``: the folder all files must lie in (default: the manifest's folder, or its
    ``root`` key); ``allow_outside_root`` lifts that confinement."""
    p = Path(path)
    base = p.parent
    if not allow_outside_root and p.exists():
        bound = real(root) if root is not None else _repository(real(base))
        target = real(p)
        if not (target.is_relative_to(bound) or target.is_relative_to(real(base))):
            raise ConfigError(f"{p}: the manifest is a symlink leading out of {bound}")
    data = load_file(p, "manifest", unreadable=InputError)
    if not isinstance(data, dict) or not isinstance(data.get("pairs"), list) or not data["pairs"]:
        raise ConfigError(f"{p}: a manifest needs a non-empty 'pairs' list")
    unknown = sorted(str(k) for k in data if k not in _TOP_KEYS)
    if unknown:
        raise ConfigError(f"{p}: unknown key(s) {unknown}; known: {', '.join(_TOP_KEYS)}")
    for key in ("src_lang", "tgt_lang"):
        check_lang(data.get(key), f"{p}: {key}")
    if data.get("root") is not None and (not isinstance(data["root"], str) or not data["root"]):
        raise ConfigError(f"{p}: root must be a folder path (a string)")
    confine = None if allow_outside_root else _root(data, base, p, root)
    scope = Scope(base, confine, str(p))
    specs = expand_pairs(data["pairs"], base, where=str(p), src_lang=data.get("src_lang"),
                         tgt_lang=data.get("tgt_lang"), scope=scope,
                         related=data.get("related"))
    return specs, base
