"""Hostile gate manifests (issue 15): a manifest from a pull request must not read or print files
outside its root, hang, or crash (exit 3). Small files in tmp_path; the CLI runs use
``--embedder none`` with the input checks off."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit.cli import cli
from mtaudit.core.errors import ConfigError, InputError
from mtaudit.gate import safe_load
from mtaudit.gate.manifest import load_manifest
from mtaudit.gate.policy import load_policy

SECRET = "The quarterly report SECRETWORD was approved by the board yesterday.\n"
FAST = ["--embedder", "none", "--no-check-related", "--no-check-languages", "--no-baseline"]


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """tmp/repo (a git checkout: it has .git) with one pair, and tmp/outside/secret.txt and
    unnamed.en.txt (which no manifest names: only a glob could reveal it)."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(SECRET, encoding="utf-8")
    (tmp_path / "outside" / "unnamed.en.txt").write_text(SECRET, encoding="utf-8")
    r = tmp_path / "repo"
    (r / ".git").mkdir(parents=True)
    (r / "docs").mkdir()
    (r / "docs" / "a.en.txt").write_text(SECRET, encoding="utf-8")
    (r / "docs" / "a.fr.txt").write_text("Le rapport a été approuvé hier.\n", encoding="utf-8")
    return r


def manifest(folder: Path, body: str, name: str = "m.toml") -> Path:
    p = folder / name
    p.write_text(body, encoding="utf-8")
    return p


def refused(path: Path, field: str, **kw: object) -> str:
    with pytest.raises(ConfigError) as exc:
        load_manifest(path, **kw)  # type: ignore[arg-type]
    msg = str(exc.value)
    assert str(path) in msg and field in msg and "\n" not in msg, msg
    assert "unnamed" not in msg and "SECRETWORD" not in msg, msg  # nothing outside listed
    return msg


def pair(source: str, target: str) -> str:
    return f'[[pairs]]\nsource = "{source}"\ntarget = "{target}"\n'


# -- confinement -------------------------------------------------------------------------------

def test_absolute_and_dotdot_paths_are_refused(repo: Path) -> None:
    outside = (repo.parent / "outside").as_posix()
    p = manifest(repo, pair(f"{outside}/*.txt", "docs/*.fr.txt"))
    refused(p, "pairs[0].source")
    p = manifest(repo, pair("docs/a.en.txt", f"{outside}/secret.txt"))
    assert "outside the manifest root" in refused(p, "pairs[0].target")
    p = manifest(repo / "docs", pair("a.en.txt", "../../outside/secret.txt"))
    refused(p, "pairs[0].target")
    p = manifest(repo, f'[[pairs]]\ncatalog = "{outside}/secret.txt"\n')
    refused(p, "pairs[0].catalog")
    specs, _ = load_manifest(p, allow_outside_root=True)
    assert [s.source for s in specs] == [f"{outside}/secret.txt"]


def test_dotdot_glob_is_refused_without_listing(repo: Path) -> None:
    p = manifest(repo, pair("../outside/*.en.txt", "docs/*.fr.txt"))
    msg = refused(p, "pairs[0].source")
    assert "'../outside'" in msg
    p = manifest(repo, '[[pairs]]\ncatalog = "docs/**/../../../outside/*.txt"\n')
    refused(p, "pairs[0].catalog")
    p = manifest(repo, '[[pairs]]\ncatalog = "../**/*.txt"\n')
    refused(p, "pairs[0].catalog")
    specs, _ = load_manifest(manifest(repo, '[[pairs]]\ncatalog = "../outside/*.txt"\n'),
                             allow_outside_root=True)
    assert [s.source for s in specs] == ["../outside/secret.txt", "../outside/unnamed.en.txt"]


def test_symlinks_leading_out_are_refused(repo: Path) -> None:
    os.symlink(repo.parent / "outside" / "secret.txt", repo / "docs" / "b.fr.txt")
    os.symlink(repo.parent / "outside", repo / "docs" / "out")
    p = manifest(repo, pair("docs/a.en.txt", "docs/b.fr.txt"))
    refused(p, "pairs[0].target")
    p = manifest(repo, '[[pairs]]\ncatalog = "docs/*.txt"\n')
    assert "'docs/b.fr.txt'" in refused(p, "pairs[0].catalog")
    p = manifest(repo, '[[pairs]]\ncatalog = "docs/**/*.po"\n')
    assert "'docs/out'" in refused(p, "pairs[0].catalog")
    p = manifest(repo, '[[pairs]]\ncatalog = "docs/out/*.txt"\n')
    refused(p, "pairs[0].catalog")
    # a symlink that stays inside is fine
    os.remove(repo / "docs" / "b.fr.txt")
    os.symlink("a.fr.txt", repo / "docs" / "b.fr.txt")
    specs, _ = load_manifest(manifest(repo, pair("docs/a.en.txt", "docs/b.fr.txt")))
    assert specs[0].target == "docs/b.fr.txt"


def test_the_manifest_itself_may_not_be_a_symlink_out(repo: Path) -> None:
    evil = manifest(repo.parent / "outside", '[[pairs]]\ncatalog = "secret.txt"\n', "e.toml")
    os.symlink(evil, repo / "m.toml")
    with pytest.raises(ConfigError, match="symlink leading out"):
        load_manifest(repo / "m.toml")


def test_root_key_and_manifest_root(repo: Path) -> None:
    sub = repo / "ci"
    sub.mkdir()
    p = manifest(sub, pair("../docs/a.en.txt", "../docs/a.fr.txt"))
    refused(p, "pairs[0].source")
    specs, base = load_manifest(p, root=repo)
    assert (base / specs[0].source).resolve() == (repo / "docs" / "a.en.txt").resolve()
    p = manifest(sub, 'root = ".."\n' + pair("../docs/a.en.txt", "../docs/a.fr.txt"))
    assert len(load_manifest(p)[0]) == 1
    for bad in ("/", "../..", "../docs"):  # out of the repository, or not holding the manifest
        p = manifest(sub, f'root = "{bad}"\n' + pair("../docs/a.en.txt", "../docs/a.fr.txt"))
        with pytest.raises(ConfigError, match="must be a folder holding the manifest"):
            load_manifest(p)
    with pytest.raises(ConfigError, match="manifest-root"):
        load_manifest(p, root=repo / "nope")


# -- hangs ------------------------------------------------------------------------------------

def test_symlink_loops_do_not_hang(repo: Path) -> None:
    d = repo / "docs" / "po"
    d.mkdir()
    (d / "fr.po").write_text('msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    os.symlink(".", d / "self")
    os.symlink("..", d / "up")
    os.symlink("../po", repo / "docs" / "po2")
    t = time.monotonic()
    specs, _ = load_manifest(manifest(repo, '[[pairs]]\ncatalog = "**/*.po"\n'))
    assert time.monotonic() - t < 5
    found = [s.source for s in specs]
    assert "docs/po/fr.po" in found and len(found) == len(set(found)) <= 3, found
    os.symlink("loop", d / "loop")  # a dangling self-loop, named by a glob and literally
    assert len(load_manifest(manifest(repo, '[[pairs]]\ncatalog = "**/*"\n'))[0]) >= 1
    with pytest.raises(InputError, match="file not found"):
        load_manifest(manifest(repo, '[[pairs]]\ncatalog = "docs/po/loop"\n'))


def test_match_cap(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_load, "MAX_FILES", 4)
    for k in range(5):
        (repo / "docs" / f"{k}.po").write_text("x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="more than 4 files"):
        load_manifest(manifest(repo, '[[pairs]]\ncatalog = "docs/*.po"\n'))


def test_oversized_manifest_refused_fast(repo: Path) -> None:
    entry = pair("docs/a.en.txt", "docs/a.fr.txt")
    p = manifest(repo, entry * 300_000)  # ~18 MB of identical pairs
    t = time.monotonic()
    with pytest.raises(ConfigError, match="KiB limit"):
        load_manifest(p)
    assert time.monotonic() - t < 2


def test_duplicates_collapse_and_entries_are_capped(repo: Path) -> None:
    entry = pair("docs/a.en.txt", "docs/a.fr.txt")
    glob = pair("docs/*.en.txt", "docs/*.fr.txt")
    specs, _ = load_manifest(manifest(repo, entry * 3 + glob * 3))
    assert [(s.source, s.target) for s in specs] == [("docs/a.en.txt", "docs/a.fr.txt")]
    t = time.monotonic()
    with pytest.raises(ConfigError, match="more than 10000 pairs entries"):
        load_manifest(manifest(repo, entry * 12_000))  # under the size limit
    assert time.monotonic() - t < 10


def test_yaml_billion_laughs_and_aliases_refused(repo: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 9) + "]" for k in range(1, 10)]
    p = manifest(repo, "\n".join([*lines, "pairs: [*a9]", ""]), "m.yaml")
    t = time.monotonic()
    with pytest.raises(ConfigError, match="anchors and aliases are not allowed"):
        load_manifest(p)
    assert time.monotonic() - t < 2
    p = manifest(repo, "x: &s docs/a.en.txt\npairs:\n  - {source: *s, target: docs/a.fr.txt}\n",
                 "m.yaml")
    with pytest.raises(ConfigError, match="anchors and aliases"):
        load_manifest(p)


@pytest.mark.parametrize(("name", "body"), [
    ("m.toml", "a = " + "[" * 100_000 + "]" * 100_000 + "\n"),
    ("m.toml", "a = " + "{b = " * 40 + "1" + "}" * 40 + "\n"),
    ("m.toml", ".".join(["k"] * 100_000) + " = 1\n"),
    ("m.toml", "[" + ".".join(["k"] * 50_000) + "]\n"),
    ("m.yaml", "[" * 100_000 + "]" * 100_000 + "\n"),
    ("m.yaml", "".join(" " * k + "k:\n" for k in range(40)) + " " * 40 + "x\n"),
])
def test_deep_nesting_refused_fast(repo: Path, name: str, body: str) -> None:
    p = manifest(repo, body, name)
    t = time.monotonic()
    with pytest.raises(ConfigError, match="nested deeper than 32 levels"):
        load_manifest(p)
    assert time.monotonic() - t < 2


def test_policy_has_the_same_limits(tmp_path: Path) -> None:
    cfg = tmp_path / "mtaudit.toml"
    cfg.write_text("[gate]\nx = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="nested deeper"):
        load_policy(cfg)
    cfg.write_text("[gate]\n" + "# pad\n" * 200_000, encoding="utf-8")
    with pytest.raises(ConfigError, match="KiB limit"):
        load_policy(cfg)
    cfg.write_text('[gate]\n[[gate.suppress]]\nfile = "*"\ntext = 5\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"suppress\[0\]\.text must be a string"):
        load_policy(cfg)
    # strings holding brackets and dots do not count as nesting
    cfg.write_text('[gate]\nbaseline = "' + "[{." * 100 + '"\n', encoding="utf-8")
    assert load_policy(cfg).baseline == "[{." * 100


# -- field types ------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "body", "message"), [
    ("m.toml", 'src_lang = 5\n' + pair("docs/a.en.txt", "docs/a.fr.txt"), "src_lang must be"),
    ("m.toml", 'tgt_lang = "f r"\n' + pair("docs/a.en.txt", "docs/a.fr.txt"), "tgt_lang must"),
    ("m.toml", '[[pairs]]\nsource = 5\ntarget = "docs/a.fr.txt"\n', r"pairs\[0\]\.source must"),
    ("m.yaml", "pairs:\n  - {source: [docs/a.en.txt], target: docs/a.fr.txt}\n",
     r"pairs\[0\]\.source must be a file path"),
    ("m.yaml", "pairs:\n  - {catalog: {a: 1}}\n", r"pairs\[0\]\.catalog must"),
    ("m.yaml", "pairs:\n  - {catalog: x.po, src_lang: [en]}\n", r"pairs\[0\]\.src_lang must"),
    ("m.yaml", "pairs: [1]\n", r"pairs\[0\] must be a table"),
    ("m.yaml", "pairs: docs/a.en.txt\n", "non-empty 'pairs' list"),
    ("m.yaml", "- a\n- b\n", "non-empty 'pairs' list"),
    ("m.toml", 'sources = "x"\n' + pair("docs/a.en.txt", "docs/a.fr.txt"), "unknown key"),
    ("m.toml", "root = 5\n" + pair("docs/a.en.txt", "docs/a.fr.txt"), "root must be"),
    ("m.yaml", "pairs:\n  - {source: !!python/name:os.system x, target: y}\n", "invalid YAML"),
])
def test_wrong_field_types(repo: Path, name: str, body: str, message: str) -> None:
    p = manifest(repo, body, name)
    with pytest.raises(ConfigError, match=message) as exc:
        load_manifest(p)
    assert "\n" not in str(exc.value)


def test_valid_languages_and_unreadable_manifest(repo: Path) -> None:
    p = manifest(repo, 'src_lang = "en"\ntgt_lang = "pt-BR"\n'
                 + pair("docs/a.en.txt", "docs/a.fr.txt"))
    assert load_manifest(p)[0][0].tgt_lang == "pt-BR"
    os.mkfifo(repo / "fifo.toml")
    with pytest.raises(InputError, match="not a regular file"):
        load_manifest(repo / "fifo.toml")  # would block if it were opened


# -- the command line -------------------------------------------------------------------------

def gate(repo: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(repo)
    res = CliRunner().invoke(cli, ["gate", "-m", "m.toml", *FAST, "--sarif", "out.sarif",
                                   "--junit", "out.xml", *args])
    return res.exit_code, res.stdout, res.stderr


def test_cli_never_prints_outside_files(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest(repo, 'src_lang = "en"\ntgt_lang = "fr"\n'
             + pair("docs/a.en.txt", "../outside/secret.txt"))
    code, out, err = gate(repo, monkeypatch)
    assert code == 2, (out, err)
    assert err.count("\n") == 1 and err.startswith("mtaudit: error: m.toml: pairs[0].target: ")
    assert "SECRETWORD" not in out + err and "Traceback" not in out + err
    assert not (repo / "out.sarif").exists() and not (repo / "out.xml").exists()
    # the same through a symlink and a glob
    os.symlink(repo.parent / "outside" / "secret.txt", repo / "docs" / "b.fr.txt")
    manifest(repo, 'src_lang = "en"\ntgt_lang = "fr"\n' + pair("docs/*.en.txt", "docs/*.fr.txt"))
    os.rename(repo / "docs" / "a.en.txt", repo / "docs" / "b.en.txt")
    code, out, err = gate(repo, monkeypatch)
    assert code == 2 and err.count("\n") == 1 and "SECRETWORD" not in out + err, (out, err)
    # allowed explicitly, the outside file is audited (and its text quoted in the outputs)
    code, out, err = gate(repo, monkeypatch, "--allow-outside-root")
    assert code == 1, (out, err)
    assert "SECRETWORD" in out
    assert "SECRETWORD" in (repo / "out.sarif").read_text(encoding="utf-8")
    assert "SECRETWORD" in (repo / "out.xml").read_text(encoding="utf-8")


def test_cli_manifest_root_and_bad_manifest(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "ci").mkdir()
    manifest(repo, pair("../docs/a.en.txt", "../docs/a.fr.txt"), "ci/x.toml")
    monkeypatch.chdir(repo)
    res = CliRunner().invoke(cli, ["gate", "-m", "ci/x.toml", *FAST])
    assert res.exit_code == 2 and "pairs[0].source" in res.stderr, res.output
    res = CliRunner().invoke(cli, ["gate", "-m", "ci/x.toml", "--manifest-root", ".", *FAST])
    assert res.exit_code in (0, 1) and "ci/docs" not in res.output, res.output
    (repo / "ci" / "x.toml").write_text("src_lang = 5\n" + pair("a", "b"), encoding="utf-8")
    res = CliRunner().invoke(cli, ["gate", "-m", "ci/x.toml", *FAST])
    assert res.exit_code == 2 and res.stderr.count("\n") == 1, res.output
    assert "src_lang must be a language code" in res.stderr
