"""Bad inputs: a one-line error naming the problem, exit code 2, never a traceback."""

from pathlib import Path

import pytest
from cli_checks import assert_one_line_error
from click.testing import CliRunner

from mtaudit.cli import cli

DATA = Path(__file__).parent / "data"
SMALL_AR, SMALL_FR = DATA / "small.ar.txt", DATA / "small.fr.txt"


def run(*args: str):
    return CliRunner().invoke(cli, [*map(str, args)])


assert_input_error = assert_one_line_error


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    assert_input_error(run("audit", SMALL_AR, empty), "empty", "empty.txt")


def test_binary_file(tmp_path):
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    assert_input_error(run("audit", SMALL_AR, binary), "binary", "blob.bin")


def test_latin1_file_names_the_encoding(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes(SMALL_FR.read_text(encoding="utf-8").encode("latin-1"))
    assert_input_error(run("audit", SMALL_AR, latin), "utf-8", "latin")


def test_missing_file(tmp_path):
    assert_input_error(run("audit", SMALL_AR, tmp_path / "nope.txt"), "nope.txt")


def test_swapped_languages():
    assert_input_error(run("audit", SMALL_FR, SMALL_AR), "swap")


def test_wrong_target_language(tmp_path):
    en = tmp_path / "en.txt"
    en.write_text("The government announced a new plan on Monday to support farmers in rural "
                  "areas. The minister said the plan includes cheap loans.\n", encoding="utf-8")
    assert_input_error(run("audit", SMALL_AR, en), "english")


def test_unrelated_documents():
    assert_input_error(run("audit", SMALL_AR, DATA / "unrelated.fr.txt"), "translations")


def test_unrelated_documents_can_be_forced():
    result = run("audit", SMALL_AR, DATA / "unrelated.fr.txt", "--no-check-related",
                 "--format", "json")
    assert result.exit_code == 0, result.output


def test_unknown_format_is_usage_error():
    result = run("audit", SMALL_AR, SMALL_FR, "--format", "pdf")
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.parametrize("cmd", ["audit", "align"])
def test_clean_small_pair_runs(cmd):
    result = run(cmd, SMALL_AR, SMALL_FR)
    assert result.exit_code == 0, result.output


def test_related_article_that_is_not_a_translation_is_refused(seed_paths):
    other_article = seed_paths[0].parent / "002_cdb99ff9cfe42501.txt"
    assert_input_error(run("audit", seed_paths[0], other_article), "translations")


def test_unknown_embedder_is_an_error():
    assert_input_error(run("audit", SMALL_AR, SMALL_FR, "--embedder", "word2vec"),
                       "unknown embedder 'word2vec'")


def test_missing_local_model_folder_is_an_error(tmp_path):
    assert_input_error(run("audit", SMALL_AR, SMALL_FR, "--mt-model", tmp_path / "no-model"),
                       "MT model folder", "does not exist")


def test_file_over_the_size_limit(tmp_path):
    assert_input_error(run("audit", SMALL_AR, SMALL_FR, "--max-size", "0.0001"),
                       "over the", "MiB limit", "--max-size")
    assert run("audit", SMALL_AR, SMALL_FR, "--max-size", "1").exit_code == 0


def test_unrelated_reference_is_refused(seed_paths, tmp_path):
    ref = tmp_path / "ref.fr.txt"
    ref.write_text("Le chat dort sur le canapé.\nIl pleut depuis ce matin sur Lyon.\n"
                   "La recette demande trois oeufs.\nLe match a été reporté.\n"
                   "Les abeilles butinent les fleurs.\n", encoding="utf-8")
    assert_input_error(run("audit", *seed_paths, "--reference", ref),
                       "reference", "does not look like a translation", "--no-check-related")
    assert run("audit", *seed_paths, "--reference", ref, "--no-check-related").exit_code == 0


def test_align_refuses_unrelated_documents(seed_paths):
    other_article = seed_paths[0].parent / "002_cdb99ff9cfe42501.txt"
    assert_input_error(run("align", seed_paths[0], other_article), "translations")


def test_reference_obeys_the_input_checks(seed_paths, tmp_path):
    ref = tmp_path / "ref.fr.txt"
    ref.write_bytes("Référence à l'évidence en latin-1.\n".encode("latin-1"))
    assert_input_error(run("audit", *seed_paths, "--reference", ref), "reference file", "utf-8")
    big = tmp_path / "big.fr.txt"
    big.write_text("Une phrase de référence.\n" * 20000, encoding="utf-8")
    assert_input_error(run("audit", *seed_paths, "--reference", big, "--max-size", "0.2"),
                       "reference file", "over the")


@pytest.mark.parametrize("option, needle", [
    ("repetition.max_n=abc", "option 'max_n' must be of type int"),
    ("repetition.max_n=-1", "cannot be negative"),
    ("foo.bar=1", "unknown detector 'foo'"),
    ("terms.severity=major", "which does not run"),
    ("repetition.no_such=1", "unknown option"),
])
def test_bad_detector_options(option, needle):
    assert_input_error(run("audit", SMALL_AR, SMALL_FR, "--detector-option", option), needle)


def test_unknown_mt_backend_is_refused_even_without_a_model():
    from mtaudit import audit
    from mtaudit.core.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown mt backend 'foo'"):
        audit(SMALL_AR, SMALL_FR, mt_backend="foo")
    assert run("audit", SMALL_AR, SMALL_FR, "--mt-backend", "foo").exit_code == 2


def test_reference_lines_out_of_step_are_aligned_instead(seed_paths, tmp_path):
    """As many lines as source sentences, but shifted by one: 'auto' must not pair them line
    by line (it would score every sentence against its neighbour's translation)."""
    import json

    from mtaudit import audit

    seed_ref = seed_paths[0].parent / "003_a11d716948e0df65.ref.fr.txt"
    report = audit(*seed_paths, reference=str(seed_ref), detectors=["untranslated"])
    per_sentence = []  # the reference, one line per source sentence
    for r in report.results:
        assert len(r.pair.source) <= 1
        if r.pair.source:
            per_sentence.append(" ".join(r.retranslation.split()))
    in_step, shifted = tmp_path / "ref.lines.fr.txt", tmp_path / "ref.shifted.fr.txt"
    in_step.write_text("\n".join(per_sentence) + "\n", encoding="utf-8")
    shifted.write_text("\n".join(per_sentence[1:] + per_sentence[:1]) + "\n", encoding="utf-8")
    modes = {}
    for ref in (in_step, shifted):
        out = tmp_path / "r.json"
        res = run("audit", *seed_paths, "--reference", ref, "-f", "json", "-o", out)
        assert res.exit_code == 0, res.output
        rt = json.loads(out.read_text(encoding="utf-8"))["signature"]["retranslation"]
        modes[ref.name] = (rt["mode"], rt.get("lines_rejected", False))
    assert modes == {"ref.lines.fr.txt": ("lines", False),
                     "ref.shifted.fr.txt": ("document", True)}


def test_list_and_severity_options_are_checked():
    assert_input_error(run("audit", SMALL_AR, SMALL_FR, "--detector-option",
                           "repetition.allowed_doubles=lundi"), "list of strings")
    assert_input_error(run("audit", SMALL_AR, SMALL_FR, "--detector-option",
                           "names.severity=bogus"), "must be one of")
    ok = run("audit", SMALL_AR, SMALL_FR, "--detector-option",
             'repetition.allowed_doubles=["lundi"]', "--detector-option", "names.severity=minor")
    assert ok.exit_code == 0, ok.output
