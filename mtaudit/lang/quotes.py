"""Quote marks and brackets of the world's typographic conventions: each opening mark with the
marks that may close it (« », » «, „ “, “ ”, 「 」...), all quote marks, and bracket pairs."""

from __future__ import annotations

QUOTE_PAIRS: dict[str, str] = {"«": "»", "»": "«", "„": "“”", "“": "”“", "‹": "›", "›": "‹",
                               "「": "」", "『": "』", '"': '"'}
QUOTES: frozenset[str] = frozenset("«»„“”‹›「」『』\"")
BRACKETS: dict[str, str] = {"(": ")", "[": "]", "{": "}"}
