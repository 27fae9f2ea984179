"""Language codes of multilingual MT models, from the ISO 639-1 codes users type.

NLLB-200 uses FLORES-200 codes (``arb_Arab``, ``fra_Latn``); M2M100 uses ISO 639-1 codes in
tokens such as ``__fr__``. Codes already in a model's own form pass through unchanged.
"""

from __future__ import annotations

import re

from mtaudit.core.errors import ConfigError

from .base import base_lang

# ISO 639-1 (or 639-3 where there is no 639-1 code) -> FLORES-200.
NLLB_CODES: dict[str, str] = {
    "af": "afr_Latn", "am": "amh_Ethi", "ar": "arb_Arab", "as": "asm_Beng", "az": "azj_Latn",
    "be": "bel_Cyrl", "bg": "bul_Cyrl", "bn": "ben_Beng", "bs": "bos_Latn", "ca": "cat_Latn",
    "cs": "ces_Latn", "cy": "cym_Latn", "da": "dan_Latn", "de": "deu_Latn", "el": "ell_Grek",
    "en": "eng_Latn", "eo": "epo_Latn", "es": "spa_Latn", "et": "est_Latn", "eu": "eus_Latn",
    "fa": "pes_Arab", "fi": "fin_Latn", "fr": "fra_Latn", "ga": "gle_Latn", "gl": "glg_Latn",
    "gu": "guj_Gujr", "ha": "hau_Latn", "he": "heb_Hebr", "hi": "hin_Deva", "hr": "hrv_Latn",
    "hu": "hun_Latn", "hy": "hye_Armn", "id": "ind_Latn", "ig": "ibo_Latn", "is": "isl_Latn",
    "it": "ita_Latn", "ja": "jpn_Jpan", "jv": "jav_Latn", "ka": "kat_Geor", "kk": "kaz_Cyrl",
    "km": "khm_Khmr", "kn": "kan_Knda", "ko": "kor_Hang", "ky": "kir_Cyrl", "lo": "lao_Laoo",
    "lt": "lit_Latn", "lv": "lvs_Latn", "mk": "mkd_Cyrl", "ml": "mal_Mlym", "mn": "khk_Cyrl",
    "mr": "mar_Deva", "ms": "zsm_Latn", "mt": "mlt_Latn", "my": "mya_Mymr", "ne": "npi_Deva",
    "nl": "nld_Latn", "no": "nob_Latn", "nb": "nob_Latn", "nn": "nno_Latn", "pa": "pan_Guru",
    "pl": "pol_Latn", "ps": "pbt_Arab", "pt": "por_Latn", "ro": "ron_Latn", "ru": "rus_Cyrl",
    "si": "sin_Sinh", "sk": "slk_Latn", "sl": "slv_Latn", "so": "som_Latn", "sq": "als_Latn",
    "sr": "srp_Cyrl", "sv": "swe_Latn", "sw": "swh_Latn", "ta": "tam_Taml", "te": "tel_Telu",
    "tg": "tgk_Cyrl", "th": "tha_Thai", "tl": "tgl_Latn", "tr": "tur_Latn", "uk": "ukr_Cyrl",
    "ur": "urd_Arab", "uz": "uzn_Latn", "vi": "vie_Latn", "xh": "xho_Latn", "yo": "yor_Latn",
    "zh": "zho_Hans", "zu": "zul_Latn",
}
_FLORES = re.compile(r"^[a-z]{3}_[A-Z][a-z]{3}$")
# ISO codes M2M100 spells differently from ISO 639-1 (none for the common languages).
_M2M_EXCEPTIONS: dict[str, str] = {"nb": "no", "fil": "tl"}


def nllb_code(lang: str) -> str:
    """``ar`` -> ``arb_Arab``; a FLORES-200 code is returned unchanged."""
    if _FLORES.match(lang):
        return lang
    code = NLLB_CODES.get(base_lang(lang))
    if code is None:
        raise ConfigError(f"no NLLB-200 language code known for {lang!r}; pass the FLORES-200 "
                          "code instead (e.g. 'arb_Arab')")
    return code


def m2m100_code(lang: str) -> str:
    """``fr`` -> ``fr`` (the tokenizer's token is ``__fr__``)."""
    lang = lang.strip("_")
    base = base_lang(lang)
    return _M2M_EXCEPTIONS.get(base, base)
