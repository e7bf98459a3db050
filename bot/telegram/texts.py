"""The bot's own Arabic texts: help, statistics, rebuild reports and short notices (Telegram HTML)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.telegram.html import escape, trim
from index import BuildReport
from retrieval.engine import CorpusStats

__all__ = [
    "ASK_USAGE",
    "COMMANDS",
    "REINDEX_BUSY",
    "REINDEX_REFUSED",
    "REINDEX_STARTED",
    "SLOW_DOWN",
    "SORRY",
    "build_failed_text",
    "build_text",
    "help_text",
    "stats_text",
]

MAX_SKIPPED_SHOWN = 10

#: The commands menu (setMyCommands); /reindex is left out: it is for admins only.
COMMANDS = (
    ("start", "ابدأ: ما يعرفه البوت وكيف تسأله"),
    ("help", "كيف تسأل وكيف تقرأ الاستشهادات"),
    ("ask", "اسأل سؤالاً، مثل: /ask ماذا قال كيري؟"),
    ("stats", "حجم الفهرس ووقت بنائه والنموذج المستخدم"),
    ("sources", "المصادر المفهرسة: عدد مقالات كل منها وتواريخها"),
)

ASK_USAGE = "اكتب سؤالك بعد الأمر، مثل: /ask ماذا قال كيري؟"
SLOW_DOWN = "تمهل قليلاً: وصلت إلى حد الأسئلة في الدقيقة. أعد السؤال بعد قليل."
SORRY = "عذراً، حدث خطأ أثناء الإجابة. حاول مرة أخرى بعد قليل."
REINDEX_REFUSED = "عذراً، إعادة بناء الفهرس متاحة للمشرفين فقط."
REINDEX_BUSY = "إعادة بناء الفهرس جارية بالفعل؛ سأخبرك حين تنتهي."
REINDEX_STARTED = "بدأت إعادة بناء الفهرس. أواصل الإجابة من الفهرس الحالي حتى تنتهي."
UNKNOWN_COMMAND = "لا أعرف هذا الأمر. الأوامر: /start و/help و/ask و/stats، أو اكتب سؤالك مباشرة."
NOT_TEXT = "أفهم الأسئلة المكتوبة فقط. اكتب سؤالك نصاً، أو في تعليق الصورة، مثل: ماذا قال كيري؟"


def _corpus_line(stats: CorpusStats) -> str:
    line = f"في فهرسي {stats.articles} من المقالات الإخبارية و{stats.sentences} من الجمل"
    if stats.first_date and stats.last_date:
        line += f"، منشورة بين {escape(stats.first_date)} و{escape(stats.last_date)}"
    return line + "."


def help_text(stats: CorpusStats, examples: Sequence[str], username: str, greeting: bool = False) -> str:
    """/start and /help: what the bot knows, example questions, how citations read."""
    lines = ["<b>أهلاً بك في إسناد!</b>"] if greeting else []
    lines += [
        "أجيب عن أسئلتك بجمل مقتبسة من الأخبار، ومع كل جملة مصدرها.",
        _corpus_line(stats),
        "",
        "<b>جرّب أن تسأل:</b>",
        *(f"• {escape(q)}" for q in examples[:2]),
        "",
        "<b>كيف تقرأ الجواب:</b> كل جملة مرقمة، وتحتها اسم المقال ورقم الجملة فيه، "
        "والكلمات التي تطابق سؤالك بخط عريض.",
        "زر «السياق» يعرض الجمل المحيطة بالجملة، و«المصدر» تاريخ المقال ورابطه، و«المزيد» نتائج أخرى.",
        "",
        f"في المجموعات: اذكرني (@{escape(username)}) أو ردّ على رسالتي أو اكتب /ask ثم سؤالك.",
        "/stats: حجم الفهرس والنموذج المستخدم.",
    ]
    return "\n".join(lines)


def _model_line(stats: CorpusStats) -> str:
    if stats.model_is_fallback:
        return (
            f"النموذج: {escape(stats.model)} (النموذج الاحتياطي المدمج، "
            f"لأن {escape(stats.model_requested)} لم يتوفر؛ البحث الدلالي أضعف)"
        )
    return f"النموذج: {escape(stats.model)}"


def stats_text(stats: CorpusStats) -> str:
    """/stats: corpus size, when and how fast the index was built, which model."""
    lines = [
        "<b>إحصاءات الفهرس</b>",
        f"المقالات: {stats.articles}",
        f"الجمل: {stats.sentences}",
    ]
    if stats.first_date and stats.last_date:
        lines.append(f"تواريخ الأخبار: من {escape(stats.first_date)} إلى {escape(stats.last_date)}")
    lines += [
        f"بُني الفهرس: {escape(stats.built_at)} (في {stats.build_seconds:.2f} ثانية)",
        _model_line(stats),
    ]
    return "\n".join(lines)


def build_text(report: BuildReport) -> str:
    """The summary an admin gets when /reindex has swapped the new index in."""
    model = escape(report.model.name) + (" (احتياطي)" if report.model.fallback else "")
    lines = [
        "<b>اكتملت إعادة بناء الفهرس</b>، وصارت الإجابات منه.",
        f"المقالات: {report.articles}، الجمل: {report.sentences}",
        f"التضمينات: {report.embeddings_reused} أعيد استخدامها، {report.embeddings_computed} حُسبت ({model})",
        f"المدخلات المتخطاة: {len(report.skipped)}",
        *(f"• {escape(trim(f'{s.origin}: {s.reason}', 300))}" for s in report.skipped[:MAX_SKIPPED_SHOWN]),
        *([f"مدخلات بترميز آخر أو أُصلح ترميزها: {len(report.decoded)}"] if report.decoded else []),
        *(f"• {escape(trim(f'{s.origin}: {s.reason}', 300))}" for s in report.decoded[:MAX_SKIPPED_SHOWN]),
        f"المدة: {report.seconds:.2f} ثانية",
    ]
    return "\n".join(lines)


def build_failed_text(reason: str) -> str:
    """What an admin is told when /reindex failed (the old index keeps serving)."""
    return f"تعذّرت إعادة بناء الفهرس، وما زلت أجيب من الفهرس السابق: {escape(trim(reason, 500))}"
