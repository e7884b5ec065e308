"""Search keys for names: scripts, diacritics and transliteration variants."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ctis.core.names import MAX_KEYS, canonical_key, search_keys

# Serbian Cyrillic -> Gaj's Latin alphabet, written out here independently of the module.
SERBIAN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z",
    "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c",
    "ч": "č", "џ": "dž", "ш": "š",
}  # fmt: skip
# Latin with diacritics -> the plain reading a keyboard without them gives.
PLAIN = {"đ": "dj", "ž": "z", "ć": "c", "č": "c", "š": "s"}


def matches(a: str, b: str) -> bool:
    return bool(search_keys(a) & search_keys(b))


def test_the_serbian_pair_gives_the_same_keys_in_both_scripts():
    assert search_keys("Марко Петровић") == search_keys("Marko Petrović")
    assert search_keys("Marko Petrović") == {"marko petrovic", "marko petrovich"}
    assert search_keys("Marko Petrovic") == {"marko petrovic"}
    assert matches("Marko Petrovic", "Марко Петровић")


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("Ђорђе Ђурић", {"djordje djuric", "djordje djurich", "dorde duric", "dorde durich"}),
        ("Ѓорѓи Ќосев", {"gjorgji kjosev"}),
        ("Џенана Љубић", {"dzenana ljubic", "dzenana ljubich", "dzhenana ljubic",
                          "dzhenana ljubich"}),
        ("Ѕвонко", {"dzvonko"}),
        ("Drita Bërisha", {"berisha drita"}),
        ("Çelë", {"cele", "chele"}),
        ("Mohammed", {"muhammad"}),
        ("Mehmed", {"muhammad"}),
        ("محمد", {"muhammad"}),
        ("Abdul Rahman", {"abd rahman"}),
        ("عبد الله", {"abd allah"}),
        ("Abdullah", {"abd allah"}),
        ("Youssef al-Hassan", {"hasan yusuf"}),
        ("Sa'id", {"said"}),
        ("   ", set()),
    ],
)  # fmt: skip
def test_keys_written_out_by_hand(name: str, keys: set[str]):
    assert search_keys(name) == keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Đorđe Đurić", "Djordje Djuric"),
        ("Đorđe Đurić", "Dorde Duric"),
        ("Đurić", "Djurich"),
        ("Šehić", "Shehic"),
        ("Жарко", "Zarko"),
        ("Mohammed", "Muhammad"),
        ("Mohamad", "Mohamed"),
        ("Muhamed", "Mehmed"),
        ("محمد", "Mohammed"),
        ("Ahmad", "Ahmed"),
        ("أحمد", "Ahmed"),
        ("Hussein", "Hussain"),
        ("Husein", "حسين"),
        ("Abdul Rahman", "Abdel Rahman"),
        ("Abd al-Rahman", "Abdurrahman"),
        ("Abdulrahman", "عبد الرحمن"),
        ("Yusuf", "Youssef"),
        ("Jusuf", "يوسف"),
        ("Fatimah", "فاطمة"),
        ("Hatidža", "Khadija"),
        ("Mohammed Ali Hassan", "Hasan Muhammad Aly"),
        ("Petrović Marko", "Marko Petrović"),
    ],
)
def test_spellings_of_one_name_find_each_other(a: str, b: str):
    assert matches(a, b)
    assert matches(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Marko Petrović", "Marko Petrovski"),
        ("Marko", "Marco"),
        ("Marko", "Marko Petrović"),
        ("Ahmed", "Mahmud"),
        ("Hasan", "Husein"),
        ("Ana", "Ani"),
        ("Djordje Djuric", "Dorde Duric"),  # only the spelling with đ links the two
    ],
)
def test_different_names_do_not_match(a: str, b: str):
    assert not matches(a, b)


def test_a_name_has_at_most_sixteen_keys():
    assert len(search_keys("Đorđe Šćepanović Živković Đurić")) == MAX_KEYS == 16


def test_the_canonical_key_is_the_plain_reading():
    assert canonical_key("Ђорђе Ђурић") == "djordje djuric"
    assert canonical_key("") == ""


names = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyz čćšžđëçüАБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШѓќѕ-'")
        + list("محمدأحسينيوسفعبدالله ")
    ),
    max_size=30,
)
serbian_words = st.lists(
    st.text(alphabet=st.sampled_from(sorted(SERBIAN)), min_size=1, max_size=10),
    min_size=1,
    max_size=4,
)


@given(names)
@example("b abdul")  # once joined "abd b" into "abdb" on a second pass
def test_keys_are_idempotent(name: str):
    for key in search_keys(name):
        assert search_keys(key) == {key}


@given(serbian_words)
def test_serbian_cyrillic_latin_and_plain_latin_agree(words: list[str]):
    cyrillic = " ".join(words)
    latin = " ".join("".join(SERBIAN[ch] for ch in word) for word in words)
    plain = "".join(PLAIN.get(ch, ch) for ch in latin)
    assert search_keys(cyrillic) == search_keys(latin)
    assert search_keys(cyrillic.upper()) == search_keys(latin.title())
    assert search_keys(plain) <= search_keys(cyrillic)
    assert canonical_key(cyrillic) in search_keys(plain)


@given(st.lists(st.sampled_from(["Marko", "Petrović", "Mohammed", "Ђурић", "al-Hassan"]),
                min_size=1, max_size=4), st.randoms())  # fmt: skip
def test_token_order_does_not_matter(tokens: list[str], random: object):
    shuffled = list(tokens)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert search_keys(" ".join(tokens)) == search_keys(" ".join(shuffled))
