"""Loading only what a run needs: the French NER without torch, torch still usable after."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
from mtaudit.entities.extract import load_ner
nlp = load_ner("fr")
assert "torch" not in sys.modules, "spaCy imported torch"
ents = [(e.text, e.label_) for e in nlp("Hier, Marie Curie est arrivée à Cracovie.").ents]
assert ("Cracovie", "LOC") in ents, ents
import torch  # an MT backend imports it afterwards as usual
assert torch.zeros(2).sum().item() == 0
print("ok")
"""


def test_ner_loads_without_torch_and_torch_still_imports():
    proc = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                          timeout=180)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr
