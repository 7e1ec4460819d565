#!/usr/bin/env python3
"""Write the compressed inputs the readers' tests read, with Python's own
gzip and zipfile modules (not our code), deterministic (no timestamps):

- Tests/HTCDSMigrationTests/Fixtures/safe-passage-register.csv.gz: the shipped
  register as two gzip members one after the other, split inside a record
  (as `cat part1.gz part2.gz` makes; gunzip reads them as one file);
- Tests/HTCDSMigrationTests/Fixtures/casetrack-export.xml.gz: the XML sample;
- Tests/HTCDSMigrationTests/Fixtures/register-export.zip: the register as
  `cases.csv` beside a `README.txt`, as exports are zipped.

    python3 Scripts/make-compressed-fixtures.py
"""
import gzip
import os
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "HTCDSMigrationTests", "Fixtures")


def read(name):
    with open(os.path.join(ROOT, "Samples", name), "rb") as handle:
        return handle.read()


def main():
    register = read("safe-passage-register.csv")
    middle = len(register) // 2
    with open(os.path.join(FIXTURES, "safe-passage-register.csv.gz"), "wb") as handle:
        handle.write(gzip.compress(register[:middle], mtime=0))
        handle.write(gzip.compress(register[middle:], mtime=0))
    with open(os.path.join(FIXTURES, "casetrack-export.xml.gz"), "wb") as handle:
        handle.write(gzip.compress(read("casetrack-export.xml"), mtime=0))
    with zipfile.ZipFile(os.path.join(FIXTURES, "register-export.zip"), "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [("README.txt", b"Safe Passage export\n"), ("cases.csv", register)]:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


if __name__ == "__main__":
    main()
