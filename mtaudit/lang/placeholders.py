"""Placeholders and markup of software strings, with their spans, and their comparison.

Parsers (translate-toolkit's where it has one that fits, ``translate.storage.placeables``):

* Python ``%(name)s``: ``PythonFormattingPlaceable.regex``; Qt/Java ``%1``, ``%L1``:
  ``QtFormattingPlaceable.regex``; XML/HTML tags and entities: ``XMLTagPlaceable.regex``,
  ``XMLEntityPlaceable.regex``;
* C printf is parsed here (:data:`PRINTF`): translate-toolkit's printf patterns miss length
  modifiers (``%llu``, ``%zu``, ``%jd``), ``%.*s`` and gettext's ``%<PRIu64>``. The space flag
  (``% d``) is not read, so ``100% done`` is prose;
* braces are matched with nesting (an upper-case ``{WORD}`` is a metavariable of GNU help
  texts, not a placeholder): ``{name}``, ``{0}``, ``{}``, ``{0:.2f}``, ``{n!r}`` and ICU /
  Java MessageFormat arguments ``{count, plural, one {...} other {...}}`` (compared by name and
  type: the plural branches are translatable); ``{{`` is a literal brace;
* shell ``$VAR`` and ``${VAR}``.

:func:`compare_format` compares a source's and a target's format tokens like ``msgfmt -c``:
unnumbered printf directives are consumed in order, so they are compared by position and
conversion class (``%d``/``%i``/``%u``/``%x`` are one integer class per length modifier, width
and precision are free: translators realign columns); numbered (``%2$s``), named and Qt
tokens by key; a lone ``%`` that is no directive, in a printf string, breaks the call (a source
with such a ``%`` is not a printf string: strftime ``%H:%M``, prose ``5% off``). In a plural form
used for one ``n`` only, the count may be left out (``may_drop_count``): an integer argument, or
the source's only argument.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from translate.storage.placeables.general import (
    PythonFormattingPlaceable,
    QtFormattingPlaceable,
    XMLEntityPlaceable,
    XMLTagPlaceable,
)

PRINTF = re.compile(
    r"%(?:(?P<pos>[1-9]\d*)\$)?[-+#0'I]*(?:\d+|\*(?:[1-9]\d*\$)?)?(?:\.(?:\d+|\*(?:[1-9]\d*\$)?))?"
    r"(?P<len>hh|h|ll|l|L|q|j|z|Z|t|I64|I32)?(?P<conv>[diouxXeEfFgGaAcCsSpn@])"
    r"|%<(?P<pri>PRI[diouxX]\w*)>")
_STAR = re.compile(r"\*(?:([1-9]\d*)\$)?")
_PYTHON = PythonFormattingPlaceable.regex
_QT = QtFormattingPlaceable.regex
_SHELL = re.compile(r"\$\{(?P<b>[A-Za-z_]\w*)[^}]*\}|\$(?P<v>[A-Za-z_]\w*)")
_BRACE_NAME = re.compile(r"\s*(?P<n>[A-Za-z_][\w.]*|\d+)?\s*(?:[!:][^{}]*)?")
_ICU = re.compile(r"\s*(?P<n>[A-Za-z_]\w*|\d+)\s*,\s*(?P<t>[a-z]+)\b")
_CLASSES = {**dict.fromkeys("diouxX", "int"), **dict.fromkeys("eEfFgGaA", "float"),
            "c": "char", "C": "wchar", "s": "str", "S": "wstr", "p": "ptr", "n": "count",
            "@": "object"}
# Tags read as markup even unclosed; any other name counts when the string closes it
# (``<command>``, ``<link>``, ``<file>`` alone are metavariables, translated).
_TAG_WORDS = ("a abbr b big blockquote br center cite code del div em font h1 h2 h3 h4 h5 h6 "
              "hr i img ins kbd li markup ol p pre q s samp small span strike strong sub sup "
              "table td th tr tt u ul")
MARKUP_TAGS = frozenset(_TAG_WORDS.split())
_TRANSLATABLE_ATTR = re.compile(r"""\s(?:alt|title|aria-label|placeholder)=("[^"]*"|'[^']*')""")


@dataclass(frozen=True)
class Token:
    """A placeholder or markup piece of a string: ``text == string[start:end]``."""

    kind: str  # printf python brace icu qt shell percent stray tag entity
    start: int
    end: int
    text: str
    key: str  # what must be the same in source and target
    seq: bool = False  # consumed in order (unnumbered printf, ``{}``)
    pos: int | None = None  # explicit argument number (``%2$s``)
    integer: bool = False  # an integer argument (a count a singular form may leave out)


def _printf_class(m: re.Match[str]) -> tuple[str, bool]:
    if m.group("pri"):
        return "int" + re.sub(r"\D", "", m.group("pri")), True
    cls = _CLASSES[m.group("conv")]
    size = m.group("len") or ""
    if cls == "float" and size == "l":
        size = ""  # %lf is %f in printf
    return f"{size}{cls}", cls == "int"


def _percent_tokens(text: str) -> list[Token]:
    out: list[Token] = []
    i = text.find("%")
    while i >= 0:
        if text.startswith("%%", i):
            out.append(Token("percent", i, i + 2, "%%", "%%"))
            i = text.find("%", i + 2)
            continue
        m = _PYTHON.match(text, i) if text.startswith("%(", i) else None
        if m:
            name = re.match(r"%\(([^)]*)\)", m.group())
            cls = _CLASSES.get(m.group()[-1], m.group()[-1])
            out.append(Token("python", i, m.end(), m.group(),
                             f"%({name.group(1) if name else ''}){cls}", integer=cls == "int"))
        elif m := PRINTF.match(text, i):
            cls, integer = _printf_class(m)
            pos = int(m.group("pos")) if m.group("pos") else None
            out.append(Token("printf", i, m.end(), m.group(), cls, seq=pos is None, pos=pos,
                             integer=integer))
        elif m := _QT.match(text, i):
            out.append(Token("qt", i, m.end(), m.group(), "%" + m.group().lstrip("%L")))
        else:
            out.append(Token("stray", i, i + 1, "%", "%"))
            i = text.find("%", i + 1)
            continue
        i = text.find("%", m.end())
    return out


def _brace_tokens(text: str) -> list[Token]:
    out: list[Token] = []
    i, n = 0, len(text)
    while (i := text.find("{", i)) >= 0:
        if text.startswith("{{", i):
            i += 2
            continue
        depth, j = 0, i
        while j < n:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            if depth == 0:
                break
            j += 1
        if j >= n:
            break
        inner = text[i + 1:j]
        if (m := _ICU.match(inner)) and ("{" in inner or "," in inner):
            out.append(Token("icu", i, j + 1, text[i:j + 1], f"{{{m['n']}, {m['t']}}}"))
        elif "{" not in inner and (m := _BRACE_NAME.fullmatch(inner)) and not (
                m["n"] and len(m["n"]) > 2 and m["n"].isupper()):  # {INTEGER}: a metavariable
            name = m["n"] or ""
            out.append(Token("brace", i, j + 1, text[i:j + 1], f"{{{name}}}", seq=not name,
                             integer=bool(re.search(r":[^}]*d$", inner))))
        i = j + 1
    return out


def format_tokens(text: str) -> list[Token]:
    """printf, Python, brace/ICU, Qt and shell placeholders of ``text``, in order (plus
    ``percent`` for ``%%`` and ``stray`` for a ``%`` that starts no directive)."""
    toks = _percent_tokens(text)
    shell = [Token("shell", m.start(), m.end(), m.group(), "$" + (m["b"] or m["v"]))
             for m in _SHELL.finditer(text)]
    for more in (shell, _brace_tokens(text)):  # %1$s holds no $s, ${X} no {X}
        toks += [t for t in more if not any(t.start < o.end and o.start < t.end for o in toks)]
    return sorted(toks, key=lambda t: t.start)


def markup_tokens(text: str) -> list[Token]:
    """XML/HTML tags (HTML/Pango formatting names, or any name closed in the string) and entities.
    A translatable attribute (``alt``, ``title``...) is left out of a tag's key."""
    tags = list(XMLTagPlaceable.regex.finditer(text))
    closed = {m.group(8) for m in tags if m.group(8)}
    out: list[Token] = []
    for m in tags:
        name = m.group(1) or m.group(8)
        if name.lower() not in MARKUP_TAGS and name not in closed:
            continue  # <file>, <name>: a metavariable, translated
        key = re.sub(r"\s+", " ", _TRANSLATABLE_ATTR.sub("", m.group()))
        out.append(Token("tag", m.start(), m.end(), m.group(), key))
    out += [Token("entity", m.start(), m.end(), m.group(), m.group())
            for m in XMLEntityPlaceable.regex.finditer(text)]
    return sorted(out, key=lambda t: t.start)


@dataclass(frozen=True)
class Finding:
    """A difference: ``missing`` (``token`` is the source's), ``extra``, ``changed``,
    ``reordered``, ``mixed`` or ``stray`` (``token`` is the target's; ``other`` what the
    source has there)."""

    what: str
    token: Token
    other: Token | None = None


def _by_key(toks: list[Token]) -> Counter[str]:
    return Counter(t.key for t in toks)


def compare_tokens(src: list[Token], tgt: list[Token], *, also_in: frozenset[str] = frozenset(),
                   may_drop_count: bool = False) -> list[Finding]:
    """Keyed tokens (named, numbered, tags): a source key missing in the target, a target key
    the source lacks (unless in ``also_in``, e.g. the other plural msgid), both of the same
    kind at once as ``changed``. Named keys may repeat or move freely."""
    s_keys, t_keys = set(_by_key(src)), set(_by_key(tgt))
    missing = [t for t in src if t.key not in t_keys
               and not (may_drop_count and t.integer)]
    extra = [t for t in tgt if t.key not in s_keys and t.key not in also_in]
    findings: list[Finding] = []
    seen_m: set[str] = set()
    for t in extra:
        partner = next((m for m in missing if m.kind == t.kind and m.key not in seen_m), None)
        if partner is not None:
            seen_m.add(partner.key)
            findings.append(Finding("changed", t, partner))
        else:
            findings.append(Finding("extra", t))
    done: set[str] = set()
    for m in missing:
        if m.key not in seen_m and m.key not in done:
            done.add(m.key)
            findings.append(Finding("missing", m))
    return findings


def compare_format(src: list[Token], tgt: list[Token], *, also_in: frozenset[str] = frozenset(),
                   may_drop_count: bool = False, target_text: str = "") -> list[Finding]:
    """Format placeholders of a source and its translation (see the module docstring)."""
    out: list[Finding] = []
    printf_like = not any(t.kind == "stray" for t in src)  # else strftime or prose: %H, 5%
    args = [t for t in src if t.kind not in ("percent", "stray")]
    if may_drop_count and len(args) == 1 and not any(t.key == args[0].key for t in tgt):
        src = [t for t in src if t is not args[0]]  # the one argument, left out of "one file"
    s_args = [t for t in src if t.kind == "printf"] if printf_like else []
    t_args = [t for t in tgt if t.kind == "printf"] if printf_like else []
    if not printf_like:
        pass
    elif any(t.seq for t in t_args) and any(not t.seq for t in t_args):
        out.append(Finding("mixed", next(t for t in t_args if t.seq)))
    else:
        out += _compare_printf(s_args, t_args, may_drop_count)
    keyed = [t for t in src if t.kind not in ("printf", "percent", "stray")]
    t_keyed = [t for t in tgt if t.kind not in ("printf", "percent", "stray")]
    s_seq = [t for t in keyed if t.seq]
    t_seq = [t for t in t_keyed if t.seq]
    for t in t_seq[len(s_seq):]:
        out.append(Finding("extra", t))
    out += [Finding("missing", t) for t in s_seq[len(t_seq):]]
    out += compare_tokens([t for t in keyed if not t.seq], [t for t in t_keyed if not t.seq],
                          also_in=also_in, may_drop_count=may_drop_count)
    if printf_like and (s_args or any(t.kind == "python" for t in src)):  # printf-style
        s_stray = sum(t.kind == "stray" for t in src)
        out += [Finding("stray", t) for t in [t for t in tgt if t.kind == "stray"][s_stray:]]
        s_pct = [t for t in src if t.kind == "percent"]
        t_pct = [t for t in tgt if t.kind == "percent"]
        out += [Finding("extra", t) for t in t_pct[len(s_pct):]]
        if not re.search("[٪％]", target_text):  # an Arabic or full-width percent sign
            out += [Finding("missing", t) for t in s_pct[len(t_pct):]]
    return out


def _compare_printf(src: list[Token], tgt: list[Token], may_drop_count: bool) -> list[Finding]:
    def numbered(toks: list[Token]) -> dict[int, Token]:
        """Argument number → token; a ``*`` width or precision takes an int argument."""
        out: dict[int, Token] = {}
        n = 0
        for t in toks:
            for star in _STAR.finditer(t.text):
                if star.group(1):
                    p = int(star.group(1))
                else:
                    n += 1
                    p = n
                out[p] = Token("printf", t.start, t.end, t.text, "int", t.seq, p, True)
            if t.pos is None:
                n += 1
            out[t.pos if t.pos is not None else n] = t
        return out

    s_pos, t_pos = numbered(src), numbered(tgt)
    out: list[Finding] = []
    if (all(t.seq for t in tgt) and len(src) == len(tgt) and len(src) > 1
            and Counter(t.key for t in src) == Counter(t.key for t in tgt)
            and [t.key for t in src] != [t.key for t in tgt]):
        return [Finding("reordered", t, s_pos[k]) for k, t in t_pos.items()
                if t.key != s_pos[k].key]
    last = max(s_pos) if s_pos else 0
    for k, t in t_pos.items():
        s = s_pos.get(k)
        if s is None:
            out.append(Finding("extra", t))
        elif s.key != t.key:
            out.append(Finding("changed", t, s))
    for k, s in s_pos.items():
        if k not in t_pos and not (may_drop_count and s.integer and (k == last or not s.seq)):
            out.append(Finding("missing", s))
    return out
