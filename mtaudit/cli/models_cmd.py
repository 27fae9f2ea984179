"""`mtaudit models`: list, fetch and check the MT models used for re-translation."""

from __future__ import annotations

import click

from mtaudit.cli.common import lang_options

_SAMPLES = {
    "ar": "قال المتحدث إن الاجتماع سيعقد غدا في العاصمة.",
    "en": "The spokesman said the meeting will take place tomorrow in the capital.",
    "fr": "Le porte-parole a déclaré que la réunion aura lieu demain dans la capitale.",
    "de": "Der Sprecher sagte, das Treffen finde morgen in der Hauptstadt statt.",
    "es": "El portavoz dijo que la reunión tendrá lugar mañana en la capital.",
}


def _size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


@click.group()
def models() -> None:
    """List, fetch and check re-translation models.

    Audits never download: a model must be a local folder or already in the Hugging Face
    cache ($HF_HUB_CACHE, $HF_HOME/hub or ~/.cache/huggingface/hub). `pull` fetches one there.

    \b
    Examples:
      mtaudit models list --src-lang ar --tgt-lang fr
      mtaudit models pull Helsinki-NLP/opus-mt-ar-fr
      mtaudit models check Helsinki-NLP/opus-mt-ar-fr
    """


@models.command("list")
@lang_options
def list_models(src_lang: str, tgt_lang: str) -> None:
    """Known default models for a language pair, what is cached locally, and sizes.

    \b
    Example:
      mtaudit models list --src-lang ar --tgt-lang fr
    """
    from mtaudit.mt.cache import TranslationCache
    from mtaudit.mt.hub import cached_models, default_models, hub_cache_dir, is_available

    cached = {m["id"]: m for m in cached_models()}

    def line(role: str, model: str) -> str:
        state = (f"cached, {_size(cached[model]['size'])}" if model in cached
                 else "available" if is_available(model) else "not cached")
        return f"  {role:<13} {model:<45} {state}"

    cands = default_models(src_lang, tgt_lang)
    click.echo(f"Default re-translation models for {src_lang}→{tgt_lang}:")
    click.echo(line("direct", cands["direct"]))
    for model in cands["pivot"] or ():
        click.echo(line("pivot", model))
    for model in cands["multilingual"]:
        click.echo(line("multilingual", model))
    click.echo(f"\nModels in the Hugging Face cache ({hub_cache_dir()}):")
    if not cached:
        click.echo("  (none)")
    for model in cached.values():
        click.echo(f"  {model['id']:<58} {_size(model['size']):>9}  "
                   f"{', '.join(model['revisions'])}")
    stats = TranslationCache().stats()
    click.echo(f"\nRe-translation cache: {stats['path']} ({stats['entries']} entries, "
               f"{_size(stats['bytes'])})")


@models.command()
@click.argument("model_id")
@click.option("--revision", help="branch, tag or commit to fetch (default: main)")
def pull(model_id: str, revision: str | None) -> None:
    """Download MODEL_ID from the Hugging Face hub into the standard cache.

    \b
    Example:
      mtaudit models pull Helsinki-NLP/opus-mt-ar-fr
    """
    from mtaudit.mt.hub import pull as pull_model

    path = pull_model(model_id, revision)
    click.echo(f"{model_id}: {path}")


@models.command()
@click.argument("model_id")
@click.option("--backend", type=click.Choice(["transformers", "ctranslate2"]),
              default="transformers", show_default=True, help="backend to load it with")
@lang_options
@click.option("--text", help="sentence to translate (default: a sample in --src-lang)")
def check(model_id: str, backend: str, src_lang: str, tgt_lang: str, text: str | None) -> None:
    """Load MODEL_ID (hub id or folder) and translate one sentence with it.

    \b
    Examples:
      mtaudit models check Helsinki-NLP/opus-mt-ar-fr
      mtaudit models check ./opus-mt-ar-fr-ct2 --backend ctranslate2 --text "..."
    """
    import time

    from mtaudit.app.config import AuditConfig
    from mtaudit.core.errors import InputError
    from mtaudit.mt.base import MTOptions, base_lang
    from mtaudit.mt.retranslate import get_translator

    if text is None:
        text = _SAMPLES.get(base_lang(src_lang))
        if text is None:
            raise InputError(f"no sample sentence in {src_lang!r}: pass --text")

    config = AuditConfig(src_lang=src_lang, tgt_lang=tgt_lang, mt_model=model_id,
                         mt_backend=backend)
    start = time.perf_counter()
    translator = get_translator(config, MTOptions(cache=False))
    out = translator.translate([text], src_lang, tgt_lang)[0]
    took = time.perf_counter() - start
    sig = translator.signature()
    click.echo(f"model:    {sig.get('model')} ({backend}, revision {sig.get('revision')})")
    click.echo(f"source:   {text}")
    click.echo(f"output:   {out}")
    click.echo(f"time:     {took:.2f} s (load + translate)")
