"""A third-party plugin package, found through its entry points exactly like mtaudit's own.

The test writes a tiny distribution (a module plus its ``.dist-info`` with ``entry_points.txt``,
what ``pip install`` leaves in site-packages) into a temporary folder, puts that folder on the
path, and sees its detector and its report format run: through the Python API in this process,
and through the ``mtaudit`` command in a fresh process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mtaudit.core import plugins

DATA = Path(__file__).parent / "data"

MODULE = '''
from dataclasses import dataclass
import re

from mtaudit.core.options import Options
from mtaudit.core.types import Flag
from mtaudit.detectors.base import PairDetector


@dataclass(frozen=True)
class ExclaimOptions(Options):
    min_marks: int = 2


class ExclaimDetector(PairDetector):
    """Runs of exclamation marks in the translation (a house style rule)."""

    name = "exclaim"
    categories = ("punctuation",)
    Options = ExclaimOptions

    def detect_pair(self, pair, ctx, prepared=None):
        n = self.options.min_marks
        return [Flag.on_pair(pair, m.start(), m.end(), category="punctuation",
                             severity="minor", message="exclamation marks in a row",
                             detector=self.name, suggestion="!")
                for m in re.finditer("!{%d,}" % n, pair.target_text)]


def render_count(report, **opts):
    return "flags: %d" % len(report.flags)


def render_bare(report):  # takes no hints: it is not given any
    return "pairs: %d" % len(report.results)


def render_broken(report, **opts):
    raise RuntimeError("renderer bug")


class CrashDetector(PairDetector):
    name = "crash"
    categories = ("punctuation",)

    def detect_pair(self, pair, ctx, prepared=None):
        raise RuntimeError("detector bug")


class NumbersImpostor(PairDetector):
    name = "numbers"
    categories = ("number",)

    def detect_pair(self, pair, ctx, prepared=None):
        return []
'''

ENTRY_POINTS = """[mtaudit.detectors]
exclaim = mtaudit_exclaim:ExclaimDetector
crash = mtaudit_exclaim:CrashDetector
numbers = mtaudit_exclaim:NumbersImpostor
missing = mtaudit_exclaim:NoSuchClass

[mtaudit.reports]
count = mtaudit_exclaim:render_count
bare = mtaudit_exclaim:render_bare
broken = mtaudit_exclaim:render_broken
"""


@pytest.fixture()
def plugin_dir(tmp_path, monkeypatch):
    root = tmp_path / "site"
    (root / "mtaudit_exclaim").mkdir(parents=True)
    (root / "mtaudit_exclaim" / "__init__.py").write_text(MODULE, encoding="utf-8")
    info = root / "mtaudit_exclaim-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: mtaudit-exclaim\n"
                                   "Version: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    monkeypatch.syspath_prepend(str(root))
    plugins.refresh()
    yield root
    monkeypatch.undo()
    sys.modules.pop("mtaudit_exclaim", None)
    plugins.refresh()


def _pair(tmp_path):
    src = tmp_path / "s.en.txt"
    tgt = tmp_path / "t.fr.txt"
    src.write_text("The minister arrived in Paris on Monday.\nHe met the president.\n",
                   encoding="utf-8")
    tgt.write_text("Le ministre est arrivé à Paris lundi !!!\nIl a rencontré le président.\n",
                   encoding="utf-8")
    return src, tgt


def test_plugin_detector_and_report_format_run_through_the_api(plugin_dir, tmp_path):
    import mtaudit
    from mtaudit.detectors import default_detectors, registered
    from mtaudit.report import render

    assert "exclaim" in registered()
    assert plugins.distribution("detector", "exclaim") == "mtaudit-exclaim"
    assert "exclaim" not in default_detectors()  # a plugin runs when asked for
    src, tgt = _pair(tmp_path)
    report = mtaudit.audit(src, tgt, src_lang="en", tgt_lang="fr", detectors=["exclaim"],
                           detector_options={"exclaim": {"min_marks": 3}}, mt_model="none",
                           check_related=False)
    [flag] = report.flags
    assert (flag.detector, flag.category, flag.text, flag.suggestion) == (
        "exclaim", "punctuation", "!!!", "!")
    # the signature says which package and release made the flags
    assert {"name": "exclaim", "options": {"min_marks": 3},
            "package": "mtaudit-exclaim==0.1"} in report.signature["detectors"]
    assert render(report, "count") == "flags: 1"


def test_plugin_runs_from_the_command_line(plugin_dir, tmp_path):
    src, tgt = _pair(tmp_path)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(plugin_dir), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    cmd = [sys.executable, "-m", "mtaudit", "audit", str(src), str(tgt), "--src-lang", "en",
           "--tgt-lang", "fr", "--detectors", "exclaim,repetition", "--mt-model", "none",
           "--no-check-related"]
    out = subprocess.run([*cmd, "--format", "json"], capture_output=True, text=True, env=env,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    flags = [f for r in json.loads(out.stdout)["results"] for f in r["flags"]]
    assert [(f["detector"], f["text"]) for f in flags] == [("exclaim", "!!!")]
    out = subprocess.run([*cmd, "--format", "count"], capture_output=True, text=True, env=env,
                         timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "flags: 1", out.stderr


def test_a_broken_plugin_is_a_clear_error(plugin_dir, tmp_path):
    (plugin_dir / "mtaudit_exclaim" / "__init__.py").write_text("raise ImportError('boom')\n")
    sys.modules.pop("mtaudit_exclaim", None)
    plugins.refresh()
    from mtaudit.detectors import get_detector

    with pytest.raises(plugins.PluginError, match=r"'exclaim'.*cannot be loaded.*boom"):
        get_detector("exclaim")


def test_plugins_cannot_break_or_take_over_builtins(plugin_dir, tmp_path):
    """A package registering a built-in name does not replace it (the audit says so in a
    notice); an unrelated broken plugin nobody asked for is never imported; a plugin that
    crashes is named as the culprit (exit 2), not reported as mtaudit's bug."""
    import mtaudit
    from mtaudit.core.errors import MtauditError
    from mtaudit.detectors import default_detectors, detector_class
    from mtaudit.report import render

    assert detector_class("numbers").__module__ == "mtaudit.detectors.numbers"
    assert "missing" not in default_detectors() and "crash" not in default_detectors()
    src, tgt = _pair(tmp_path)
    report = mtaudit.audit(src, tgt, src_lang="en", tgt_lang="fr", mt_model="none",
                           check_related=False)  # the defaults: 'missing' is never loaded
    assert any("'numbers' is mtaudit's own" in n and "mtaudit-exclaim" in n
               for n in report.notices)
    with pytest.raises(MtauditError, match=r"detector plugin 'crash' \(mtaudit-exclaim: "
                                           r"mtaudit_exclaim:CrashDetector\) failed: "
                                           r"RuntimeError: detector bug"):
        mtaudit.audit(src, tgt, src_lang="en", tgt_lang="fr", mt_model="none",
                      check_related=False, detectors=["default", "crash"])
    with pytest.raises(MtauditError, match="cannot be loaded"):
        mtaudit.audit(src, tgt, src_lang="en", tgt_lang="fr", mt_model="none",
                      detectors=["missing"])
    assert render(report, "bare", color=True) == "pairs: 2"
    with pytest.raises(MtauditError, match=r"'broken'.*failed: RuntimeError: renderer bug"):
        render(report, "broken")


def test_default_token_adds_a_plugin_to_the_default_detectors(plugin_dir, tmp_path):
    import mtaudit
    from mtaudit.detectors import default_detectors

    src, tgt = _pair(tmp_path)
    report = mtaudit.audit(src, tgt, src_lang="en", tgt_lang="fr", mt_model="none",
                           check_related=False, detectors=["default", "exclaim"])
    names = [d["name"] for d in report.signature["detectors"]]
    assert names == [*default_detectors(), "exclaim"]


def test_a_name_two_packages_register_is_an_error(plugin_dir):
    other = plugin_dir / "mtaudit_other-0.2.dist-info"
    other.mkdir()
    (other / "METADATA").write_text("Metadata-Version: 2.1\nName: mtaudit-other\n"
                                    "Version: 0.2\n", encoding="utf-8")
    (other / "entry_points.txt").write_text(
        "[mtaudit.detectors]\nexclaim = mtaudit_other:Exclaim\n", encoding="utf-8")
    plugins.refresh()
    from mtaudit.detectors import get_detector

    with pytest.raises(plugins.PluginError, match="registered by several packages"):
        get_detector("exclaim")
