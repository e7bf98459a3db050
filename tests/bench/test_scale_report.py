"""bench.scale_report and the latency summary: tables from partial results, nearest-rank percentiles."""

from __future__ import annotations

from bench.scale_query import latency
from bench.scale_questions import _name_for
from bench.scale_report import markdown, size_label


def test_sizes_are_labelled_short() -> None:
    assert [size_label(n) for n in (40000, 300000, 1000000, 1500000)] == ["40k", "300k", "1M", "1.5M"]


def test_latency_percentiles() -> None:
    summary = latency([float(ms) for ms in range(1, 101)], cpu=[1.0] * 100)
    assert (summary.n, summary.p50, summary.p95, summary.max, summary.cpu_p50) == (100, 50.5, 95.0, 100.0, 1.0)
    assert latency([]).n == 0


def test_a_missing_step_shows_as_a_dash() -> None:
    text = markdown({"machine": "m", "date": "d", "corpus": "c", "sizes": {"40000": {"build": None}}})
    assert "| build | 40k |" in text and "| time to first answer (fresh process) | – |" in text


def test_a_speakers_name_is_what_aliases_give_beside_a_title() -> None:
    aliases = ["رئيس الحكومه يوسف الشاهد", "يوسف الشاهد رئيس الحكومه", "رئيس الحكومه المكلف يوسف الشاهد",
               "الوزير يوسف الشاهد", "الشاهد"]
    assert _name_for("شاهد", aliases) == "يوسف الشاهد"
    assert _name_for("شاهد", ["الشاهد", "الشاهد الاول"]) is None
