"""Questions in Latin script over an Arabic archive: their names and news words in the archive's words.

:mod:`retrieval.crossscript.names` matches Latin names to the index's Arabic stems by sound;
:mod:`retrieval.crossscript.glossary` holds the news words whose Arabic is not their sound.
"""

from retrieval.crossscript.glossary import GLOSSARY
from retrieval.crossscript.names import (
    Bridge,
    arabic_phrase,
    arabic_skeleton,
    bridge_question,
    bridged_words,
    latin_names,
    latin_skeleton,
)

__all__ = [
    "GLOSSARY", "Bridge", "arabic_phrase", "arabic_skeleton", "bridge_question", "bridged_words", "latin_names",
    "latin_skeleton",
]
