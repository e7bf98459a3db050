"""Latin names matched to the archive's Arabic stems by their sound skeleton, and the glossary."""

from __future__ import annotations

import pytest

from index.text.analyze import analyze_words
from retrieval.crossscript import arabic_phrase, bridge_question, latin_names

# Stems of real archive words, each with a document frequency; the decoys share consonants.
WORDS = {
    "الشاهد": 120, "شهد": 900, "السبسي": 300, "كيري": 40, "كرة": 2000, "صفاقس": 500, "القيروان": 200,
    "الغنوشي": 150, "يوسف": 300, "المهدية": 250, "تونس": 5000, "جربة": 90, "سوسة": 400, "نابل": 300,
    "المنستير": 150, "قفصة": 200, "قابس": 200, "محمد": 3000, "عباسي": 60, "بازياء": 2, "عثمان": 80, "قلعة": 90,
    "المحرس": 40, "الفساد": 400, "وزير": 2500, "الصحة": 700,
    "وزارة": 2600, "الفلاحة": 300, "رئيس": 3000, "الحكومة": 1500, "نادر": 1,
}


class FakeLexical:
    """What the bridge reads of a lexical index: its tokens, their frequencies, which it knows."""

    def __init__(self) -> None:
        self.df = {}
        for word, df in WORDS.items():
            for stems in analyze_words(word):
                for stem in stems:
                    self.df[stem] = max(df, self.df.get(stem, 0))

    def document_frequencies(self) -> list[tuple[str, int]]:
        return list(self.df.items())

    def known(self, tokens: list[str]) -> list[str]:
        return [t for t in tokens if t in self.df]


@pytest.fixture(scope="module")
def lexical() -> FakeLexical:
    return FakeLexical()


def _stem(word: str) -> str:
    return analyze_words(word)[0][0]


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Chahed", "الشاهد"), ("Essebsi", "السبسي"), ("Kerry", "كيري"), ("Ghannouchi", "الغنوشي"),
        ("Youssef", "يوسف"), ("Mohamed", "محمد"), ("Abassi", "عباسي"), ("Othman", "عثمان"), ("Kalaat", "قلعة"),
        ("Mahres", "المحرس"),
    ],
)
def test_a_latin_name_finds_its_arabic_stem_first(lexical: FakeLexical, latin: str, arabic: str) -> None:
    bridge = bridge_question(lexical, f"What happened with {latin} yesterday?")
    assert bridge.names[latin][0] == _stem(arabic)


def test_written_long_vowels_beat_frequency(lexical: FakeLexical) -> None:
    # «شهد» (witnessed) is far more frequent, but "Chahed" writes the alef of «الشاهد».
    assert bridge_question(lexical, "Did Chahed speak?").names["Chahed"][0] == _stem("الشاهد")


def test_rare_stems_and_unknown_names_give_nothing(lexical: FakeLexical) -> None:
    assert bridge_question(lexical, "What did Nader and Zwxq say?").names == {}


def test_places_with_latin_names_of_their_own_come_from_the_glossary(lexical: FakeLexical) -> None:
    bridge = bridge_question(lexical, "What happened in Bizerte, Sfax and Djerba in January?")
    assert bridge.names == {}
    stems = {s for word in bridge.glossed.values() for s in word}
    assert {_stem("صفاقس"), _stem("جربة"), _stem("بنزرت"), _stem("جانفي"), _stem("يناير")} <= stems


def test_function_words_and_question_words_are_not_names() -> None:
    assert latin_names("What did Youssef Chahed say about The Corruption in Sfax?") == ["Youssef", "Chahed"]
    assert latin_names("Qu'a dit le ministre de l'Agriculture Lassaad Lachaal ?") == ["Lassaad", "Lachaal"]


def test_glossary_words_are_searched_in_arabic(lexical: FakeLexical) -> None:
    bridge = bridge_question(lexical, "What did the health minister say about corruption?")
    assert {_stem("الفساد"), _stem("الصحة")} <= {s for word in bridge.glossed.values() for s in word}


def test_a_phrase_keeps_its_order(lexical: FakeLexical) -> None:
    assert arabic_phrase(lexical, "Youssef Chahed") == f"{_stem('يوسف')} {_stem('الشاهد')}"
    assert arabic_phrase(lexical, "le ministre de l'Agriculture") == "وزير الفلاحة"
    assert arabic_phrase(lexical, "the weather") == "الطقس" and arabic_phrase(lexical, "somebody") == ""


def test_a_latin_question_with_nothing_to_bridge_keeps_its_words(lexical: FakeLexical) -> None:
    from retrieval.crossscript import bridged_words

    words = analyze_words("how many people live there")
    # nothing bridges: the question keeps its own words (the dense leg answers it; it is not an empty question)
    assert bridged_words(lexical, "how many people live there", words) == words
    # a name bridges: the Latin words the index does not hold give way to it
    bridged = bridged_words(lexical, "What did Chahed say?", analyze_words("What did Chahed say?"))
    assert len(bridged) == 1 and bridged[0][0] == _stem("الشاهد")


def test_a_long_name_of_ambiguous_letters_is_read_whole() -> None:
    from retrieval.crossscript.names import (
        MAX_READINGS,
        _consonant_choices,
        latin_skeleton,
    )

    skeleton = latin_skeleton("Kazakhstankgcs")  # k, z, K, s, t, n, k, g, c, s: many letters of two readings
    readings = _consonant_choices(skeleton, len(skeleton) - 1)
    full = [r for r in readings if len(r) == len(skeleton) - 1]
    assert full and len(full) <= MAX_READINGS
    assert all(len(r) >= len(skeleton) - 2 for r in readings)  # never a reading cut short but by the lost suffix
