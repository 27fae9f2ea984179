"""The plugin contract, checked over every registered plugin (as evaluate's
test_metric_common.py does for its metrics).

Detectors: each runs with and without a re-translation, emits only its declared categories,
every flag's text is the document text at its offsets, ``prepare`` fails cleanly (a ConfigError
or InputError, never another exception) on a missing resource, and its options round-trip
through the signature. Report formats: each renders a real audit report; the JSON and XML ones
parse.
"""

from __future__ import annotations

import dataclasses
import json
import typing
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from detector_ctx import make_ctx

from mtaudit.core import plugins
from mtaudit.core.errors import MtauditError
from mtaudit.detectors import Setup, detector_class, get_detector, registered

DATA = Path(__file__).parent / "data"
RESOURCES = {"glossary": str(DATA / "terms" / "glossary.tsv"),
             "entities": str(DATA / "names" / "entities.tsv"),
             "related": (str(DATA / "small.fr.txt"),)}

BEADS = [
    (["قال الرئيس إن 35 شخصا قتلوا في الهجوم على قاعة المدينة."],
     ["Le président a déclaré que 53 personnes avaient été tuées dans l'attaque."]),
    (["وأضاف أن المحكمة العليا ستنظر في القضية الأسبوع المقبل."],
     ["Il a ajouté que the supreme court will look at the case next week."]),
    (["وقالت ماريا زاخاروفا إن موسكو سترد."],
     ["Maria Zakharowa a dit que Moscou des pays des pays."]),
    ([], ["Photo : AFP (AFP)"]),
    (["وأكد المتحدث أن المفاوضات ستستمر رغم الصعوبات الكبيرة."], []),
    (["وأشار إلى أن الحكومة تدرس «عدة خيارات» للرد على العقوبات الجديدة."],
     ["Il a indiqué que le gouvernement étudiait plusieurs options « pour répondre."]),
]
RETRANSLATIONS = [
    "Le président a dit que 35 personnes ont été tuées dans l'attaque contre la salle.",
    "Il a ajouté que la Cour suprême examinera l'affaire la semaine prochaine.",
    "Maria Zakharova a dit que Moscou répondrait.",
    None,
    "Le porte-parole a confirmé que les négociations continueraient.",
    "Il a indiqué que le gouvernement étudiait plusieurs options pour répondre aux sanctions.",
]

DETECTORS = registered()


def _ctx(with_retranslation: bool):
    return make_ctx(BEADS, "ar", "fr", resources=RESOURCES,
                    retranslations=RETRANSLATIONS if with_retranslation else None,
                    retranslation_kind="mt" if with_retranslation else None)


def test_every_builtin_is_registered_through_entry_points():
    assert set(DETECTORS) >= {"untranslated", "numbers", "omission", "repetition", "garbled",
                              "mistranslation", "names", "terms"}
    assert set(plugins.names("report format")) >= {"json", "terminal", "html", "md", "sarif",
                                                   "junit", "github"}
    assert set(plugins.names("mt backend")) >= {"transformers", "ctranslate2"}
    assert set(plugins.names("embedder")) >= {"use", "st"}
    for name in DETECTORS:
        assert plugins.distribution("detector", name) == "mtaudit" or name not in {
            "untranslated", "numbers", "omission", "repetition", "garbled", "mistranslation",
            "names", "terms"}


@pytest.mark.parametrize("name", DETECTORS)
@pytest.mark.parametrize("with_retranslation", [False, True])
def test_detector_runs_and_keeps_its_contract(name, with_retranslation):
    cls = detector_class(name)
    assert cls.name == name and cls.categories, "a detector declares its name and categories"
    assert dataclasses.is_dataclass(cls.Options) and cls.Options.__dataclass_params__.frozen
    ctx = _ctx(with_retranslation)
    det = get_detector(name)
    prepared = det.prepare(ctx.setup())
    flags = det.detect(ctx, prepared)
    assert {f.category for f in flags} <= set(cls.categories)
    for f in flags:
        doc = ctx.target if f.side == "target" else ctx.source
        assert doc.text[f.doc_start:f.doc_end] == f.text, (name, f)
        pair = ctx.pairs[f.pair_index]
        side_text = pair.target_text if f.side == "target" else pair.source_text
        assert side_text[f.start:f.end] == f.text, (name, f)
    # stateless: a second run on the same instance gives the same flags
    assert det.detect(ctx, prepared) == flags


def test_the_seed_like_context_makes_the_detectors_fire():
    """The context above is not empty of errors: the contract test checks real flags."""
    fired = {n for n in DETECTORS if get_detector(n).run(_ctx(True))}
    assert {"numbers", "untranslated", "repetition", "names", "terms", "garbled"} <= fired


@pytest.mark.parametrize("name", DETECTORS)
def test_prepare_fails_cleanly_on_a_missing_or_broken_resource(name, tmp_path):
    """Every resource a detector declares is refused by ``prepare`` when it is missing or does
    not parse (a ConfigError/InputError with a message, never another exception); resources it
    does not declare are no concern of its ``prepare``."""
    det = get_detector(name)
    broken = tmp_path / "broken.tbx"
    broken.write_text("<martif><text><body><termEntry>", encoding="utf-8")
    binary = tmp_path / "binary.txt"  # what "does not parse" means for a plain-text resource
    binary.write_bytes(b"\x00\x01\x02 not text \xff\xfe" * 20)
    missing = {k: str(tmp_path / f"missing-{k}.tsv") for k in RESOURCES}
    for resource in det.resources:
        unreadable = binary if resource == "related" else broken
        for value in (missing[resource], str(unreadable)):
            with pytest.raises(MtauditError) as err:
                det.prepare(Setup("ar", "fr", {**RESOURCES, resource: value}))
            assert str(err.value) and "\n" not in str(err.value)
    try:  # with every resource missing, a detector declaring none may only fail cleanly
        det.prepare(Setup("ar", "fr", missing))
    except MtauditError as exc:
        assert det.resources, f"{name} refuses a resource it does not declare: {exc}"
    if name == "terms":  # a detector that needs its resource refuses to run without it
        with pytest.raises(MtauditError, match="glossary"):
            det.prepare(Setup("ar", "fr", {}))


def test_a_broken_glossary_fails_before_any_document_work(monkeypatch, tmp_path):
    """The pipeline prepares the detectors first: a glossary that does not parse is refused
    before the inputs are read, aligned or re-translated."""
    import mtaudit
    from mtaudit.app import pipeline

    def no_work(*args, **kwargs):
        raise AssertionError("document work started before the detectors were prepared")

    monkeypatch.setattr(pipeline, "load_inputs", no_work)
    monkeypatch.setattr(pipeline, "align_inputs", no_work)
    broken = tmp_path / "g.tbx"
    broken.write_text("<martif><text>", encoding="utf-8")
    with pytest.raises(MtauditError, match="TBX"):
        mtaudit.audit(DATA / "small.ar.txt", DATA / "small.fr.txt",
                      resources={"glossary": str(broken)})


@pytest.mark.parametrize("name", DETECTORS)
def test_options_round_trip_through_the_signature(name):
    cls = detector_class(name)
    assert get_detector(name).signature() == {"name": name}
    for f in dataclasses.fields(cls.Options):  # every option, one at a time
        hint = str(typing.get_type_hints(cls.Options)[f.name])
        value = ["de"] if f.default is None and "tuple" in hint else _another_value(f.default)
        det = get_detector(name, {f.name: value})
        entry = det.signature()
        assert entry == {"name": name, "options": {f.name: det.options.as_dict()[f.name]}}
        assert json.loads(json.dumps(entry)) == entry  # plain data
        assert cls.Options.parse(entry["options"], owner=name) == det.options
    with pytest.raises(MtauditError, match="unknown option"):
        get_detector(name, {"no_such_option": 1})


def _another_value(default):
    if isinstance(default, bool):
        return not default
    if isinstance(default, (int, float)):
        return default + 1
    if isinstance(default, tuple):
        return [*default, "de"]
    if default in ("minor", "major", "critical"):
        return "critical" if default != "critical" else "minor"
    if default is None:
        return "none"
    return default + "x"


def test_undeclared_category_is_an_error():
    from mtaudit.core.types import Flag
    from mtaudit.detectors import checked_flags

    det = get_detector("repetition")
    pair = _ctx(False).pairs[0]
    bad = Flag.on_pair(pair, 0, 2, category="number", severity="minor", message="m",
                       detector="repetition")
    with pytest.raises(MtauditError, match="does not declare"):
        checked_flags(det, [bad])


# -- report formats ---------------------------------------------------------------------------
SEED_REPORT = Path(__file__).parent.parent / "reports" / "seed_report.json"


@pytest.fixture(scope="module")
def report():
    from mtaudit.report.model import AuditReport

    return AuditReport.from_dict(json.loads(SEED_REPORT.read_text(encoding="utf-8")))


@pytest.mark.parametrize("fmt", plugins.names("report format"))
def test_every_report_format_renders_the_seed_report(report, fmt):
    from mtaudit.report import render

    text = render(report, fmt)
    assert isinstance(text, str) and text.strip()
    some_flag = next(f for f in report.flags if f.severity == "critical")
    if fmt in ("json", "sarif"):
        data = json.loads(text)
        if fmt == "json":
            assert data["schema"] == "mtaudit.report/2"
        else:
            assert data["version"] == "2.1.0" and data["runs"][0]["results"]
    elif fmt == "junit":
        root = ET.fromstring(text)
        assert root.tag == "testsuites" and any(True for _ in root.iter("failure"))
    elif fmt == "html":
        assert text.lstrip().lower().startswith("<!doctype html")
    if fmt in ("json", "html", "md", "terminal"):
        assert some_flag.category in text
