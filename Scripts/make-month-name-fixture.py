#!/usr/bin/env python3
"""Write Tests/HTCDSMigrationTests/Fixtures/month-dates.tsv: dates as CLDR's
own long and medium formats write them in each language whose month names
htcds bundles (babel formats them, not our code), with the pattern and the
date meant. The test reads each text with that pattern and `locale:`.

Patterns' `y` is written `yyyy` (htcds asks for four-digit years), and
Arabic-Indic digits are written as ASCII digits (htcds reads ASCII digits):
the month names and literal text are CLDR's as they are.

    pip install babel==2.16.0
    python3 Scripts/make-month-name-fixture.py
"""
import datetime
import os
import re

import babel.dates

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANGUAGES = ["en", "fr", "es", "pt", "de", "ru", "ar", "zh"]
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def four_digit_years(pattern):
    """`y` outside quotes as `yyyy`."""
    parts = re.split(r"('(?:[^']|'')*')", pattern)
    return "".join(part if part.startswith("'") else re.sub(r"y+", "yyyy", part) for part in parts)


def main():
    lines = ["# language\tpattern\ttext\tdate (from babel " + babel.__version__ + ", CLDR)"]
    for language in LANGUAGES:
        for width in ("long", "medium"):
            pattern = babel.dates.get_date_format(width, locale=language).pattern
            for month in range(1, 13):
                date = datetime.date(2019, month, 3 + month)
                text = babel.dates.format_date(date, format=pattern, locale=language).translate(ARABIC_DIGITS)
                lines.append(f"{language}\t{four_digit_years(pattern)}\t{text}\t{date.isoformat()}")
    with open(os.path.join(ROOT, "Tests", "HTCDSMigrationTests", "Fixtures", "month-dates.tsv"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
