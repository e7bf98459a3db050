"""Publication dates from metadata in every form the corpora use, else the URL, else the dateline."""

from __future__ import annotations

from datetime import date

import pytest

from index.text.dates import _MONTH_NAMES, MONTHS, Published, month_number, parse_published


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2017-04-28T11:32:00+01:00", "2017-04-28"),  # ANT, ISO with an offset: the writer's own day
        ("2017-04-28T23:59:00-05:00", "2017-04-28"),
        ("2015-07-21 02:51:32", "2015-07-21"),  # SaudiNewsNet's date_extracted
        ("20/01/2017", "2017-01-20"),  # ANT's day-first form
        ("3/2/2016", "2016-02-03"),
        ("٢٠/٠١/٢٠١٧", "2017-01-20"),  # Arabic-Indic digits
        ("2017/01/20", "2017-01-20"),
        ("20170120", "2017-01-20"),
        ("2017-01-20T103000", "2017-01-20"),
        ("2017-01", "2017-01"),
        ("2017", "2017"),
        ("1484870400", "2017-01-20"),  # a Unix timestamp
        ("31/02/2017", None),  # no such day
        ("غدا", None),
        ("1850", None),
    ],
)
def test_metadata_in_every_form_the_corpora_use(raw: str, iso: str | None) -> None:
    found = parse_published(raw)
    assert (found.iso if found else None) == iso


def test_the_url_then_the_dateline_when_the_metadata_has_none() -> None:
    assert parse_published(None, "https://example.tn/ar/2016/08/03/article-title").iso == "2016-08-03"
    assert parse_published("", "https://example.tn/news/2016/08/x").iso == "2016-08"
    assert parse_published(None, "https://example.tn/news/article-20170120.html").iso == "2017-01-20"
    assert parse_published(None, None, "تونس - الأربعاء 18 جانفي 2017 (وات) - أعلن الوزير").iso == "2017-01-18"
    assert parse_published(None, None, "بيروت في شباط 2016: قال") .iso == "2016-02"
    assert parse_published("garbled", "https://example.tn/x", "خبر بلا تاريخ") is None


def test_a_date_later_in_the_text_is_what_it_reports_not_when_it_was_published() -> None:
    text = "أعلن الوزير اليوم أن " + "الإصلاحات مستمرة و" * 20 + " في 5 ماي 2015"
    assert parse_published(None, None, text) is None


@pytest.mark.parametrize(("month", "name"), [(n, name) for n, names in _MONTH_NAMES.items() for name in names])
def test_every_month_name_of_every_convention(month: int, name: str) -> None:
    assert month_number(name) == month
    if len(name) > 3:  # abbreviations are for questions («in Jan 2017»), not datelines
        assert parse_published(None, None, f"الجزائر في 7 {name} 2016 -").start == date(2016, month, 7)


def test_the_conventions_are_all_there() -> None:
    for names in ("جانفي فيفري مارس أفريل ماي جوان جويلية أوت سبتمبر أكتوبر نوفمبر ديسمبر",
                  "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر"):
        assert [month_number(n) for n in names.split()] == list(range(1, 13))
    levantine = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
                 "تشرين الثاني", "كانون الأول"]
    assert [month_number(n) for n in levantine] == list(range(1, 13)) and len(MONTHS) > 70


def test_a_period_knows_its_last_day_and_reads_back() -> None:
    month = Published(date(2016, 2, 1), "month")
    assert month.end == date(2016, 2, 29) and month.iso == "2016-02"
    assert Published(date(2017, 1, 1), "year").end == date(2017, 12, 31)
    for iso in ("2017", "2017-05", "2017-05-09"):
        assert Published.from_iso(iso).iso == iso
    assert Published.from_iso("yesterday") is None and Published.from_iso(None) is None
