"""Entities and terminology: Arabic normalisation, Latin folding, the Arabic→Latin skeleton
model, transliteration, the built-in gazetteer, glossary loading and name mentions.

Import the submodules directly (``from mtaudit.entities.glossary import load_glossary``);
nothing heavy is imported here.
"""
