"""`mtaudit align --segmented --format beads`: one sentence per line, Bleualign-format beads,
so mtaudit can be used and scored like the standard aligners."""

from __future__ import annotations

import ast
from pathlib import Path

from click.testing import CliRunner

from mtaudit.analysis.segment import segment_lines
from mtaudit.cli import cli

DE = ["Der Hund schläft. Er ist müde.", "", "Die Katze spielt im Garten.",
      "Am Abend regnet es.", "Morgen scheint die Sonne wieder."]
FR = ["Le chien dort. Il est fatigué.", "Le chat joue dans le jardin.", "",
      "Le soir, il pleut.", "Demain, le soleil brillera de nouveau."]


def test_lines_are_segments_with_their_line_numbers():
    text = "  un. deux.\n\n trois \r\nquatre"
    segs = segment_lines(text)
    assert [s.text for s in segs] == ["un. deux.", "trois", "quatre"]
    assert [s.paragraph for s in segs] == [0, 2, 3]
    assert all(text[s.start:s.end] == s.text for s in segs)


def test_beads_format_uses_line_numbers(tmp_path: Path):
    (tmp_path / "a.de").write_text("\n".join(DE) + "\n", encoding="utf-8")
    (tmp_path / "a.fr").write_text("\n".join(FR) + "\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["align", str(tmp_path / "a.de"), str(tmp_path / "a.fr"),
                                   "--src-lang", "de", "--tgt-lang", "fr", "--segmented",
                                   "-f", "beads", "--embedder", "none",
                                   "--no-check-languages"])
    assert res.exit_code == 0, res.output
    beads = [tuple(ast.literal_eval(part) for part in line.split(":"))
             for line in res.stdout.split()]
    # every non-blank line once, in order, by its line number; the two-sentence line stays one
    assert [i for s, _ in beads for i in s] == [0, 2, 3, 4]
    assert [j for _, t in beads for j in t] == [0, 1, 3, 4]
    assert beads[0] == ([0], [0])
    # without --segmented the first line is split into two sentences, numbered 0 and 1
    res = CliRunner().invoke(cli, ["align", str(tmp_path / "a.de"), str(tmp_path / "a.fr"),
                                   "--src-lang", "de", "--tgt-lang", "fr", "-f", "beads",
                                   "--embedder", "none", "--no-check-languages"])
    assert res.exit_code == 0, res.output
    assert sum(len(ast.literal_eval(line.split(":")[0])) for line in res.stdout.split()) == 5
