"""Search keys for personal names, in any script (no Django here).

A name is stored encrypted; to find it, ctis stores a keyed hash (blind index) of each of its
*search keys* and looks up the keys of what a user types. Two spellings find each other when
their key sets meet, so the rules below decide what counts as "the same name":

1. NFKC, casefold; apostrophes dropped (``Sa'id`` = ``Said``); hyphens, commas and dots separate
   tokens (``al-Hassan`` = ``al Hassan``).
2. Serbian and Macedonian Cyrillic → Latin by the official tables (љ lj, њ nj, џ dž, ђ đ, ћ ć,
   ѓ gj, ќ kj, ѕ dz, ј j …), so ``Марко Петровић`` = ``Marko Petrović``. Other Cyrillic letters
   (ы, я, щ …) and other scripts' letters go through ``anyascii``.
3. Diacritics fold, and the letters that English-style transliteration spells with a digraph
   give both readings: đ → dj | d, č ć ç → c | ch, š → s | sh, ž → z | zh (one choice per
   letter class for the whole name, so a name yields at most 16 keys). ``Đurić`` therefore
   matches ``Djuric``, ``Duric`` and ``Djurich``; ë → e and other marks simply drop.
4. Arabic-script tokens (Arabic, Persian, Urdu letters) are normalised (hamza forms, alef maqsura,
   ta marbuta, Persian yeh and kaf, vowel marks removed, ``ال`` stripped) and looked up in the
   name table below; an unknown token gets its consonant skeleton from ``anyascii`` (which keeps
   the same Arabic spelling findable, but cannot guess the vowels of a Latin spelling).
5. Latin tokens get generic rules (ee → i, oo/ou → u, doubled letters collapse, a final ``h``
   after a vowel drops) and then the variant table: Mohammed / Muhammad / Mohamad / Mehmed …
   share one key. ``al`` / ``el`` / ``ul`` particles drop; ``Abdul Rahman``, ``Abd al-Rahman``,
   ``Abdurrahman`` and ``عبد الرحمن`` all become the tokens ``abd rahman`` (compounds are split
   rather than joined, so that sorting the tokens cannot separate what a join would need).
6. **Token order does not matter**: the key is the sorted tokens, so ``Petrović Marko`` finds
   ``Marko Petrović`` (registers list surname first as often as not).

The keys are exact-match keys, not fuzzy matching: ``Marko`` does not find ``Marko Petrović``.
Changing these rules changes the keys, so ``RULES_VERSION`` must change with them and the blind
indexes be rebuilt (``ctis keys rotate --reindex``).

Examples:
    >>> sorted(search_keys("Марко Петровић"))
    ['marko petrovic', 'marko petrovich']
    >>> search_keys("Mohammed Ahmed") == search_keys("Muhammad Ahmad")
    True
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from anyascii import anyascii

RULES_VERSION = "names-1"
MAX_KEYS = 16

# --- Serbian and Macedonian Cyrillic (official tables; lower case, applied after casefold) ---
CYRILLIC_TO_LATIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
    # Macedonian letters
    "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
}  # fmt: skip
_CYRILLIC = str.maketrans(CYRILLIC_TO_LATIN)

# Letters with two common Latin readings: each class takes one reading for the whole name.
DIGRAPH_CLASSES: tuple[tuple[str, tuple[str, str]], ...] = (
    ("đ", ("dj", "d")),
    ("čćç", ("c", "ch")),
    ("š", ("s", "sh")),
    ("ž", ("z", "zh")),
)

# --- Variant table: canonical key -> spellings (natural spellings; rules apply on load) ------
LATIN_VARIANTS: dict[str, tuple[str, ...]] = {
    "muhammad": ("mohammed", "mohammad", "mohamad", "mohamed", "muhamed", "muhammed",
                 "muhamad", "mouhamed", "mohamud", "mohammod", "mehmed", "mehmet",
                 "muhammet", "mohd"),
    "ahmad": ("ahmed", "ahmet", "achmed", "ehmed"),
    "mahmud": ("mahmoud", "mahmood", "mahmut"),
    "husayn": ("hussein", "hussain", "husein", "husain", "hosein", "hossein", "huseyin",
               "hussayn", "husejn"),
    "hasan": ("hassan", "hassen"),
    "yusuf": ("youssef", "yousef", "yusef", "jusuf", "yousif", "yousuf", "yussuf", "yusif"),
    "abd": ("abdul", "abdel", "abdal", "abdol", "abdu", "abdur", "abdus", "abdou"),
    "allah": ("ullah", "ulla"),
    "abd allah": ("abdullah", "abdulla", "abdalla", "abdellah", "abdela", "abdilah", "abdulah"),
    "ali": ("aly", "alija"),
    "umar": ("omar", "omer"),
    "uthman": ("osman", "othman", "usman"),
    "ibrahim": ("ebrahim", "ibraheem", "ibrahem", "ibrahima"),
    "ismail": ("ismael", "esmail", "smail", "ismajl"),
    "mustafa": ("mostafa", "moustafa", "mustapha", "mostapha"),
    "khalid": ("khaled", "halid", "chalid"),
    "karim": ("kareem", "kerim"),
    "rahman": ("rehman", "rahmane"),
    "kadir": ("qadir", "kader", "qader", "kadeer", "qadeer"),
    "salam": ("salaam", "selam"),
    "fatima": ("fatimah", "fatma", "fatime", "fatema"),
    "aisha": ("aysha", "ayesha", "aishah", "aicha", "ajsa", "ajsha", "aischa"),
    "maryam": ("mariam", "meryem", "merjem"),
    "zaynab": ("zainab", "zeynab", "zejneb", "zenab"),
    "amina": ("aminah", "emina"),
    "khadija": ("hadija", "khadidja", "kadija", "hatidza", "hatidzha", "hatice"),
    "yaqub": ("yakub", "jakub", "yacoub", "yaqoob", "jakup"),
    "yunus": ("younes", "younis", "junus", "yunis", "yonis"),
    "sulayman": ("suleiman", "sulaiman", "sulejman", "soliman", "suleyman"),
    "abu": ("abou",),
    "bin": ("ibn", "ben"),
    "idris": ("idriss", "edris"),
    "jamal": ("djamal", "dzemal", "dzhemal", "gamal", "cemal"),
    "nur": ("noor", "nour"),
    "rashid": ("rachid", "rasheed", "rasid"),
    "said": ("saeed", "saied", "saeid"),
    "hamid": ("hamed", "hameed"),
    "mahdi": ("mehdi",),
    "hamza": ("hamzah", "hamsa"),
    "ayyub": ("ayub", "ayoub", "ejub", "eyup"),
    "tariq": ("tarek", "tarik", "tareq"),
    "walid": ("waleed",),
    "zakariya": ("zakaria", "zakariyya", "zakarija", "zakariah"),
    "nasir": ("nasser", "naser", "nassir", "nacer"),
    "reza": ("riza", "rida", "ridha"),
    "jafar": ("jaafar", "dzafer", "djafar", "jafer"),
    "muhsin": ("mohsen", "muhsen"),
}  # fmt: skip

# Arabic-script spellings (after _normalise_arabic) -> canonical key.
ARABIC_NAMES: dict[str, str] = {
    "محمد": "muhammad", "احمد": "ahmad", "محمود": "mahmud", "حسين": "husayn", "حسن": "hasan",
    "يوسف": "yusuf", "عبد": "abd", "الله": "allah", "علي": "ali", "عمر": "umar",
    "عثمان": "uthman", "ابراهيم": "ibrahim", "اسماعيل": "ismail", "مصطفي": "mustafa",
    "خالد": "khalid", "كريم": "karim", "رحمن": "rahman", "قادر": "kadir", "سلام": "salam",
    "فاطمه": "fatima", "عايشه": "aisha", "مريم": "maryam", "زينب": "zaynab", "امينه": "amina",
    "خديجه": "khadija", "يعقوب": "yaqub", "يونس": "yunus", "سليمان": "sulayman", "ابو": "abu",
    "بن": "bin", "ابن": "bin", "ادريس": "idris", "جمال": "jamal", "نور": "nur",
    "رشيد": "rashid", "سعيد": "said", "حامد": "hamid", "مهدي": "mahdi", "حمزه": "hamza",
    "ايوب": "ayyub", "طارق": "tariq", "وليد": "walid", "زكريا": "zakariya", "ناصر": "nasir",
    "رضا": "reza", "جعفر": "jafar", "محسن": "muhsin",
}  # fmt: skip

PARTICLES = frozenset({"al", "el", "ul"})

_ARABIC_LETTERS = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ئ": "ي", "ؤ": "و",
     "ة": "ه", "ە": "ه", "ک": "ك", "ګ": "ك", "ې": "ي", "ۍ": "ي"}
)  # fmt: skip
_APOSTROPHES = re.compile(r"['’‘`ʼʻʿʾ′]")
_SEPARATORS = re.compile(r"[^\w]+|_")
_NON_ALNUM = re.compile(r"[^a-z0-9]")


def _generic(token: str) -> str:
    """Generic Latin rules for transliterated names (ASCII in, ASCII out)."""
    token = token.replace("ee", "i").replace("oo", "u").replace("ou", "u")
    token = re.sub(r"(.)\1+", r"\1", token)
    if len(token) > 3 and token.endswith("h") and token[-2] in "aeiou":
        token = token[:-1]
    return token


def _build_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, spellings in LATIN_VARIANTS.items():
        for spelling in (canonical, *spellings):
            form = _generic(spelling)
            if table.setdefault(form, canonical) != canonical:
                raise ValueError(f"name variant {spelling!r} belongs to two canonical names")
    return table


_TABLE = _build_table()
_ABD_PREFIXES = tuple(
    sorted({_generic(p) for p in (*LATIN_VARIANTS["abd"], "abd")}, key=len, reverse=True)
)


def _latin_token(token: str) -> list[str]:
    """One ASCII token -> its canonical tokens (variant table; ``abd`` compounds split)."""
    form = _generic(token)
    if form in _TABLE:
        return _TABLE[form].split()
    for prefix in _ABD_PREFIXES:
        rest = form[len(prefix) :]
        if form.startswith(prefix) and rest in _TABLE and len(rest) >= 3:
            return ["abd", *_TABLE[rest].split()]
    return [form]


def _normalise_arabic(token: str) -> str:
    return _ARABIC_MARKS.sub("", token).translate(_ARABIC_FOLD)


def _arabic_token(token: str) -> list[str]:
    token = _normalise_arabic(token)
    if token in ARABIC_NAMES:
        return [ARABIC_NAMES[token]]
    if token.startswith("ال") and token[2:] in ARABIC_NAMES:
        return [ARABIC_NAMES[token[2:]]]
    if token.startswith("ال") and len(token) > 3:
        token = token[2:]
    # No table entry: the consonant skeleton, through the same Latin rules as typed names.
    return _latin_token(_NON_ALNUM.sub("", anyascii(token).lower()))


def _to_ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return anyascii(text).lower()


def _tokens(text: str) -> list[str]:
    """Canonical tokens of one spelling (digraph choices already made)."""
    tokens: list[str] = []
    for raw in _SEPARATORS.split(text):
        if not raw:
            continue
        if _ARABIC_LETTERS.search(raw):
            tokens.extend(_arabic_token(raw))
            continue
        for part in _SEPARATORS.split(_to_ascii(raw)):
            part = _NON_ALNUM.sub("", part)
            if part:
                tokens.extend(_latin_token(part))
    tokens = [t for t in tokens if t]
    if len(tokens) > 1:
        tokens = [t for t in tokens if t not in PARTICLES] or tokens
    return tokens


def _prepare(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _APOSTROPHES.sub("", text)
    text = text.translate(_CYRILLIC)
    return unicodedata.normalize("NFC", text)


def search_keys(name: str) -> set[str]:
    """Every search key of ``name`` (any script); empty for a blank name.

    Store a blind index of each key; look a query up by the blind indexes of *its* keys.
    """
    text = _prepare(name)
    present = [(letters, readings) for letters, readings in DIGRAPH_CLASSES if any(
        ch in text for ch in letters
    )]  # fmt: skip
    keys: set[str] = set()
    for choice in itertools.product(*(readings for _letters, readings in present)):
        spelling = text
        for (letters, _readings), reading in zip(present, choice, strict=True):
            for letter in letters:
                spelling = spelling.replace(letter, reading)
        tokens = _tokens(spelling)
        if tokens:
            keys.add(" ".join(sorted(tokens)))
        if len(keys) >= MAX_KEYS:
            break
    return keys


def token_readings(name: str) -> list[list[str]]:
    """The canonical tokens of each reading of ``name`` (one list per digraph choice, at most
    ``MAX_KEYS``), in the order written. The forgiving search (``ctis.core.fuzzy_names``) and
    record linkage compare these tokens rather than the sorted keys."""
    text = _prepare(name)
    present = [(letters, readings) for letters, readings in DIGRAPH_CLASSES if any(
        ch in text for ch in letters
    )]  # fmt: skip
    result: list[list[str]] = []
    for choice in itertools.product(*(readings for _letters, readings in present)):
        spelling = text
        for (letters, _readings), reading in zip(present, choice, strict=True):
            for letter in letters:
                spelling = spelling.replace(letter, reading)
        tokens = _tokens(spelling)
        if tokens and tokens not in result:
            result.append(tokens)
        if len(result) >= MAX_KEYS:
            break
    return result


def canonical_key(name: str) -> str:
    """One representative key (the plain reading: đ → dj, č → c …), or "" for a blank name."""
    text = _prepare(name)
    for letters, readings in DIGRAPH_CLASSES:
        for letter in letters:
            text = text.replace(letter, readings[0])
    return " ".join(sorted(_tokens(text)))
