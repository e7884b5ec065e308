"""Files for ``ctis screen``: chunks, worker processes, ordered output. No Django import.

A file is cut into chunks at line ends and classified by worker processes (one per core, forked
so they share the loaded catalogue), keeping input order. Output reaches the caller only if
every line is valid; with ``scratch=True`` (a temporary file the caller renames on success) it
is written as it goes, each worker writing its chunks at their final offsets.
"""

from __future__ import annotations

import fcntl
import os
import stat
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import IO, Any

from ctis.screening.batch import MAX_ERRORS, BatchScreener, LineError

CHUNK_BYTES = 8 << 20
PARALLEL_MIN_BYTES = 4 << 20


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
    path: str, chunks: Iterable[tuple[int, int, int]], reuse: bool = False
) -> Iterator[tuple[int, bytes | memoryview]]:
    """The chunks' bytes; with ``reuse``, views of one buffer, each valid until the next (no
    fresh memory, hence no page faults, per chunk). (Mapping the file instead saved no
    measurable CPU time, and a file truncated meanwhile would crash the process.)"""
    buffer = bytearray()
    with open(path, "rb", buffering=0) as handle:
        for index, start, end in chunks:
            handle.seek(start)
            if not reuse:
                yield index, handle.read(end - start)
                continue
            if len(buffer) < end - start:
                # Chunks end at a line end, a little past ``chunk_bytes``: some room to spare.
                buffer = bytearray((end - start) * 5 // 4)
            view = memoryview(buffer)[: end - start]
            filled = 0
            while filled < len(view):
                got = handle.readinto(view[filled:])
                if not got:
                    break
                filled += got
            yield index, view[:filled]


def _claimed(bounds: list[tuple[int, int]], next_chunk: Any) -> Iterator[tuple[int, int, int]]:
    """Chunks taken one at a time from a counter shared by the workers: a worker slowed down
    (other work on the machine) takes fewer chunks instead of making the others wait."""
    while True:
        with next_chunk.get_lock():
            index = next_chunk.value
            next_chunk.value = index + 1
        if index >= len(bounds):
            return
        yield (index, *bounds[index])


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
    bounds: list[tuple[int, int]],
    next_chunk: Any,
    sizes: Any,
    direct: tuple[int, int] | None,
    inherited: list[Connection],
) -> None:
    """Classify chunks claimed from ``next_chunk``; report (index, records, size, errors) for
    each.

    ``direct`` = (fd, base offset): write each chunk into the (scratch) output as soon as the
    sizes of all earlier chunks are known (``sizes`` is shared, -1 until known). Otherwise keep
    the outputs until the parent, having seen that every line is valid, asks for them.
    """
    for end in inherited:
        end.close()
    outputs: dict[int, bytes] = {}
    reports = []
    try:
        for index, data in _read_chunks(path, _claimed(bounds, next_chunk), reuse=True):
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
    except (BrokenPipeError, EOFError):
        pass  # the parent stopped (its reader went away, or it was interrupted)
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
    owner: dict[int, int] = {}  # chunk -> the worker that classified it
    next_chunk = context.Value("q", 0)
    pipes = [context.Pipe() for _ in range(jobs)]
    for _, child in pipes:
        # A forked worker inherits every end; it must close all but its own, or a send to a
        # parent that has gone would block forever (the worker itself holding the other end).
        others = [end for pair in pipes for end in pair if end is not child]
        process = context.Process(
            target=_worker,
            args=(child, screener, path, bounds, next_chunk, sizes, direct, others),
            daemon=True,
        )
        process.start()
        processes.append(process)
    for parent, child in pipes:
        child.close()
        connections.append(parent)
    try:
        reports = {}
        for worker, connection in enumerate(connections):
            for index, records, length, errors in connection.recv():
                reports[index] = (records, length, errors)
                owner[index] = worker
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
