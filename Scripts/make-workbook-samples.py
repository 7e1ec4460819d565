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
- Tests/HTCDSMigrationTests/Fixtures/workbook-cells.xlsx (and LibreOffice's
  .ods of it) and workbook-1904.xlsx: cells as real workbooks hold them, for
  the readers' tests (see `write_edge_cases`).
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


def write_edge_cases(path, path_1904):
    """Cells as real workbooks hold them, for the reader's tests: a hidden
    first sheet; a merged title; text that looks like numbers; an error
    cell; a phone number saved as a number; serial 60 and a date with a
    time in date styles; a formula saved without its value (openpyxl saves
    none); a group label merged down a column; a hidden row. And a workbook
    in the 1904 date system."""
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["internal notes, not cases"])
    notes.sheet_state = "hidden"
    sheet = book.create_sheet("Cases")
    sheet["A1"] = "Case list"
    sheet.merge_cells("A1:G1")
    sheet.append([])
    for column, name in enumerate(["ID", "Name", "Phone", "Born", "Count", "Region", "Flag"], start=1):
        sheet.cell(row=2, column=column, value=name)
    rows = [
        ["007", "Ana", "+44 7400 123456", datetime.datetime(1991, 5, 18), 3, "North", True],
        ["008", "#N/A", 4915112345678, 60, 2.5, None, False],
        ["009", "=1+1", None, datetime.datetime(2019, 3, 10, 14, 30), 0, None, None],
        ["010", "Bo", "0044 20 7946 0034", "10/03/2019", None, "South", None],
    ]
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=3 + offset, column=column, value=value)
            if column == 4 and not isinstance(value, str):
                cell.number_format = "dd/mm/yyyy hh:mm" if isinstance(value, datetime.datetime) and value.hour else "dd/mm/yyyy"
            elif isinstance(value, str) and not value.startswith(("=", "#")):
                cell.data_type = "s"
    sheet.merge_cells("F3:F5")
    sheet.row_dimensions[6].hidden = True
    book.save(path)

    mac = openpyxl.Workbook()
    mac.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    dates = mac.active
    dates.title = "Dates"
    dates.append(["ID", "Born"])
    dates.append(["1", datetime.datetime(1991, 5, 18)])
    dates["B2"].number_format = "yyyy-mm-dd"
    mac.save(path_1904)


def write_large(path, count):
    """A register of `count` generated cases in one sheet, header in row 1
    (the register's cases over and over, numbered anew); as CSV, the same
    cases as the register's CSV writes them, for comparing the readers."""
    with open(os.path.join(ROOT, "Samples", "safe-passage-register.csv"), newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, records = rows[0], [row for row in rows[1:] if row[0]]
    numbered = ([("SP-%07d" % number)] + records[number % len(records)][1:] for number in range(1, count + 1))
    if path.endswith(".csv"):
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows(numbered)
        return
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Register")
    sheet.append(header)
    for record in numbered:
        sheet.append([cell_value(name, text) for name, text in zip(header, record)])
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
    fixtures = os.path.join(ROOT, "Tests", "HTCDSMigrationTests", "Fixtures")
    write_edge_cases(os.path.join(fixtures, "workbook-cells.xlsx"), os.path.join(fixtures, "workbook-1904.xlsx"))
    convert(os.path.join(fixtures, "workbook-cells.xlsx"), "ods", os.path.join(fixtures, "workbook-cells.ods"))
    # Excel and LibreOffice keep text in a shared-strings table (openpyxl writes it inline).
    convert(ods, "xlsx", os.path.join(ROOT, "Tests", "HTCDSMigrationTests", "Fixtures", "safe-passage-register-libreoffice.xlsx"))


if __name__ == "__main__":
    main()
