"""Per-language tables for repetitions: words a language may legitimately say twice in a row,
and its coordinating conjunctions ("X and X" is a reduplication, not a repetition)."""

from __future__ import annotations

# Words that may legitimately appear twice in a row, per language (lower case).
ALLOWED_DOUBLES: dict[str, frozenset[str]] = {
    "fr": frozenset({"nous", "vous", "si", "non", "oui", "très", "bla", "ha", "hé"}),
    "en": frozenset({"had", "that", "is", "very", "no", "yes", "bye", "so", "ha", "blah",
                     "bla", "knock", "chop"}),
    "de": frozenset({"die", "der", "das", "sie", "es", "ja", "nein"}),
    "es": frozenset({"no", "sí", "muy", "ya"}),
    "it": frozenset({"no", "sì", "molto", "piano"}),
    "ar": frozenset({"رويدا", "شيئا", "قليلا", "جدا", "لا", "نعم"}),
}

# Coordinating conjunctions ("and", "or") per language: "X and X" is a reduplication.
COORDINATORS: dict[str, frozenset[str]] = {
    "en": frozenset({"and", "or"}), "fr": frozenset({"et", "ou"}),
    "de": frozenset({"und", "oder"}), "es": frozenset({"y", "e", "o", "u"}),
    "it": frozenset({"e", "ed", "o", "od"}), "pt": frozenset({"e", "ou"}),
    "nl": frozenset({"en", "of"}), "ca": frozenset({"i", "o"}),
}
