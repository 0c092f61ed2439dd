#!/usr/bin/env python3
"""The chatty child of the log scenarios.

usage: logchild.py BYTES TIMES_FILE [WORD]
Writes BYTES/100 lines of exactly 100 bytes ("%010d " + padding + newline, numbered from 0)
to stdout as fast as it can, in 64 KiB writes, and records "START_NS END_NS LINES" in
TIMES_FILE (end = after the last write returned, i.e. once the reader drained the pipe
far enough). With WORD, the middle line carries it ("%010d WORD xxx..."): the needle of a search.
"""
import os
import sys
import time

LINE = 100


def main():
    total = int(sys.argv[1]) // LINE
    times = sys.argv[2]
    word = sys.argv[3].encode() if len(sys.argv) > 3 else None
    pad = b"x" * (LINE - 12) + b"\n"
    middle = total // 2
    per_chunk = 65536 // LINE
    start = time.time_ns()
    i = 0
    while i < total:
        n = min(per_chunk, total - i)
        buf = b"".join(b"%010d %s" % (k, pad) for k in range(i, i + n))
        if word is not None and i <= middle < i + n:
            at = (middle - i) * LINE + 11
            special = word + b" " + b"x" * (LINE - 13 - len(word)) + b"\n"
            buf = buf[:at] + special + buf[at + LINE - 11:]
        view = memoryview(buf)
        while view:
            w = os.write(1, view)
            view = view[w:]
        i += n
    end = time.time_ns()
    with open(times, "w") as f:
        f.write(f"{start} {end} {total}\n")


if __name__ == "__main__":
    main()
