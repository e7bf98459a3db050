"""English and French news words with their Arabic forms, for questions asked in Latin script.

Data only (:mod:`retrieval.crossscript.names` reads it): roles and institutions, frequent news topics,
countries, places whose Latin name is not their Arabic sound («Bizerte» is «بنزرت»), bodies known by
Latin initials (UGTT, IMF), and month names in both the Maghrebi and the Eastern forms. English words
that are also common verbs or modals ("may", "march") are left out: they would add a month to any
question. Keys are lower case.
"""

from __future__ import annotations

__all__ = ["GLOSSARY"]

#: News words for roles, institutions and topics, English and French, with their Arabic forms.
GLOSSARY: dict[str, str] = {
    "minister": "وزير", "ministre": "وزير", "ministry": "وزارة", "ministère": "وزارة",
    "president": "رئيس", "président": "رئيس", "presidency": "رئاسة", "présidence": "رئاسة",
    "prime": "رئيس الحكومة", "premier": "رئيس الحكومة", "government": "الحكومة", "gouvernement": "الحكومة",
    "governor": "والي", "gouverneur": "والي", "governorate": "ولاية", "gouvernorat": "ولاية",
    "spokesman": "الناطق الرسمي", "spokesperson": "الناطق الرسمي", "spokeswoman": "الناطقة الرسمية",
    "porte-parole": "الناطق الرسمي", "director": "مدير", "directeur": "مدير", "regional": "الجهوي",
    "régional": "الجهوي", "union": "الاتحاد", "syndicat": "نقابة", "party": "حزب", "parti": "حزب",
    "parliament": "مجلس نواب الشعب", "parlement": "البرلمان", "assembly": "مجلس", "assemblée": "مجلس",
    "interior": "الداخلية", "intérieur": "الداخلية", "health": "الصحة", "santé": "الصحة",
    "education": "التربية", "éducation": "التربية", "agriculture": "الفلاحة", "justice": "العدل",
    "defence": "الدفاع", "defense": "الدفاع", "défense": "الدفاع", "foreign": "الخارجية", "étrangères": "الخارجية",
    "finance": "المالية", "finances": "المالية", "trade": "التجارة", "commerce": "التجارة",
    "tourism": "السياحة", "tourisme": "السياحة", "transport": "النقل", "culture": "الثقافة",
    "police": "الشرطة", "army": "الجيش", "armée": "الجيش", "guard": "الحرس", "garde": "الحرس",
    "court": "المحكمة", "tribunal": "المحكمة", "judge": "قاضي", "juge": "قاضي", "prison": "سجن", "prisons": "السجون",
    "election": "الانتخابات", "elections": "الانتخابات", "élection": "الانتخابات", "élections": "الانتخابات",
    "municipal": "البلدية", "municipales": "البلدية", "corruption": "الفساد", "terrorism": "الإرهاب",
    "terrorisme": "الإرهاب", "terrorist": "إرهابي", "terroriste": "إرهابي", "attack": "هجوم", "attaque": "هجوم",
    "strike": "إضراب", "grève": "إضراب", "protest": "احتجاج", "protests": "احتجاجات", "manifestation": "احتجاج",
    "unemployed": "العاطلين", "chômeurs": "العاطلين", "unemployment": "البطالة", "chômage": "البطالة",
    "price": "سعر", "prices": "أسعار", "prix": "أسعار", "oil": "زيت", "olive": "الزيتون", "olives": "الزيتون",
    "water": "الماء", "eau": "الماء", "fire": "حريق", "fires": "حرائق", "incendie": "حريق", "incendies": "حرائق",
    "accident": "حادث", "killed": "وفاة", "died": "وفاة", "dead": "وفاة", "morts": "وفاة", "injured": "جرحى",
    "blessés": "جرحى", "arrested": "إيقاف", "arrêté": "إيقاف", "arrest": "إيقاف", "smuggling": "التهريب",
    "contrebande": "التهريب", "school": "مدرسة", "école": "مدرسة", "students": "التلاميذ", "élèves": "التلاميذ",
    "university": "جامعة", "université": "جامعة", "hospital": "مستشفى", "hôpital": "مستشفى",
    "doctors": "الأطباء", "médecins": "الأطباء", "budget": "الميزانية", "tax": "الضرائب", "impôts": "الضرائب",
    "bank": "البنك", "banque": "البنك", "investment": "الاستثمار", "investissement": "الاستثمار",
    "conference": "ندوة", "conférence": "ندوة", "football": "كرة القدم", "match": "مباراة", "club": "النادي",
    "coach": "المدرب", "entraîneur": "المدرب", "team": "المنتخب", "équipe": "الفريق", "referee": "الحكم",
    "arbitre": "الحكم", "fans": "أحباء", "supporters": "أحباء", "film": "فيلم", "festival": "مهرجان",
    "project": "مشروع", "projet": "مشروع", "law": "قانون", "loi": "قانون", "bill": "مشروع قانون",
    "weather": "الطقس", "météo": "الطقس", "rain": "أمطار", "pluie": "أمطار", "temperatures": "درجات الحرارة",
    "tunisia": "تونس", "tunisie": "تونس", "tunisian": "التونسي", "tunisien": "التونسي", "libya": "ليبيا",
    "libye": "ليبيا", "algeria": "الجزائر", "algérie": "الجزائر", "france": "فرنسا",
    "saudi": "السعودية", "saoudite": "السعودية", "arabia": "السعودية", "kingdom": "المملكة", "royaume": "المملكة",
    "israel": "إسرائيل", "israël": "إسرائيل", "palestinian": "الفلسطيني", "palestinien": "الفلسطيني",
    "syria": "سوريا", "syrie": "سوريا", "yemen": "اليمن", "yémen": "اليمن", "iran": "إيران", "egypt": "مصر",
    "égypte": "مصر", "emirates": "الإمارات", "émirats": "الإمارات", "united": "المتحدة", "states": "الولايات",
    "russia": "روسيا", "russie": "روسيا", "king": "الملك", "roi": "الملك", "prince": "الأمير", "emir": "أمير",
    "mosque": "مسجد", "mosquée": "مسجد", "pilgrims": "الحجاج", "pèlerins": "الحجاج", "hajj": "الحج",
    "national": "الوطني", "nationale": "الوطنية", "office": "ديوان", "front": "جبهة", "ramadan": "رمضان",
    "germany": "ألمانيا", "allemagne": "ألمانيا", "german": "الألماني", "allemand": "الألماني",
    "allemande": "الألمانية", "europe": "أوروبا", "european": "الأوروبي", "européens": "الأوروبية",
    "muslims": "المسلمين", "musulmans": "المسلمين", "island": "جزيرة", "île": "جزيرة", "bridge": "جسر",
    "pont": "جسر", "airport": "مطار", "aéroport": "مطار", "port": "ميناء", "boat": "مركب", "bateau": "مركب",
    "migrants": "المهاجرين", "migrant": "مهاجر", "refugee": "لاجئ", "réfugié": "لاجئ", "baby": "رضيع",
    "bébé": "رضيع", "student": "طالب", "étudiant": "طالب",
    # Places whose Latin names are not their Arabic sound, and bodies known by Latin initials.
    "bizerte": "بنزرت", "tunis": "تونس", "carthage": "قرطاج", "kef": "الكاف", "béja": "باجة", "beja": "باجة",
    "gabès": "قابس", "gabes": "قابس", "médenine": "مدنين", "medenine": "مدنين", "tataouine": "تطاوين",
    "kébili": "قبلي", "kebili": "قبلي", "tozeur": "توزر", "kasserine": "القصرين", "siliana": "سليانة",
    "jendouba": "جندوبة", "zaghouan": "زغوان", "manouba": "منوبة", "ariana": "أريانة", "hammamet": "الحمامات",
    "djerba": "جربة", "jerba": "جربة", "mahdia": "المهدية", "sousse": "سوسة", "sfax": "صفاقس",
    "kairouan": "القيروان", "monastir": "المنستير", "nabeul": "نابل", "gafsa": "قفصة", "tabarka": "طبرقة",
    "riyadh": "الرياض", "jeddah": "جدة", "mecca": "مكة", "makkah": "مكة", "medina": "المدينة",
    "dammam": "الدمام", "qassim": "القصيم", "tabuk": "تبوك", "asir": "عسير", "jazan": "جازان",
    "najran": "نجران", "taif": "الطائف", "ugtt": "الاتحاد العام التونسي للشغل", "imf": "صندوق النقد الدولي",
    "fmi": "صندوق النقد الدولي", "un": "الأمم المتحدة", "onu": "الأمم المتحدة", "isis": "داعش", "daesh": "داعش",
    "ennahdha": "النهضة", "ennahda": "النهضة", "nidaa": "نداء", "aramco": "أرامكو",
    # Months, in the Maghrebi and the Eastern names news use.
    "january": "جانفي يناير", "janvier": "جانفي يناير", "february": "فيفري فبراير", "février": "فيفري فبراير",
    "mars": "مارس", "april": "أفريل أبريل", "avril": "أفريل أبريل",
    "mai": "ماي مايو", "june": "جوان يونيو", "juin": "جوان يونيو", "july": "جويلية يوليو",
    "juillet": "جويلية يوليو", "august": "أوت أغسطس", "août": "أوت أغسطس", "september": "سبتمبر",
    "septembre": "سبتمبر", "october": "أكتوبر", "octobre": "أكتوبر", "november": "نوفمبر",
    "novembre": "نوفمبر", "december": "ديسمبر", "décembre": "ديسمبر",
}
