"""The seed articles and what a careful reader says about each of their lines.

Shared by the index tests: which lines of each seed file are web boilerplate and which are
headings, written out by hand from the files, so that a test can compare the code's
classification against it rather than against the code's own output.
"""

from __future__ import annotations

from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"

BOILERPLATE = "boilerplate"
HEADING = "heading"
BODY = "body"

HEADLINE_002 = "حلب .. قصة انتصار سوري معلن .. ومفاوضات تستأنف وتأجل"

#: Every line of each seed that is not article body, in file order, with its kind.
NON_BODY_LINES: dict[str, list[tuple[str, str]]] = {
    "000": [
        (BOILERPLATE, "رابط دائم:"),
    ],
    "001": [
        (HEADING, "كيري: تقدم طفيف بالمحادثات"),
        (HEADING, "لافروف يدعو للحفاظ على الاتفاق الروسي الأميركي"),
        (BOILERPLATE, "إقرأ/ي أيضًا| سورية: مجازر النظام وروسيا بحلب تقتل 70 مدنيًا"),
        (BOILERPLATE, "التعليقات"),
    ],
    "002": [
        (BOILERPLATE, "728 x 90"),
        (HEADING, HEADLINE_002),
        (BOILERPLATE, HEADLINE_002),  # the headline printed twice: the second copy goes
        (BOILERPLATE, "مقالات ذات صلة :"),
        (BOILERPLATE, "الخارجية السورية تدين اعتداءات المجموعات المسلحة في حلب"),
        (BOILERPLATE, "هجوم مضاد للمسلحين شرق حلب في القاطرجي وحي الميسر"),
        (BOILERPLATE, "اضغط هنا لمتابعة أخبارنا على تليغرام"),
        (BOILERPLATE, "اكتب تعليق"),
        (BOILERPLATE, "لا يتم نشر البريد الإلكتروني. جميع الحقول الموسومة بـ * مطلوبة"),
        (BOILERPLATE, "إلغاء الرد"),
    ],
    "003": [
        (HEADING, "تشدد روسي وتراجع أمريكي وتقدم للجيش السوري في أحياء حلب"),
    ],
    "004": [
        (HEADING, "روسيا تعلن وقف العمليات العسكرية في حلب"),
        (BOILERPLATE, "ت + ت - الحجم الطبيعي"),
        (HEADING, "اتهامات الأسد"),
        (BOILERPLATE, "Email"),
    ],
}

SEED_IDS = sorted(NON_BODY_LINES)


def seed_path(seed: str) -> Path:
    """The seed file whose name starts with ``seed`` (``"000"`` … ``"004"``)."""
    (path,) = SEEDS_DIR.glob(f"{seed}_*.txt")
    return path


def seed_text(seed: str) -> str:
    return seed_path(seed).read_text(encoding="utf-8")


def seed_lines(seed: str) -> list[str]:
    """The seed's non-blank lines, stripped, in file order."""
    return [s for s in (raw.strip() for raw in seed_text(seed).split("\n")) if any(c.isalnum() for c in s)]


def expected_kinds(seed: str) -> list[tuple[str, str]]:
    """``(kind, line)`` for every non-blank line of a seed, from :data:`NON_BODY_LINES`."""
    pending = list(NON_BODY_LINES[seed])
    out = []
    for line in seed_lines(seed):
        if pending and pending[0][1] == line:
            out.append(pending.pop(0))
        else:
            out.append((BODY, line))
    assert not pending, f"seed {seed}: listed lines not found in file order: {pending}"
    return out


def body_lines(seed: str) -> list[str]:
    return [line for kind, line in expected_kinds(seed) if kind == BODY]
