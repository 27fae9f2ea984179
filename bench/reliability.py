"""Reliability benchmark: hostile and degenerate inputs, each run as a real ``mtaudit`` process.

    .venv/bin/python bench/reliability.py [--only NAME[,NAME...]] [--timeout 90] [--out FILE]

Every case builds its inputs in a fresh temporary folder (the big ones -- a 10 MB PO msgid,
a 5 MB single-line target, a 100,000-character word, two 100k-sentence files, an 18 MB TOML
manifest -- are generated here), runs ``.venv/bin/python -m mtaudit ...`` there, and records
the exit code, the first line of stderr, the wall time and the child's peak RSS (read with
``os.wait4`` on the child itself, so other processes do not blur it).

Goal, per case: a bad input exits 2 with a one-line message (``mtaudit: error: ...``, no
traceback), in seconds (``max_s``, default 30 s), under 2 GB; a legitimate input exits 0 or 1.
Some cases add a check of their own (the input is unchanged, a device node is still a device,
no temporary file is left, no outside content or raw escape sequence reaches the output). A
run past its timeout is killed and counts as a failure. ``--embedder none`` everywhere except
the cases about embedding size, which use the default USE embedder.

Writes reports/bench_reliability.md atomically and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from measure import results_caches_off

results_caches_off()

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
REPORT = ROOT / "reports" / "bench_reliability.md"
DATA = ROOT / "tests" / "data"
SMALL_AR, SMALL_FR = DATA / "small.ar.txt", DATA / "small.fr.txt"
SEED_SRC = ROOT / "seeds" / "003_a11d716948e0df65.txt"
SEED_TGT = ROOT / "seeds" / "000_446608ba329916e1.txt"
FAST = ["--embedder", "none", "--no-check-related", "--no-check-languages", "--mt-model", "none"]
NOLANG = ["--no-check-related", "--no-check-languages", "--mt-model", "none"]
SECRET = "S3CRET-MARKER-7f1c"
GB = 2 * 2**30
RSS_KILL = 4 * 2**30  # a runaway child is killed here, before it takes the machine down
XSS = "<img src=x onerror=alert(1)>"
OSC52 = "\x1b]52;c;SGVsbG8=\x07"
OSC8 = "\x1b]8;;http://evil.example/\x07click\x1b]8;;\x07"
CSI2J = "\x1b[2J"


@dataclass
class Run:
    rc: int | None            # None: killed at the timeout
    stdout: str
    stderr: str
    wall: float
    rss: int                  # bytes
    folder: Path
    rss_killed: bool = False  # killed by the bench for going over RSS_KILL


@dataclass
class Case:
    name: str
    what: str
    setup: Callable[[Path], list[str]]          # builds inputs, returns the mtaudit arguments
    expect: str = "error"                       # "error" (exit 2), "ok" (0/1), "any" (0/1/2)
    check: Callable[[Run], str | None] | None = None  # extra check: a failure reason or None
    max_s: float = 30.0
    timeout: float | None = None
    env: dict[str, str] = field(default_factory=dict)
    action: Callable[[subprocess.Popen, Path], None] | None = None  # e.g. send a signal
    expect_rc: int | None = None                # an exact exit code (signals)
    skip: Callable[[], str | None] | None = None


def w(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8", "surrogatepass"))
    else:
        path.write_bytes(content)
    return path


def pair(tmp: Path, src: str | bytes | None = None, tgt: str | bytes | None = None,
         names: tuple[str, str] = ("s.ar.txt", "t.fr.txt")) -> tuple[Path, Path]:
    s = w(tmp / names[0], SMALL_AR.read_bytes() if src is None else src)
    t = w(tmp / names[1], SMALL_FR.read_bytes() if tgt is None else tgt)
    return s, t


SMALL_AR_TEXT = SMALL_AR.read_text(encoding="utf-8")
SMALL_FR_TEXT = SMALL_FR.read_text(encoding="utf-8")


# ----- checks -------------------------------------------------------------------------------

def unchanged(path_name: str, original: bytes | None = None) -> Callable[[Run], str | None]:
    def _c(run: Run) -> str | None:
        p = run.folder / path_name
        want = original if original is not None else SMALL_FR.read_bytes()
        if not p.exists():
            return f"{path_name} was removed"
        if p.read_bytes() != want:
            return f"{path_name} was overwritten"
        return None
    return _c


def no_secret(run: Run) -> str | None:
    out = run.stdout + run.stderr
    if SECRET in out:
        return "outside file content shown"
    try:
        for line in Path("/etc/passwd").read_text().splitlines()[:3]:
            if line and line in out:
                return "/etc/passwd content shown"
    except OSError:
        pass
    return None


_RAW_ESC = re.compile("[\x1b\x9b\x9d\x07]")


def no_raw_escapes(run: Run) -> str | None:
    m = _RAW_ESC.search(run.stdout)
    return f"raw {m.group()!r} on stdout" if m else None


def no_raw_html(run: Run) -> str | None:
    if re.search(r"(?<!\\)<img", run.stdout):
        return "raw <img> tag in the Markdown"
    return None


def all_of(*checks: Callable[[Run], str | None]) -> Callable[[Run], str | None]:
    def _c(run: Run) -> str | None:
        for c in checks:
            msg = c(run)
            if msg:
                return msg
        return None
    return _c


def still_char_device(name: str) -> Callable[[Run], str | None]:
    def _c(run: Run) -> str | None:
        st = os.lstat(run.folder / name)
        return None if stat.S_ISCHR(st.st_mode) else f"{name} is no longer a device node"
    return _c


def no_temp_left(expected: set[str]) -> Callable[[Run], str | None]:
    def _c(run: Run) -> str | None:
        extra = sorted(set(os.listdir(run.folder)) - expected)
        return f"left behind: {', '.join(extra)}" if extra else None
    return _c


def stdout_has(needle: str) -> Callable[[Run], str | None]:
    def _c(run: Run) -> str | None:
        return None if needle in run.stdout else f"{needle!r} not shown literally"
    return _c


# ----- inputs --------------------------------------------------------------------------------

def report_json(tmp: Path) -> dict:
    s, t = pair(tmp)
    out = subprocess.run([PYTHON, "-m", "mtaudit", "audit", str(s), str(t), *FAST, "-f", "json"],
                         capture_output=True, text=True, cwd=tmp, timeout=120)
    if out.returncode != 0:
        raise RuntimeError(f"could not make a report: {out.stderr.strip()[:200]}")
    return json.loads(out.stdout)


def gate_project(tmp: Path) -> None:
    w(tmp / "proj" / "docs" / "a.ar.txt", SMALL_AR.read_bytes())
    w(tmp / "proj" / "docs" / "a.fr.txt", SMALL_FR.read_bytes())
    w(tmp / "secret.ar.txt", SECRET + " " + SMALL_AR_TEXT)
    w(tmp / "secret.fr.txt", SECRET + " " + SMALL_FR_TEXT)


def gate_args(manifest: str) -> list[str]:
    return ["gate", "-m", f"proj/{manifest}", *FAST, "--no-baseline"]


def c_manifest_abs(tmp: Path) -> list[str]:
    gate_project(tmp)
    w(tmp / "proj" / "m.toml", f'[[pairs]]\nsource = "{tmp}/secret.ar.txt"\n'
                               f'target = "{tmp}/secret.fr.txt"\n')
    return gate_args("m.toml")


def c_manifest_dotdot(tmp: Path) -> list[str]:
    gate_project(tmp)
    w(tmp / "proj" / "m.toml", '[[pairs]]\nsource = "../*.ar.txt"\ntarget = "../*.fr.txt"\n'
                               '[[pairs]]\nsource = "docs/../../secret.ar.txt"\n'
                               'target = "docs/../../secret.fr.txt"\n')
    return gate_args("m.toml")


def c_manifest_symlink_loops(tmp: Path) -> list[str]:
    gate_project(tmp)
    docs = tmp / "proj" / "docs"
    (docs / "loop1").symlink_to(docs, target_is_directory=True)
    (docs / "sub").mkdir()
    (docs / "sub" / "loop2").symlink_to(tmp / "proj", target_is_directory=True)
    w(tmp / "proj" / "m.toml", '[[pairs]]\nsource = "**/*.ar.txt"\ntarget = "**/*.fr.txt"\n')
    return gate_args("m.toml")


def c_yaml_laughs(tmp: Path) -> list[str]:
    gate_project(tmp)
    text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for k in range(8):
        text += f"{chr(98 + k)}: &{chr(98 + k)} [" + ", ".join([f"*{chr(97 + k)}"] * 9) + "]\n"
    text += "src_lang: *i\npairs:\n  - source: *i\n    target: docs/a.fr.txt\n"
    w(tmp / "proj" / "m.yaml", text)
    return gate_args("m.yaml")


def c_toml_18mb(tmp: Path) -> list[str]:
    gate_project(tmp)
    unit = '[[pairs]]\nsource = "docs/*.ar.txt"\ntarget = "docs/*.fr.txt"\n'
    w(tmp / "proj" / "m.toml", unit * 300_000)
    return gate_args("m.toml")


def c_manifest_src_lang_int(tmp: Path) -> list[str]:
    gate_project(tmp)
    w(tmp / "proj" / "m.toml", 'src_lang = 5\n[[pairs]]\nsource = "docs/a.ar.txt"\n'
                               'target = "docs/a.fr.txt"\n')
    return gate_args("m.toml")


def c_manifest_yaml_list(tmp: Path) -> list[str]:
    gate_project(tmp)
    w(tmp / "proj" / "m.yaml", "pairs:\n  - source: [docs/a.ar.txt]\n    target: docs/a.fr.txt\n")
    return gate_args("m.yaml")


def c_deep_toml(tmp: Path) -> list[str]:
    gate_project(tmp)
    w(tmp / "proj" / "m.toml", "x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    return gate_args("m.toml")


def c_deep_yaml(tmp: Path) -> list[str]:
    gate_project(tmp)
    w(tmp / "proj" / "m.yaml", "x: " + "[" * 100_000 + "]" * 100_000 + "\n")
    return gate_args("m.yaml")


def c_render_md_xss(tmp: Path) -> list[str]:
    d = report_json(tmp)
    d["source"]["path"] = XSS
    d["notices"] = [XSS]
    for r in d["results"]:
        for f in r["flags"]:
            f["message"] = f["suggestion"] = XSS
        r["pair"]["target_text"] += XSS
    w(tmp / "r.json", json.dumps(d))
    return ["render", "r.json", "--format", "md"]


def c_render_string_confidence(tmp: Path) -> list[str]:
    d = report_json(tmp)
    for r in d["results"]:
        r["pair"]["confidence"] = "high"
        for f in r["flags"]:
            f["confidence"] = "high"
    w(tmp / "r.json", json.dumps(d))
    return ["render", "r.json", "--format", "md"]


def c_render_surrogate(tmp: Path) -> list[str]:
    text = json.dumps(report_json(tmp)).replace('"text": "', '"text": "\\ud800', 1)
    w(tmp / "r.json", text.replace('"notices": [', '"notices": ["\\udfff", ', 1))
    return ["render", "r.json", "--format", "html"]


def c_render_o_self(tmp: Path) -> list[str]:
    w(tmp / "r.json", json.dumps(report_json(tmp)))
    (tmp / "r.orig").write_bytes((tmp / "r.json").read_bytes())
    return ["render", "r.json", "--format", "json", "-o", "r.json"]


def check_render_self(run: Run) -> str | None:
    return unchanged("r.json", (run.folder / "r.orig").read_bytes())(run)


def c_audit_o_input(tmp: Path) -> list[str]:
    pair(tmp)
    return ["audit", "s.ar.txt", "t.fr.txt", *FAST, "-o", "t.fr.txt"]


def c_gate_sarif_input(tmp: Path) -> list[str]:
    pair(tmp)
    return ["gate", "s.ar.txt", "t.fr.txt", *FAST, "--no-baseline", "--sarif", "t.fr.txt"]


def c_gate_baseline_input(tmp: Path) -> list[str]:
    pair(tmp)
    return ["gate", "s.ar.txt", "t.fr.txt", *FAST, "--update-baseline", "--baseline", "t.fr.txt"]


def c_dev_full(tmp: Path) -> list[str]:
    pair(tmp)
    st = os.stat("/dev/full")
    os.mknod(tmp / "full", stat.S_IFCHR | 0o666, st.st_rdev)
    return ["audit", "s.ar.txt", "t.fr.txt", *FAST, "-f", "json", "-o", "full"]


def skip_mknod() -> str | None:
    try:
        with tempfile.TemporaryDirectory() as d:
            os.mknod(Path(d) / "x", stat.S_IFCHR | 0o666, os.stat("/dev/full").st_rdev)
    except (OSError, AttributeError) as exc:
        return f"cannot make a device node here ({exc.__class__.__name__})"
    return None


def c_po_10mb(tmp: Path) -> list[str]:
    body = "ب" * (5 * 2**20)  # 10 MB of UTF-8
    w(tmp / "big.po", 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                      f'msgid "{body}"\nmsgstr "Bonjour."\n')
    return ["audit", "big.po", *FAST]


def c_dev_zero(tmp: Path) -> list[str]:
    pair(tmp)
    return ["audit", "s.ar.txt", "/dev/zero", *FAST]


def c_word_100k(tmp: Path) -> list[str]:
    pair(tmp, src=SMALL_AR_TEXT + "\n" + "ب" * 100_000 + "\n")
    return ["audit", "s.ar.txt", "t.fr.txt", *FAST]


def c_line_5mb(tmp: Path) -> list[str]:
    words = ("le", "gouvernement", "a", "annoncé", "un", "plan", "pour", "les", "agriculteurs")
    line = " ".join(words[k % len(words)] for k in range(700_000))[: 5 * 2**20]
    pair(tmp, tgt=line)
    return ["audit", "s.ar.txt", "t.fr.txt", *NOLANG]


def c_100k_sentences(tmp: Path) -> list[str]:
    ar = [ln for ln in SMALL_AR_TEXT.splitlines() if ln.strip()]
    fr = [ln for ln in SMALL_FR_TEXT.splitlines() if ln.strip()]

    def sentences(lines: list[str], n: int, cap: int) -> str:
        out, size, k = [], 0, 0
        while k < n:
            s = f"{lines[k % len(lines)].split('.')[0].strip()[:60]} {k}."
            out.append(s)
            size += len(s.encode()) + 1
            k += 1
        text = "\n".join(out)
        return text.encode()[:cap].decode("utf-8", "ignore")
    pair(tmp, src=sentences(ar, 100_000, 8 * 10**6), tgt=sentences(fr, 100_000, 8 * 10**6))
    return ["audit", "s.ar.txt", "t.fr.txt", *NOLANG]


def c_max_bead(value: str) -> Callable[[Path], list[str]]:
    def _s(tmp: Path) -> list[str]:
        pair(tmp)
        return ["align", "s.ar.txt", "t.fr.txt", "--embedder", "none", "--no-check-related",
                "--no-check-languages", "--max-bead", value]
    return _s


def c_fifo(tmp: Path) -> list[str]:
    pair(tmp)
    os.mkfifo(tmp / "t.fifo")
    return ["audit", "s.ar.txt", "t.fifo", *FAST]


def c_max_size(value: str) -> Callable[[Path], list[str]]:
    def _s(tmp: Path) -> list[str]:
        pair(tmp)
        return ["audit", "s.ar.txt", "t.fr.txt", *FAST, "--max-size", value]
    return _s


def c_rich_path(tmp: Path) -> list[str]:
    pair(tmp, names=("x[/b].txt", "y[bold red]z[/].txt"))
    return ["audit", "x[/b].txt", "y[bold red]z[/].txt", *FAST, "-f", "terminal"]


def c_jsonl_surrogate(tmp: Path) -> list[str]:
    ar = [ln for ln in SMALL_AR_TEXT.splitlines() if ln.strip()]
    fr = [ln for ln in SMALL_FR_TEXT.splitlines() if ln.strip()]
    rows = [json.dumps({"source": a, "target": f, "id": f"u{k}"})
            for k, (a, f) in enumerate(zip(ar, fr, strict=False))]
    rows[0] = rows[0].replace('"target": "', '"target": "\\ud800', 1)
    w(tmp / "u.jsonl", "\n".join(rows) + "\n")
    return ["audit", "u.jsonl", *FAST, "-f", "json"]


def escapes_target() -> str:
    return (SMALL_FR_TEXT.rstrip("\n") + f"\n\nThe minister {OSC52} said {OSC8} that the plan "
            f"{CSI2J}includes cheap loans for farmers in rural areas.\n")


def c_escapes(cmd: str, fmt: str) -> Callable[[Path], list[str]]:
    def _s(tmp: Path) -> list[str]:
        pair(tmp, tgt=escapes_target())
        extra = ["--no-baseline"] if cmd == "gate" else []
        return [cmd, "s.ar.txt", "t.fr.txt", *FAST, *extra, "-f", fmt]
    return _s


def c_sigterm_write(tmp: Path) -> list[str]:
    pair(tmp)
    # Slow down the atomic writer's fsync so that SIGTERM lands while the temporary file exists.
    w(tmp / "slow_fsync.py",
      "import os, sys, time\n"
      "_fsync = os.fsync\n"
      "def slow(fd):\n"
      "    open(os.environ['MTAUDIT_BENCH_MARK'], 'w').close()\n"
      "    time.sleep(20)\n"
      "    return _fsync(fd)\n"
      "os.fsync = slow\n"
      "sys.argv = ['mtaudit', *sys.argv[1:]]\n"
      "from mtaudit.cli import main\n"
      "main()\n")
    return ["@slow_fsync.py", "audit", "s.ar.txt", "t.fr.txt", *FAST, "-f", "json",
            "-o", "out.json"]


def send_when_marked(sig: int) -> Callable[[subprocess.Popen, Path], None]:
    def _a(proc: subprocess.Popen, tmp: Path) -> None:
        mark = tmp.parent / (tmp.name + ".mark")
        end = time.monotonic() + 60
        while time.monotonic() < end and proc.poll() is None:
            if mark.exists():
                time.sleep(0.2)
                proc.send_signal(sig)
                return
            time.sleep(0.05)
    return _a


def send_after(sig: int, seconds: float) -> Callable[[subprocess.Popen, Path], None]:
    def _a(proc: subprocess.Popen, _tmp: Path) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end and proc.poll() is None:
            time.sleep(0.05)
        if proc.poll() is None:
            proc.send_signal(sig)
    return _a


def c_sigint(tmp: Path) -> list[str]:
    s, t = w(tmp / "s.ar.txt", SEED_SRC.read_bytes()), w(tmp / "t.fr.txt", SEED_TGT.read_bytes())
    return ["audit", s.name, t.name, *NOLANG, "-f", "json", "-o", "out.json"]


def c_readonly_cache(tmp: Path) -> list[str]:
    """A read-only cache folder. chmod does not stop root, so as root the folder is a link to
    sysfs (/sys/kernel), where even root cannot create a file."""
    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_marian import build_tiny_marian

    model = build_tiny_marian(tmp / "model")
    pair(tmp)
    cache = tmp / "cache"
    if os.geteuid() == 0:
        cache.symlink_to("/sys/kernel", target_is_directory=True)
    else:
        cache.mkdir()
        os.chmod(cache, 0o555)
    return ["audit", "s.ar.txt", "t.fr.txt", "--embedder", "none", "--no-check-related",
            "--no-check-languages", "--mt-model", str(model)]


def skip_readonly_cache() -> str | None:
    try:
        import transformers  # noqa: F401
    except ImportError:
        return "transformers not installed (no tiny MT model)"
    if os.geteuid() == 0:
        probe = Path("/sys/kernel/.mtaudit-probe")
        try:
            probe.touch()
        except OSError:
            return None
        probe.unlink()
        return "running as root and /sys/kernel is writable: no read-only folder to use"
    return None


def c_empty(tmp: Path) -> list[str]:
    pair(tmp, tgt="  \n\n")
    return ["audit", "s.ar.txt", "t.fr.txt", *FAST]


def c_binary(tmp: Path) -> list[str]:
    pair(tmp, tgt=bytes(range(256)) * 64)
    return ["audit", "s.ar.txt", "t.fr.txt", *FAST]


def c_latin1(tmp: Path) -> list[str]:
    pair(tmp, tgt=SMALL_FR_TEXT.encode("latin-1"))
    return ["audit", "s.ar.txt", "t.fr.txt", *FAST]


def c_nul(tmp: Path) -> list[str]:
    pair(tmp, tgt=SMALL_FR_TEXT.replace(" ", "\x00", 5))
    return ["audit", "s.ar.txt", "t.fr.txt", *FAST]


def c_utf16(tmp: Path) -> list[str]:
    pair(tmp, tgt=SMALL_FR_TEXT.encode("utf-16"))
    return ["audit", "s.ar.txt", "t.fr.txt", *FAST]


def c_swapped(tmp: Path) -> list[str]:
    pair(tmp, src=SMALL_FR.read_bytes(), tgt=SMALL_AR.read_bytes())
    return ["audit", "s.ar.txt", "t.fr.txt", "--embedder", "none", "--mt-model", "none"]


def c_unrelated(tmp: Path) -> list[str]:
    pair(tmp, tgt=(DATA / "unrelated.fr.txt").read_bytes())
    return ["audit", "s.ar.txt", "t.fr.txt", "--mt-model", "none"]


def c_bad_glossary(tmp: Path) -> list[str]:
    pair(tmp)
    w(tmp / "g.tbx", b"<martif><text><body><termEntry>")
    return ["audit", "s.ar.txt", "t.fr.txt", *FAST, "--detectors", "default,terms",
            "--glossary", "g.tbx"]


def c_binary_glossary(tmp: Path) -> list[str]:
    pair(tmp)
    w(tmp / "g.tsv", bytes(range(256)) * 16)
    return ["audit", "s.ar.txt", "t.fr.txt", *FAST, "--detectors", "default,terms",
            "--glossary", "g.tsv"]


def c_corrupt_cache(tmp: Path) -> list[str]:
    pair(tmp)
    w(tmp / "cache" / "translations.sqlite3", b"\x00garbage" * 100)
    w(tmp / "cache" / "retranslations.sqlite", b"\x00garbage" * 100)
    return ["audit", "s.ar.txt", "t.fr.txt", *FAST]


def c_cache_is_file(tmp: Path) -> list[str]:
    pair(tmp)
    w(tmp / "cachefile", "not a folder")
    return ["audit", "s.ar.txt", "t.fr.txt", *FAST]


def c_directory_target(tmp: Path) -> list[str]:
    pair(tmp)
    (tmp / "dir.fr.txt").mkdir()
    return ["audit", "s.ar.txt", "dir.fr.txt", *FAST]


def c_missing(tmp: Path) -> list[str]:
    pair(tmp)
    return ["audit", "s.ar.txt", "nope.fr.txt", *FAST]


def c_stdin_empty(tmp: Path) -> list[str]:
    pair(tmp)
    return ["audit", "s.ar.txt", "-", *FAST]


def c_seed(tmp: Path) -> list[str]:
    return ["audit", str(SEED_SRC), str(SEED_TGT), *FAST]


def c_xxe(tmp: Path) -> list[str]:
    w(tmp / "secret.txt", SECRET + "\n")
    doctype = (f'<!DOCTYPE x [<!ENTITY s SYSTEM "file://{tmp}/secret.txt">'
               '<!ENTITY p SYSTEM "file:///etc/passwd">]>\n')
    w(tmp / "x.xlf", '<?xml version="1.0" encoding="UTF-8"?>\n' + doctype +
      '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="f" '
      'source-language="ar" target-language="fr" datatype="plaintext"><body>'
      '<trans-unit id="u1"><source>قال المتحدث إن الاجتماع سيعقد. &s; &p;</source>'
      '<target>Le porte-parole a dit que la réunion aura lieu. &s; &p;</target></trans-unit>'
      '</body></file></xliff>\n')
    return ["audit", "x.xlf", *FAST, "-f", "json"]


def c_xml_laughs(tmp: Path) -> list[str]:
    ents = "".join(f'<!ENTITY l{k} "{f"&l{k - 1};" * 10 if k else "lol" * 10}">'
                   for k in range(10))
    w(tmp / "x.tmx", f'<?xml version="1.0"?>\n<!DOCTYPE tmx [{ents}]>\n<tmx version="1.4">'
      '<header srclang="ar" adminlang="en" segtype="sentence" datatype="plaintext" o-tmf="t" '
      'creationtool="t" creationtoolversion="1"/><body><tu tuid="t1"><tuv xml:lang="ar"><seg>'
      'مرحبا &l9;</seg></tuv><tuv xml:lang="fr"><seg>Bonjour &l9;</seg></tuv></tu></body></tmx>\n')
    return ["audit", "x.tmx", *FAST]


def c_xml_deep(tmp: Path) -> list[str]:
    deep = "<g>" * 200_000 + "نص" + "</g>" * 200_000
    w(tmp / "x.xlf", '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
      'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="f" source-language="ar" '
      'target-language="fr" datatype="plaintext"><body><trans-unit id="u1"><source>'
      f'قال {deep}</source><target>Il a dit.</target></trans-unit></body></file></xliff>\n')
    return ["audit", "x.xlf", *FAST]


def c_many_tiny_lines(tmp: Path) -> list[str]:
    pair(tmp, src="ب.\n" * 400_000, tgt="b.\n" * 400_000)
    return ["audit", "s.ar.txt", "t.fr.txt", *FAST]


CASES: list[Case] = [
    # --- the list ---
    Case("manifest-absolute-paths", "gate manifest naming files outside its folder by absolute "
         "path", c_manifest_abs, check=no_secret),
    Case("manifest-dotdot-globs", "gate manifest with `../` globs and `docs/../../` paths",
         c_manifest_dotdot, check=no_secret),
    Case("render-md-xss", "`render --format md` of a report JSON with `<img onerror>` in "
         "fields", c_render_md_xss, expect="ok", check=no_raw_html),
    Case("audit-o-is-target", "`audit -o` naming the translation", c_audit_o_input,
         check=unchanged("t.fr.txt")),
    Case("render-o-is-input", "`render -o` naming its own JSON", c_render_o_self,
         check=check_render_self),
    Case("gate-sarif-is-target", "`gate --sarif` naming the translation", c_gate_sarif_input,
         check=unchanged("t.fr.txt")),
    Case("gate-baseline-is-target", "`gate --update-baseline --baseline` naming the translation",
         c_gate_baseline_input, check=unchanged("t.fr.txt")),
    Case("po-10mb-msgid", "PO unit with a 10 MB msgid", c_po_10mb),
    Case("dev-zero-target", "/dev/zero as the translation", c_dev_zero),
    Case("word-100k", "a 100,000-character word in the source", c_word_100k, expect="any"),
    Case("line-5mb-use", "a 5 MB single-line translation (default USE embedder)", c_line_5mb,
         expect="any", max_s=60, timeout=120),
    Case("100k-sentences-use", "two 100k-sentence 8 MB files (default USE embedder)",
         c_100k_sentences, expect="any", max_s=60, timeout=120),
    Case("align-max-bead-1000", "`align --max-bead 1000`", c_max_bead("1000")),
    Case("align-max-bead-0", "`align --max-bead 0`", c_max_bead("0")),
    Case("fifo-target", "a FIFO with no writer as the translation", c_fifo),
    Case("manifest-symlink-loops", "manifest `**` glob over two symlink loops",
         c_manifest_symlink_loops, expect="any"),
    Case("manifest-yaml-laughs", "YAML billion laughs manifest", c_yaml_laughs),
    Case("manifest-toml-18mb", "18 MB TOML manifest, 300k identical glob pairs", c_toml_18mb),
    Case("max-size-nan", "`--max-size nan`", c_max_size("nan")),
    Case("max-size-inf", "`--max-size inf`", c_max_size("inf")),
    Case("rich-markup-path", "paths `x[/b].txt`, `y[bold red]z[/].txt`, terminal report",
         c_rich_path, expect="ok", check=stdout_has("x[/b].txt")),
    Case("render-string-confidence", "`render` of a report with string `confidence`",
         c_render_string_confidence),
    Case("render-lone-surrogate", "`render` of a report with lone surrogates", c_render_surrogate,
         expect="any"),
    Case("jsonl-lone-surrogate", "JSONL input with `\\ud800`", c_jsonl_surrogate, expect="any"),
    Case("manifest-src-lang-int", "manifest `src_lang = 5`", c_manifest_src_lang_int),
    Case("manifest-yaml-list", "YAML manifest with a list where a path belongs",
         c_manifest_yaml_list),
    Case("manifest-deep-toml", "TOML manifest nested 100,000 deep", c_deep_toml),
    Case("manifest-deep-yaml", "YAML manifest nested 100,000 deep", c_deep_yaml),
    Case("o-dev-full-copy", "`-o` on a mknod copy of /dev/full (must stay a device)", c_dev_full,
         check=still_char_device("full"), skip=skip_mknod),
    Case("sigterm-during-write", "SIGTERM while the atomic writer holds its temporary file",
         c_sigterm_write, expect_rc=128 + signal.SIGTERM, action=send_when_marked(signal.SIGTERM),
         check=no_temp_left({"s.ar.txt", "t.fr.txt", "slow_fsync.py"})),
    Case("readonly-cache", "re-translation cache folder read-only (tiny MT model; "
         "as root: sysfs)", c_readonly_cache, expect="ok", skip=skip_readonly_cache,
         env={"MTAUDIT_CACHE_DIR": "{tmp}/cache", "HF_HUB_OFFLINE": "1",
              "TRANSFORMERS_OFFLINE": "1"}, max_s=60, timeout=120),
    Case("escapes-audit-terminal", "OSC 52 / OSC 8 / CSI 2J in the translation, terminal",
         c_escapes("audit", "terminal"), expect="ok", check=no_raw_escapes),
    Case("escapes-audit-github", "the same, `audit -f github`", c_escapes("audit", "github"),
         expect="ok", check=no_raw_escapes),
    Case("escapes-gate-text", "the same, `gate -f text`", c_escapes("gate", "text"),
         expect="ok", check=no_raw_escapes),
    Case("escapes-gate-github", "the same, `gate -f github`", c_escapes("gate", "github"),
         expect="ok", check=no_raw_escapes),
    # --- our own ---
    Case("seed-pair", "the seed pair (legitimate input)", c_seed, expect="ok"),
    Case("empty-target", "whitespace-only translation", c_empty),
    Case("binary-target", "binary translation", c_binary),
    Case("latin1-target", "Latin-1 translation (mis-encoded)", c_latin1),
    Case("nul-target", "NUL bytes inside the translation", c_nul, expect="any"),
    Case("utf16-target", "UTF-16 translation with a BOM (legitimate)", c_utf16, expect="ok"),
    Case("swapped-languages", "source and translation swapped", c_swapped),
    Case("unrelated-docs", "a translation of another article (USE embedder)", c_unrelated,
         max_s=60),
    Case("bad-glossary", "truncated TBX glossary", c_bad_glossary),
    Case("binary-glossary", "binary TSV glossary", c_binary_glossary),
    Case("corrupt-cache-dir", "`MTAUDIT_CACHE_DIR` holding garbage files", c_corrupt_cache,
         expect="ok", env={"MTAUDIT_CACHE_DIR": "{tmp}/cache"}),
    Case("cache-dir-is-file", "`MTAUDIT_CACHE_DIR` naming a file", c_cache_is_file,
         expect="ok", env={"MTAUDIT_CACHE_DIR": "{tmp}/cachefile"}),
    Case("directory-target", "a folder as the translation", c_directory_target),
    Case("missing-target", "a translation that does not exist", c_missing),
    Case("stdin-empty", "`-` as the translation, stdin empty", c_stdin_empty),
    Case("xliff-xxe", "XLIFF with XXE entities (a secret file, /etc/passwd)", c_xxe,
         expect="any", check=no_secret),
    Case("tmx-billion-laughs", "TMX with billion-laughs entities", c_xml_laughs),
    Case("xliff-deep-nesting", "XLIFF with 200,000 nested inline elements", c_xml_deep,
         expect="any"),
    Case("400k-tiny-lines", "two files of 400,000 one-word lines", c_many_tiny_lines,
         expect="any", max_s=60, timeout=120),
    Case("sigint", "SIGINT 3 s into an audit of the seed pair (USE embedder)", c_sigint,
         expect_rc=130, action=send_after(signal.SIGINT, 3.0),
         check=no_temp_left({"s.ar.txt", "t.fr.txt"})),
]


# ----- running -------------------------------------------------------------------------------

def run_case(case: Case, default_timeout: float) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"mtaudit-rel-{case.name}-"))
    row = {"name": case.name, "what": case.what, "expect": case.expect_rc or case.expect}
    try:
        reason = case.skip() if case.skip else None
        if reason:
            return {**row, "status": "skip", "note": reason, "rc": "", "first": "", "wall": 0.0,
                    "rss": 0}
        try:
            args = case.setup(tmp)
        except Exception as exc:  # the bench itself could not build the case
            return {**row, "status": "skip", "note": f"setup failed: {exc}"[:120], "rc": "",
                    "first": "", "wall": 0.0, "rss": 0}
        try:
            run = execute(case, args, tmp, case.timeout or default_timeout)
        except OSError as exc:
            return {**row, "status": "skip", "note": f"could not start: {exc}"[:120], "rc": "",
                    "first": "", "wall": 0.0, "rss": 0}
        status, note = judge(case, run)
        if run.rss_killed:
            note = note.replace("timed out", "").strip("; ")
            status, note = "fail", f"killed at {RSS_KILL / 2**30:.0f} GB RSS" + (
                f"; {note}" if note else "")
        return {**row, "status": status, "note": note, "rc": "timeout" if run.rc is None
                else run.rc, "first": first_line(run.stderr), "wall": run.wall,
                "rss": run.rss}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        mark = tmp.parent / (tmp.name + ".mark")
        if mark.exists():
            mark.unlink()


def execute(case: Case, args: list[str], tmp: Path, timeout: float) -> Run:
    if args and args[0].startswith("@"):
        argv = [PYTHON, str(tmp / args[0][1:]), *args[1:]]
    else:
        argv = [PYTHON, "-m", "mtaudit", *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MTAUDIT_DEBUG": "",
           "MTAUDIT_BENCH_MARK": str(tmp.parent / (tmp.name + ".mark")), "COLUMNS": "100"}
    for k, v in case.env.items():
        env[k] = v.format(tmp=tmp)
    out_f = open(tmp.parent / (tmp.name + ".out"), "w+b")  # noqa: SIM115
    err_f = open(tmp.parent / (tmp.name + ".err"), "w+b")  # noqa: SIM115
    stdin = subprocess.DEVNULL
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, cwd=tmp, env=env, stdout=out_f, stderr=err_f, stdin=stdin,
                            start_new_session=True)
    if case.action is not None:
        case.action(proc, tmp)
    rc: int | None = None
    rss = 0
    killed = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            rc = os.waitstatus_to_exitcode(status)
            rss = usage.ru_maxrss * 1024
            proc.returncode = rc
            break
        killed = _vm_hwm(proc.pid) > RSS_KILL
        if killed or time.monotonic() - t0 > timeout:
            os.killpg(proc.pid, signal.SIGKILL)
            _pid, _status, usage = os.wait4(proc.pid, 0)
            proc.returncode = -9
            rss = usage.ru_maxrss * 1024
            break
        time.sleep(0.02)
    wall = time.monotonic() - t0
    outs = []
    for f in (out_f, err_f):
        f.seek(0)
        outs.append(f.read().decode("utf-8", "replace"))
        f.close()
        os.unlink(f.name)
    return Run(rc, outs[0], outs[1], wall, rss, tmp, killed)


def _vm_hwm(pid: int) -> int:
    """The process's peak RSS so far (bytes), from /proc; 0 where it cannot be read."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def judge(case: Case, run: Run) -> tuple[str, str]:
    problems = []
    err_lines = [ln for ln in run.stderr.splitlines() if ln.strip()]
    if run.rc is None:
        problems.append("timed out")
    elif case.expect_rc is not None:
        if run.rc != case.expect_rc:
            problems.append(f"exit {run.rc}, want {case.expect_rc}")
    elif case.expect == "error" and run.rc != 2:
        problems.append(f"exit {run.rc}, want 2")
    elif case.expect == "ok" and run.rc not in (0, 1):
        problems.append(f"exit {run.rc}, want 0/1")
    elif case.expect == "any" and run.rc not in (0, 1, 2):
        problems.append(f"exit {run.rc}, want 0/1/2")
    if "Traceback" in run.stderr or "Traceback" in run.stdout:
        problems.append("traceback")
    if run.rc == 2:
        errors = [ln for ln in err_lines if ln.startswith("mtaudit: error:")]
        others = [ln for ln in err_lines if not ln.startswith(("mtaudit: error:", "mtaudit: note:",
                                                                "mtaudit: warning:"))]
        if len(errors) != 1 or others:
            problems.append("message not one line")
    if run.rc is not None and run.wall > case.max_s:
        problems.append(f"slow ({run.wall:.0f} s > {case.max_s:.0f} s)")
    if run.rss > GB:
        problems.append(f"{run.rss / 2**30:.1f} GB")
    if case.check is not None and run.rc is not None:
        try:
            msg = case.check(run)
        except OSError as exc:
            msg = f"check failed: {exc}"
        if msg:
            problems.append(msg)
    return ("fail", "; ".join(problems)) if problems else ("pass", "")


def first_line(stderr: str) -> str:
    for ln in stderr.splitlines():
        if ln.strip() and not ln.startswith("mtaudit: note:"):
            return ln.strip()
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    return lines[0].strip() if lines else ""


def md_cell(text: object, limit: int = 110) -> str:
    s = str(text)
    s = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 0x100
                else f"\\u{ord(ch):04x}" for ch in s)
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    for ch in "\\`*_[]<>|#":
        s = s.replace(ch, "\\" + ch)
    return s


def write_report(rows: list[dict], total: float, out: Path) -> str:
    from mtaudit.core.atomic import write_text_atomic

    n_pass = sum(r["status"] == "pass" for r in rows)
    n_fail = sum(r["status"] == "fail" for r in rows)
    n_skip = sum(r["status"] == "skip" for r in rows)
    lines = [
        "# Reliability benchmark: hostile and degenerate inputs",
        "",
        "Each case runs `.venv/bin/python -m mtaudit ...` as a real process in a fresh "
        "temporary folder (inputs generated by `bench/reliability.py`). Goal: a bad input "
        "exits 2 with a one-line `mtaudit: error:` message, in seconds, under 2 GB peak RSS; a "
        "legitimate input exits 0 or 1. `want`: `error` = exit 2, `ok` = exit 0/1, `any` = "
        "0/1/2 (either is acceptable, but fast and bounded), a number = that exit code "
        "(signals). Peak RSS is the child's own `ru_maxrss` (`os.wait4`). A run past its "
        "timeout is killed and fails.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs (shared), Python "
        f"{platform.python_version()}; whole run {total:.0f} s. "
        f"**{n_pass} pass, {n_fail} fail, {n_skip} skipped** of {len(rows)} cases.",
        "",
        "| case | what | want | exit | first line of stderr | wall s | peak RSS MB | result |",
        "|---|---|---|---:|---|---:|---:|---|",
    ]
    for r in rows:
        result = {"pass": "pass", "fail": "**FAIL**", "skip": "skip"}[r["status"]]
        if r["note"]:
            result += f": {md_cell(r['note'], 160)}"
        lines.append(f"| `{r['name']}` | {md_cell(r['what'], 200)} | {r['expect']} | {r['rc']} | "
                     f"{md_cell(r['first'])} | {r['wall']:.1f} | {r['rss'] / 2**20:.0f} | "
                     f"{result} |")
    lines += ["", "Reproduce: `.venv/bin/python bench/reliability.py` "
              "(`--only NAME,NAME` for some cases).", ""]
    text = "\n".join(lines)
    write_text_atomic(out, text)
    return text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="", help="comma-separated case names")
    ap.add_argument("--timeout", type=float, default=90.0, help="default per-case timeout (s)")
    ap.add_argument("--out", type=Path, default=REPORT)
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    args = ap.parse_args()
    if args.list:
        for c in CASES:
            print(f"{c.name:28} {c.what}")
        return
    wanted = {n.strip() for n in args.only.split(",") if n.strip()}
    unknown = wanted - {c.name for c in CASES}
    if unknown:
        sys.exit(f"unknown case(s): {', '.join(sorted(unknown))}")
    cases = [c for c in CASES if not wanted or c.name in wanted]
    rows = []
    t0 = time.monotonic()
    for case in cases:
        row = run_case(case, args.timeout)
        rows.append(row)
        print(f"{row['status']:4} {case.name:28} exit={row['rc']!s:7} {row['wall']:6.1f}s "
              f"{row['rss'] / 2**20:6.0f}MB  {row['first'][:90]!r} {row['note']}", flush=True)
    total = time.monotonic() - t0
    write_report(rows, total, args.out)
    print(f"wrote {args.out} ({sum(r['status'] == 'fail' for r in rows)} failing of "
          f"{len(rows)}, {total:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
