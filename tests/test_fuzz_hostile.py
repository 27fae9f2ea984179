"""Fuzz and hostile-input suite: random and crafted inputs never crash mtaudit.

Properties checked (Hypothesis, bounded: the whole file runs in a few minutes of CPU):

* ingest (:func:`mtaudit.ingest.load_pair` on text, TSV, JSONL, PO, XLIFF, TMX written from
  random content) either refuses the file with an :class:`~mtaudit.core.errors.MtauditError`
  or gives segments whose text is the document text at their offsets;
* segmentation and length-only alignment keep their contracts on any text;
* every report format renders any report: JSON and SARIF parse, JUnit is well-formed XML, HTML
  carries no injected tag or handler, Markdown no raw tag, and the terminal / GitHub formats no
  raw escape sequence or workflow command;
* through the CLI the exit code is 0, 1 or 2 (never 3, an internal error), no traceback is
  shown, every flag's text is the document text at its offsets, and no content of a file
  outside the inputs (``/etc/passwd``, a secret beside them) ever reaches the output;
* hostile XML (XXE, external DTD, billion laughs, deep nesting) and hostile gate manifests
  (YAML aliases, deep nesting, wrong types, paths outside the manifest's folder, symlink
  loops) are refused or handled in seconds.

Cases that could hang or eat memory while a fix is not in run ``mtaudit.cli.main`` in a
subprocess with a timeout.
"""

from __future__ import annotations

import html.parser
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtaudit.align import align
from mtaudit.align.config import AlignConfig
from mtaudit.analysis.segment import segment
from mtaudit.cli import cli
from mtaudit.core.errors import MtauditError
from mtaudit.core.types import AlignedPair, Document, Flag, PairResult
from mtaudit.ingest import load_pair
from mtaudit.report import render
from mtaudit.report.model import AuditReport

DATA = Path(__file__).parent / "data"
SMALL_AR, SMALL_FR = DATA / "small.ar.txt", DATA / "small.fr.txt"
FAST = ["--embedder", "none", "--no-check-related", "--no-check-languages",
        "--mt-model", "none"]
FORMATS = ("terminal", "json", "md", "html", "sarif", "junit", "github")
SECRET = "S3CRET-MARKER-7f1c"
try:
    PASSWD_LINES = [ln for ln in Path("/etc/passwd").read_text().splitlines()
                    if ln.count(":") >= 5][:5]
except OSError:  # pragma: no cover - no /etc/passwd here
    PASSWD_LINES = []

SETTINGS = settings(max_examples=60, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

# ----- strategies -------------------------------------------------------------------------------

AR_WORDS = ("قال", "المتحدث", "إن", "الاجتماع", "سيعقد", "في", "موسكو", "يوم", "الاثنين",
            "بورتنيكوف", "٢٠٢٤", "١٥", "الوفد", "مستمر")
FR_WORDS = ("Le", "porte-parole", "a", "dit", "que", "la", "réunion", "aura", "lieu", "à",
            "Moscou", "lundi", "Bortnikov", "2024", "15", "délégation", "continue", "The",
            "minister", "said", "that")
SPECIAL = ("\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9b",
           "\x9d", "\u200b", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d",
           "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u2028", "\u2029",
           "\ufffd", "\r", "\t", "\n", "\n\n", " ", "   ", "\u00a0", ".", "!", "?", "؟", "،",
           "«", "»", "\"", "'", "(", ")", "…", "...", "::", "%", "|", "*", "_", "`", "#",
           "[", "]", "<", ">", "&", "\\", "$", "{", "}")
HOSTILE = ("\x1b]52;c;SGVsbG8=\x07", "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\",
           "\x1b[2J", "\x1b[31mRED\x1b[0m", "\x9b2J", "\x9d52;c;SGVsbG8=\x07",
           "<img src=x onerror=alert(1)>", "<script>alert(1)</script>",
           "\n::add-mask::PWNED\n", "\n::stop-commands::tok\n", "%0A::error::x",
           "[/b]", "[bold red]x[/]", "]]>", "<!--", "&amp;", "\r::warning::y")
CHARS = st.one_of(
    st.characters(min_codepoint=0x600, max_codepoint=0x6FF),           # Arabic
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),             # ASCII
    st.characters(min_codepoint=0xC0, max_codepoint=0x17F),            # Latin-1/Extended-A
    st.characters(min_codepoint=0x660, max_codepoint=0x669),           # Arabic-Indic digits
    st.sampled_from([c for c in SPECIAL if len(c) == 1]),
    st.characters(codec="utf-8"),                                      # anything encodable
)
TOKEN = st.one_of(st.sampled_from(AR_WORDS), st.sampled_from(FR_WORDS),
                  st.sampled_from(SPECIAL), st.sampled_from(HOSTILE),
                  st.text(CHARS, min_size=1, max_size=8))
JOINER = st.sampled_from([" ", " ", " ", ". ", "\n", "\n\n", "", "؟ "])


@st.composite
def texts(draw, min_tokens: int = 0, max_tokens: int = 40) -> str:
    toks = draw(st.lists(TOKEN, min_size=min_tokens, max_size=max_tokens))
    out = []
    for t in toks:
        out.append(t)
        out.append(draw(JOINER))
    return "".join(out)


def translation_like(base: str) -> st.SearchStrategy[str]:
    """``base`` with random (hostile) pieces spliced in, so that the documents still look
    related and the detectors have work to do."""
    @st.composite
    def _s(draw) -> str:
        words = base.split(" ")
        for _ in range(draw(st.integers(0, 6))):
            k = draw(st.integers(0, len(words)))
            words.insert(k, draw(TOKEN))
        return " ".join(words)
    return _s()


# ----- helpers ----------------------------------------------------------------------------------

def run_cli(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, [*map(str, args)], env=env)


def assert_clean_exit(result, allowed=(0, 1, 2)) -> None:
    out = result.output
    # CliRunner reports an unexpected exception as exit 1: that is mtaudit's exit 3
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        (repr(result.exception), out[-2000:])
    assert result.exit_code in allowed, (result.exit_code, out[-2000:], result.exception)
    assert "Traceback" not in out, out[-2000:]
    assert "internal error" not in out, out[-2000:]
    if result.exit_code == 2:  # mtaudit.cli.main's one-line error, or click's usage error
        errs = [ln for ln in out.splitlines() if ln.startswith(("mtaudit: error: ", "Error: "))]
        assert errs, out[-2000:]


_BATCH = """
import json, sys
from click.testing import CliRunner
from mtaudit.cli import cli
out = []
for argv in json.load(sys.stdin):
    r = CliRunner().invoke(cli, argv)
    crashed = r.exception is not None and not isinstance(r.exception, SystemExit)
    out.append({"rc": 3 if crashed else r.exit_code, "output": r.output,
                "stdout": r.stdout, "exc": repr(r.exception) if crashed else ""})
print(json.dumps(out))
"""


def run_cli_batch(argvs: list[list[str]], cwd: Path, timeout: int = 240) -> list[dict]:
    """Run CLI invocations in one child process (one start-up), with a timeout for all: a
    regression that hangs or eats memory fails the test instead of the test run."""
    proc = subprocess.run([sys.executable, "-c", _BATCH], input=json.dumps(argvs),
                          capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          env={**os.environ, "MTAUDIT_DEBUG": ""})
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def assert_no_leak(text: str) -> None:
    assert SECRET not in text
    for line in PASSWD_LINES:
        assert line not in text


def assert_flags_match(report: dict, source_doc: Document, target_doc: Document) -> None:
    for r in report["results"]:
        for f in r["flags"]:
            doc = target_doc if f["side"] == "target" else source_doc
            if f["doc_start"] >= 0:
                assert doc.text[f["doc_start"]:f["doc_end"]] == f["text"], f


_RAW_ESC = re.compile("[\x1b\x9b\x9d\x07]")


def assert_terminal_safe(text: str) -> None:
    """No raw escape sequence or BEL from the data (the output is not coloured)."""
    assert not _RAW_ESC.search(text), repr(text[:300])


def assert_github_safe(text: str) -> None:
    for line in text.splitlines():
        assert not line.startswith(("::add-mask", "::stop-commands", "::set-output",
                                    "::set-env", "::add-path", "::warning::y",
                                    "::error::x")), line
    assert_terminal_safe(text)


class _TagCollector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def check_rendered(fmt: str, out: str) -> None:
    """Invariants of one rendered report whose data held :data:`HOSTILE` strings."""
    assert isinstance(out, str)
    out.encode("utf-8")  # writable (no lone surrogate)
    if fmt in ("json", "sarif"):
        json.loads(out)
    elif fmt == "junit":
        ET.fromstring(out.encode("utf-8"))
    elif fmt == "html":
        p = _TagCollector()
        p.feed(out)
        p.close()
        for tag, attrs in p.tags:
            assert tag != "img" or all(k != "onerror" for k, _ in attrs), (tag, attrs)
            assert all(not k.startswith("on") for k, _ in attrs), (tag, attrs)
        scripts = out.count("<script")
        assert "<script>alert(1)" not in out and scripts <= 2, scripts
    elif fmt == "md":
        assert not re.search(r"(?<!\\)<(img|script)", out), out[:500]
        assert_terminal_safe(out)
    elif fmt == "terminal":
        assert_terminal_safe(out)
    elif fmt == "github":
        assert_github_safe(out)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8", "surrogatepass"))
    else:
        path.write_bytes(content)
    return path


# ----- segmentation and alignment ----------------------------------------------------------------

@settings(SETTINGS, max_examples=300)
@given(text=texts(max_tokens=60), lang=st.sampled_from(["ar", "fr", "en", "de", "zh", "xx"]))
def test_segment_spans_are_exact_and_ordered(text, lang):
    segs = segment(text, lang)
    last = 0
    for k, s in enumerate(segs):
        assert s.index == k
        assert last <= s.start <= s.end <= len(text)
        assert text[s.start:s.end] == s.text
        assert s.text.strip()
        last = s.end


@settings(SETTINGS, max_examples=60)
@given(src=st.lists(st.text(CHARS, max_size=60), max_size=25),
       tgt=st.lists(st.text(CHARS, max_size=60), max_size=25),
       max_bead=st.integers(1, 5))
def test_length_only_alignment_covers_every_index_once(src, tgt, max_bead):
    beads = align(src, tgt, embedder=None, config=AlignConfig(max_bead=max_bead))
    s_idx = [i for b in beads for i in b.src]
    t_idx = [j for b in beads for j in b.tgt]
    assert s_idx == list(range(len(src)))
    assert t_idx == list(range(len(tgt)))
    for b in beads:
        assert len(b.src) <= max_bead and len(b.tgt) <= max_bead
        assert b.src or b.tgt
        assert 0.0 <= b.confidence <= 1.0


@pytest.mark.parametrize("max_bead", [0, -1])
def test_alignment_refuses_bad_max_bead(max_bead):
    with pytest.raises(MtauditError):
        align(["a."], ["b."], embedder=None, config=AlignConfig(max_bead=max_bead))


# ----- ingest -----------------------------------------------------------------------------------

def check_loaded(lp) -> None:
    for doc, segs in ((lp.source, lp.source_segments), (lp.target, lp.target_segments)):
        assert isinstance(doc.text, str)
        if segs is None:
            continue
        for s in segs:
            assert doc.text[s.start:s.end] == s.text
    if lp.beads is not None:
        ns, nt = len(lp.source_segments), len(lp.target_segments)
        for b in lp.beads:
            assert all(0 <= i < ns for i in b.src) and all(0 <= j < nt for j in b.tgt)


def load_or_refuse(src: Path, tgt: Path | None, **kw):
    try:
        lp = load_pair(src, tgt, "ar", "fr", **kw)
    except MtauditError as exc:
        assert str(exc) and "\n" not in str(exc).strip(), str(exc)
        return None
    check_loaded(lp)
    return lp


@SETTINGS
@given(src=texts(), tgt=texts(), bom=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe",
                                                        b"\xfe\xff", b"\x00"]),
       nul=st.booleans())
def test_text_pair_loads_or_is_refused(tmp_path, src, tgt, bom, nul):
    t = tgt + ("\x00" if nul else "")
    s_path = write(tmp_path / "s.txt", bom + src.encode("utf-8"))
    t_path = write(tmp_path / "t.txt", bom + t.encode("utf-8"))
    lp = load_or_refuse(s_path, t_path)
    if lp is not None:
        segment(lp.source.text, "ar")
        segment(lp.target.text, "fr")


UNIT_TEXT = st.text(CHARS, max_size=40)
UNITS = st.lists(st.tuples(UNIT_TEXT, UNIT_TEXT, st.text(CHARS, max_size=6)),
                 min_size=1, max_size=8)


def _xml(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _po(s: str) -> str:
    return (s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\t", "\\t").replace("\r", "\\r"))


def unit_file(fmt: str, units: list[tuple[str, str, str]], raw: bool) -> tuple[str, str]:
    """(file name, content) for ``units`` (source, target, id) in ``fmt``; ``raw``: no escaping
    at all (the file may well be broken, which must be an input error)."""
    x = (lambda s: s) if raw else _xml
    if fmt == "tsv":
        return "u.tsv", "".join(f"{s}\t{t}\t{i}\n" for s, t, i in units)
    if fmt == "jsonl":
        return "u.jsonl", "\n".join(json.dumps({"source": s, "target": t, "id": i})
                                    for s, t, i in units)
    if fmt == "po":
        p = (lambda s: s) if raw else _po
        body = "".join(f'\nmsgctxt "{p(i)}"\nmsgid "{p(s)}"\nmsgstr "{p(t)}"\n'
                       for s, t, i in units)
        return "u.po", 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' + body
    if fmt == "xliff":
        body = "".join(f'<trans-unit id="u{k}"><source>{x(s)}</source><target>{x(t)}</target>'
                       "</trans-unit>\n" for k, (s, t, _i) in enumerate(units))
        return "u.xlf", ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                         'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="f" '
                         'source-language="ar" target-language="fr" datatype="plaintext"><body>'
                         f"\n{body}</body></file></xliff>\n")
    assert fmt == "tmx"
    body = "".join(f'<tu tuid="t{k}"><tuv xml:lang="ar"><seg>{x(s)}</seg></tuv>'
                   f'<tuv xml:lang="fr"><seg>{x(t)}</seg></tuv></tu>\n'
                   for k, (s, t, _i) in enumerate(units))
    return "u.tmx", ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header '
                     'creationtool="t" creationtoolversion="1" datatype="plaintext" '
                     'segtype="sentence" adminlang="en" srclang="ar" o-tmf="t"/><body>\n'
                     f"{body}</body></tmx>\n")


@settings(SETTINGS, max_examples=60)
@given(fmt=st.sampled_from(["tsv", "jsonl", "po", "xliff", "tmx"]), units=UNITS,
       raw=st.booleans())
def test_unit_files_load_or_are_refused(tmp_path, fmt, units, raw):
    name, content = unit_file(fmt, units, raw)
    load_or_refuse(write(tmp_path / name, content), None)


@settings(SETTINGS, max_examples=40)
@given(units=UNITS, where=st.sampled_from(["source", "target", "id"]),
       esc=st.sampled_from(["\\ud800", "\\udfff", "\\ud83d", "\\udc00\\ud800", "\\u0000",
                            "\\u001b]52;c;SGVsbG8=\\u0007", "\\ufeff"]))
def test_jsonl_escapes_and_lone_surrogates(tmp_path, units, where, esc):
    rows = []
    for s, t, i in units:
        row = json.dumps({"source": s, "target": t, "id": i})
        key = f'"{where}": "'
        rows.append(row.replace(key, key + esc, 1))
    lp = load_or_refuse(write(tmp_path / "u.jsonl", "\n".join(rows)), None)
    if lp is not None:
        for doc in (lp.source, lp.target):
            doc.text.encode("utf-8")  # a lone surrogate must not survive into a Document
            for s in (lp.source_segments or ()) + (lp.target_segments or ()):
                (s.unit_id or "").encode("utf-8")


# ----- hostile XML ------------------------------------------------------------------------------

def _xliff(body_src: str, body_tgt: str, doctype: str = "") -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + doctype +
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            '<file original="f" source-language="ar" target-language="fr" datatype="plaintext">'
            f'<body><trans-unit id="u1"><source>{body_src}</source><target>{body_tgt}</target>'
            '</trans-unit><trans-unit id="u2"><source>وقال الوزير إن الخطة تشمل قروضا.</source>'
            '<target>Le ministre a dit que le plan comprend des prêts.</target></trans-unit>'
            '</body></file></xliff>\n')


def _tmx(seg_src: str, seg_tgt: str, doctype: str = "") -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + doctype +
            '<tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
            'datatype="plaintext" segtype="sentence" adminlang="en" srclang="ar" o-tmf="t"/>'
            f'<body><tu tuid="t1"><tuv xml:lang="ar"><seg>{seg_src}</seg></tuv>'
            f'<tuv xml:lang="fr"><seg>{seg_tgt}</seg></tuv></tu></body></tmx>\n')


LAUGHS = "".join(f'<!ENTITY l{k} "{f"&l{k - 1};" * 10 if k else "lol" * 10}">'
                 for k in range(10))


def _hostile_xml(tmp_path: Path) -> dict[str, tuple[str, str]]:
    secret = write(tmp_path / "secret.txt", SECRET + "\n")
    dtd = write(tmp_path / "evil.dtd", f'<!ENTITY ext SYSTEM "file://{secret}">')
    xxe = (f'<!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">'
           '<!ENTITY p SYSTEM "file:///etc/passwd">]>\n')
    ext_dtd = f'<!DOCTYPE x SYSTEM "file://{dtd}">\n'
    param = (f'<!DOCTYPE x [<!ENTITY % d SYSTEM "file://{dtd}"> %d;]>\n')
    laughs = f"<!DOCTYPE x [{LAUGHS}]>\n"
    deep = "<g>" * 50_000 + "نص" + "</g>" * 50_000
    ar, fr = "قال المتحدث إن الاجتماع سيعقد.", "Le porte-parole a dit que la réunion aura lieu."
    return {
        "xxe.xlf": ("xliff", _xliff(ar + " &s; &p;", fr + " &s; &p;", xxe)),
        "xxe.tmx": ("tmx", _tmx(ar + " &s; &p;", fr + " &s; &p;", xxe)),
        "extdtd.xlf": ("xliff", _xliff(ar + " &ext;", fr + " &ext;", ext_dtd)),
        "param.tmx": ("tmx", _tmx(ar + " &ext;", fr + " &ext;", param)),
        "laughs.xlf": ("xliff", _xliff(ar + " &l9;", fr + " &l9;", laughs)),
        "laughs.tmx": ("tmx", _tmx(ar + " &l9;", fr + " &l9;", laughs)),
        "deep.xlf": ("xliff", _xliff(ar + deep, fr)),
        "deep.tmx": ("tmx", _tmx(ar, fr + deep)),
        "xinclude.xlf": ("xliff", _xliff(
            ar + f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{secret}" '
            'parse="text"/>', fr)),
    }


def test_hostile_xml_is_refused_or_inert(tmp_path):
    """XXE, external DTDs, billion laughs, deep nesting, XInclude: in a child process (a
    regression could hang or eat memory), exit 0/2, no outside content shown."""
    cases = [(name, fmt) for name in _hostile_xml(tmp_path) for fmt in ("json", "terminal")]
    for name, (_fmt, content) in _hostile_xml(tmp_path).items():
        write(tmp_path / name, content)
    results = run_cli_batch([["audit", name, *FAST, "-f", fmt] for name, fmt in cases],
                            tmp_path)
    for (name, fmt), r in zip(cases, results, strict=True):
        out = r["output"]
        assert r["rc"] in (0, 1, 2), (name, r["rc"], r["exc"], out[-1500:])
        assert "Traceback" not in out, (name, out[-1500:])
        assert_no_leak(out)
        if r["rc"] == 0 and fmt == "json":
            assert "lol" * 100 not in r["stdout"], name  # entities not expanded


# ----- reports ----------------------------------------------------------------------------------

@st.composite
def reports(draw) -> AuditReport:
    src_text = draw(texts(min_tokens=1)) or "x"
    tgt_text = draw(texts(min_tokens=1)) or "y"
    src = Document(src_text, "ar", draw(st.sampled_from([None, "x[/b].txt", "a\x1b[2J.txt",
                                                          "<img src=x onerror=alert(1)>.txt"])))
    tgt = Document(tgt_text, "fr", draw(st.sampled_from([None, "t.fr.txt", "\u202eevil.txt",
                                                          "x\n::error::y.txt"])))
    ss = segment(src.text, "ar") or []
    ts = segment(tgt.text, "fr") or []
    n = max(len(ss), len(ts))
    results = []
    message = st.one_of(st.sampled_from(HOSTILE), texts(max_tokens=6))
    for i in range(min(n, 6)):
        s = (ss[i],) if i < len(ss) else ()
        t = (ts[i],) if i < len(ts) else ()
        pair = AlignedPair.from_segments(i, src, tgt, s, t, draw(st.floats(0, 1)))
        flags = []
        for _ in range(draw(st.integers(0, 3))):
            side = draw(st.sampled_from(["target", "source"]))
            text = pair.target_text if side == "target" else pair.source_text
            a = draw(st.integers(0, len(text)))
            b = draw(st.integers(a, len(text)))
            flags.append(Flag.on_pair(
                pair, a, b, side=side,
                category=draw(st.sampled_from(["untranslated", "name", "number", "omission",
                                               "garbled", "x<y>"])),
                severity=draw(st.sampled_from(["critical", "major", "minor"])),
                message=draw(message), detector=draw(st.sampled_from(["t", "<b>d</b>"])),
                suggestion=draw(st.one_of(st.none(), message)),
                confidence=draw(st.one_of(st.none(), st.floats(0, 1)))))
        results.append(PairResult(pair, tuple(flags), draw(st.one_of(st.none(), message)),
                                  {"chrf": 50.0}, draw(st.one_of(st.none(), st.floats(0, 1))),
                                  {"score": 90.0}))
    return AuditReport(src.meta(), tgt.meta(), tuple(results),
                       {"mtaudit": "0.1.0", "pair": "ar-fr", "detectors": ["t"]}, {},
                       tuple(draw(st.lists(message, max_size=2))),
                       {"score": 80.0, "penalty": 20.0}, "2026-01-01T00:00:00+00:00")


@settings(SETTINGS, max_examples=60)
@given(report=reports())
def test_every_format_renders_hostile_reports_safely(report):
    for fmt in FORMATS:
        out = render(report, fmt, color=False)
        check_rendered(fmt, out)


@settings(SETTINGS, max_examples=15)
@given(report=reports(), fmt=st.sampled_from(FORMATS))
def test_render_command_on_round_tripped_reports(tmp_path, report, fmt):
    path = tmp_path / "r.json"
    path.write_text(render(report, "json"), encoding="utf-8")
    res = run_cli("render", path, "-f", fmt)
    assert_clean_exit(res, (0,))
    check_rendered(fmt, res.stdout)


def _report_json() -> dict:
    res = run_cli("audit", SMALL_AR, SMALL_FR, *FAST, "-f", "json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def _crafted_reports() -> dict[str, str]:
    base = _report_json()
    xss = "<img src=x onerror=alert(1)>"
    crafted = {}

    d = json.loads(json.dumps(base))
    d["source"]["path"] = xss
    d["notices"] = [xss, "\x1b]52;c;SGVsbG8=\x07"]
    for r in d["results"]:
        for f in r["flags"]:
            f["message"] = xss
            f["suggestion"] = xss + "\n::add-mask::PWNED"
            f["category"] = xss
    d["results"][0]["pair"]["target_text"] += xss
    crafted["xss"] = json.dumps(d)

    d = json.loads(json.dumps(base))
    flags = [f for r in d["results"] for f in r["flags"]]
    if flags:
        flags[0]["confidence"] = "high"
    d["results"][0]["pair"]["confidence"] = "high"
    crafted["string_confidence"] = json.dumps(d)

    crafted["lone_surrogate"] = json.dumps(base).replace('"ar-fr"', '"ar-\\ud800"', 1) \
        .replace('"text": "', '"text": "\\udc00', 1)
    crafted["not_an_object"] = "[1, 2, 3]"
    crafted["truncated"] = json.dumps(base)[:200]
    crafted["empty"] = ""
    crafted["nan"] = json.dumps(base).replace('"confidence": 1.0', '"confidence": NaN', 1)
    d = json.loads(json.dumps(base))
    d["results"] = "nope"
    crafted["results_string"] = json.dumps(d)
    d = json.loads(json.dumps(base))
    d["results"][0]["flags"] = [{"doc_start": -5, "start": 10, "end": 2}]
    crafted["bad_flag"] = json.dumps(d)
    crafted["deep"] = "[" * 100_000 + "]" * 100_000
    return crafted


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_of_crafted_report_json(tmp_path, fmt):
    for name, content in _crafted_reports().items():
        path = tmp_path / f"{name}.json"
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
        res = run_cli("render", path, "-f", fmt)
        assert_clean_exit(res)
        if res.exit_code == 0:
            check_rendered(fmt, res.stdout)


# ----- end to end through the CLI ---------------------------------------------------------------

SMALL_AR_TEXT = SMALL_AR.read_text(encoding="utf-8")
SMALL_FR_TEXT = SMALL_FR.read_text(encoding="utf-8")


@settings(SETTINGS, max_examples=80)
@given(src=translation_like(SMALL_AR_TEXT), tgt=translation_like(SMALL_FR_TEXT),
       fmt=st.sampled_from(FORMATS))
def test_audit_end_to_end_on_random_pairs(tmp_path, src, tgt, fmt):
    s = write(tmp_path / "s.ar.txt", src)
    t = write(tmp_path / "t.fr.txt", tgt)
    res = run_cli("audit", s, t, *FAST, "-f", fmt)
    assert_clean_exit(res)
    if res.exit_code != 0:
        return
    check_rendered(fmt, res.stdout)
    if fmt == "json":
        lp = load_pair(s, t, "ar", "fr")
        assert_flags_match(json.loads(res.stdout), lp.source, lp.target)


@settings(SETTINGS, max_examples=20)
@given(src=texts(max_tokens=30), tgt=texts(max_tokens=30))
def test_audit_end_to_end_on_noise(tmp_path, src, tgt):
    s = write(tmp_path / "s.ar.txt", src)
    t = write(tmp_path / "t.fr.txt", tgt)
    res = run_cli("audit", s, t, *FAST, "-f", "json")
    assert_clean_exit(res)
    if res.exit_code == 0:
        lp = load_pair(s, t, "ar", "fr")
        assert_flags_match(json.loads(res.stdout), lp.source, lp.target)


@settings(SETTINGS, max_examples=25)
@given(fmt=st.sampled_from(["tsv", "jsonl", "po", "xliff", "tmx"]),
       extra=st.lists(st.tuples(UNIT_TEXT, UNIT_TEXT, st.text(CHARS, max_size=6)),
                      max_size=4),
       out_fmt=st.sampled_from(["json", "terminal", "github"]))
def test_audit_end_to_end_on_unit_files(tmp_path, fmt, extra, out_fmt):
    ar = [ln for ln in SMALL_AR_TEXT.splitlines() if ln.strip()]
    fr = [ln for ln in SMALL_FR_TEXT.splitlines() if ln.strip()]
    units = [(a, f, f"id{k}") for k, (a, f) in enumerate(zip(ar, fr, strict=False))] + extra
    name, content = unit_file(fmt, units, raw=False)
    path = write(tmp_path / name, content)
    res = run_cli("audit", path, *FAST, "-f", out_fmt)
    assert_clean_exit(res)
    if res.exit_code != 0:
        return
    check_rendered(out_fmt, res.stdout)
    if out_fmt == "json":
        lp = load_pair(path, None, "ar", "fr")
        assert_flags_match(json.loads(res.stdout), lp.source, lp.target)


@pytest.mark.parametrize("esc", ["\\ud800", "\\udfff", "\\u0000", "\\u001b[2J"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_jsonl_with_escapes_through_the_cli(tmp_path, esc, fmt):
    ar = [ln for ln in SMALL_AR_TEXT.splitlines() if ln.strip()]
    fr = [ln for ln in SMALL_FR_TEXT.splitlines() if ln.strip()]
    rows = [json.dumps({"source": a, "target": f, "id": f"u{k}"})
            for k, (a, f) in enumerate(zip(ar, fr, strict=False))]
    rows[0] = rows[0].replace('"target": "', f'"target": "{esc}', 1)
    rows[1] = rows[1].replace('"id": "', f'"id": "{esc}', 1)
    path = write(tmp_path / "u.jsonl", "\n".join(rows))
    res = run_cli("audit", path, *FAST, "-f", fmt)
    assert_clean_exit(res)
    if res.exit_code == 0:
        check_rendered(fmt, res.stdout)


TERMINAL_ATTACKS = ("\x1b]52;c;SGVsbG8=\x07", "\x1b]8;;http://evil.example/\x07click\x1b]8;;\x07",
                    "\x1b[2J\x1b[H", "\x9b2J", "\r\x1b[Kfake line")


@pytest.mark.parametrize("attack", TERMINAL_ATTACKS)
def test_terminal_escapes_in_translation_never_reach_stdout(tmp_path, attack):
    # the English sentence makes an untranslated flag whose span holds the attack
    tgt = SMALL_FR_TEXT.rstrip("\n") + (f"\n\nThe minister {attack} said that the plan includes "
                                        "cheap loans for farmers in rural areas.\n")
    s = write(tmp_path / "s.ar.txt", SMALL_AR_TEXT)
    t = write(tmp_path / "t.fr.txt", tgt)
    for args in (["audit", s, t, *FAST, "-f", "terminal"],
                 ["audit", s, t, *FAST, "-f", "github"],
                 ["audit", s, t, *FAST, "-f", "md"],
                 ["gate", s, t, *FAST, "--no-baseline", "-f", "text"],
                 ["gate", s, t, *FAST, "--no-baseline", "-f", "github"]):
        res = run_cli(*args)
        assert_clean_exit(res)
        assert_terminal_safe(res.stdout)


def test_rich_markup_in_path_is_shown_literally(tmp_path):
    s = write(tmp_path / "x[/b].txt", SMALL_AR_TEXT)
    t = write(tmp_path / "y[bold red]z[/].txt", SMALL_FR_TEXT)
    res = run_cli("audit", s, t, *FAST, "-f", "terminal")
    assert_clean_exit(res, (0,))
    assert "x[/b].txt" in res.stdout
    assert "y[bold red]z[/].txt" in res.stdout


def test_github_workflow_commands_cannot_be_injected(tmp_path):
    tgt = SMALL_FR_TEXT.rstrip("\n") + ("\n\nThe minister said that the plan includes cheap "
                                        "loans\n::add-mask::PWNED\nfor farmers %0A::error::x in "
                                        "rural areas and small towns.\n")
    s = write(tmp_path / "s.ar.txt", SMALL_AR_TEXT)
    t = write(tmp_path / "a\n::warning::y.fr.txt" if os.name != "nt" else "t.txt", tgt)
    for args in (["audit", s, t, *FAST, "-f", "github"],
                 ["gate", s, t, *FAST, "--no-baseline", "-f", "github"]):
        res = run_cli(*args)
        assert_clean_exit(res)
        assert_github_safe(res.stdout)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-1", "1e400", "abc"])
def test_max_size_bad_values_are_usage_errors(value):
    res = run_cli("audit", SMALL_AR, SMALL_FR, *FAST, "--max-size", value)
    assert_clean_exit(res, (2,))


@pytest.mark.parametrize("value", ["0", "-3", "1000", "99999999999999999999"])
def test_align_max_bead_bounds(value):
    res = run_cli("align", SMALL_AR, SMALL_FR, "--embedder", "none", "--no-check-related",
                  "--no-check-languages", "--max-bead", value)
    assert_clean_exit(res, (2,))


# ----- gate manifests ---------------------------------------------------------------------------

def gate_in(folder: Path, manifest_name: str, manifest: str | bytes, *extra: str,
            timeout: int = 120) -> subprocess.CompletedProcess:
    path = folder / manifest_name
    write(path, manifest)
    proc = subprocess.run(
        [sys.executable, "-c", "from mtaudit.cli import main; main()", "gate", "-m",
         manifest_name, *FAST, "--no-baseline", *extra],
        capture_output=True, text=True, timeout=timeout, cwd=folder,
        env={**os.environ, "MTAUDIT_DEBUG": ""})
    return proc


def assert_proc_clean(proc, allowed=(0, 1, 2)) -> None:
    out = proc.stdout + proc.stderr
    assert proc.returncode in allowed, (proc.returncode, out[-1500:])
    assert "Traceback" not in out, out[-1500:]
    assert "internal error" not in out, out[-1500:]
    assert_no_leak(out)


@pytest.fixture
def project(tmp_path):
    """A project folder with one good pair, and a secret file beside the folder."""
    root = tmp_path / "proj"
    (root / "docs").mkdir(parents=True)
    write(root / "docs" / "a.ar.txt", SMALL_AR_TEXT)
    write(root / "docs" / "a.fr.txt", SMALL_FR_TEXT)
    write(tmp_path / "secret.ar.txt", SECRET + " " + SMALL_AR_TEXT)
    write(tmp_path / "secret.fr.txt", SECRET + " " + SMALL_FR_TEXT)
    return root


YAML_LAUGHS = ("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" +
               "".join(f"{chr(98 + k)}: &{chr(98 + k)} [" + ", ".join([f"*{chr(97 + k)}"] * 9)
                       + "]\n" for k in range(8)) +
               "src_lang: *i\npairs:\n  - source: *i\n    target: docs/a.fr.txt\n")


def _manifests(project: Path) -> dict[str, tuple[str, str]]:
    outside = project.parent
    deep_toml = "x = " + "[" * 50_000 + "]" * 50_000 + "\n"
    deep_yaml = "x: " + "[" * 50_000 + "]" * 50_000 + "\n"
    deep_yaml_map = "".join("  " * k + f"k{k}:\n" for k in range(3000)) + "  " * 3000 + "v\n"
    return {
        "absolute": ("m.toml", f'[[pairs]]\nsource = "{outside}/secret.ar.txt"\n'
                               f'target = "{outside}/secret.fr.txt"\n'),
        "dotdot": ("m.toml", '[[pairs]]\nsource = "../secret.ar.txt"\n'
                             'target = "../secret.fr.txt"\n'),
        "dotdot_glob": ("m.toml", '[[pairs]]\nsource = "../*.ar.txt"\ntarget = "../*.fr.txt"\n'),
        "dotdot_deep_glob": ("m.toml", '[[pairs]]\nsource = "docs/../../**/*.ar.txt"\n'
                                       'target = "docs/../../**/*.fr.txt"\n'),
        "catalog_outside": ("m.toml", '[[pairs]]\ncatalog = "/etc/passwd"\n'),
        "passwd": ("m.toml", '[[pairs]]\nsource = "/etc/passwd"\ntarget = "/etc/passwd"\n'),
        "yaml_laughs": ("m.yaml", YAML_LAUGHS),
        "yaml_alias_pairs": ("m.yaml", "p: &p {source: docs/a.ar.txt, target: docs/a.fr.txt}\n"
                                       "pairs: [*p, *p, *p, *p]\n"),
        "deep_toml": ("m.toml", deep_toml),
        "deep_yaml": ("m.yaml", deep_yaml),
        "deep_yaml_map": ("m.yaml", deep_yaml_map),
        "src_lang_int": ("m.toml", 'src_lang = 5\n[[pairs]]\nsource = "docs/a.ar.txt"\n'
                                   'target = "docs/a.fr.txt"\n'),
        "pair_lang_table": ("m.toml", '[[pairs]]\nsource = "docs/a.ar.txt"\n'
                                      'target = "docs/a.fr.txt"\ntgt_lang = {x = 1}\n'),
        "yaml_list_for_string": ("m.yaml", "pairs:\n  - source: [docs/a.ar.txt]\n"
                                           "    target: docs/a.fr.txt\n"),
        "yaml_pairs_string": ("m.yaml", "pairs: docs/a.ar.txt\n"),
        "yaml_pairs_map": ("m.yaml", "pairs: {source: docs/a.ar.txt, target: docs/a.fr.txt}\n"),
        "yaml_scalar": ("m.yaml", "just a string\n"),
        "yaml_null": ("m.yaml", "~\n"),
        "yaml_pair_int": ("m.yaml", "pairs: [5, null, true]\n"),
        "yaml_python_tag": ("m.yaml", "pairs: !!python/object/apply:os.system ['echo PWNED']\n"),
        "yaml_binary": ("m.yaml", "pairs:\n  - source: !!binary aGVsbG8=\n"
                                  "    target: docs/a.fr.txt\n"),
        "yaml_dates": ("m.yaml", "src_lang: 2024-01-01\npairs:\n  - source: docs/a.ar.txt\n"
                                 "    target: docs/a.fr.txt\n"),
        "toml_bad": ("m.toml", "[[pairs]\nsource = \n"),
        "toml_nul": ("m.toml", '[[pairs]]\nsource = "docs/a.ar.txt\x00"\n'
                               'target = "docs/a.fr.txt"\n'),
        "toml_empty_pairs": ("m.toml", "pairs = []\n"),
        "toml_bool_target": ("m.toml", '[[pairs]]\nsource = "docs/a.ar.txt"\ntarget = true\n'),
        "bom_yaml": ("m.yaml", "\ufeffpairs:\n  - source: docs/a.ar.txt\n"
                               "    target: docs/a.fr.txt\n"),
        "binary": ("m.toml", "\x00\x01\x02\xff"),
    }


def test_hostile_manifests(project):
    manifests = _manifests(project)
    argvs = []
    for name, (fname, content) in manifests.items():
        path = write(project / f"{name}{Path(fname).suffix}", content)
        argvs.append(["gate", "-m", path.name, *FAST, "--no-baseline"])
    failures = []
    for (name, _), r in zip(manifests.items(), run_cli_batch(argvs, project), strict=True):
        out = r["output"]
        try:
            assert r["rc"] in (0, 1, 2), (r["rc"], r["exc"], out[-1000:])
            assert "Traceback" not in out, out[-1000:]
            assert_no_leak(out)
            if name in ("absolute", "dotdot", "dotdot_glob", "dotdot_deep_glob",
                        "catalog_outside", "passwd"):
                assert r["rc"] == 2, "outside paths must be refused"
            if name.startswith(("deep", "yaml_laughs", "src_lang", "pair_lang", "yaml_list",
                                "yaml_pairs", "yaml_scalar", "yaml_null", "yaml_pair_int",
                                "yaml_python", "yaml_binary", "toml_bad", "toml_nul",
                                "toml_bool", "binary")):
                assert r["rc"] == 2, ("malformed manifest must be an input error", out[-500:])
            assert "PWNED" not in out
        except AssertionError as exc:
            failures.append(f"{name}: {exc}"[:600])
    assert not failures, "\n".join(failures)


def test_manifest_globstar_over_symlink_loops(project):
    docs = project / "docs"
    (docs / "loop1").symlink_to(docs, target_is_directory=True)
    (docs / "sub").mkdir()
    (docs / "sub" / "loop2").symlink_to(project, target_is_directory=True)
    (docs / "sub" / "self").symlink_to(docs / "sub" / "self")  # dangling self-loop
    (docs / "out").symlink_to(project.parent, target_is_directory=True)
    manifest = '[[pairs]]\nsource = "**/*.ar.txt"\ntarget = "**/*.fr.txt"\n'
    proc = gate_in(project, "m.toml", manifest, timeout=120)
    assert_proc_clean(proc)


def test_huge_toml_manifest_with_repeated_globs(project):
    pair = '[[pairs]]\nsource = "docs/*.ar.txt"\ntarget = "docs/*.fr.txt"\n'
    proc = gate_in(project, "m.toml", pair * 300_000, timeout=120)  # ~18 MB
    assert_proc_clean(proc, (0, 1, 2))


# ----- outputs and inputs that are not regular files --------------------------------------------

def test_fifo_with_no_writer_as_target_is_refused(tmp_path):
    fifo = tmp_path / "t.fifo"
    os.mkfifo(fifo)
    proc = subprocess.run(
        [sys.executable, "-c", "from mtaudit.cli import main; main()", "audit", str(SMALL_AR),
         str(fifo), *FAST], capture_output=True, text=True, timeout=60)
    assert_proc_clean(proc, (2,))


def test_dev_zero_as_target_is_refused(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", "from mtaudit.cli import main; main()", "audit", str(SMALL_AR),
         "/dev/zero", *FAST], capture_output=True, text=True, timeout=60)
    assert_proc_clean(proc, (2,))


@pytest.mark.parametrize("args", [
    ["audit", "{s}", "{t}", "-o", "{t}"],
    ["gate", "{s}", "{t}", "--sarif", "{t}"],
    ["gate", "{s}", "{t}", "--update-baseline", "--baseline", "{t}"],
])
def test_output_path_equal_to_an_input_is_refused(tmp_path, args):
    s = write(tmp_path / "s.ar.txt", SMALL_AR_TEXT)
    t = write(tmp_path / "t.fr.txt", SMALL_FR_TEXT)
    argv = [a.format(s=s, t=t) for a in args] + FAST
    res = run_cli(*argv)
    assert_clean_exit(res, (2,))
    assert t.read_text(encoding="utf-8") == SMALL_FR_TEXT


def test_empty_and_whitespace_only_unit_files(tmp_path):
    for name, content in (("e.tsv", ""), ("w.tsv", "\t\n\t\n"), ("e.jsonl", "\n\n"),
                          ("e.po", 'msgid ""\nmsgstr ""\n'), ("e.xlf", ""), ("e.tmx", "   "),
                          ("n.jsonl", "null\n"), ("a.jsonl", "[1,2]\n"),
                          ("num.jsonl", '{"source": 5, "target": [1]}\n')):
        res = run_cli("audit", write(tmp_path / name, content), *FAST)
        assert_clean_exit(res, (2,))


def test_corrupt_cache_dir_is_not_fatal(tmp_path):
    cache = tmp_path / "cache"
    cache.write_text("not a folder", encoding="utf-8")
    res = run_cli("audit", SMALL_AR, SMALL_FR, *FAST, env={"MTAUDIT_CACHE_DIR": str(cache)})
    assert_clean_exit(res)


def test_bad_glossary_is_an_input_error(tmp_path):
    for name, content in (("g.tsv", b"\x00\xff\xfe garbage"), ("g.tbx", b"<martif><text>"),
                          ("g2.tsv", b"\t\t\t\n|||\n")):
        res = run_cli("audit", SMALL_AR, SMALL_FR, *FAST, "--detectors", "default,terms",
                      "--glossary", write(tmp_path / name, content))
        assert_clean_exit(res)


@pytest.mark.parametrize("word_len", [100_000])
def test_very_long_word_is_refused_or_audited(tmp_path, word_len):
    s = write(tmp_path / "s.ar.txt", SMALL_AR_TEXT + "\n" + "ب" * word_len + "\n")
    proc = subprocess.run(
        [sys.executable, "-c", "from mtaudit.cli import main; main()", "audit", str(s),
         str(SMALL_FR), *FAST], capture_output=True, text=True, timeout=120)
    assert_proc_clean(proc)
