"""Fictional people of the region and the route, and their messy records (tests and bench).

Every name here is an ordinary, common name of its language, combined at random: no record
describes a real person, and none comes from the demo data. A *person* has a true identity;
each of their *records* is how one organisation wrote it down, with the difficulties of the
region's registers:

- scripts and transliterations: Latin with or without diacritics, English-style digraphs
  (``Đurić`` / ``Duric`` / ``Djurich``), Serbian and Macedonian Cyrillic, Arabic script as the
  person writes it, the many Latin and Cyrillic spellings of Arabic, Dari, Pashto, Urdu names;
- typos, given and family name swapped, family name missing, father's name missing;
- birth dates year-only, 1 January by convention, day and month swapped, a year off;
- relatives: brothers and sisters share family name, father's name, birth place and near birth
  years, and common names (Zipf-distributed) make unrelated namesakes.

The generator is deterministic for a seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ctis.core.names import name_skeleton
from ctis.linkage.records import Record

# A name: (its usual Latin spelling, other Latin spellings, Arabic script or "").
Name = tuple[str, tuple[str, ...], str]

_SR_LATIN_TO_CYRILLIC = {
    "sh": "ш", "kh": "х", "ch": "ч", "zh": "ж", "ou": "у", "ee": "и", "lj": "љ", "nj": "њ",
    "dž": "џ", "a": "а", "b": "б", "v": "в", "g": "г", "d": "д",
    "đ": "ђ", "e": "е", "ž": "ж", "z": "з", "i": "и", "j": "ј", "k": "к", "l": "л", "m": "м",
    "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "ć": "ћ", "u": "у", "f": "ф",
    "h": "х", "c": "ц", "č": "ч", "š": "ш", "ë": "е", "ç": "ч", "q": "к", "x": "кс",
    "y": "ј", "w": "в",
}  # fmt: skip
_ENGLISH_DIGRAPHS = {"đ": "dj", "č": "ch", "ć": "ch", "š": "sh", "ž": "zh", "ç": "ch", "ë": "e"}


def _slavic(*names: str) -> list[Name]:
    return [(n, (), "") for n in names]


SLAVIC_MALE = _slavic(
    "Dragan", "Nenad", "Zoran", "Goran", "Đorđe", "Vuk", "Nikola", "Stevan", "Bojan", "Miloš",
    "Žarko", "Dušan", "Branko", "Slobodan", "Čedomir", "Radovan", "Ljubomir", "Predrag",
    "Nemanja", "Vladimir", "Saša", "Siniša", "Zlatko", "Aleksandar", "Darko", "Vojislav",
)  # fmt: skip
SLAVIC_FEMALE = _slavic(
    "Snežana", "Dragana", "Jelena", "Biljana", "Vesna", "Ljiljana", "Gordana", "Tijana",
    "Nataša", "Mirjana", "Slađana", "Danijela", "Željka", "Ivana", "Svetlana", "Radmila",
    "Zorica", "Jasmina", "Maja", "Kristina",
)  # fmt: skip
SLAVIC_FAMILY = _slavic(
    "Đurić", "Kovačević", "Šarić", "Nikolić", "Živković", "Pavlović", "Lukić", "Tomić",
    "Marković", "Babić", "Čolić", "Vučković", "Savić", "Grujić", "Đokić", "Stanković",
    "Todorović", "Ristić", "Mitrović", "Petković", "Zdravković", "Bogdanović", "Ćosić",
    "Lazarević", "Filipović", "Obradović", "Trajkovski", "Angelovski", "Nikolovski",
    "Stojkovski", "Jankulovski", "Mladenović", "Simić", "Popović", "Knežević",
)  # fmt: skip
ALBANIAN_MALE = _slavic(
    "Agron", "Bujar", "Driton", "Ilir", "Fatmir", "Artan", "Gëzim", "Besnik", "Dritan", "Luan",
    "Mërgim", "Valon", "Ardit", "Kushtrim", "Labinot", "Arbën", "Florian", "Ylber",
)  # fmt: skip
ALBANIAN_FEMALE = _slavic(
    "Drita", "Mimoza", "Vjosa", "Luljeta", "Shqipe", "Albana", "Elira", "Dafina", "Erjona",
    "Flutura", "Jehona", "Kaltrina", "Lirie", "Majlinda", "Blerta", "Donika",
)  # fmt: skip
ALBANIAN_FAMILY = _slavic(
    "Hoxha", "Shala", "Morina", "Kelmendi", "Bytyqi", "Zeneli", "Thaçi", "Mehmeti", "Rama",
    "Hyseni", "Sylejmani", "Dervishi", "Çela", "Lika", "Hajdari", "Bajrami", "Kastrati",
    "Selimi", "Rexha", "Muça", "Osmani", "Halili",
)  # fmt: skip
ARABIC_MALE: list[Name] = [
    ("Mohammad", ("Muhammad", "Mohamed", "Mohammed", "Muhamed"), "محمد"),
    ("Yousef", ("Yusuf", "Youssef", "Jusuf"), "يوسف"),
    ("Ahmad", ("Ahmed", "Achmed"), "أحمد"),
    ("Khaled", ("Khalid", "Halid"), "خالد"),
    ("Omar", ("Umar", "Omer"), "عمر"),
    ("Hassan", ("Hasan",), "حسن"),
    ("Karim", ("Kareem", "Kerim"), "كريم"),
    ("Tarek", ("Tariq", "Tarik"), "طارق"),
    ("Samer", ("Sameer",), "سامر"),
    ("Basel", ("Basil", "Bassel"), "باسل"),
    ("Firas", ("Feras",), "فراس"),
    ("Wassim", ("Wasim", "Vasim"), "وسيم"),
    ("Nabil", ("Nabeel",), "نبيل"),
    ("Ziad", ("Ziyad", "Zijad"), "زياد"),
    ("Maher", ("Mahir",), "ماهر"),
    ("Ibrahim", ("Ebrahim", "Ibraheem"), "إبراهيم"),
]
ARABIC_FEMALE: list[Name] = [
    ("Fatima", ("Fatema", "Fatma"), "فاطمة"),
    ("Maryam", ("Mariam", "Meryem"), "مريم"),
    ("Nour", ("Noor", "Nur"), "نور"),
    ("Reem", ("Rim",), "ريم"),
    ("Hala", ("Halah",), "هالة"),
    ("Salma", ("Selma",), "سلمى"),
    ("Rana", (), "رنا"),
    ("Lina", ("Leena",), "لينا"),
    ("Dana", (), "دانة"),
    ("Yasmin", ("Yasmeen", "Jasmin"), "ياسمين"),
]
ARABIC_FAMILY: list[Name] = [
    ("Al-Husseini", ("Husseini", "El Husseini"), "الحسيني"),
    ("Al-Obaidi", ("Obeidi", "Al Ubaydi"), "العبيدي"),
    ("Al-Shami", ("Shami", "Chami"), "الشامي"),
    ("Al-Najjar", ("Najjar", "Nadjar"), "النجار"),
    ("Al-Khatib", ("Khatib", "El Khatib"), "الخطيب"),
    ("Al-Zoubi", ("Zoubi", "Zubi"), "الزعبي"),
    ("Halabi", ("Al-Halabi",), "الحلبي"),
    ("Al-Masri", ("Masri", "El Masry"), "المصري"),
    ("Dabbagh", ("Al-Dabbagh", "Dabagh"), "الدباغ"),
    ("Al-Tamimi", ("Tamimi", "Al Tamimi"), "التميمي"),
    ("Haddadin", ("Hadadin",), "الحدادين"),
    ("Al-Rifai", ("Rifai", "Al Refai"), "الرفاعي"),
]
AFGHAN_MALE: list[Name] = [
    ("Mohammad", ("Muhammad", "Mohamad", "Mohammed"), "محمد"),
    ("Javid", ("Jawed", "Javed"), "جاوید"),
    ("Navid", ("Naveed", "Nawid"), "نوید"),
    ("Farid", ("Fareed",), "فرید"),
    ("Zabihullah", ("Zabiullah", "Zabihollah"), "ذبیح‌الله"),
    ("Shafiq", ("Shafik",), "شفیق"),
    ("Hamid", ("Hameed",), "حمید"),
    ("Wali", ("Vali",), "ولی"),
    ("Aziz", ("Azeez",), "عزیز"),
    ("Rahim", ("Raheem",), "رحیم"),
    ("Ahmad", ("Ahmed",), "احمد"),
    ("Sayed", ("Sayyed", "Seyed"), "سید"),
]
AFGHAN_FEMALE: list[Name] = [
    ("Parwin", ("Parvin", "Perwin"), "پروین"),
    ("Zahra", ("Zohra",), "زهرا"),
    ("Shakila", ("Shakeela",), "شکیلا"),
    ("Mursal", ("Morsal",), "مرسل"),
    ("Fereshta", ("Fereshteh", "Freshta"), "فرشته"),
    ("Nargis", ("Narges",), "نرگس"),
    ("Maryam", ("Mariam",), "مریم"),
]
AFGHAN_FAMILY: list[Name] = [
    ("Ahmadi", ("Ahmady",), "احمدی"),
    ("Mohammadi", ("Muhammadi", "Mohamadi"), "محمدی"),
    ("Ahmadzai", ("Ahmadzay",), "احمدزی"),
    ("Popalzai", ("Popalzay",), "پوپلزی"),
    ("Safi", ("Saafi",), "صافی"),
    ("Kakar", ("Kakkar",), "کاکړ"),
    ("Yousafzai", ("Yusufzai",), "یوسفزی"),
    ("Rahimi", ("Raheemi",), "رحیمی"),
    ("Haidari", ("Heydari", "Haydari"), "حیدری"),
    ("Hashimi", ("Hashemi",), "هاشمی"),
    ("Sultani", ("Soltani",), "سلطانی"),
    ("Stanikzai", ("Stanekzai",), "ستانکزی"),
]
URDU_MALE: list[Name] = [
    ("Imran", ("Emran",), "عمران"),
    ("Bilal", ("Belal",), "بلال"),
    ("Usman", ("Osman", "Uthman"), "عثمان"),
    ("Faisal", ("Faysal", "Fejsal"), "فیصل"),
    ("Waqas", ("Vaqas",), "وقاص"),
    ("Kamran", (), "کامران"),
    ("Shahzad", ("Shehzad",), "شہزاد"),
    ("Mohammad", ("Muhammad", "Mohd"), "محمد"),
]
URDU_FEMALE: list[Name] = [
    ("Ayesha", ("Aisha",), "عائشہ"),
    ("Saima", ("Sayma",), "صائمہ"),
    ("Nazia", ("Naziya",), "نازیہ"),
    ("Rabia", ("Rabiya",), "رابعہ"),
]
URDU_FAMILY: list[Name] = [
    ("Chaudhry", ("Chaudhary", "Choudhury"), "چوہدری"),
    ("Qureshi", ("Kureshi", "Qurashi"), "قریشی"),
    ("Malik", ("Malek",), "ملک"),
    ("Awan", (), "اعوان"),
    ("Khan", (), "خان"),
    ("Rajput", (), "راجپوت"),
    ("Butt", ("But",), "بٹ"),
    ("Siddiqui", ("Siddiqi", "Sidiqui"), "صدیقی"),
]


@dataclass(frozen=True)
class Group:
    """People of one origin: names, nationalities, birth places, whether Arabic script."""

    name: str
    male: list[Name]
    female: list[Name]
    family: list[Name]
    nationalities: tuple[str, ...]
    places: tuple[str, ...]
    weight: float


GROUPS = (
    Group("south-slavic", SLAVIC_MALE, SLAVIC_FEMALE, SLAVIC_FAMILY, ("SRB", "MKD", "BIH", "MNE"),
          ("Kragujevac", "Niš", "Kumanovo", "Bitola", "Tuzla", "Nikšić", "Šabac", "Čačak",
           "Zaječar", "Prilep", "Štip", "Zenica"), 0.30),
    Group("albanian", ALBANIAN_MALE, ALBANIAN_FEMALE, ALBANIAN_FAMILY, ("ALB", "XKX", "MKD"),
          ("Shkodër", "Elbasan", "Gjakovë", "Prizren", "Tetovo", "Korçë", "Durrës", "Pejë"),
          0.20),
    Group("arab", ARABIC_MALE, ARABIC_FEMALE, ARABIC_FAMILY, ("SYR", "IRQ", "JOR"),
          ("Aleppo", "Homs", "Idlib", "Mosul", "Deir ez-Zor", "Hama", "Daraa"), 0.20),
    Group("afghan", AFGHAN_MALE, AFGHAN_FEMALE, AFGHAN_FAMILY, ("AFG",),
          ("Kabul", "Herat", "Kunduz", "Jalalabad", "Ghazni", "Mazar-i-Sharif"), 0.20),
    Group("pakistani", URDU_MALE, URDU_FEMALE, URDU_FAMILY, ("PAK",),
          ("Lahore", "Gujrat", "Sialkot", "Peshawar", "Mardan"), 0.10),
)  # fmt: skip
COUNTRIES = ("RS", "MK", "BA", "ME", "AL", "XK")


@dataclass(frozen=True)
class Person:
    person_id: str
    group: Group
    given: Name
    family: Name
    father: Name
    sex: str
    birth: tuple[int, int, int]
    place: str
    nationality: str


def _sound(name: Name) -> str:
    return name_skeleton(name[0])


def _zipf(rng: random.Random, items: list[Name], s: float = 0.8) -> Name:
    weights = [1 / (rank + 1) ** s for rank in range(len(items))]
    return rng.choices(items, weights)[0]


def _birth(rng: random.Random, near: int | None = None) -> tuple[int, int, int]:
    year = near + rng.choice((-4, -3, -2, -1, 1, 2, 3, 4)) if near else rng.randint(1965, 2009)
    return year, rng.randint(1, 12), rng.randint(1, 28)


def people(count: int, rng: random.Random, prefix: str = "p") -> Iterator[Person]:
    """``count`` fictional people; about one in five comes with a brother or sister."""
    made = 0
    while made < count:
        group = rng.choices(GROUPS, [g.weight for g in GROUPS])[0]
        family = _zipf(rng, group.family)
        father = _zipf(rng, group.male)
        place = rng.choice(group.places)
        nationality = rng.choice(group.nationalities)
        siblings = 1 if rng.random() < 0.8 else rng.choice((2, 2, 3))
        first_year: int | None = None
        used: set[str] = set()
        for _ in range(min(siblings, count - made)):
            sex = "M" if rng.random() < 0.6 else "F"
            pool = group.male if sex == "M" else group.female
            given = _zipf(rng, pool)
            # Parents do not give two children one name (nor names one letter apart).
            while _sound(given) in used or given[0] == father[0]:
                given = rng.choice(pool)
            used.add(_sound(given))
            birth = _birth(rng, first_year)
            first_year = first_year or birth[0]
            yield Person(f"{prefix}{made}", group, given, family, father, sex, birth, place,
                         nationality)  # fmt: skip
            made += 1


def _cyrillic(text: str) -> str:
    out, i, low = [], 0, text.lower()
    while i < len(low):
        pair = low[i : i + 2]
        if pair in _SR_LATIN_TO_CYRILLIC:
            out.append(_SR_LATIN_TO_CYRILLIC[pair])
            i += 2
            continue
        out.append(_SR_LATIN_TO_CYRILLIC.get(low[i], low[i]))
        i += 1
    word = "".join(out)
    return " ".join(w[:1].upper() + w[1:] for w in word.split(" "))


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.random()
    if kind < 0.35:
        return text[:i] + text[i + 1 :]  # a letter left out
    if kind < 0.7:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]  # two letters swapped
    return text[:i] + rng.choice(text) + text[i + 1 :]  # a letter mistyped


def render(name: Name, style: str, rng: random.Random) -> str:
    """How one register writes a name: ``latin`` / ``ascii`` / ``english`` / ``cyrillic`` /
    ``arabic`` (Arabic script where the name has it)."""
    usual, others, arabic = name
    spelling = rng.choice((usual, *others)) if others and rng.random() < 0.5 else usual
    if style == "arabic" and arabic:
        return arabic
    if style == "cyrillic":
        return _cyrillic(spelling)
    if style == "english":
        return "".join(_ENGLISH_DIGRAPHS.get(c, c) for c in spelling.lower()).title()
    if style == "ascii":
        return "".join(_ENGLISH_DIGRAPHS.get(c, c)[:1] for c in spelling.lower()).title()
    return spelling


def record(person: Person, record_id: str, rng: random.Random, country: str = "") -> Record:
    """One organisation's record of ``person``, with the region's usual difficulties."""
    country = country or rng.choice(COUNTRIES)
    roll = rng.random()
    if person.group.family[0][2] and roll < 0.2:
        style = "arabic"
    elif country in ("RS", "MK", "BA", "ME") and roll < 0.45:
        style = "cyrillic"
    else:
        style = rng.choice(("latin", "latin", "ascii", "english"))
    given = render(person.given, style, rng)
    family = render(person.family, style, rng)
    father = render(person.father, style, rng) if rng.random() < 0.8 else ""
    if rng.random() < 0.15:
        if rng.random() < 0.5:
            given = _typo(rng, given)
        else:
            family = _typo(rng, family)
    if rng.random() < 0.08:
        family = ""
    elif rng.random() < 0.10:
        given, family = family, given
    year, month, day = person.birth
    dates: tuple[int | None, int | None, int | None] = (year, month, day)
    roll = rng.random()
    if roll < 0.12:
        dates = (year, None, None)
    elif roll < 0.20:
        dates = (year, 1, 1)
    elif roll < 0.28 and day <= 12:
        dates = (year, day, month)
    elif roll < 0.38:
        dates = (year + rng.choice((-1, 1)), month, day)
    elif roll < 0.45:
        dates = (None, None, None)
    place = person.place
    if rng.random() < 0.15:
        place = ""
    elif style == "cyrillic":
        place = _cyrillic(place)
    elif style in ("ascii", "english"):
        place = render((place, (), ""), style, rng)
    return Record(
        record_id=record_id,
        given_name=given,
        family_name=family,
        father_name=father,
        sex=person.sex if rng.random() > 0.05 else "",
        birth_year=dates[0],
        birth_month=dates[1],
        birth_day=dates[2],
        birth_place=place,
        nationality=person.nationality if rng.random() > 0.1 else "",
        country=country,
    )


@dataclass(frozen=True)
class Population:
    records: list[Record]
    truth: dict[str, str]  # record_id -> person_id


def dedupe_population(records: int, seed: int = 12) -> Population:
    """About ``records`` records of fewer people: 1 to 4 records each (mean ~1.8)."""
    rng = random.Random(seed)
    out: list[Record] = []
    truth: dict[str, str] = {}
    for person in people(records, rng):
        copies = rng.choices((1, 2, 3, 4), (0.5, 0.3, 0.15, 0.05))[0]
        for _ in range(copies):
            if len(out) >= records:
                break
            rid = f"r{len(out)}"
            out.append(record(person, rid, rng))
            truth[rid] = person.person_id
        if len(out) >= records:
            break
    order = list(range(len(out)))
    rng.shuffle(order)
    return Population([out[i] for i in order], truth)


def two_country_populations(
    per_file: int, overlap: float = 0.5, seed: int = 34
) -> tuple[Population, Population]:
    """Files of two countries' organisations (one record per person in each), sharing
    ``overlap`` of their people."""
    rng = random.Random(seed)
    shared = int(per_file * overlap)
    persons = list(people(2 * per_file - shared, rng))
    in_a = persons[:per_file]
    in_b = persons[:shared] + persons[per_file:]
    a = [record(p, f"mk{i}", rng, "MK") for i, p in enumerate(in_a)]
    b = [record(p, f"rs{i}", rng, "RS") for i, p in enumerate(in_b)]
    truth_a = {r.record_id: p.person_id for r, p in zip(a, in_a, strict=True)}
    truth_b = {r.record_id: p.person_id for r, p in zip(b, in_b, strict=True)}
    rng.shuffle(a)
    rng.shuffle(b)
    return Population(a, truth_a), Population(b, truth_b)


def with_country(population: Population, country: str) -> Population:
    return Population([replace(r, country=country) for r in population.records], population.truth)
