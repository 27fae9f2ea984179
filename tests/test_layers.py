"""The package's shape: layers import only downward, detectors do not import one another, and no
module grows past 400 lines.

The check reads every module under ``mtaudit/`` with :mod:`ast` and collects each
``import mtaudit.x`` / ``from mtaudit.x import ...`` / relative import, at any depth (function-
level and ``TYPE_CHECKING`` imports are dependencies too). A module's layer is the top-level
package (or module) it lives in; see README "Layout".
"""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "mtaudit"

# Lower numbers are lower layers. A module may import its own layer and the layers below.
LAYERS: dict[str, int] = {
    "core": 0,
    "lang": 1,
    "analysis": 2,
    "align": 3, "embed": 3, "mt": 3, "entities": 3, "ingest": 3,
    "detectors": 4,
    "report": 5,
    "app": 6,
    "gate": 7,
    "cli": 8,
    "__init__": 9, "__main__": 9,
}
MAX_LINES = 400


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every mtaudit import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path).split(".")
    is_pkg = path.name == "__init__.py"
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names
                         if a.name.split(".")[0] == "mtaudit")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here if is_pkg else here[:-1]
                base = base[:len(base) - (node.level - 1)]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "mtaudit":
                continue
            # from PACKAGE import x: x may be a submodule (from . import omission)
            subs = [f"{mod}.{a.name}" for a in node.names if _is_module(f"{mod}.{a.name}")]
            found.extend((node.lineno, m) for m in subs)
            if len(subs) < len(node.names):
                found.append((node.lineno, mod))
    return found


def _is_module(dotted: str) -> bool:
    rel = Path(*dotted.split(".")[1:])
    return (PKG / rel).with_suffix(".py").is_file() or (PKG / rel / "__init__.py").is_file()


def _layer_of(module: str) -> tuple[str, int]:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    if top not in LAYERS:
        raise AssertionError(f"{module}: top-level package {top!r} has no layer; add it to "
                             "LAYERS in tests/test_layers.py and to the README's layout")
    return top, LAYERS[top]


def layer_violations() -> list[str]:
    bad: list[str] = []
    for path in sorted(PKG.rglob("*.py")):
        me = _module_name(path)
        my_top, my_rank = _layer_of(me)
        for line, imported in _imports(path):
            top, rank = _layer_of(imported)
            where = f"{path.relative_to(PKG.parent)}:{line}"
            if rank > my_rank:
                bad.append(f"{where}: {my_top} (layer {my_rank}) imports {imported} "
                           f"(layer {rank})")
            if (my_top == "detectors" and top == "detectors" and me != "mtaudit.detectors"
                    and imported not in ("mtaudit.detectors", "mtaudit.detectors.base")
                    and imported != me):
                bad.append(f"{where}: detector {me} imports another detector ({imported}); "
                           "shared code belongs in mtaudit.analysis")
    return bad


def test_layers_import_only_downward():
    assert layer_violations() == []


def test_no_module_over_400_lines():
    long = {str(p.relative_to(PKG.parent)): n for p in PKG.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The checker itself: a core module importing the pipeline is reported."""
    fake = tmp_path / "mtaudit"
    (fake / "core").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "core" / "__init__.py").write_text("")
    (fake / "core" / "bad.py").write_text("def f():\n    from mtaudit.app import pipeline\n")
    (fake / "detectors").mkdir()
    (fake / "detectors" / "__init__.py").write_text("")
    (fake / "detectors" / "a.py").write_text("from .b import x\n")
    (fake / "detectors" / "b.py").write_text("from . import c\n")
    (fake / "detectors" / "c.py").write_text("from mtaudit.detectors import a\n")
    (fake / "app").mkdir()
    (fake / "app" / "__init__.py").write_text("")
    (fake / "core" / "worse.py").write_text("from mtaudit import app\n")
    monkeypatch.setattr(f"{__name__}.PKG", fake)
    found = layer_violations()
    assert any("core/bad.py:2" in v and "mtaudit.app" in v for v in found)
    assert any("core/worse.py:1" in v and "mtaudit.app" in v for v in found)
    for name, other in (("a", "b"), ("b", "c"), ("c", "a")):
        assert any(f"detectors/{name}.py:1" in v and f"another detector (mtaudit.detectors."
                   f"{other})" in v for v in found), (name, found)
