#!/usr/bin/env python3
"""Writes Tests/HTCDSMigrationTests/Fixtures/unix-times.tsv: unix times in
seconds and milliseconds (integral, with fractions, negative, the edges of
years 1 and 9999) with the UTC day Python's datetime puts them in, the
independent answer `date: unix` and `unix-ms` are checked against.
Deterministic: the same file every run."""
import datetime
import math
import pathlib
import random
from decimal import Decimal

FIRST, LAST = -62135596800, 253402300799  # 0001-01-01T00:00:00Z, 9999-12-31T23:59:59Z


def day(text: str, milliseconds: bool) -> str:
    value = Decimal(text) / 1000 if milliseconds else Decimal(text)
    return (datetime.date(1970, 1, 1) + datetime.timedelta(days=math.floor(value) // 86400)).isoformat()


def main() -> None:
    rng = random.Random(7)
    cases = [(str(v), False) for v in (0, 1, -1, 86399, 86400, -86400, -86401, 1552348800, LAST, FIRST)]
    cases += [("-0.5", False), ("-86400.25", False), ("86399.999", False), ("-0.5", True), ("-1000", True), ("-1001", True)]
    for _ in range(300):
        seconds = rng.randint(FIRST + 1, LAST - 1)
        cases.append((str(seconds), False))
        cases.append((f"{seconds}.{rng.randint(1, 999):03d}", False))
        millis = rng.randint(FIRST * 1000 + 1000, LAST * 1000)
        cases.append((str(millis), True))
        cases.append((f"{millis}.5", True))
    out = pathlib.Path(__file__).resolve().parent.parent / "Tests/HTCDSMigrationTests/Fixtures/unix-times.tsv"
    lines = ["# unix time\tunit\tUTC day (Python's datetime); made by Scripts/make-unix-time-fixture.py"]
    lines += [f"{text}\t{'ms' if ms else 's'}\t{day(text, ms)}" for text, ms in cases]
    out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
