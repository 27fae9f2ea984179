"""Bounded readers for the gate's TOML and YAML files (manifests, policies), and the confined
glob walker for the files a manifest names (:class:`Scope`).

A manifest can come from a pull request, so reading one must neither hang nor crash:

* a file larger than :data:`MAX_BYTES` (1 MiB), or one that is not a regular file (a FIFO,
  a device), is refused before it is read;
* data nested deeper than :data:`MAX_DEPTH` (32 levels of arrays/tables, or a dotted key of
  more than 32 parts) is refused; TOML text is scanned for its nesting before it is parsed
  (the parser recurses, and is quadratic in the length of a dotted key);
* YAML anchors and aliases (``&a`` / ``*a``) are refused outright, so alias-expansion bombs
  ("billion laughs") cannot blow up; only plain YAML (``yaml.SafeLoader``) types are read.

A :class:`Scope` refuses paths leading out of a root folder (symlinks resolved), never follows
a symlink loop and matches at most :data:`MAX_FILES` files per glob.

Every failure is a one-line :class:`ConfigError` naming the file.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from mtaudit.core.errors import ConfigError, MtauditError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MAX_BYTES = 1 << 20  # largest manifest / policy file read (1 MiB)
MAX_DEPTH = 32  # deepest nesting of arrays and tables
MAX_FILES = 10_000  # files one glob (and one manifest) may match

WILD = re.compile(r"\*\*/|\*\*|\*|\?")  # the wildcards of a manifest glob

# TOML scanning: the characters that matter for nesting, and where each kind of string or
# comment ends (each is scanned once: the scan is linear in the text).
_TOML_SPECIAL = re.compile(r"[\"'#\[\]{}.=,\n]")
_TOML_ENDS = {'"""': re.compile(r'(?:\\.|[^\\])*?"""', re.S),
              "'''": re.compile(r".*?'''", re.S),
              '"': re.compile(r'(?:\\.|[^"\\\n])*"'),
              "'": re.compile(r"[^'\n]*'"),
              "#": re.compile(r"[^\n]*")}


def real(path: str | Path) -> Path:
    """``path`` with every symlink resolved (a symlink loop stays as it is: never raises)."""
    return Path(os.path.realpath(path))


def read_text(path: Path, what: str, unreadable: type[MtauditError] = ConfigError) -> str:
    """The text of ``path`` (UTF-8), refusing non-regular files and files over MAX_BYTES."""
    try:
        if not path.is_file():
            raise unreadable(f"cannot read {what} {path}: not a regular file")
        if path.stat().st_size > MAX_BYTES:
            raise ConfigError(f"{path}: {what} larger than the {MAX_BYTES // 1024} KiB limit")
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise ConfigError(f"{path}: {what} larger than the {MAX_BYTES // 1024} KiB limit")
        return raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise unreadable(f"cannot read {what} {path}: {exc}") from None


def _too_deep(path: Path) -> ConfigError:
    return ConfigError(f"{path}: nested deeper than {MAX_DEPTH} levels (the limit)")


def check_toml_nesting(text: str, path: Path) -> None:
    """Refuse TOML whose brackets nest, or whose dotted keys run, deeper than MAX_DEPTH."""
    depth = dots = pos = 0
    while (m := _TOML_SPECIAL.search(text, pos)) is not None:
        tok, pos = m.group(), m.end()
        if tok in "\"'#":
            opener = tok * 3 if tok != "#" and text.startswith(tok * 3, m.start()) else tok
            end = _TOML_ENDS[opener].match(text, m.start() + len(opener))
            if end is None:
                return  # an unterminated string: the parser says where
            pos = end.end()
        elif tok in "[{":
            depth, dots = depth + 1, 0
            if depth > MAX_DEPTH:
                raise _too_deep(path)
        elif tok in "]}":
            depth, dots = max(depth - 1, 0), 0
        elif tok == ".":
            dots += 1
            if dots >= MAX_DEPTH:
                raise _too_deep(path)
        else:
            dots = 0


def check_depth(data: Any, path: Path) -> None:
    """Refuse parsed data nested deeper than MAX_DEPTH (iteratively: no recursion)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(path)
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader without anchors/aliases and with bounded nesting."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.YAMLError(f"YAML anchors and aliases are not allowed (line "
                                 f"{event.start_mark.line + 1})")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.YAMLError(f"nested deeper than {MAX_DEPTH} levels (the limit)")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def loads_toml(text: str, path: Path) -> dict[str, Any]:
    check_toml_nesting(text, path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {_one_line(exc)}") from None
    except RecursionError:
        raise _too_deep(path) from None
    check_depth(data, path)
    return data


def loads_yaml(text: str, path: Path) -> Any:
    loader = _NoAliasLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {_one_line(exc)}") from None
    except RecursionError:
        raise _too_deep(path) from None
    finally:
        loader.dispose()
    check_depth(data, path)
    return data


def load_file(path: Path, what: str, unreadable: type[MtauditError] = ConfigError) -> Any:
    """The data of a TOML file, or of a YAML one (``.yaml``/``.yml``), read safely."""
    text = read_text(path, what, unreadable)
    if path.suffix.lower() in (".yaml", ".yml"):
        return loads_yaml(text, path)
    return loads_toml(text, path)


class Scope:
    """Where a manifest's paths are read: relative to ``base``, confined to ``root`` (a
    resolved folder; None: not confined)."""

    def __init__(self, base: Path, root: Path | None, where: str = "manifest") -> None:
        self.base, self.root, self.where = base, root, where

    def _inside(self, path: Path) -> bool:
        return self.root is None or real(path).is_relative_to(self.root)

    def refuse(self, field: str, what: str) -> ConfigError:
        return ConfigError(f"{self.where}: {field}: {what} leads outside the manifest root "
                           f"{self.root} (--allow-outside-root to read it)")

    def check(self, rel: str, field: str) -> None:
        """Refuse a path (or a glob's folder) outside the root."""
        if self.root is not None and (Path(rel).is_absolute()
                                      or not self._inside(self.base / rel)):
            raise self.refuse(field, repr(rel))

    def glob(self, pattern: str, field: str) -> list[str]:
        """The files matching ``pattern`` (relative to ``base``, sorted), found without
        following a symlink loop or leaving the root; hidden names need a literal part."""
        segs = pattern.split("/")
        if segs[-1] == "**":
            segs.append("*")
        n_lit = next(i for i, seg in enumerate(segs) if WILD.search(seg))
        prefix = "/".join(segs[:n_lit])
        if prefix:
            self.check(prefix, field)
        start = self.base / prefix if prefix else self.base
        found: set[str] = set()
        seen: set[tuple[int, int, int]] = set()
        stack = [(start, prefix, n_lit)] if start.is_dir() else []
        while stack:
            folder, rel, i = stack.pop()
            try:
                st = folder.stat()
            except OSError:
                continue
            if (st.st_dev, st.st_ino, i) in seen:
                continue  # a folder seen before: a symlink loop, or two links to one place
            seen.add((st.st_dev, st.st_ino, i))
            seg, last = segs[i], i == len(segs) - 1
            for sub, path in self._entries(folder, rel, seg, not last or seg == "**", field):
                if not last or seg == "**":
                    stack.append((path, sub, i if seg == "**" else i + 1))
                elif sub not in found:
                    found.add(sub)
                    if len(found) > MAX_FILES:
                        raise ConfigError(f"{self.where}: {field}: {pattern!r} matches more "
                                          f"than {MAX_FILES} files (the limit)")
            if seg == "**":
                stack.append((folder, rel, i + 1))
        return sorted(found)

    def _entries(self, folder: Path, rel: str, seg: str, dirs: bool,
                 field: str) -> list[tuple[str, Path]]:
        """(relative name, path) of the folders (``dirs``) or files in ``folder`` (``rel``)
        matching one segment of a glob; a symlink leading out of the root is refused."""
        if not WILD.search(seg):
            path = folder / seg
            names = [seg] if (path.is_dir() if dirs else path.is_file()) else []
        else:
            rx = _glob_rx(seg)
            try:
                with os.scandir(folder) as it:
                    names = [e.name for e in it if not e.name.startswith(".")
                             and rx.match(e.name) and (e.is_dir() if dirs else e.is_file())]
            except OSError:
                return []
        out = []
        for name in sorted(names):
            path, sub = folder / name, f"{rel}/{name}" if rel else name
            if (name == ".." or path.is_symlink()) and not self._inside(path):
                raise self.refuse(field, f"{sub!r} (matched by a glob)")
            out.append((sub, path))
        return out


def _glob_rx(seg: str) -> re.Pattern[str]:
    """One path segment of a glob as a regex (``**`` inside a segment is ``*``)."""
    return re.compile("".join("[^/]" if part == "?" else "[^/]*" if part.startswith("*")
                              else re.escape(part) for part in re.split(r"(\*+|\?)", seg))
                      + r"\Z")


__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_FILES", "WILD", "Scope", "check_depth",
           "check_toml_nesting", "load_file", "loads_toml", "loads_yaml", "read_text", "real",
           "tomllib"]
