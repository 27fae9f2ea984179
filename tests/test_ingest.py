"""Reading inputs: text files with their failure modes, and pre-aligned unit formats."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from mtaudit.core.errors import InputError
from mtaudit.ingest import LoadedPair, load_document, load_pair

AR = "قال الوزير إن التعاون سيتعزز."
FR = "Le ministre a dit que la coopération serait renforcée."


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


# ----- plain text -------------------------------------------------------------------------------

def test_load_document_utf8_and_bom(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "a.txt", AR + "\n"), "ar")
    assert doc.text == AR + "\n" and doc.lang == "ar" and doc.fmt == "text"
    assert doc.path and doc.path.endswith("a.txt")
    bom = load_document(write(tmp_path, "b.txt", codecs.BOM_UTF8 + FR.encode()), "fr")
    assert bom.text == FR


@pytest.mark.parametrize("enc", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_32_with_bom_accepted(tmp_path: Path, enc: str) -> None:
    data = FR.encode(enc)
    if enc == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert load_document(write(tmp_path, "u.txt", data), "fr").text == FR


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        load_document(tmp_path / "nope.txt", "fr")


@pytest.mark.parametrize("content,msg", [("", "file is empty"), (" \n\t\n ", "only white space")])
def test_empty_files(tmp_path: Path, content: str, msg: str) -> None:
    with pytest.raises(InputError, match=msg):
        load_document(write(tmp_path, "e.txt", content), "fr")


def test_binary_file(tmp_path: Path) -> None:
    data = bytes(range(256)) * 10
    with pytest.raises(InputError, match=r"bin\.dat: looks like a binary file"):
        load_document(write(tmp_path, "bin.dat", data), "fr")


def test_control_characters_binary(tmp_path: Path) -> None:
    data = ("abc\x01\x02\x03\x04" * 50).encode()
    with pytest.raises(InputError, match="binary"):
        load_document(write(tmp_path, "c.txt", data), "fr")


def test_utf16_without_bom(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="UTF-16 without a byte-order mark"):
        load_document(write(tmp_path, "u.txt", FR.encode("utf-16-le")), "fr")


def test_cp1252_named(tmp_path: Path) -> None:
    p = write(tmp_path, "w.txt", FR.encode("cp1252"))
    with pytest.raises(InputError, match=r"w\.txt: not valid UTF-8 .*cp1252"):
        load_document(p, "fr")


def test_cp1256_named_for_arabic(tmp_path: Path) -> None:
    p = write(tmp_path, "a.txt", (AR + " " + AR).encode("cp1256"))
    with pytest.raises(InputError, match="cp1256"):
        load_document(p, "ar")


def test_size_limit(tmp_path: Path) -> None:
    p = write(tmp_path, "big.txt", FR * 100)
    with pytest.raises(InputError, match=r"big\.txt: file is .* MiB, over the"):
        load_document(p, "fr", max_bytes=1000)


def test_plain_pair(tmp_path: Path) -> None:
    lp = load_pair(write(tmp_path, "s.txt", AR), write(tmp_path, "t.txt", FR), "ar", "fr")
    assert isinstance(lp, LoadedPair)
    assert lp.source.text == AR and lp.target.text == FR
    assert lp.source_segments is None and lp.target_segments is None and lp.beads is None
    assert not lp.pre_aligned


def test_single_plain_file_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="bilingual file"):
        load_pair(write(tmp_path, "s.txt", AR), None, "ar", "fr")


# ----- pre-aligned formats ----------------------------------------------------------------------

def check_units(lp: LoadedPair, n: int) -> None:
    assert lp.source_segments is not None and lp.target_segments is not None
    assert lp.beads is not None
    assert len(lp.source_segments) == len(lp.target_segments) == n
    for doc, segs in ((lp.source, lp.source_segments), (lp.target, lp.target_segments)):
        for k, s in enumerate(segs):
            assert doc.text[s.start:s.end] == s.text
            assert s.index == k and s.unit_id


def test_tsv_with_header_and_untranslated_unit(tmp_path: Path) -> None:
    p = write(tmp_path, "p.tsv", f"source\ttarget\n{AR}\t{FR}\nملف\t\n\nنافذة\tFenêtre\n")
    lp = load_pair(p, None, "ar", "fr")
    check_units(lp, 3)
    assert lp.target.text == FR + "\n\n\n\nFenêtre"
    assert lp.target_segments[1].text == ""          # kept, empty
    assert [b.kind for b in lp.beads] == ["1-1", "1-0", "1-1"]
    assert lp.untranslated_units == (lp.source_segments[1].unit_id,)


def test_tsv_bad_columns(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"p\.tsv:2: expected two tab-separated columns"):
        load_pair(write(tmp_path, "p.tsv", f"{AR}\t{FR}\n{AR}\n"), None, "ar", "fr")


def test_jsonl_custom_keys(tmp_path: Path) -> None:
    rows = [{"ar": AR, "fr": FR, "key": "a1"}, {"ar": "ملف", "fr": "Fichier", "key": "a2"}]
    p = write(tmp_path, "p.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    lp = load_pair(p, None, "ar", "fr", jsonl_keys=("ar", "fr", "key"))
    check_units(lp, 2)
    assert [s.unit_id for s in lp.target_segments] == ["a1", "a2"]
    assert lp.target_segments[1].text == "Fichier"


def test_jsonl_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"p\.jsonl:1: invalid JSON"):
        load_pair(write(tmp_path, "p.jsonl", "{oops"), None, "ar", "fr")
    with pytest.raises(InputError, match="no 'source' or 'target' key"):
        load_pair(write(tmp_path, "q.jsonl", '{"a": 1}'), None, "ar", "fr")


def test_two_jsonl_files_paired_by_id(tmp_path: Path) -> None:
    s = write(tmp_path, "s.jsonl", '{"id": "1", "source": "ملف"}\n{"id": "2", "source": "نافذة"}')
    t = write(tmp_path, "t.jsonl", '{"id": "2", "target": "Fenêtre"}\n{"id": "3", "target": "X"}')
    lp = load_pair(s, t, "ar", "fr")
    assert [seg.unit_id for seg in lp.source_segments] == ["1", "2", "3"]
    assert [b.kind for b in lp.beads] == ["1-0", "1-1", "0-1"]


PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "مرحبا بالعالم."
msgstr "Bonjour le monde."

msgctxt "menu"
msgid "ملف"
msgstr ""
"""

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="f" source-language="ar" target-language="fr" datatype="plaintext"><body>
  <trans-unit id="u1"><source>مرحبا بالعالم.</source><target>Bonjour le monde.</target></trans-unit>
  <trans-unit id="u2"><source>ملف</source></trans-unit>
 </body></file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ar" trgLang="fr">
 <file id="f1">
  <unit id="u1"><segment><source>مرحبا بالعالم.</source>
   <target>Bonjour le monde.</target></segment></unit>
  <unit id="u2"><segment><source>ملف</source></segment></unit>
 </file>
</xliff>
"""

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" datatype="plaintext"
 segtype="sentence" adminlang="en" srclang="ar" o-tmf="t"/><body>
<tu tuid="t1"><tuv xml:lang="en"><seg>Hello world.</seg></tuv>
 <tuv xml:lang="ar"><seg>مرحبا بالعالم.</seg></tuv>
 <tuv xml:lang="fr-FR"><seg>Bonjour le monde.</seg></tuv></tu>
<tu tuid="t2"><tuv xml:lang="ar"><seg>ملف</seg></tuv></tu>
</body></tmx>
"""


@pytest.mark.parametrize("name,content", [("a.po", PO), ("a.xlf", XLIFF12), ("b.xliff", XLIFF20),
                                          ("a.tmx", TMX)])
def test_toolkit_formats(tmp_path: Path, name: str, content: str) -> None:
    lp = load_pair(write(tmp_path, name, content), None, "ar", "fr")
    check_units(lp, 2)
    assert lp.source.text == "مرحبا بالعالم.\n\nملف"
    assert lp.target_segments[0].text == "Bonjour le monde."
    assert lp.target_segments[1].text == ""
    assert [b.kind for b in lp.beads] == ["1-1", "1-0"]
    assert len(lp.untranslated_units) == 1
    fmts = {"po": "po", "xlf": "xliff", "xliff": "xliff", "tmx": "tmx"}
    assert lp.source.fmt == fmts[name.split(".")[1]]


def test_tmx_wrong_language(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no 'de' text in this TMX"):
        load_pair(write(tmp_path, "a.tmx", TMX), None, "de", "fr")


def test_broken_xliff(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"bad\.xlf: cannot parse as XLIFF"):
        load_pair(write(tmp_path, "bad.xlf", "<xliff><file>"), None, "ar", "fr")


def test_mixed_text_and_units_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="pre-aligned file"):
        load_pair(write(tmp_path, "a.po", PO), write(tmp_path, "t.txt", FR), "ar", "fr")


def test_seed_files_load(seed_paths) -> None:
    src, tgt = seed_paths
    lp = load_pair(src, tgt, "ar", "fr")
    assert lp.source.text == src.read_text(encoding="utf-8")
    assert lp.target.sha256 and lp.target.lang == "fr"
