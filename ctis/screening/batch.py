"""Fast classification of JSONL files for ``ctis screen``. No Django import.

The rule itself lives in :mod:`ctis.screening.rules`; this module only makes applying it to a
million lines fast, and must give the same JSON as ``rules.screen(...).to_dict()`` for every
record (a property test checks this):

- a strict msgspec decoder checks each line against the contract and the catalogue while
  parsing it (answers become a tuple in interview order); a line it rejects goes through
  ``rules.parse_record``, so errors carry the canonical message;
- decisions come from ``rules`` (profile choice, dimension rule, pattern, explanation) and are
  memoised on exactly what they depend on (a dimension's ``yes`` indicators as a bit mask, the
  positive dimensions, the red flags...), with the JSON of each piece cached as bytes. This is
  honest for varied data: a cache entry is a pure function of its key;
- a whole chunk is classified at once by :mod:`ctis.screening.vectorised` when the catalogue
  fits its layout (the bundled one does); the record-by-record code here is the fallback, and
  the path for single lines and malformed chunks;
- files, chunks and worker processes are handled in :mod:`ctis.screening.parallel`.
"""

from __future__ import annotations

import gc
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import msgspec
import orjson

from ctis.screening import rules
from ctis.screening.catalogue import STRENGTHS, Catalogue
from ctis.screening.vectorised import ChunkScreener, supports

MAX_ERRORS = 20


@dataclass(frozen=True, slots=True)
class LineError:
    line: int
    record_id: str | None
    item: str | None
    message: str

    def moved(self, lines: int) -> LineError:
        """The same error, numbered in a file where ``lines`` lines come first."""
        return LineError(self.line + lines, self.record_id, self.item, self.message)

    def render(self, filename: str) -> str:
        record = f" (record {self.record_id!r})" if self.record_id is not None else ""
        return f"{filename}:{self.line}{record}: {self.message}"


class _Profile:
    """Per-profile lookup tables over the positions of the decoder's answer tuple, filled
    lazily from the rules functions."""

    def __init__(self, catalogue: Catalogue, name: str, position: dict[str, int]) -> None:
        members = catalogue.profiles[name].indicators
        self.name = name
        self.total = len(members)
        self.mask = sum(1 << position[i] for i in members)
        # Positions outside the profile (red flags, act questions, other profiles' indicators).
        outside = [k for i, k in position.items() if i not in set(members)]
        self.outside = _getter(outside)
        self.dimension_names = tuple(catalogue.dimensions)
        # Per dimension: the mask of the profile's indicators in it, and a cache
        # yes mask -> (its bit if positive else 0, JSON piece).
        self.dimension_masks = tuple(
            sum(1 << position[i] for i in members if catalogue.indicators[i].dimension == d)
            for d in self.dimension_names
        )
        self.caches: tuple[dict[int, tuple[int, bytes]], ...] = tuple(
            {} for _ in self.dimension_names
        )
        self.dimension_caches = tuple(zip(self.dimension_masks, self.caches, strict=True))
        # Per dimension, the masks of the profile's strong, medium and weak indicators.
        self.strength_masks = tuple(
            tuple(
                (strength, sum(1 << position[i] for i in members
                               if catalogue.indicators[i].dimension == d
                               and catalogue.indicators[i].strengths[name] == strength))
                for strength in STRENGTHS
            )
            for d in self.dimension_names
        )  # fmt: skip
        # Per dimension, (bit, id) of the profile's indicators in catalogue order.
        self.dimension_bits = tuple(
            [(1 << position[i], i) for i in members if catalogue.indicators[i].dimension == d]
            for d in self.dimension_names
        )
        self.exploitation_bit = 1 << self.dimension_names.index(catalogue.exploitation_dimension)
        self.completeness = [
            orjson.dumps(round(answered / self.total, 4)) for answered in range(self.total + 1)
        ]


def _getter(positions: list[int]) -> Callable[[tuple[str, ...]], tuple[str, ...]]:
    """``values -> tuple(values[p] for p in positions)``, in C when possible."""
    if len(positions) >= 2:
        return operator.itemgetter(*positions)
    if positions:
        only = positions[0]
        return lambda values: (values[only],)
    return lambda values: ()


def _decoder(catalogue: Catalogue) -> msgspec.json.Decoder[Any]:
    """A decoder that checks a line against the contract and the catalogue while parsing:
    answers become a struct with one field per answerable id (missing = "unknown"), in
    interview order, which is also the order the fields are looked up fastest in."""
    answer = Literal["yes", "no", "unknown"]
    names = {f"q{k}": item for k, item in enumerate(catalogue.question_order)}
    answers = msgspec.defstruct(
        "Answers", [(field, answer, "unknown") for field in names], rename=names,
        forbid_unknown_fields=True, gc=False,
    )  # fmt: skip
    exploitation = Literal["labour", "sexual", "both", "unknown"]
    record = msgspec.defstruct(
        "Record",
        [("id", str), ("answers", answers), ("age", int | None, None),
         ("age_at_exploitation", int | None, None), ("exploitation", exploitation | None, None)],
        forbid_unknown_fields=True, gc=False,
    )  # fmt: skip
    return msgspec.json.Decoder(record)


class BatchScreener:
    """Classifies raw JSONL lines into contract JSON lines (bytes, newline-terminated)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.order = catalogue.question_order
        self.position = position = {item: k for k, item in enumerate(self.order)}
        decoder = _decoder(catalogue)
        self.decode = decoder.decode
        self.decode_lines = decoder.decode_lines
        # orjson.dumps results that are kept alive cost ~2 µs each (allocation); msgspec's don't.
        self.encode = msgspec.json.Encoder().encode
        self.profiles = {name: _Profile(catalogue, name, position) for name in catalogue.profiles}
        self.red_flags = tuple(flag.id for flag in catalogue.red_flags)
        self.flag_mask = sum(1 << position[f] for f in self.red_flags)
        self.acts = tuple(act.id for act in catalogue.act_questions)
        self.act_mask = sum(1 << position[a] for a in self.acts)
        self.tail = b',"catalogue":' + orjson.dumps(catalogue.ref) + b',"explanation":'
        self._choices: dict[tuple[Any, Any, Any], tuple[tuple[_Profile, ...], bytes]] = {}
        self._frames: dict[tuple[Any, ...], tuple[bytes, bytes, bytes]] = {}
        self._no_acts: frozenset[str] = frozenset()
        # Whole chunks at once with numpy (per record, ~5 µs of work after decoding becomes
        # ~2.5 µs), when the catalogue fits; the record-by-record path below otherwise.
        self.chunks = ChunkScreener(catalogue, self.decode_lines) if supports(catalogue) else None

    # -- cached pieces ----------------------------------------------------------------------

    def _dimension(
        self, profile: _Profile, cache: dict[int, tuple[int, bytes]], yes_mask: int
    ) -> tuple[int, bytes]:
        """A dimension's result for the yes answers in ``yes_mask``, cached as a JSON piece
        (the same JSON as ``rules.DimensionResult.to_dict``, which a property test checks)."""
        index = profile.caches.index(cache)
        counts: dict[str, int] = {
            s: (yes_mask & m).bit_count() for s, m in profile.strength_masks[index]
        }
        positive = rules.first_clause_met(self.catalogue.dimension_rule, counts) is not None
        ids = [i for bit, i in profile.dimension_bits[index] if yes_mask & bit]
        piece = b'"%s":{"positive":%s,"S":%d,"M":%d,"W":%d,"indicators":%s}' % (
            profile.dimension_names[index].encode(), b"true" if positive else b"false",
            counts["S"], counts["M"], counts["W"], orjson.dumps(ids),
        )  # fmt: skip
        hit = (1 << index if positive else 0, b"," + piece if index else piece)
        cache[yes_mask] = hit
        return hit

    def _choice(
        self, age: Any, exposure: Any, exploitation: Any
    ) -> tuple[tuple[_Profile, ...], bytes]:
        rules.check_age(age, "age")
        rules.check_age(exposure, "age_at_exploitation")
        profiles, warnings = rules.choose_profiles(
            self.catalogue, age, exposure, exploitation or "unknown"
        )
        return tuple(self.profiles[p] for p in profiles), orjson.dumps(list(warnings))

    def _level(self, profile: _Profile, positive: int, acts: frozenset[str], any_yes: bool) -> str:
        names = [n for k, n in enumerate(profile.dimension_names) if positive >> k & 1]
        pattern = self.catalogue.patterns[self.catalogue.profiles[profile.name].pattern]
        match = rules.match_pattern(pattern, names, acts)
        return rules.result_level(self.catalogue, match, names, 1 if any_yes else 0)

    # -- one line ---------------------------------------------------------------------------

    def screen_line(self, line: bytes, out: list[bytes]) -> None:
        """Append the output pieces for one line to ``out``.

        Raises:
            rules.RecordError: the record is malformed (with the canonical message).
            orjson.JSONDecodeError: the line is not JSON.
        """
        try:
            record = self.decode(line)
        except (msgspec.ValidationError, msgspec.DecodeError):
            # The strict decoder said no: let the canonical validation name the problem.
            self._slow(orjson.loads(line), out)
            return
        self.screen_record(record, out)

    def screen_record(self, record: Any, out: list[bytes]) -> None:
        """Append the output pieces for one record the strict decoder accepted to ``out``."""
        self.screen_records([record], out)

    def screen_records(self, records: Iterable[Any], out: list[bytes]) -> None:
        """Append the output pieces for records the strict decoder accepted to ``out``.

        The hot loop of ``ctis screen``: everything it needs is bound to local names first.
        """
        choices = self._choices
        frames = self._frames
        encode = self.encode
        astuple = msgspec.structs.astuple
        act_mask = self.act_mask
        flag_mask = self.flag_mask
        no_acts = self._no_acts
        for record in records:
            choice_key = (record.age, record.age_at_exploitation, record.exploitation)
            choice = choices.get(choice_key)
            if choice is None:
                choice = choices[choice_key] = self._choice(*choice_key)
            candidates, warnings = choice

            values = astuple(record.answers)
            mask = 0
            position = -1
            index = values.index
            for _ in range(values.count("yes")):
                position = index("yes", position + 1)
                mask |= 1 << position
            acts = no_acts if not mask & act_mask else self._acts(mask)

            if len(candidates) == 1:
                profile = candidates[0]
                profile_mask = mask & profile.mask
                positive = 0
                pieces = []
                for dimension_mask, cache in profile.dimension_caches:
                    hit = cache.get(profile_mask & dimension_mask)
                    if hit is None:
                        hit = self._dimension(profile, cache, profile_mask & dimension_mask)
                    positive += hit[0]
                    pieces.append(hit[1])
            else:
                profile, profile_mask, positive, pieces = self._best(candidates, mask, acts)

            # The profile's indicators answered yes or no.
            answered = profile.total - (
                values.count("unknown") - profile.outside(values).count("unknown")
            )
            # Everything the rest of the line depends on. The explanation mentions the number
            # of yes answers only without exploitation, and the number answered only without
            # any yes.
            frame_key = (
                warnings, profile, positive, acts, mask & flag_mask,
                -1 if positive & profile.exploitation_bit else profile_mask.bit_count(),
                -1 if profile_mask else answered,
            )  # fmt: skip
            frame = frames.get(frame_key)
            if frame is None:
                frame = frames[frame_key] = self._frame(*frame_key, profile_mask, answered)
            out += (
                b'{"id":', encode(record.id), frame[0], *pieces,
                frame[1], profile.completeness[answered], frame[2],
            )  # fmt: skip

    def _acts(self, mask: int) -> frozenset[str]:
        return frozenset(a for a in self.acts if mask >> self.position[a] & 1)

    def _frame(
        self,
        warnings: bytes,
        profile: _Profile,
        positive: int,
        acts: frozenset[str],
        flag_mask: int,
        _yes: int,
        _answered: int,
        profile_mask: int,
        answered: int,
    ) -> tuple[bytes, bytes, bytes]:
        """(head, red flags, explanation) pieces of a line; see ``frame_key``."""
        _, head = self._head(warnings, profile, positive, acts, profile_mask != 0)
        flags = self._flag_part(flag_mask)
        explanation = self._explanation(
            profile, positive, acts, flag_mask, profile_mask.bit_count(), answered
        )
        return head, flags, explanation

    def _dimensions(self, profile: _Profile, profile_mask: int) -> tuple[int, list[bytes]]:
        """(bits of the positive dimensions, JSON pieces) of a profile."""
        positive = 0
        pieces = []
        for dimension_mask, cache in profile.dimension_caches:
            hit = cache.get(profile_mask & dimension_mask)
            if hit is None:
                hit = self._dimension(profile, cache, profile_mask & dimension_mask)
            positive += hit[0]
            pieces.append(hit[1])
        return positive, pieces

    def _best(
        self, candidates: tuple[_Profile, ...], mask: int, acts: frozenset[str]
    ) -> tuple[_Profile, int, int, list[bytes]]:
        """The evaluated profile with the highest result (the first one on ties)."""
        best: tuple[int, _Profile, int, int, list[bytes]] | None = None
        for profile in candidates:
            profile_mask = mask & profile.mask
            positive, pieces = self._dimensions(profile, profile_mask)
            rank = rules.RANK[self._level(profile, positive, acts, profile_mask != 0)]
            if best is None or rank > best[0]:
                best = (rank, profile, profile_mask, positive, pieces)
        assert best is not None
        return best[1:]

    def _head(
        self, warnings: bytes, profile: _Profile, positive: int, acts: frozenset[str], any_yes: bool
    ) -> tuple[str, bytes]:
        level = self._level(profile, positive, acts, any_yes)
        return level, (
            b',"result":"' + level.encode() + b'","profile":"' + profile.name.encode()
            + b'","warnings":' + warnings + b',"dimensions":{'
        )  # fmt: skip

    def _flag_part(self, flag_mask: int) -> bytes:
        flags = {f: "yes" for f in self.red_flags if flag_mask >> self.position[f] & 1}
        hits = rules.red_flags_raised(self.catalogue, flags)
        return (
            b'},"red_flags":' + orjson.dumps([hit.to_dict() for hit in hits])
            + b',"completeness":'
        )  # fmt: skip

    def _explanation(
        self,
        profile: _Profile,
        positive: int,
        acts: frozenset[str],
        flag_mask: int,
        yes_count: int,
        answered: int,
    ) -> bytes:
        flags = tuple(f for f in self.red_flags if flag_mask >> self.position[f] & 1)
        names = frozenset(n for k, n in enumerate(profile.dimension_names) if positive >> k & 1)
        pattern = self.catalogue.patterns[self.catalogue.profiles[profile.name].pattern]
        held = frozenset(a for a in acts if any(a in group for group in pattern.all_of))
        explanation = rules.explain(
            self.catalogue, profile.name, names, held, yes_count, answered, flags
        )
        return self.tail + orjson.dumps(explanation) + b"}\n"

    def _slow(self, data: Any, out: list[bytes]) -> None:
        record = rules.parse_record(self.catalogue, data)
        result = rules.screen(self.catalogue, record)
        out.append(orjson.dumps(result.to_dict()) + b"\n")

    # -- many lines -------------------------------------------------------------------------

    def screen_chunk(
        self, data: bytes | memoryview, first_line: int = 1
    ) -> tuple[bytes, list[LineError], int]:
        """Classify the lines of ``data`` (numbered from ``first_line``). Returns (output,
        errors, number of records); when a line is malformed, the output is empty and the
        errors name the lines."""
        out: list[bytes] = []
        collecting = gc.isenabled()
        gc.disable()  # the loop allocates no cycles; collections would only cost time
        try:
            try:
                if self.chunks is not None:
                    output, count = self.chunks.screen_chunk(data)
                    return output, [], count
                records = self.decode_lines(data)
            except (msgspec.ValidationError, msgspec.DecodeError):
                return self._screen_lines(data, first_line)
            self.screen_records(records, out)
            return b"".join(out), [], len(records)
        except rules.RecordError:
            # Valid JSON of the right shape, but e.g. an age out of range: find the line.
            return self._screen_lines(data, first_line)
        finally:
            if collecting:
                gc.enable()

    def _screen_lines(
        self, data: bytes | memoryview, first_line: int
    ) -> tuple[bytes, list[LineError], int]:
        """Line by line, so errors can name their line (the slow path for malformed data)."""
        out: list[bytes] = []
        errors: list[LineError] = []
        for number, line in enumerate(bytes(data).split(b"\n"), first_line):
            try:
                self.screen_line(line, out if not errors else [])
            except orjson.JSONDecodeError as error:
                if line.strip():  # blank lines are allowed
                    errors.append(LineError(number, None, None, f"not valid JSON: {error}"))
            except rules.RecordError as error:
                data_ = orjson.loads(line)
                record_id = data_.get("id") if isinstance(data_, dict) else None
                errors.append(LineError(
                    number, record_id if isinstance(record_id, str) else None,
                    error.item, str(error),
                ))  # fmt: skip
            if len(errors) >= MAX_ERRORS:
                break
        output = b"" if errors else b"".join(out)
        return output, errors, output.count(b"\n")
