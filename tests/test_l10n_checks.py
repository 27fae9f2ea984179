"""Catalog checks (placeholders, markup, accelerators, l10n_format, catalog_status) on small PO
and XLIFF catalogs read through ingest: every unit and plural form, raw whitespace, statuses,
declared charsets, and a gate over a manifest of catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit.cli import cli
from mtaudit.core.types import AlignedPair, Flag
from mtaudit.detectors import DetectorContext, default_detectors, get_detector
from mtaudit.ingest import load_pair
from mtaudit.ingest.catalog import catalog_info
from mtaudit.lang.placeholders import compare_format, format_tokens

HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')
L10N = ("placeholders", "markup", "accelerators", "l10n_format", "catalog_status")


def entry(src: str, tgt: str, flags: str = "") -> str:
    esc = lambda s: s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")  # noqa: E731
    return f'{flags}msgid "{esc(src)}"\nmsgstr "{esc(tgt)}"\n\n'


def run(tmp_path: Path, body: str, detectors: tuple[str, ...] = L10N, name: str = "c.po",
        data: bytes | None = None, tgt_lang: str = "fr") -> list[Flag]:
    p = tmp_path / name
    p.write_bytes(data if data is not None else (HEADER + body).encode("utf-8"))
    lp = load_pair(p, None, "en", tgt_lang)
    assert lp.beads is not None and lp.source_segments and lp.target_segments
    pairs = [AlignedPair.from_segments(k, lp.source, lp.target,
                                       tuple(lp.source_segments[i] for i in b.src),
                                       tuple(lp.target_segments[i] for i in b.tgt))
             for k, b in enumerate(lp.beads)]
    ctx = DetectorContext(lp.source, lp.target, pairs, "en", tgt_lang)
    flags = [f for d in detectors for f in get_detector(d).run(ctx)]
    for f in flags:  # every flag's text is the document text at its offsets
        doc = lp.target if f.side == "target" else lp.source
        assert doc.text[f.doc_start:f.doc_end] == f.text
    return flags


def kinds(flags: list[Flag]) -> set[tuple[str, str, str]]:
    return {(f.category, f.severity, f.text) for f in flags}


@pytest.mark.parametrize("src,tgt,text", [
    ("%s files", "fichiers", "%s"),                # missing (flagged on the source)
    ("%1$s of %2$s", "%1$s de", "%2$s"),
    ("%lu bytes", "%d octets", "%d"),                # changed size/type
    ("%(name)s is here", "%(nom)s est là", "%(nom)s"),
    ("Hello {name}", "Bonjour {nom}", "{nom}"),
    ("Item {0}", "Élément", "{0}"),
    ("{count, plural, one {# file} other {# files}}", "{n, plural, one {# fichier} other {# "
     "fichiers}}", "{n, plural, one {# fichier} other {# fichiers}}"),
    ("Arg %1 missing", "Argument manquant", "%1"),
    ("Set $HOME or ${PATH}", "Définir $HOME", "${PATH}"),
    ("%s of %d", "%d de %s", "%d"),                  # reordered without positions
    ("%d%% done", "%d % fait", "%"),                 # a lone % in a printf string
])
def test_placeholders_are_critical(tmp_path: Path, src: str, tgt: str, text: str) -> None:
    flags = run(tmp_path, entry(src, tgt), ("placeholders",))
    assert ("placeholder", "critical", text) in kinds(flags)


def test_placeholders_fine_when_kept_reordered_with_positions_or_resized(tmp_path: Path) -> None:
    body = (entry("%s of %d", "%2$d de %1$s") + entry("%-20s %lu", "%-25s %lu")
            + entry("Hello {name}, {0}", "{0}, bonjour {name}")
            + entry("100%% of %s", "%s à 100 %%")
            + entry("50% done", "50 % fait"))
    assert run(tmp_path, body, ("placeholders",)) == []


def test_percent_escape_is_major(tmp_path: Path) -> None:
    flags = run(tmp_path, entry("%d%%", "%d pour cent"), ("placeholders",))
    assert kinds(flags) == {("placeholder", "major", "%%")}


def test_markup_tags_and_entities(tmp_path: Path) -> None:
    body = (entry("<b>Bold</b> text", "texte gras</b>") + entry("A &amp; B", "A et B")
            + entry('<a href="x">link</a>', '<a href="y">lien</a>')
            + entry("Copy <file>", "Copier <fichier>"))  # a metavariable: translated
    assert kinds(run(tmp_path, body, ("markup",))) == {
        ("markup", "major", "<b>"), ("markup", "major", "&amp;"),
        ("markup", "major", '<a href="y">')}


def test_accelerators_follow_the_catalog_convention(tmp_path: Path) -> None:
    body = (entry("_Open", "_Ouvrir") + entry("_Save", "Enregistrer") + entry("_Quit", "Q_uitter")
            + entry("Help", "_Aide") + entry("LC_ALL", "LC_ALL") + entry("_Close", "أ_غلق"))
    assert kinds(run(tmp_path, body, ("accelerators",))) == {
        ("accelerator", "major", "_S"), ("accelerator", "minor", "_A")}
    amp = entry("&File", "Fichier") + entry("&Edit", "É&dition") + entry("&View", "&Vue")
    assert kinds(run(tmp_path, amp, ("accelerators",))) == {("accelerator", "major", "&F")}


def test_format_ellipsis_colon_whitespace(tmp_path: Path) -> None:
    body = (entry("Open...", "Ouvrir") + entry("Name:", "Nom") + entry("Label:", "Étiquette :")
            + entry("Usage:\n", "Utilisation :") + entry("Done\n", "Fait\n")
            + entry(" leading", "devant") + entry("Two words", "Deux  mots")
            + entry("Open…", "Ouvrir…"))
    got = kinds(run(tmp_path, body, ("l10n_format",)))
    assert got == {("punctuation", "minor", "Ouvrir"), ("punctuation", "minor", "Nom"),
                   ("whitespace", "minor", ":"), ("whitespace", "minor", "devant"),
                   ("whitespace", "minor", "  ")}


def test_checks_give_nothing_on_plain_documents() -> None:
    from mtaudit.core.types import Document, Segment

    src, tgt = Document("%s files", "en"), Document("fichiers", "fr")
    pair = AlignedPair.from_segments(0, src, tgt, (Segment("%s files", 0, 8),),
                                     (Segment("fichiers", 0, 8),))
    ctx = DetectorContext(src, tgt, [pair], "en", "fr")
    assert all(get_detector(d).run(ctx) == [] for d in L10N)
    assert set(L10N) <= set(default_detectors())


PLURAL = ('msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d fichier"\n'
          'msgstr[1] "{one}"\n\n')


def test_every_plural_form_is_checked(tmp_path: Path) -> None:
    flags = run(tmp_path, PLURAL.format(one="fichiers"), ("placeholders",))
    assert kinds(flags) == {("placeholder", "critical", "%d")}
    assert flags[0].side == "source"
    assert run(tmp_path, PLURAL.format(one="%d fichiers"), ("placeholders",)) == []


def test_english_plural_form_is_flagged_untranslated(tmp_path: Path) -> None:
    body = ('msgid "The file was deleted from the disk"\n'
            'msgid_plural "The files were deleted from the disk"\n'
            'msgstr[0] "Le fichier a été supprimé du disque"\n'
            'msgstr[1] "The files were deleted from the disk"\n\n')
    flags = run(tmp_path, body, ("untranslated",))
    assert any(f.category == "untranslated" and "files were deleted" in f.text for f in flags)


def test_single_value_plural_form_may_drop_the_count(tmp_path: Path) -> None:
    ar = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : '
          'n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;\\n"\n\n'
          'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "لا ملفات"\nmsgstr[1] "ملف واحد"\n'
          'msgstr[2] "ملفان"\nmsgstr[3] "%d ملفات"\nmsgstr[4] "ملفا"\nmsgstr[5] "%d ملف"\n\n')
    flags = run(tmp_path, "", ("placeholders",), data=ar.encode(), tgt_lang="ar")
    assert kinds(flags) == {("placeholder", "critical", "%d")}  # only form 4 (n = 11..99)


def test_empty_and_fuzzy_units_are_reported(tmp_path: Path) -> None:
    body = entry("Open", "") + entry("Close", "Fermer", "#, fuzzy\n") + entry("Quit", "Quitter")
    flags = run(tmp_path, body, ("catalog_status",))
    assert {(f.side, f.text, f.message.split(" ")[0]) for f in flags} == {
        ("source", "Open", "untranslated"), ("target", "Fermer", "fuzzy")}
    assert all(f.category == "untranslated" and f.severity == "major" for f in flags)


def test_fuzzy_xliff_state(tmp_path: Path) -> None:
    xlf = ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:'
           'tc:xliff:document:1.2"><file original="a" source-language="en" target-language="fr" '
           'datatype="plaintext"><body><trans-unit id="1"><source>Open</source><target '
           'state="needs-review-translation">Ouvrir</target></trans-unit><trans-unit id="2">'
           '<source>Close</source><target state="translated">Fermer</target></trans-unit>'
           '</body></file></xliff>')
    flags = run(tmp_path, "", ("catalog_status",), name="c.xlf", data=xlf.encode())
    assert [f.text for f in flags] == ["Ouvrir"]


def test_iso_8859_1_catalog_and_raw_whitespace(tmp_path: Path) -> None:
    data = (HEADER.replace("UTF-8", "ISO-8859-1") + entry("Summer:\n", "Été :\n")
            + entry("Size: %s", "Taille")).encode("latin-1")
    flags = run(tmp_path, "", ("placeholders", "l10n_format"), data=data)
    assert kinds(flags) == {("placeholder", "critical", "%s")}
    lp = load_pair(tmp_path / "c.po", None, "en", "fr")
    assert lp.target.text.startswith("Été :\n")
    assert catalog_info(lp.target)["Summer:\n"].status == "translated"
    bad = (HEADER.replace("UTF-8", "KOI-NOPE") + entry("a", "b")).encode()
    with pytest.raises(Exception, match="unknown charset"):
        run(tmp_path, "", data=bad)


def test_tokens_and_compare() -> None:
    toks = format_tokens("%1$s %lu %% %<PRIu64> %Id {x} ${Y}")
    assert [t.text for t in toks] == ["%1$s", "%lu", "%%", "%<PRIu64>", "%Id", "{x}", "${Y}"]
    assert compare_format(format_tokens("%d of %s"), format_tokens("%2$s : %1$d")) == []


def test_gate_over_a_catalog_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.toml").write_text('[[pairs]]\ncatalog = "x.po"\nsrc_lang = "en"\n'
                                     'tgt_lang = "fr"\n', encoding="utf-8")
    po = tmp_path / "x.po"
    po.write_text(HEADER + entry("Deleted %d files", "%d fichiers supprimés")
                  + entry("Open the file", "Ouvrir le fichier"), encoding="utf-8")
    ok = CliRunner().invoke(cli, ["gate", "-m", "m.toml", "--embedder", "none"])
    po.write_text(HEADER + entry("Deleted %d files", "fichiers supprimés")
                  + entry("Open the file", "Ouvrir le fichier"), encoding="utf-8")
    bad = CliRunner().invoke(cli, ["gate", "-m", "m.toml", "--embedder", "none"])
    assert bad.exit_code == 1, bad.output
    assert "placeholder" in bad.output
    assert ok.exit_code == 0, ok.output
