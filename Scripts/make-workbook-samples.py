#!/usr/bin/env python3
"""Write the shipped register (Samples/safe-passage-register.csv) as an Excel
workbook the way staff keep one, and as LibreOffice's OpenDocument copy of it:

- Samples/safe-passage-register.xlsx, written by openpyxl (PyPI), not by us:
  a merged title across the top, a blank row, then the header (row 3); the
  dates real date cells (dd/mm/yyyy style) where the CSV's text is a real
  date, the text otherwise (as a typist would have left it); whole numbers
  of children as numbers; phone numbers as text (their leading 0 and +);
  the column Caseworker hidden; a second sheet of lists.
- Samples/safe-passage-register.ods, converted from it by LibreOffice
  (`soffice --headless --convert-to ods`, Debian's libreoffice-calc).
- Tests/HTCDSMigrationTests/Fixtures/safe-passage-register-libreoffice.xlsx,
  the .ods saved back as .xlsx by LibreOffice: text in a shared-strings
  table, as Excel keeps it.

A workbook holds its save time, so the files differ between runs: both are
committed. `--rows N --out FILE` writes a register of N generated cases as
one large sheet instead (openpyxl's write-only mode), for the benchmarks.

    python3 Scripts/make-workbook-samples.py
    python3 Scripts/make-workbook-samples.py --rows 1000000 --out /tmp/big.xlsx
"""
import argparse
import csv
import datetime
import os
import subprocess
import tempfile

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATE_COLUMNS = {"Date Referred", "DOB"}
NUMBER_COLUMNS = {"Children"}
HIDDEN_COLUMN = "Caseworker"
TITLE = "Safe Passage case register 2017-2024"


def parse_date(text):
    """The date a dd/mm/yyyy or yyyy-mm-dd text names, or None."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern)
        except ValueError:
            pass
    return None


def cell_value(column, text):
    if text == "":
        return None
    if column in DATE_COLUMNS:
        return parse_date(text) or text
    if column in NUMBER_COLUMNS and text.isdigit():
        return int(text)
    return text


def write_register(path):
    with open(os.path.join(ROOT, "Samples", "safe-passage-register.csv"), newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, records = rows[0], rows[1:]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Register"
    sheet.cell(row=1, column=1, value=TITLE).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    for index, name in enumerate(header, start=1):
        sheet.cell(row=3, column=index, value=name).font = Font(bold=True)
    for offset, record in enumerate(records):
        for index, (name, text) in enumerate(zip(header, record), start=1):
            value = cell_value(name, text)
            if value is None:
                continue
            cell = sheet.cell(row=4 + offset, column=index, value=value)
            if isinstance(value, datetime.datetime):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(value, str):
                cell.data_type = "s"  # text stays text, whatever it looks like
    letter = get_column_letter(header.index(HIDDEN_COLUMN) + 1)
    sheet.column_dimensions[letter].hidden = True
    lists = book.create_sheet("Lists")
    lists.append(["Case Status", "Meaning"])
    for status, meaning in [("open", "being worked on"), ("On hold", "waiting for the person"),
                            ("closed - referred", "handed to another organisation"), ("Closed", "finished")]:
        lists.append([status, meaning])
    book.save(path)


def write_large(path, count):
    """A register of `count` generated cases in one sheet, header in row 1."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Register")
    with open(os.path.join(ROOT, "Samples", "safe-passage-register.csv"), newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, records = rows[0], [row for row in rows[1:] if row[0]]
    sheet.append(header)
    for number in range(1, count + 1):
        record = records[number % len(records)]
        values = [cell_value(name, text) for name, text in zip(header, record)]
        values[0] = "SP-%07d" % number
        sheet.append(values)
    book.save(path)


def convert(path, kind, destination):
    """`path` converted by LibreOffice to `kind` (ods, xlsx), saved as `destination`."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/profile",
                        "--convert-to", kind, "--outdir", folder, path], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        produced = os.path.join(folder, os.path.splitext(os.path.basename(path))[0] + "." + kind)
        os.replace(produced, destination)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int)
    parser.add_argument("--out")
    arguments = parser.parse_args()
    if arguments.rows:
        write_large(arguments.out, arguments.rows)
        return
    xlsx = os.path.join(ROOT, "Samples", "safe-passage-register.xlsx")
    ods = os.path.join(ROOT, "Samples", "safe-passage-register.ods")
    write_register(xlsx)
    convert(xlsx, "ods", ods)
    # Excel and LibreOffice keep text in a shared-strings table (openpyxl writes it inline).
    convert(ods, "xlsx", os.path.join(ROOT, "Tests", "HTCDSMigrationTests", "Fixtures", "safe-passage-register-libreoffice.xlsx"))


if __name__ == "__main__":
    main()
