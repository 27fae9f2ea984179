"""Markdown inputs: only the prose is audited, offsets still point into the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.core.errors import InputError
from mtaudit.ingest import load_document
from mtaudit.ingest.markdown import mask_markdown

DOC = """---
title: Guide
---
# Installer l'outil

Lisez la [documentation complète](https://example.org/docs "Docs") avant de commencer.
<!-- TODO: ajouter une capture -->
Lancez `pip install outil` puis ouvrez <https://example.org>.

```bash
pip install outil --upgrade
echo "This line stays in English"
```

![Capture d'écran](images/shot.png) Voir aussi www.example.org/faq et <b>ceci</b>.

[docs]: https://example.org/docs
"""


def test_mask_keeps_length_lines_and_prose():
    masked = mask_markdown(DOC)
    assert len(masked) == len(DOC)
    assert [i for i, c in enumerate(DOC) if c == "\n"] == [
        i for i, c in enumerate(masked) if c == "\n"]
    for kept in ("# Installer l'outil", "[documentation complète]", "avant de commencer.",
                 "Lancez", "puis ouvrez", "![Capture d'écran]", "Voir aussi", "ceci"):
        assert kept in masked, kept
    for gone in ("title: Guide", "https://", "TODO", "pip install", "This line stays",
                 "images/shot.png", "www.example.org", "<b>", "[docs]:"):
        assert gone not in masked, gone
    k = DOC.index("avant de commencer.")
    assert masked[k:k + 19] == "avant de commencer."


def test_unclosed_fence_masks_to_the_end_and_plain_text_is_untouched():
    assert mask_markdown("Texte.\n```\ncode\n") == "Texte.\n   \n    \n"
    assert mask_markdown("Prix : 3 $ et 4 $, a < b.") == "Prix : 3 $ et 4 $, a < b."


def test_load_document_masks_markdown_only(tmp_path: Path):
    md, txt = tmp_path / "guide.fr.md", tmp_path / "guide.fr.txt"
    md.write_text(DOC, encoding="utf-8")
    txt.write_text(DOC, encoding="utf-8")
    d = load_document(md, "fr")
    assert d.fmt == "markdown" and "pip install" not in d.text and len(d.text) == len(DOC)
    assert load_document(txt, "fr").text == DOC
    only_code = tmp_path / "code.md"
    only_code.write_text("```\nprint(1)\n```\n", encoding="utf-8")
    with pytest.raises(InputError, match="no prose to audit"):
        load_document(only_code, "fr")


@pytest.mark.slow
def test_markdown_pair_flags_prose_not_code(tmp_path: Path):
    from mtaudit import audit

    src = tmp_path / "a.en.md"
    tgt = tmp_path / "a.fr.md"
    code = "```bash\npip install outil --upgrade\necho \"This line stays in English\"\n```\n"
    src.write_text("# Install the tool\n\nRead the [full guide](https://example.org/docs) "
                   "before you start. The tool checks translations of documents.\n\n" + code +
                   "\nIt reports every problem it finds in a short summary.\n"
                   "<!-- TODO: add a screenshot -->\n", encoding="utf-8")
    tgt.write_text("# Installer l'outil\n\nLisez le [guide complet](https://example.org/docs) "
                   "avant de commencer. L'outil vérifie les traductions de documents.\n\n" + code +
                   "\nIt reports every problem it finds in a short summary.\n"
                   "<!-- TODO: ajouter une capture -->\n", encoding="utf-8")
    report = audit(src, tgt, src_lang="en", tgt_lang="fr", check_related=False)
    flagged = [(f.category, f.text) for f in report.flags]
    assert any(c == "untranslated" and t.startswith("It reports every problem")
               for c, t in flagged), flagged
    assert not any("pip install" in t or "This line stays" in t or "TODO" in t
                   or "example.org" in t for _, t in flagged), flagged


def test_prose_that_looks_like_markup_is_kept():
    assert mask_markdown("Prices rose when a <b and c> d.") == "Prices rose when a <b and c> d."
    assert mask_markdown('Un <span class="x">mot</span> ici.') == (
        "Un                 mot        ici.")
    assert mask_markdown("Voir www.example.com/page. Puis lire.") == (
        "Voir                     . Puis lire.")
    # a horizontal rule at the top is no front matter
    assert mask_markdown("---\nTexte un.\n\n---\nTexte deux.\n") == (
        "---\nTexte un.\n\n---\nTexte deux.\n")
    # code spans pair runs of the same length, in one paragraph only
    assert mask_markdown("a ``x ` y`` b `c") == "a " + " " * 9 + " b `c"
    assert mask_markdown("a `x\n\ny` b") == "a `x\n\ny` b"
