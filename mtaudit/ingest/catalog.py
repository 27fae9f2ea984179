"""Software catalogs (gettext PO, XLIFF 1.2/2.0, TMX) read with translate-toolkit.

* **Raw text**: a catalog unit keeps its text exactly (leading/trailing spaces and newlines
  are content: ``msgid "Usage:\\n"`` needs ``msgstr "Utilisation :\\n"``), unlike TSV/JSONL
  fields, which are stripped.
* **Plural forms**: a PO unit with ``msgid_plural`` gives one unit per ``msgstr[k]``: form 0 keeps
  the unit id and pairs ``msgid`` with ``msgstr[0]``; form ``k ≥ 1`` has the id ``ID[k]`` and pairs
  ``msgid_plural`` with ``msgstr[k]``. The ``Plural-Forms`` header says which forms are used for a
  single ``n`` (there a translation may leave the count out: ``un fichier`` for ``%d file``).
* **Status**: each unit is ``translated``, ``fuzzy`` (``#, fuzzy`` in PO, XLIFF ``state`` needing
  review) or ``untranslated`` (empty target), in :class:`UnitInfo`; :func:`catalog_info` gives the
  detectors these facts for a loaded catalog's Document.
* **Charset**: the declared encoding is honoured (PO header ``charset=``, XML declaration
  ``encoding=``); an undeclared catalog must be UTF-8.
"""

from __future__ import annotations

import codecs
import gettext
import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mtaudit.core.errors import InputError
from mtaudit.core.text import base_lang
from mtaudit.core.types import Document
from mtaudit.ingest.text import decode_text

CATALOG_FORMATS: tuple[str, ...] = ("po", "xliff", "tmx")
_PO_CHARSET = re.compile(rb"charset\s*=\s*([A-Za-z0-9_.:-]+)")
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""")


@dataclass(frozen=True)
class UnitInfo:
    """What a catalog says about one unit beyond its texts."""

    status: str = "translated"  # "translated", "fuzzy" or "untranslated"
    form: int = 0  # plural form index (0 for a unit without plural)
    plural: tuple[str, ...] = ()  # (msgid, msgid_plural) of a plural unit, else ()
    single: bool = False  # this plural form is used for one value of n only


def declared_encoding(data: bytes, fmt: str) -> str | None:
    """The charset a PO header or an XML declaration names (None: none, or UTF-8)."""
    if fmt == "po":
        m = _PO_CHARSET.search(data[:8000])
    else:
        m = _XML_DECL.match(data[:500].lstrip(codecs.BOM_UTF8))
    if not m:
        return None
    name = m.group(1).decode("ascii")
    if name.upper() == "CHARSET":  # an untouched POT template
        return None
    try:
        enc = codecs.lookup(name).name
    except LookupError:
        return "?" + name
    return None if enc in ("utf-8", "utf-8-sig") else enc


def check_encoding(data: bytes, name: str, fmt: str) -> str | None:
    """Check the bytes decode in the declared charset (else as UTF-8); its name or None."""
    enc = declared_encoding(data, fmt)
    if enc is None:
        decode_text(data, name)
        return None
    if enc.startswith("?"):
        raise InputError(f"{name}: declares the unknown charset {enc[1:]!r}")
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: declares charset {enc} but byte 0x{data[exc.start]:02x} at "
                         f"offset {exc.start} is not valid {enc}") from None
    decode_text(text.encode("utf-8"), name)  # the binary / control-character checks
    return enc


def single_forms(plural_forms: str | None) -> frozenset[int]:
    """Plural form indices used for exactly one n in 0..1000 (``Plural-Forms`` header)."""
    if not plural_forms:
        return frozenset()
    m = re.search(r"plural\s*=\s*([^;]+)", plural_forms)
    if not m:
        return frozenset()
    try:
        fn = gettext.c2py(m.group(1).strip())
        counts: dict[int, int] = {}
        for n in range(1001):
            k = int(fn(n))
            counts[k] = counts.get(k, 0) + 1
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError):
        return frozenset()
    return frozenset(k for k, c in counts.items() if c == 1)


def read_catalog(data: bytes, name: str, fmt: str, src_lang: str, tgt_lang: str) -> list[Any]:
    """The units of a PO/XLIFF/TMX catalog (:class:`mtaudit.ingest.units.Unit`)."""
    if check_encoding(data, name, fmt) and fmt == "po":
        # translate-toolkit's PO parser reads bytes as UTF-8 up to the header: give it UTF-8
        enc = declared_encoding(data, fmt) or "utf-8"
        data = _PO_CHARSET.sub(b"charset=UTF-8", data.decode(enc).encode("utf-8"), count=1)
    try:
        if fmt == "po":
            from translate.storage.pypo import pofile

            store = pofile(data)
            header = store.parseheader() if hasattr(store, "parseheader") else {}
            return _store_units(store, single_forms(header.get("Plural-Forms")))
        if fmt == "xliff":
            return _store_units(_xliff_store(data), frozenset(), xliff=True)
        return _read_tmx(data, name, src_lang, tgt_lang)
    except InputError:
        raise
    except Exception as exc:  # translate-toolkit raises many kinds (lxml, ValueError...)
        # parsing and reading the units both: hostile files fail in either (lone surrogates,
        # bad escapes, entity loops, nesting too deep)
        msg = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{name}: cannot parse as {fmt.upper()} ({msg[:200]})") from None


def _unit_id(raw: Any, k: int) -> str:
    uid = str(raw or "").replace("\x04", "::")
    return uid or str(k + 1)


def _strings(value: Any) -> list[str]:
    if value is None:
        return [""]
    strings = getattr(value, "strings", None)
    return [str(s) for s in strings] if strings else [str(value)]


def _xliff_fuzzy(u: Any) -> bool:
    """An XLIFF target whose ``state`` asks for (re)translation or review (1.2 ``new``,
    ``needs-*``; 2.0 ``initial``). translate-toolkit's ``isfuzzy`` reads "not approved"."""
    elem = getattr(u, "xmlelement", None)
    if elem is None:
        return False
    for node in elem.iter():
        tag = str(node.tag).rsplit("}", 1)[-1]
        state = node.get("state")
        if state and tag in ("target", "segment"):
            return state == "new" or state == "initial" or state.startswith("needs-")
    return False


def _store_units(store: Any, singles: frozenset[int], xliff: bool = False) -> list[Any]:
    from mtaudit.ingest.units import Unit

    units: list[Unit] = []
    for k, u in enumerate(store.units):
        if u.isheader() or not u.istranslatable() or getattr(u, "isobsolete", lambda: False)():
            continue
        uid = _unit_id(u.getid(), k)
        fuzzy = _xliff_fuzzy(u) if xliff else bool(getattr(u, "isfuzzy", lambda: False)())
        srcs, tgts = _strings(u.source), _strings(u.target)
        plural = bool(getattr(u, "hasplural", lambda: False)()) and len(srcs) > 1
        forms = tgts if plural else tgts[:1]
        for form, tgt in enumerate(forms or [""]):
            src = srcs[0] if form == 0 else srcs[-1]
            status = "untranslated" if not tgt else "fuzzy" if fuzzy else "translated"
            info = UnitInfo(status, form, tuple(srcs[:2]) if plural else (),
                            plural and form in singles)
            units.append(Unit(uid if form == 0 else f"{uid}[{form}]", src, tgt, info))
    return units


def _xliff_store(data: bytes) -> Any:
    head = data[:2000].decode("utf-8", "replace")
    if 'version="2' in head or "xliff:document:2" in head:
        from translate.storage.xliff2 import Xliff2File

        return Xliff2File(data)
    from translate.storage.xliff import xlifffile

    return xlifffile(data)


def _read_tmx(data: bytes, name: str, src_lang: str, tgt_lang: str) -> list[Any]:
    from translate.storage.tmx import tmxfile

    from mtaudit.ingest.units import Unit

    store = tmxfile(data)
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    want_s, want_t = base_lang(src_lang), base_lang(tgt_lang)
    units: list[Unit] = []
    found_langs: set[str] = set()
    for k, u in enumerate(store.units):
        texts: dict[str, str] = {}
        for node in u.getlanguageNodes():
            lang = node.get(xml_lang) or node.get("lang") or ""
            found_langs.add(lang)
            seg = next((c for c in node if str(c.tag).endswith("seg")), None)
            if seg is not None:
                texts.setdefault(base_lang(lang), "".join(seg.itertext()))
        tgt = texts.get(want_t, "")
        units.append(Unit(_unit_id(u.getid(), k), texts.get(want_s, ""), tgt,
                          UnitInfo("translated" if tgt else "untranslated")))
    if units and not any(u.source for u in units):
        raise InputError(f"{name}: no {src_lang!r} text in this TMX (languages: "
                         f"{', '.join(sorted(found_langs)) or 'none'}); use --src-lang")
    return units


# What the loaded catalogs say about their units, by (path, text digest) of the target
# Document: a memo of facts read from the file (bounded), not state between audits.
_INFO: OrderedDict[tuple[str | None, str], Mapping[str, UnitInfo]] = OrderedDict()
_MAX_INFO = 32


def remember(doc: Document, infos: Mapping[str, UnitInfo]) -> None:
    """Record the unit facts of a loaded catalog's target Document."""
    key = (doc.path, doc.sha256)
    _INFO[key] = dict(infos)
    _INFO.move_to_end(key)
    while len(_INFO) > _MAX_INFO:
        _INFO.popitem(last=False)


def catalog_info(doc: Document) -> Mapping[str, UnitInfo]:
    """The unit facts (status, plural form) of a catalog Document loaded by
    :func:`mtaudit.ingest.load_pair`, by unit id; empty when unknown (a Document built by hand:
    every unit then counts as translated, form 0)."""
    return _INFO.get((doc.path, doc.sha256), {})
