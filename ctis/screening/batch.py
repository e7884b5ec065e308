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
- a file is cut into chunks at line ends and classified by worker processes (one per core),
  keeping input order. Output reaches the caller only if every line is valid; with
  ``scratch=True`` (a temporary file the caller renames on success) it is written as it goes.
"""

from __future__ import annotations

import fcntl
import gc
import operator
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import IO, Any, Literal

import msgspec
import orjson

from ctis.screening import rules
from ctis.screening.catalogue import STRENGTHS, Catalogue

MAX_ERRORS = 20
CHUNK_BYTES = 8 << 20
PARALLEL_MIN_BYTES = 4 << 20


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


# --- files -----------------------------------------------------------------------------------


def chunk_bounds(path: str, size: int, chunk_bytes: int = CHUNK_BYTES) -> list[tuple[int, int]]:
    """Byte ranges of about ``chunk_bytes`` that start and end at line boundaries."""
    bounds = []
    start = 0
    with open(path, "rb") as handle:
        while start < size:
            end = min(start + chunk_bytes, size)
            if end < size:
                handle.seek(end)
                rest = handle.readline()
                end += len(rest)
            bounds.append((start, end))
            start = end
    return bounds


@dataclass
class Outcome:
    errors: list[LineError]
    records: int
    bytes_written: int


def _read_chunks(
    path: str, chunks: list[tuple[int, int, int]], reuse: bool = False
) -> Iterator[tuple[int, bytes | memoryview]]:
    """The chunks' bytes; with ``reuse``, views of one buffer, each valid until the next (no
    fresh memory, hence no page faults, per chunk)."""
    buffer = bytearray(max((end - start for _, start, end in chunks), default=0) if reuse else 0)
    with open(path, "rb", buffering=0) as handle:
        for index, start, end in chunks:
            handle.seek(start)
            if not reuse:
                yield index, handle.read(end - start)
                continue
            view = memoryview(buffer)[: end - start]
            filled = 0
            while filled < len(view):
                got = handle.readinto(view[filled:])
                if not got:
                    break
                filled += got
            yield index, view[:filled]


def _lines_before(path: str, bounds: list[tuple[int, int]], index: int) -> int:
    """Lines in the chunks before ``index`` (only needed to number errors)."""
    lines = 0
    for _, data in _read_chunks(path, [(i, *bounds[i]) for i in range(index)]):
        lines += bytes(data).count(b"\n")
    return lines


def _numbered(
    path: str, bounds: list[tuple[int, int]], errors: dict[int, list[LineError]]
) -> list[LineError]:
    """The errors of each chunk numbered in the whole file, first ones first, at most
    MAX_ERRORS."""
    numbered: list[LineError] = []
    lines = 0
    done = 0
    for index in sorted(errors):
        lines += _lines_before(path, bounds[done:index], index - done) if index > done else 0
        done = index
        numbered += [e.moved(lines) for e in errors[index]]
    return numbered[:MAX_ERRORS]


def _worker(
    conn: Connection,
    screener: BatchScreener,
    path: str,
    chunks: list[tuple[int, int, int]],
    sizes: Any,
    direct: tuple[int, int] | None,
) -> None:
    """Classify ``chunks``; report (index, records, size, errors) for each.

    ``direct`` = (fd, base offset): write each chunk into the (scratch) output as soon as the
    sizes of all earlier chunks are known (``sizes`` is shared, -1 until known). Otherwise keep
    the outputs until the parent, having seen that every line is valid, asks for them.
    """
    outputs: dict[int, bytes] = {}
    reports = []
    try:
        for index, data in _read_chunks(path, chunks, reuse=True):
            output, errors, records = screener.screen_chunk(data)
            del data
            reports.append((index, records, len(output), errors))
            outputs[index] = output
            if direct is not None:
                sizes[index] = len(output)
                _write_ready(outputs, sizes, *direct)
        while direct is not None and outputs:
            time.sleep(0.002)  # wait for another worker's earlier chunk
            _write_ready(outputs, sizes, *direct)
        conn.send(reports)
        if direct is None:
            command = conn.recv()
            if command[0] == "pwrite":
                # The output file descriptor was inherited through fork.
                _, fd, offsets = command
                for index, offset in offsets.items():
                    _pwrite_all(fd, outputs.pop(index), offset)
                conn.send("done")
            elif command[0] == "send":
                for index in command[1]:
                    conn.send_bytes(outputs.pop(index))
    finally:
        conn.close()


def _write_ready(outputs: dict[int, bytes], sizes: Any, fd: int, base: int) -> None:
    for index in sorted(outputs):
        before = sizes[:index]
        if min(before, default=0) < 0:
            return
        _pwrite_all(fd, outputs.pop(index), base + sum(before))


def _pwrite_all(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view = view[written:]
        offset += written


def screen_file(
    screener: BatchScreener,
    path: str,
    output: IO[bytes],
    jobs: int | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    scratch: bool = False,
) -> Outcome:
    """Classify ``path`` into ``output``.

    Nothing is written unless every line is valid, except with ``scratch=True``: then the
    caller promises to discard ``output`` on errors (a temporary file renamed on success), and
    the output may be written as it is produced. ``jobs``: worker processes (default: one per
    core; small files are done in-process).
    """
    size = os.path.getsize(path)
    jobs = jobs or len(os.sched_getaffinity(0))
    bounds = chunk_bounds(path, size, chunk_bytes)
    if jobs <= 1 or size < min(PARALLEL_MIN_BYTES, 2 * chunk_bytes):
        return _screen_sequential(screener, path, output, bounds, scratch)
    return _screen_parallel(screener, path, output, jobs, bounds, scratch)


def _screen_sequential(
    screener: BatchScreener,
    path: str,
    output: IO[bytes],
    bounds: list[tuple[int, int]],
    scratch: bool,
) -> Outcome:
    kept: list[bytes] = []
    failed: dict[int, list[LineError]] = {}
    records = written = 0
    for index, data in _read_chunks(path, [(i, *b) for i, b in enumerate(bounds)], reuse=True):
        result, errors, count = screener.screen_chunk(data)
        if errors:
            failed[index] = errors
            if sum(map(len, failed.values())) >= MAX_ERRORS:
                break
        if failed:
            continue  # only validate the rest
        records += count
        written += len(result)
        if scratch:
            output.write(result)
        else:
            kept.append(result)
    if failed:
        return Outcome(_numbered(path, bounds, failed), 0, 0)
    for result in kept:
        output.write(result)
    return Outcome([], records, written)


def _screen_parallel(
    screener: BatchScreener,
    path: str,
    output: IO[bytes],
    jobs: int,
    bounds: list[tuple[int, int]],
    scratch: bool,
) -> Outcome:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    jobs = min(jobs, len(bounds))
    output.flush()
    seekable = _seekable_file(output)
    base = output.tell() if seekable else 0
    sizes = context.Array("q", [-1] * len(bounds), lock=False)
    direct = (output.fileno(), base) if scratch and seekable else None
    connections = []
    processes = []
    owner: dict[int, int] = {}
    for worker in range(jobs):
        mine = [(i, *bounds[i]) for i in range(worker, len(bounds), jobs)]
        owner.update((i, worker) for i, _, _ in mine)
        parent, child = context.Pipe()
        process = context.Process(
            target=_worker, args=(child, screener, path, mine, sizes, direct), daemon=True
        )
        process.start()
        child.close()
        connections.append(parent)
        processes.append(process)
    try:
        reports = {}
        for connection in connections:
            for index, records, length, errors in connection.recv():
                reports[index] = (records, length, errors)
        failed = {i: report[2] for i, report in reports.items() if report[2]}
        if failed:
            if direct is None:
                for connection in connections:
                    connection.send(("abort",))
            return Outcome(_numbered(path, bounds, failed), 0, 0)
        records = sum(r[0] for r in reports.values())
        total = sum(r[1] for r in reports.values())
        if direct is not None:
            output.seek(base + total)
        elif seekable:
            offsets: list[dict[int, int]] = [{} for _ in connections]
            position = base
            for index in range(len(bounds)):
                offsets[owner[index]][index] = position
                position += reports[index][1]
            for connection, assigned in zip(connections, offsets, strict=True):
                connection.send(("pwrite", output.fileno(), assigned))
            for connection in connections:
                connection.recv()
            output.seek(base + total)
        else:
            for worker, connection in enumerate(connections):
                connection.send(("send", [i for i in range(len(bounds)) if owner[i] == worker]))
            for index in range(len(bounds)):
                output.write(connections[owner[index]].recv_bytes())
        return Outcome([], records, total)
    finally:
        for connection in connections:
            connection.close()
        for process in processes:
            process.join()


def _seekable_file(output: IO[bytes]) -> bool:
    """A regular file not opened for appending (pwrite ignores offsets with O_APPEND)."""
    try:
        fd = output.fileno()
        return (
            stat.S_ISREG(os.fstat(fd).st_mode) and not fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_APPEND
        )
    except (OSError, ValueError, AttributeError):
        return False
