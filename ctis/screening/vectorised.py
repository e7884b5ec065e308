"""Classification of a whole chunk of JSONL lines at once, with numpy. No Django import.

:class:`ctis.screening.batch.BatchScreener` classifies record by record; at ~5 µs a record the
Python loop, not the JSON, was the bottleneck of ``ctis screen``. Here the per-record Python
work is reduced to C-level passes (``map``, ``str.join``, ``bytes.translate``, slice
assignment) and the rule itself runs as array operations on the whole chunk:

1. the strict msgspec decoder of :mod:`batch` parses and validates the lines (answers become a
   struct with one field per answerable id, in interview order, ``"unknown"`` when missing);
2. the answers of the chunk are joined into one string and reduced to one byte per answer (see
   :meth:`ChunkScreener._matrices`): the records x questions yes / answered matrices;
3. one matrix product gives, per profile and dimension, the strong / medium / weak counts and
   the ``yes`` indicators as a bit mask, plus the yes count, the red flags and the act
   questions as bit masks; another the answered count of each profile;
4. every decision is a table lookup whose table comes from :mod:`rules` itself (the dimension
   rule on the counts from ``first_clause_met``, the profiles from ``choose_profiles``, the
   result level from ``match_pattern`` / ``result_level``), and each record keeps the first of
   its candidate profiles with the highest result, as ``rules.screen`` does;
5. each line is assembled from JSON pieces cached on integer keys holding exactly what they
   depend on (computed in steps 3-4); the pieces come from ``rules`` (``red_flags_raised``,
   ``explain``...), except the dimension pieces, built from the same tables and checked
   against ``rules.evaluate_dimension`` for every possible key by a test.

The output must be byte for byte ``orjson.dumps(rules.screen(...).to_dict())`` per line; a
property test checks this on chunks of random records, with the bundled catalogue and with
variants of it. Catalogues this layout cannot represent exactly (a dimension with more than 52
indicators in a profile, keys that do not fit in 63 bits...) are left to
:class:`BatchScreener`: :func:`supports` says which.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec
import numpy as np
import numpy.typing as npt
import orjson

from ctis.screening import rules
from ctis.screening.catalogue import STRENGTHS, Catalogue

# float64 represents every integer up to 2**53 exactly: the bit masks made by the matrix
# product must stay below that.
_EXACT_BITS = 52
# Keys are packed into int64.
_KEY_BITS = 62
_ID_PREFIX = b'{"id":'
# The order of the strength counts in the weight matrix and in _DimensionLayout.
_SMW = ("S", "M", "W")
# Largest key space kept as a dense table (8 bytes an entry, per worker process).
_DENSE_KEYS = 1 << 20

IntArray = npt.NDArray[np.int64]
# float32 or float64, see ChunkScreener.float.
FloatArray = npt.NDArray[Any]


class _Pieces(dict[int, bytes]):
    """An int key -> JSON piece cache that builds missing pieces with ``make``; looked up with
    ``map(cache.__getitem__, keys)`` so that a hit costs no Python-level call. For key spaces
    too large for a :class:`_Table`."""

    def __init__(self, make: Callable[[int], bytes]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: int) -> bytes:
        piece = self[key] = self.make(key)
        return piece

    def column(self, keys: IntArray) -> list[bytes]:
        return list(map(self.__getitem__, keys.tolist()))


class _Table:
    """The same for a small key space, as a numpy object array indexed by the key: a chunk's
    pieces are then one ``take``, about four times cheaper than dictionary lookups."""

    def __init__(self, size: int, make: Callable[[int], bytes]) -> None:
        self.size = size
        self.make = make
        # Allocated on first use, i.e. in each worker process after the fork.
        self.pieces: npt.NDArray[np.object_] | None = None
        self.filled: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)

    def column(self, keys: IntArray) -> list[bytes]:
        if self.pieces is None:
            self.pieces = np.empty(self.size, dtype=object)
            self.filled = np.zeros(self.size, dtype=bool)
        missing = keys[~self.filled[keys]]
        if len(missing):
            for key in np.unique(missing).tolist():
                self.pieces[key] = self.make(key)
            self.filled[missing] = True
        return self.pieces[keys].tolist()


def _cache(size: int, make: Callable[[int], bytes]) -> _Table | _Pieces:
    """A dense table for keys below ``size`` when that is small enough, else a dictionary."""
    return _Table(size, make) if size <= _DENSE_KEYS else _Pieces(make)


def _bits(count: int) -> int:
    """Bits needed for the values 0..count."""
    return max(1, math.ceil(math.log2(count + 1)))


def supports(catalogue: Catalogue) -> bool:
    """Whether :class:`ChunkScreener` can classify with this catalogue exactly."""
    widest = _widest(catalogue)
    questions = len(catalogue.question_order)
    dimensions = len(catalogue.dimensions)
    acts = len(catalogue.act_questions)
    flags = len(catalogue.red_flags)
    profile_bits = _bits(len(catalogue.profiles))
    return (
        set(STRENGTHS) == set(_SMW)
        and widest <= _EXACT_BITS
        and widest + profile_bits <= _KEY_BITS
        and flags <= 16
        # The rank tables have 2 ** (dimensions + acts + 1) entries, built eagerly.
        and dimensions + acts <= 12
        and questions < 1 << 12
        # The explanation key.
        and profile_bits + dimensions + max(acts, 1) + max(flags, 1) + 2 * _bits(questions + 1)
        <= _KEY_BITS
    )


def _widest(catalogue: Catalogue) -> int:
    """The most indicators a dimension has in one profile."""
    return max(
        sum(1 for i in profile.indicators if catalogue.indicators[i].dimension == dimension)
        for profile in catalogue.profiles.values()
        for dimension in catalogue.dimensions
    )


@dataclass(frozen=True, slots=True)
class _DimensionLayout:
    """A dimension of a profile, its indicators numbered in catalogue order (bit k = the k-th):
    the start of its JSON piece, the masks of its S, M and W indicators, each id as JSON."""

    name: bytes
    strength_masks: tuple[int, ...]
    ids: tuple[bytes, ...]


class ChunkScreener:
    """Classifies a chunk of raw JSONL lines into contract JSON lines."""

    def __init__(self, catalogue: Catalogue, decode_lines: Callable[[Any], list[Any]]) -> None:
        self.catalogue = catalogue
        self.decode_lines = decode_lines
        self.encode = msgspec.json.Encoder().encode
        order = catalogue.question_order
        position = {item: k for k, item in enumerate(order)}
        self.questions = len(order)
        self.profile_names = tuple(catalogue.profiles)
        self.profile_index = {name: k for k, name in enumerate(self.profile_names)}
        self.dimensions = tuple(catalogue.dimensions)
        self.red_flags = tuple(flag.id for flag in catalogue.red_flags)
        self.acts = tuple(act.id for act in catalogue.act_questions)
        profiles = len(self.profile_names)
        dimensions = len(self.dimensions)

        # Columns of the weight matrix, per profile: D x (S, M, W) counts, D bit masks of the
        # dimension's yes indicators (bit k = the dimension's k-th indicator of the profile in
        # catalogue order, the order of DimensionResult.indicators), and the yes count. Then
        # the red flags and the act questions as bit masks.
        self.members: list[list[list[str]]] = []  # profile -> dimension -> ids
        self.dimension_layouts: list[list[_DimensionLayout]] = []  # the same, for the JSON
        columns: list[npt.NDArray[np.float64]] = []
        limits = dict.fromkeys(_SMW, 0)
        for name in self.profile_names:
            indicators = catalogue.profiles[name].indicators
            by_dimension = [
                [i for i in indicators if catalogue.indicators[i].dimension == d]
                for d in self.dimensions
            ]
            self.members.append(by_dimension)
            self.dimension_layouts.append([
                _DimensionLayout(
                    (b"," if d else b"") + orjson.dumps(self.dimensions[d]),
                    tuple(
                        sum(1 << k for k, i in enumerate(ids)
                            if catalogue.indicators[i].strengths[name] == strength)
                        for strength in _SMW
                    ),
                    tuple(orjson.dumps(i) for i in ids),
                )
                for d, ids in enumerate(by_dimension)
            ])  # fmt: skip
            for ids in by_dimension:
                for strength in _SMW:
                    column = np.zeros(self.questions)
                    chosen = [i for i in ids if catalogue.indicators[i].strengths[name] == strength]
                    column[[position[i] for i in chosen]] = 1
                    limits[strength] = max(limits[strength], len(chosen))
                    columns.append(column)
            for ids in by_dimension:
                column = np.zeros(self.questions)
                for bit, i in enumerate(ids):
                    column[position[i]] = float(1 << bit)
                columns.append(column)
            column = np.zeros(self.questions)
            column[[position[i] for i in indicators]] = 1
            columns.append(column)
        self.per_profile = 4 * dimensions + 1
        for questions in (self.red_flags, self.acts):
            column = np.zeros(self.questions)
            for bit, i in enumerate(questions):
                column[position[i]] = float(1 << bit)
            columns.append(column)
        # float32 halves the matrix product's time and is exact while every sum is below
        # 2 ** 24 (bit masks of at most 23 indicators).
        self.float: type[np.floating[Any]] = np.float32 if _widest(catalogue) <= 23 else np.float64
        self.weights: FloatArray = np.stack(columns, axis=1).astype(self.float)
        # Answered (yes or no) indicators of each profile: the completeness.
        self.member_weights: FloatArray = np.stack(
            [
                np.isin(np.arange(self.questions),
                        [position[i] for i in catalogue.profiles[name].indicators]).astype(float)
                for name in self.profile_names
            ],
            axis=1,
        ).astype(self.float)  # fmt: skip
        self.totals = [len(catalogue.profiles[name].indicators) for name in self.profile_names]

        # The dimension rule on (S, M, W), from rules.first_clause_met.
        self.shape_m = limits["M"] + 1
        self.shape_w = limits["W"] + 1
        self.positive_table = np.array(
            [
                rules.first_clause_met(catalogue.dimension_rule, {"S": s, "M": m, "W": w})
                is not None
                for s in range(limits["S"] + 1)
                for m in range(self.shape_m)
                for w in range(self.shape_w)
            ],
            dtype=np.int64,
        )
        # The result rank of each profile on (positive dimensions, acts, any yes), from
        # rules.match_pattern and rules.result_level.
        self.level_shift = dimensions + len(self.acts)
        self.rank_tables = np.array(
            [
                [
                    rules.RANK[self._level(p, key)]
                    for key in range(1 << (self.level_shift + 1))
                ]
                for p in range(profiles)
            ],
            dtype=np.int64,
        )  # fmt: skip
        self.exploitation_bit = 1 << self.dimensions.index(catalogue.exploitation_dimension)

        # The profile choice, from rules.choose_profiles: (age, age at exploitation,
        # exploitation) -> index into self.choices.
        self.choices: list[tuple[tuple[int, ...], bytes]] = []
        self.choice_of = _Choices(self)

        # Key layouts (the widths come from the catalogue, see supports()).
        self.profile_bits = _bits(profiles)
        self.flag_bits = max(1, len(self.red_flags))
        self.act_bits = max(1, len(self.acts))
        self.count_bits = _bits(self.questions + 1)
        # Per dimension: key = the dimension's yes mask << profile bits | profile.
        widest = [max(len(self.members[p][d]) for p in range(profiles)) for d in range(dimensions)]
        self.dimension_pieces = [
            _cache(
                1 << (widest[d] + self.profile_bits), functools.partial(self._dimension_piece, d)
            )
            for d in range(dimensions)
        ]
        self.heads = _Pieces(self._head)
        self.flag_pieces = _cache(
            (self.questions + 1) << (self.profile_bits + self.flag_bits),
            self._flags_and_completeness,
        )
        self.explanations = _Pieces(self._explanation)
        self.tail = b',"catalogue":' + orjson.dumps(catalogue.ref) + b',"explanation":'

    # -- decisions, each from the rules module ----------------------------------------------

    def _level(self, profile: int, key: int) -> str:
        dimensions = len(self.dimensions)
        names = [d for k, d in enumerate(self.dimensions) if key >> k & 1]
        acts = [a for k, a in enumerate(self.acts) if key >> (dimensions + k) & 1]
        any_yes = key >> self.level_shift & 1
        name = self.profile_names[profile]
        pattern = self.catalogue.patterns[self.catalogue.profiles[name].pattern]
        match = rules.match_pattern(pattern, names, acts)
        return rules.result_level(self.catalogue, match, names, any_yes)

    def choose(self, age: Any, exposure: Any, exploitation: Any) -> int:
        """Raises rules.RecordError for an age out of range (as rules.parse_record would)."""
        rules.check_age(age, "age")
        rules.check_age(exposure, "age_at_exploitation")
        profiles, warnings = rules.choose_profiles(
            self.catalogue, age, exposure, exploitation or "unknown"
        )
        self.choices.append(
            (tuple(self.profile_index[p] for p in profiles), orjson.dumps(list(warnings)))
        )
        return len(self.choices) - 1

    # -- pieces ------------------------------------------------------------------------------

    def _dimension_piece(self, dimension: int, key: int) -> bytes:
        """``,"<dimension>":{...}`` for key = yes mask << profile bits | profile: the JSON of
        ``rules.evaluate_dimension(...).to_dict()`` (a test checks it byte for byte), built
        without it because there are tens of thousands of these per worker (~1 µs instead of
        ~7 µs each): strength counts by bit counts, the rule from the table made by
        ``rules.first_clause_met``, the ids from their JSON."""
        mask, profile = divmod(key, 1 << self.profile_bits)
        layout = self.dimension_layouts[profile][dimension]
        s, m, w = ((mask & group).bit_count() for group in layout.strength_masks)
        positive = self.positive_table[(s * self.shape_m + m) * self.shape_w + w]
        ids = b",".join([piece for k, piece in enumerate(layout.ids) if mask >> k & 1])
        return b'%s:{"positive":%s,"S":%d,"M":%d,"W":%d,"indicators":[%s]}' % (
            layout.name, b"true" if positive else b"false", s, m, w, ids,
        )  # fmt: skip

    def _reference_dimension_piece(self, dimension: int, key: int) -> bytes:
        """What :meth:`_dimension_piece` must give, from the rules module (for the tests)."""
        mask, profile = divmod(key, 1 << self.profile_bits)
        ids = [i for k, i in enumerate(self.members[profile][dimension]) if mask >> k & 1]
        result = rules.evaluate_dimension(
            self.catalogue, self.profile_names[profile], self.dimensions[dimension], ids
        )
        piece = orjson.dumps({self.dimensions[dimension]: result.to_dict()})[1:-1]
        return piece if dimension == 0 else b"," + piece

    def _head(self, key: int) -> bytes:
        """From ``,"result"`` to ``"dimensions":{`` for key = (choice, profile, rank)."""
        rest, rank = divmod(key, len(rules.RESULTS))
        choice, profile = divmod(rest, 1 << self.profile_bits)
        return (
            b',"result":' + orjson.dumps(rules.RESULTS[rank])
            + b',"profile":' + orjson.dumps(self.profile_names[profile])
            + b',"warnings":' + self.choices[choice][1] + b',"dimensions":{'
        )  # fmt: skip

    def _flags_and_completeness(self, key: int) -> bytes:
        """``},"red_flags":[...],"completeness":x`` for key = (answered, profile, flags)."""
        flags = key & ((1 << self.flag_bits) - 1)
        rest = key >> self.flag_bits
        answered, profile = divmod(rest, 1 << self.profile_bits)
        answers = {f: "yes" for k, f in enumerate(self.red_flags) if flags >> k & 1}
        hits = rules.red_flags_raised(self.catalogue, answers)
        completeness = round(answered / self.totals[profile], 4)
        return (
            b'},"red_flags":' + orjson.dumps([hit.to_dict() for hit in hits])
            + b',"completeness":' + orjson.dumps(completeness)
        )  # fmt: skip

    def _explanation(self, key: int) -> bytes:
        """The rest of the line and the start of the next one, for the key packed in
        :meth:`screen_chunk` (explain's arguments, with the yes count only where the sentence
        can mention it, and the answered count only where there is no yes)."""
        fields = []
        for width in (self.count_bits, self.count_bits, self.flag_bits, self.act_bits,
                      len(self.dimensions)):  # fmt: skip
            fields.append(key & ((1 << width) - 1))
            key >>= width
        answered, yes_count, flags, acts, positive = (f - 1 if k < 2 else f
                                                      for k, f in enumerate(fields))  # fmt: skip
        name = self.profile_names[key]
        pattern = self.catalogue.patterns[self.catalogue.profiles[name].pattern]
        held = frozenset(
            a for k, a in enumerate(self.acts)
            if acts >> k & 1 and any(a in group for group in pattern.all_of)
        )  # fmt: skip
        sentence = rules.explain(
            self.catalogue,
            name,
            frozenset(d for k, d in enumerate(self.dimensions) if positive >> k & 1),
            held,
            yes_count,
            answered,
            tuple(f for k, f in enumerate(self.red_flags) if flags >> k & 1),
        )
        return self.tail + orjson.dumps(sentence) + b"}\n" + _ID_PREFIX

    # -- a chunk -----------------------------------------------------------------------------

    def screen_chunk(self, data: bytes | memoryview) -> tuple[bytes, int]:
        """(output, records) for the lines of ``data``.

        Raises:
            msgspec.ValidationError, msgspec.DecodeError: a line is malformed.
            rules.RecordError: an age is out of range.
        """
        pieces, count = self.screen_pieces(data)
        return b"".join(pieces), count

    def screen_pieces(self, data: bytes | memoryview) -> tuple[list[bytes], int]:
        """(output as a list of pieces, records) for the lines of ``data``.

        Raises:
            msgspec.ValidationError, msgspec.DecodeError: a line is malformed.
            rules.RecordError: an age is out of range.
        """
        records = self.decode_lines(data)
        count = len(records)
        if not count:
            return [], 0
        astuple = msgspec.structs.astuple
        ids, answers, ages, exposures, kinds = zip(*map(astuple, records), strict=True)
        del records
        choice = np.fromiter(
            map(self.choice_of.__getitem__, zip(ages, exposures, kinds, strict=True)),
            dtype=np.int64,
            count=count,
        )
        yes, known = self._matrices(answers, count)
        del answers

        values = np.rint(yes @ self.weights).astype(np.int64)
        answered_all = np.rint(known @ self.member_weights).astype(np.int64)
        flags = values[:, -2]
        acts = values[:, -1]

        # Every profile is evaluated for every record (there are few profiles); then each
        # record keeps the first of its candidate profiles with the highest rank.
        dimensions = len(self.dimensions)
        positives = []
        ranks = []
        for p in range(len(self.profile_names)):
            block = values[:, p * self.per_profile : (p + 1) * self.per_profile]
            counts = block[:, : 3 * dimensions].reshape(count, dimensions, 3)
            cell = (counts[:, :, 0] * self.shape_m + counts[:, :, 1]) * self.shape_w
            positive = self.positive_table[cell + counts[:, :, 2]]
            bits = positive @ (1 << np.arange(dimensions, dtype=np.int64))
            any_yes = block[:, -1] > 0
            level_key = bits | acts << dimensions | any_yes.astype(np.int64) << self.level_shift
            positives.append(bits)
            ranks.append(self.rank_tables[p][level_key])
        rank_matrix = np.stack(ranks)
        candidates = self._candidates()
        best = np.full(count, -1, dtype=np.int64)
        chosen = np.zeros(count, dtype=np.int64)
        rows = np.arange(count)
        for slot in range(candidates.shape[1]):
            profile = candidates[choice, slot]
            rank = np.where(profile >= 0, rank_matrix[np.maximum(profile, 0), rows], -1)
            better = rank > best
            best = np.where(better, rank, best)
            chosen = np.where(better, profile, chosen)

        chosen_block = values[:, :-2].reshape(count, -1, self.per_profile)[rows, chosen]
        positive = np.stack(positives)[chosen, rows]
        yes_count = chosen_block[:, 4 * dimensions]
        answered = answered_all[rows, chosen]

        head_key = (choice << self.profile_bits | chosen) * len(rules.RESULTS) + best
        flag_key = (answered << self.profile_bits | chosen) << self.flag_bits | flags
        # explain() mentions the yes count only without exploitation (indicators_present) and
        # the answered count only without any yes (no_indicators).
        spoken_yes = np.where(positive & self.exploitation_bit, 0, yes_count + 1)
        spoken_answered = np.where(yes_count > 0, 0, answered + 1)
        explanation_key = chosen
        for field, width in (
            (positive, dimensions),
            (acts, self.act_bits),
            (flags, self.flag_bits),
            (spoken_yes, self.count_bits),
            (spoken_answered, self.count_bits),
        ):
            explanation_key = explanation_key << width | field

        # Assemble: id, head, D dimension pieces, flags and completeness, explanation (which
        # ends with the next line's '{"id":').
        width = dimensions + 4
        out: list[bytes] = [b""] * (count * width + 1)
        out[0] = _ID_PREFIX
        out[1::width] = map(self.encode, ids)
        out[2::width] = self.heads.column(head_key)
        masks = (
            chosen_block[:, 3 * dimensions : 4 * dimensions] << self.profile_bits | chosen[:, None]
        )
        for d, pieces in enumerate(self.dimension_pieces):
            out[3 + d :: width] = pieces.column(masks[:, d])
        out[3 + dimensions :: width] = self.flag_pieces.column(flag_key)
        out[4 + dimensions :: width] = self.explanations.column(explanation_key)
        out[-1] = out[-1][: -len(_ID_PREFIX)]
        return out, count

    def _matrices(self, answers: Sequence[Any], count: int) -> tuple[FloatArray, FloatArray]:
        """(yes, answered) as records x questions 0/1 matrices.

        The decoder only lets "yes", "no" and "unknown" through; the answers of the chunk
        are joined into one string and classified by bytes in C and numpy, with no Python
        object per answer."""
        join = "".join
        text = join(map(join, map(msgspec.structs.astuple, answers))).encode("ascii")
        # Deleting the letters "e", "s", "n", "u" and "k" leaves "y" (yes), "o" (no) and "ow"
        # (unknown): one "y" or "o" per answer, and a "w" after each unknown.
        marks = np.frombuffer(text.translate(None, b"esnuk"), dtype=np.uint8)
        is_w = marks == ord("w")
        codes = marks[~is_w]
        if len(codes) != count * self.questions:  # cannot happen with the strict decoder
            raise AssertionError("answers do not match the catalogue")
        unknown = np.flatnonzero(is_w)
        # The answer before the k-th "w" is the one at (its position - k - 1) in ``codes``.
        known = np.ones(len(codes), dtype=self.float)
        known[unknown - np.arange(1, len(unknown) + 1)] = 0
        shape = (count, self.questions)
        return (codes == ord("y")).astype(self.float).reshape(shape), known.reshape(shape)

    def _candidates(self) -> IntArray:
        """choice -> candidate profiles in tie-break order, padded with -1."""
        if getattr(self, "_candidate_count", -1) != len(self.choices):
            widest = max(len(p) for p, _ in self.choices)
            table = np.full((len(self.choices), max(widest, 1)), -1, dtype=np.int64)
            for k, (profiles, _) in enumerate(self.choices):
                table[k, : len(profiles)] = profiles
            self._candidate_table = table
            self._candidate_count = len(self.choices)
        return self._candidate_table


class _Choices(dict[tuple[Any, Any, Any], int]):
    def __init__(self, screener: ChunkScreener) -> None:
        super().__init__()
        self.screener = screener

    def __missing__(self, key: tuple[Any, Any, Any]) -> int:
        index = self[key] = self.screener.choose(*key)
        return index
