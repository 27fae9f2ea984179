"""Input limits (issue 15): every limit refused in one line with exit 2 and the option that
raises it; non-regular files refused without being opened; '-' reads standard input; long
texts cut for embedding only."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from cli_checks import assert_one_line_error
from click.testing import CliRunner

from mtaudit.align import MAX_BEAD_LIMIT, AlignConfig, align, join_texts
from mtaudit.app.config import AuditConfig
from mtaudit.cli import cli
from mtaudit.core.errors import ConfigError, InputError
from mtaudit.embed.base import MAX_EMBED_CHARS, CachedEmbedder, cut_for_embedding
from mtaudit.ingest import InputLimits, load_pair
from mtaudit.ingest.text import read_bytes_checked

DATA = Path(__file__).parent / "data"
SMALL_AR, SMALL_FR = DATA / "small.ar.txt", DATA / "small.fr.txt"
FAST = ["--embedder", "none", "--no-check-languages", "--no-check-related"]


def run(*args: object, stdin: bytes | None = None):
    return CliRunner().invoke(cli, [*map(str, args)], input=stdin)


assert_refused = assert_one_line_error


def assert_usage_error(capsys: pytest.CaptureFixture[str], *args: object) -> str:
    """A usage error through the real entry point: exit 2, one stderr line naming the option."""
    from mtaudit.cli import main

    with pytest.raises(SystemExit) as exc:
        main([*map(str, args)])
    err = capsys.readouterr().err
    assert exc.value.code == 2, err
    assert err.count("\n") == 1 and err.startswith("mtaudit: error: "), err
    return err


def _with_word(tmp_path: Path, n: int) -> Path:
    p = tmp_path / "word.fr.txt"
    p.write_text(SMALL_FR.read_text(encoding="utf-8") + "\nVoir " + "x" * n + " ici.\n",
                 encoding="utf-8")
    return p


# ----- options -------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-1"])
def test_max_size_must_be_a_finite_positive_number(value, capsys):
    err = assert_usage_error(capsys, "audit", SMALL_AR, SMALL_FR, *FAST, "--max-size", value)
    assert "--max-size" in err


@pytest.mark.parametrize("option", ["--max-segment", "--max-word", "--max-sentences",
                                    "--max-units"])
def test_count_limits_must_be_positive(option, capsys):
    assert option in assert_usage_error(capsys, "audit", SMALL_AR, SMALL_FR, *FAST, option, "0")


@pytest.mark.parametrize("value", ["0", "7", "1000", "-1"])
def test_max_bead_out_of_range(value, capsys):
    err = assert_usage_error(capsys, "align", SMALL_AR, SMALL_FR, *FAST, "--max-bead", value)
    assert "--max-bead" in err


def test_max_bead_at_its_bound_works():
    result = run("align", SMALL_AR, SMALL_FR, *FAST, "--max-bead", str(MAX_BEAD_LIMIT),
                 "-f", "tsv")
    assert result.exit_code == 0, result.output
    assert "1-1" in result.output


def test_library_refuses_bad_settings():
    with pytest.raises(ConfigError, match="max_bead"):
        align(["a."], ["b."], embedder=None, config=AlignConfig(max_bead=MAX_BEAD_LIMIT + 1))
    with pytest.raises(ConfigError, match="max_bead"):
        align(["a."], ["b."], embedder=None, config=AlignConfig(max_bead=0))
    with pytest.raises(ConfigError, match="max_bead"):
        AuditConfig(align=AlignConfig(max_bead=1000))
    for bad in (float("nan"), float("inf"), 0, -2.0):
        with pytest.raises(ConfigError, match="max_input_mb"):
            AuditConfig(max_input_mb=bad)
    with pytest.raises(ConfigError, match="--max-sentences"):
        AuditConfig(max_sentences=0)
    with pytest.raises(ConfigError, match="--max-word"):
        AuditConfig(max_word_chars=True)  # type: ignore[arg-type]
    limits = AuditConfig(max_input_mb=1.5, max_units=7).input_limits()
    assert limits.max_bytes == int(1.5 * 2**20) and limits.max_units == 7


# ----- each limit, through each command ------------------------------------------------------

def test_word_limit(tmp_path):
    long_word = _with_word(tmp_path, 3000)
    line = assert_refused(run("audit", SMALL_AR, long_word, *FAST), "word.fr.txt",
                          "3,000 characters", "2,000-character limit", "--max-word")
    assert "line " in line
    assert_refused(run("align", SMALL_AR, long_word, *FAST, "--max-word", "2999"), "--max-word")
    ok = run("align", SMALL_AR, long_word, *FAST, "--max-word", "3000", "-f", "tsv")
    assert ok.exit_code == 0, ok.output


def test_word_limit_spares_scripts_without_spaces(tmp_path):
    # Chinese prose: runs end at CJK punctuation, not at spaces
    zh = "。".join(["中国政府周一宣布了一项支持农村地区农民的新计划"] * 200) + "。"
    src, tgt = tmp_path / "zh.txt", tmp_path / "fr.txt"
    src.write_text(zh + "\n", encoding="utf-8")
    tgt.write_text(SMALL_FR.read_text(encoding="utf-8"), encoding="utf-8")
    loaded = load_pair(src, tgt, "zh", "fr", limits=InputLimits(max_word_chars=100))
    assert len(loaded.source.text) > 4000
    with pytest.raises(InputError, match="--max-word"):
        load_pair(src, tgt, "zh", "fr", limits=InputLimits(max_word_chars=10))


def test_segment_limit():
    assert_refused(run("audit", SMALL_AR, SMALL_FR, *FAST, "--max-segment", "40"),
                   "small.ar.txt", "sentence at line", "40-character limit", "--max-segment")


def test_sentence_limit():
    assert_refused(run("align", SMALL_AR, SMALL_FR, *FAST, "--max-sentences", "2"),
                   "small.ar.txt", "sentences, over the 2-sentence limit", "--max-sentences")


def test_gate_has_the_limits():
    result = run("gate", SMALL_AR, SMALL_FR, *FAST, "--max-sentences", "2", "--no-baseline")
    assert result.exit_code == 2, result.output
    assert "not audited" in result.output and "2-sentence limit" in result.output
    assert "--max-sentences" in result.output and "Traceback" not in result.output


def _tsv(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    p = tmp_path / "units.tsv"
    p.write_text("".join(f"{s}\t{t}\n" for s, t in rows), encoding="utf-8")
    return p


def test_unit_limits(tmp_path):
    rows = [("The minister spoke on Monday.", "Le ministre a parlé lundi."),
            ("The plan includes loans.", "Le plan comprend des prêts."),
            ("Farmers welcomed it.", "Les agriculteurs l'ont salué.")]
    tsv = _tsv(tmp_path, rows)
    assert_refused(run("audit", tsv, "--src-lang", "en", *FAST, "--max-units", "2"),
                   "units.tsv", "3 translation units", "2-unit limit", "--max-units")
    assert_refused(run("audit", tsv, "--src-lang", "en", *FAST, "--max-segment", "25"),
                   "units.tsv", "unit '1' (source)", "--max-segment")
    long_word = _tsv(tmp_path, [("See " + "y" * 50 + " now.", "Voir ça.")])
    assert_refused(run("audit", long_word, "--src-lang", "en", *FAST, "--max-word", "20"),
                   "unit '1' (source)", "--max-word")


def test_jsonl_lone_surrogate(tmp_path):
    p = tmp_path / "units.jsonl"
    p.write_text('{"source": "Hello.", "target": "Salut."}\n'
                 '{"source": "World.", "target": "Monde \\ud800."}\n', encoding="utf-8")
    assert_refused(run("audit", p, "--src-lang", "en", *FAST), "units.jsonl:2", "'target'",
                   "surrogate")


def test_toolkit_parse_failures_are_input_errors(tmp_path):
    deep = tmp_path / "deep.xlf"
    deep.write_bytes(b'<?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:'
                     b'xliff:document:1.2"><file original="x" source-language="en" '
                     b'target-language="fr" datatype="plaintext"><body><trans-unit id="1">'
                     b'<source>' + b'<g id="1">' * 5000 + b"x" + b"</g>" * 5000 +
                     b"</source><target>x</target></trans-unit></body></file></xliff>")
    assert_refused(run("audit", deep, "--src-lang", "en", *FAST), "deep.xlf", "cannot parse")
    tmx = tmp_path / "sur.tmx"
    tmx.write_bytes(b'<?xml version="1.0"?><tmx version="1.4"><header srclang="en" '
                    b'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" '
                    b'creationtool="x" creationtoolversion="1"/><body><tu><tuv xml:lang="en">'
                    b"<seg>a&#xD800;</seg></tuv><tuv xml:lang=\"fr\"><seg>b</seg></tuv></tu>"
                    b"</body></tmx>")
    assert_refused(run("audit", tmx, "--src-lang", "en", *FAST), "sur.tmx", "cannot parse")


def test_po_unit_over_the_segment_limit_is_refused_before_models(tmp_path):
    po = tmp_path / "big.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  f'msgid "{"word " * 20_000}"\nmsgstr "mot"\n', encoding="utf-8")
    assert_refused(run("audit", po, "--src-lang", "en", "--embedder", "use"),
                   "big.po", "100,000 characters", "--max-segment")


# ----- file types and standard input ---------------------------------------------------------

def _subprocess_audit(*paths: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mtaudit", "audit", *map(str, paths), *FAST],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for args in ((SMALL_AR, fifo), (fifo, SMALL_FR)):
        proc = _subprocess_audit(*args)  # a blocking open would hit the timeout
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.count("\n") == 1, proc.stderr
        assert "pipe.txt: is a FIFO" in proc.stderr and "'-'" in proc.stderr
    with pytest.raises(InputError, match="FIFO"):
        read_bytes_checked(fifo)  # no writer: would block forever if opened
    # a FIFO as --reference or as a gated file: the same message, not "file not found"
    assert_refused(run("audit", SMALL_AR, SMALL_FR, "--reference", str(fifo), *FAST),
                   "pipe.txt", "FIFO")
    result = run("gate", str(SMALL_AR), str(fifo), *FAST)
    assert result.exit_code == 2 and "is a FIFO" in result.output


@pytest.mark.skipif(not os.path.exists("/dev/zero")
                    or not stat.S_ISCHR(os.stat("/dev/zero").st_mode),
                    reason="no /dev/zero character device")
def test_character_device_refused_without_reading():
    assert_refused(run("audit", SMALL_AR, "/dev/zero", *FAST), "/dev/zero",
                   "character device")
    with pytest.raises(InputError, match="character device"):
        read_bytes_checked("/dev/zero", max_bytes=2**40)


def test_stdin_as_target():
    result = run("audit", SMALL_AR, "-", *FAST, "-f", "json", "--mt-model", "none",
                 stdin=SMALL_FR.read_bytes())
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout[result.stdout.index("{"):])
    assert report["target"]["path"] == "-"
    assert report["target"]["chars"] == len(SMALL_FR.read_text(encoding="utf-8"))


def test_stdin_as_source_for_align():
    result = run("align", "-", SMALL_FR, *FAST, "-f", "tsv", stdin=SMALL_AR.read_bytes())
    assert result.exit_code == 0, result.output
    assert "1-1" in result.output


def test_stdin_limits_and_misuse():
    assert_refused(run("audit", "-", "-", *FAST, stdin=b"x"), "both be '-'")
    assert_refused(run("audit", "-", SMALL_FR, *FAST, "--max-size", "0.0001",
                       stdin=SMALL_AR.read_bytes()), "<stdin>", "MiB limit", "--max-size")
    assert_refused(run("audit", SMALL_AR, "-", *FAST, stdin=b""), "<stdin>", "empty")


# ----- the embedding cut ---------------------------------------------------------------------

def test_cut_for_embedding_keeps_head_and_tail():
    text = " ".join(f"w{i}" for i in range(3000))
    cut = cut_for_embedding(text)
    assert len(cut) <= MAX_EMBED_CHARS
    assert cut.startswith("w0 w1 ") and cut.endswith(" w2999")
    assert " … " in cut and cut_for_embedding(cut) == cut
    assert cut_for_embedding("short text") == "short text"
    joins = join_texts(["a" * 50_000, "Une phrase courte.", "b" * 9_000], 3)
    assert all(len(t) <= MAX_EMBED_CHARS for texts in joins.values() for t in texts)
    assert joins[2][0].endswith("Une phrase courte.")  # the joined short sentence is kept


class RecordingEmbedder(CachedEmbedder):
    name = "recording"
    signature = "recording@test"
    dim = 4

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def _encode_batch(self, texts):
        self.seen += texts
        return np.array([[1.0, len(t) % 7, t.count(" ") % 5, 1.0] for t in texts])


def test_long_unit_cut_for_embedding_but_flagged_in_full(tmp_path, monkeypatch):
    from mtaudit.app import pipeline

    filler = "The committee reviewed the annual report and approved the budget. " * 80
    src = filler + "The plant opened in 1987 with 4350 workers."
    tgt = ("Le comité a examiné le rapport annuel et approuvé le budget. " * 80
           + "L'usine a ouvert avec des ouvriers.")
    assert len(src) > 2 * MAX_EMBED_CHARS
    tsv = _tsv(tmp_path, [(src, tgt), ("The minister spoke.", "Le ministre a parlé.")])
    emb = RecordingEmbedder()
    monkeypatch.setattr(pipeline, "load_embedder", lambda config, notices: emb)
    report = pipeline.audit(tsv, src_lang="en", tgt_lang="fr", mt_model="none",
                            check_languages=False, check_related=False)
    assert emb.seen and max(map(len, emb.seen)) <= MAX_EMBED_CHARS
    pair = report.results[0].pair
    assert pair.source_text == src.strip()  # the report keeps the full text
    flags = [f for f in report.results[0].flags if "1987" in f.text or "4350" in f.text]
    assert flags, [f.message for f in report.results[0].flags]
    for f in flags:
        assert f.start > MAX_EMBED_CHARS
        text = pair.source_text if f.side == "source" else pair.target_text
        assert text[f.start:f.end] == f.text


# ----- the root causes of the slow long inputs (linear now; timings in bench/limits.py) -------

def test_credit_shape_still_finds_addresses_in_long_runs():
    from mtaudit.analysis.layout import looks_like_credit

    assert looks_like_credit("Contact: jean.dupont@example.com")
    assert looks_like_credit("x" * 50_000 + "a@host.fr")
    assert looks_like_credit("a@b@c.fr")
    assert not looks_like_credit("ب" * 50_000)
    assert not looks_like_credit("user @ host")


def test_many_numbers_in_one_segment_all_read():
    from mtaudit.analysis.numbers import extract_numbers

    text = ", ".join(f"{i} km" for i in range(10_000, 30_000))
    found = extract_numbers(text, "fr")
    assert [m.value for m in found] == [float(i) for i in range(10_000, 30_000)]
    assert all(text[m.start:m.end] == m.text for m in found[:50])
