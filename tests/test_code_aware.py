"""Code-aware checks on software strings: code is not prose for the untranslated detector, and
a metavariable followed by its noun is not a repetition."""

from __future__ import annotations

import pytest

from mtaudit.analysis.code_spans import code_spans, mask_code
from mtaudit.core.types import AlignedPair, Document, Flag, Segment
from mtaudit.detectors.base import DetectorContext
from mtaudit.detectors.repetition import RepetitionDetector
from mtaudit.detectors.untranslated import UntranslatedDetector


def units_ctx(units: list[tuple[str, str]], src_lang: str, tgt_lang: str) -> DetectorContext:
    """One 1-1 pair per (source, target) unit, joined as the unit readers join them."""
    docs, segs = {}, {}
    for side, k, lang in (("s", 0, src_lang), ("t", 1, tgt_lang)):
        text, out = "", []
        for i, u in enumerate(units):
            if i:
                text += "\n\n"
            out.append(Segment(u[k], len(text), len(text) + len(u[k]), i, i, f"u{i}"))
            text += u[k]
        docs[side], segs[side] = Document(text, lang), out
    pairs = [AlignedPair.from_segments(i, docs["s"], docs["t"], (segs["s"][i],), (segs["t"][i],))
             for i in range(len(units))]
    return DetectorContext(docs["s"], docs["t"], pairs, src_lang, tgt_lang)


def untranslated(units: list[tuple[str, str]], tgt_lang: str) -> list[Flag]:
    return UntranslatedDetector().run(units_ctx(units, "en", tgt_lang))


@pytest.mark.parametrize("text, code", [
    ("copier %s vers %1$s, %(name)s, {0}, %lu et %% ; %H:%M", ["%s", "%1$s", "%(name)s", "{0}",
                                                             "%lu", "%%", "%H", "%M"]),
    ("  -t, --target-directory=RÉP  voir -x", ["-t", "--target-directory=RÉP", "-x"]),
    ("voir <file>, <b>gras</b> &amp; NAME=VALUE", ["<file>", "<b>", "</b>", "&amp;",
                                                   "NAME=VALUE"]),
    ("appel de initialize_job_control, GSocketClient::event, sizeof(long) et fooBar",
     ["initialize_job_control", "GSocketClient::event", "sizeof(long)", "fooBar"]),
    ("voir https://example.org/a?b=1 ou bug-x@example.org, /usr/share/x et ~/.config/y",
     ["https://example.org/a?b=1", "bug-x@example.org", "/usr/share/x", "~/.config/y"]),
])
def test_code_spans(text: str, code: list[str]) -> None:
    found = [text[a:b] for a, b in code_spans(text)]
    for c in code:
        assert any(c in f for f in found), (c, found)
    masked = mask_code(text)
    assert len(masked) == len(text)
    for word in ("voir", "copier", "appel", "gras", "et"):
        if f" {word} " in f" {text} ":
            assert word in masked


def test_metavariables_need_the_source() -> None:
    assert "FICHIER" in mask_code("lire FICHIER", "read FILE")  # a translated metavariable
    assert "FILE" not in mask_code("lire FILE", "read FILE").split()
    assert "OTAN" in mask_code("l'OTAN a dit", "NATO said")  # an acronym of prose stays


def test_format_letters_and_names_in_arabic_are_not_english() -> None:
    flags = untranslated([
        ("Unable to locate package %s", "تعذر العثور على الحزمة %s"),
        ("Setting attribute %s not supported", "تعيين الصفة %s غير مدعوم"),
        ("PDF document (lzip-compressed)", "مستند PDF (مضغوط بـ lzip)"),
        ("keyboard label::Page_Up", "Page Up"),
        ("Don't use the Wintab API for tablet support", "لا تستخدم Wintab API لدعم اللوح"),
        ("Error %d: %s", "خطأ %d: %s"),
    ], "ar")
    assert flags == [], [f.text for f in flags]


def test_english_prose_left_in_arabic_is_still_flagged() -> None:
    src = "The file could not be opened because the disk is full"
    flags = untranslated([(src, "تعذر فتح الملف: the file could not be opened because the "
                                "disk is full")], "ar")
    assert len(flags) == 1 and "could not be opened" in flags[0].text


def test_options_identifiers_and_urls_in_french_are_not_english() -> None:
    flags = untranslated([
        ("  -t, --target-directory=DIRECTORY  copy all SOURCE arguments into DIRECTORY",
         "  -t, --target-directory=RÉPERTOIRE  copier tous les arguments SOURCE dans "
         "RÉPERTOIRE"),
        ("Report bugs to bug-foo@example.org or https://example.org/bugs",
         "Signalez les anomalies à bug-foo@example.org ou https://example.org/bugs"),
        ("Try 'apt --fix-broken install' with no packages",
         "Essayez « apt --fix-broken install » sans paquet"),
        ("mapfile [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd]",
         "mapfile [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd]"),
        ("cannot read ~/.bash_history: %s", "impossible de lire ~/.bash_history : %s"),
        ("initialize_job_control: no job control in background",
         "initialize_job_control : pas de contrôle de tâche en arrière-plan"),
    ], "fr")
    assert flags == [], [f.text for f in flags]


def test_short_ui_strings_need_stronger_evidence() -> None:
    flags = untranslated([("standard", "standard"), ("Options", "Options"),
                          ("Type help for help.", "Tapez help pour l'aide.")], "fr")
    assert flags == [], [f.text for f in flags]


def test_english_sentence_left_in_french_is_still_flagged() -> None:
    src = "Display this help and exit, then print the version information and exit"
    flags = untranslated([(src, src)], "fr")
    assert len(flags) == 1 and flags[0].severity in ("major", "critical")


def repetitions(units: list[tuple[str, str]]) -> list[Flag]:
    return RepetitionDetector().run(units_ctx(units, "en", "fr"))


def test_metavariable_and_its_noun_is_no_repetition() -> None:
    assert repetitions([("%s: size: BYTES bytes", "%s : taille : OCTETS octets")]) == []
    # the source's metavariable was renamed in the translation, then followed by its noun
    assert repetitions([("--cert=FILE   file of the client",
                         "--cert=FICHIER fichier du client")]) == []


def test_real_repetitions_stay_flagged() -> None:
    flags = repetitions([("when verifying checksums", "lors de la la vérification"),
                         ("size in bytes", "taille en OCTETS octets")])
    assert [f.text for f in flags] == ["la", "octets"]
