#!/usr/bin/env python3
"""Write the legacy registers in Samples/: an imaginary NGO's case register as
its staff kept it for years (free-text labels, dd/mm/yyyy dates and a few
impossible ones, country names in several spellings, yes/no columns,
comma-joined multi-selects, notes with commas, quotes and line breaks), and the
same register as Excel saves it on a European machine (Windows-1252, ';').

Every person, phone number and address here is invented. The output is
deterministic: run it again and nothing changes.

    python3 Scripts/make-samples.py
    python3 Scripts/make-samples.py --rows 1000000 --out big.csv
"""
import csv
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
rng = random.Random(20261127)

COLUMNS = [
    "Case No", "Date Referred", "First Name", "Surname", "Sex", "DOB", "Nationality", "Language",
    "Phone", "Email", "Town", "Marital", "Children", "Victim Status", "Identified By",
    "Exploitation Type", "Sector", "Recruited Via", "Debt?", "Threats?", "Documents Taken?",
    "Movement Restricted?", "Consent Given", "Referred By", "Caseworker", "Case Status",
    "Closure Reason", "Age Band", "Notes",
]

FIRST = ["Ana", "Ioana", "Maria", "Elena", "Mihai", "Andrei", "Olga", "Svetlana", "Thi Lan", "Van Minh",
         "Chidinma", "Blessing", "Joy", "Esther", "Ahmed", "Yonas", "Selam", "Dritan", "Arben", "Lucía",
         "José", "Fernanda", "Oksana", "Natalia", "Grace", "Precious", "Hoa", "Tuấn", "Ngọc", "Aylin"]
LAST = ["Popescu", "Ionescu", "Rusu", "Ceban", "Nguyễn", "Trần", "Okafor", "Adeyemi", "Eze", "Tesfaye",
        "Haile", "Hoxha", "Kola", "García", "Souza", "Kovalenko", "Shevchenko", "Mwangi", "Osei", "Yılmaz"]
NATIONALITY = ["Romania", "romania", "Rumänien", "ROU", "Moldova", "Republic of Moldova", "Vietnam", "Viet Nam",
               "Nigeria", "NG", "Eritrea", "Albania", "Albanian", "Brasil", "Ukraine", "UK", "Turkey",
               "Romanian", "Vietnamese"]
LANGUAGE = ["Romanian", "ro", "Vietnamese", "vie", "English", "Tigrinya", "Albanian", "Portuguese", "Ukrainian",
            "Russian", "Turkish", ""]
SEX = ["F", "F", "Female", "female", "M", "male", "M", "f", "Trans woman", "unknown", ""]
MARITAL = ["single", "Single", "married", "divorced", "widow", "", "partner"]
STATUS = ["Presumed victim", "Confirmed victim", "confirmed", "Not a victim", "Possible victim of trafficking", ""]
IDENTIFIED = ["Police", "NGO", "police", "Court", "Labour inspectorate", "Border police", ""]
EXPLOITATION = ["sexual exploitation", "forced labour", "forced labor", "domestic servitude", "begging",
                "forced criminality", "forced marriage", "Sexual Exploitation ", "organ removal"]
SECTOR = ["Agriculture", "Construction", "Domestic work", "Hospitality", "Fishing", "Manufacturing",
          "Car wash", "", ""]
RECRUITED = ["Facebook", "friend", "job ad in newspaper", "family", "TikTok", "WhatsApp", "at work", ""]
YESNO = ["yes", "no", "Yes", "No", "Y", "N", "", "no"]
REFERRERS = ["City Police", "Helpline 116", "St. Mary's Shelter", "Labour Inspectorate", "Self-referral",
             "Embassy of Romania", ""]
CASEWORKERS = ["A. Mensah", "B. Doyle", "C. Haddad"]
CASE_STATUS = ["open", "Open", "follow-up", "Closed", "closed - referred", "On hold"]
CLOSURE = ["Returned home", "Moved to another programme", "Lost contact", ""]
AGE_BAND = ["18-24", "25-34", "35-44", "under 18", "45+"]
NOTES = [
    "Met at the shelter, needs interpreter",
    'Said she was told "you owe us 3,000 euros"',
    "Passport held by employer\nFollow-up with police, 2nd interview",
    "Works 14h a day, no days off; lives on site",
    "",
    "Referred again after 6 months, see old file",
    'Client asked us not to contact family; "too dangerous"',
    "Wants to return home, IOM contacted",
]


def date_text(year, month, day):
    return f"{day:02d}/{month:02d}/{year}"


def make_row(number):
    first = rng.choice(FIRST)
    last = rng.choice(LAST)
    year = rng.randint(1975, 2006)
    dob = date_text(year, rng.randint(1, 12), rng.randint(1, 28))
    referred = date_text(rng.randint(2017, 2024), rng.randint(1, 12), rng.randint(1, 28))
    exploitation = ", ".join(sorted(set(rng.sample(EXPLOITATION, rng.choice([1, 1, 2])))))
    phone = rng.choice(["07400 123{:03d}", "+44 7400 123{:03d}", "0044 20 7946 0{:03d}", "", "07400-123-{:03d}"])
    row = {
        "Case No": f"SP-{number:03d}",
        "Date Referred": referred,
        "First Name": first,
        "Surname": last,
        "Sex": rng.choice(SEX),
        "DOB": dob,
        "Nationality": rng.choice(NATIONALITY),
        "Language": rng.choice(LANGUAGE),
        "Phone": phone.format(rng.randint(0, 999)) if phone else "",
        "Email": rng.choice(["", "", f"{first.split()[0].lower()}.{number}@example.org", "no email"]),
        "Town": rng.choice(["London", "Leeds", "Manchester", "Birmingham", "", "Dover"]),
        "Marital": rng.choice(MARITAL),
        "Children": rng.choice(["0", "1", "2", "3", "", "none"]),
        "Victim Status": rng.choice(STATUS),
        "Identified By": rng.choice(IDENTIFIED),
        "Exploitation Type": exploitation,
        "Sector": rng.choice(SECTOR) if "labour" in exploitation or "labor" in exploitation or "servitude" in exploitation else "",
        "Recruited Via": rng.choice(RECRUITED),
        "Debt?": rng.choice(YESNO),
        "Threats?": rng.choice(YESNO),
        "Documents Taken?": rng.choice(YESNO),
        "Movement Restricted?": rng.choice(YESNO),
        "Consent Given": rng.choice(["yes", "Yes", "Y", "no", "yes", ""]),
        "Referred By": rng.choice(REFERRERS),
        "Caseworker": rng.choice(CASEWORKERS),
        "Case Status": rng.choice(CASE_STATUS),
        "Closure Reason": "",
        "Age Band": rng.choice(AGE_BAND),
        "Notes": rng.choice(NOTES),
    }
    if row["Case Status"].lower().startswith("closed"):
        row["Closure Reason"] = rng.choice(CLOSURE[:-1])
    return row


def make_rows(count=61):
    """`count` cases; every 61 of them carry what years of hand entry leave behind."""
    for index in range(count):
        row = make_row(index + 1)
        position = index % 61
        if position == 4:
            row["DOB"] = "31/02/1990"              # a day that does not exist
        elif position == 11:
            row["DOB"] = "1987"                    # a year only
        elif position == 17:
            row["DOB"] = "12/13/1992"              # month and day swapped
        elif position == 23:
            row["Date Referred"] = "2019-05-14"    # someone typed ISO once
        elif position == 30:
            row["Case No"] = ""                    # a case without its number
        elif position == 41:
            row["Case No"] = f"SP-{index - 1:03d}"  # entered twice
        elif position == 8:
            row["Notes"] = "Two sisters in the same case, see SP-010\r\nBoth want to stay"
        yield row


def write(rows, path, delimiter, encoding, errors="strict"):
    """Streams rows to `path`, so that a million of them need no memory."""
    count = 0
    with open(path, "w", encoding=encoding, errors=errors, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([row[column] for column in COLUMNS])
            count += 1
    print(f"wrote {os.path.relpath(path)} ({os.path.getsize(path)} bytes, {count} cases)")


def write_xml(rows, path):
    """The same register as an XML export, streamed (for the XML benchmark)."""
    from xml.sax.saxutils import escape, quoteattr
    tag = {column: "".join(ch for ch in column.title() if ch.isalnum()) for column in COLUMNS}
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<register>\n')
        for row in rows:
            handle.write(f"  <case no={quoteattr(row['Case No'])}>")
            for column in COLUMNS[1:]:
                if row[column]:
                    handle.write(f"<{tag[column]}>{escape(row[column])}</{tag[column]}>")
            handle.write("</case>\n")
            count += 1
        handle.write("</register>\n")
    print(f"wrote {os.path.relpath(path)} ({os.path.getsize(path)} bytes, {count} cases)")


def make_database(script, path):
    """The SQLite sample, from its reviewable SQL script."""
    import sqlite3
    if os.path.exists(path):
        os.remove(path)
    with open(script, encoding="utf-8") as handle, sqlite3.connect(path) as connection:
        connection.executescript(handle.read())
    connection.close()
    print(f"wrote {os.path.relpath(path)} ({os.path.getsize(path)} bytes)")


def main():
    import argparse
    parser = argparse.ArgumentParser(description="Write the sample registers, or a large one for benchmarks.")
    parser.add_argument("--rows", type=int, help="write this many cases to --out instead of the samples")
    parser.add_argument("--out", help="where --rows goes")
    parser.add_argument("--xml", action="store_true", help="with --rows: write XML instead of CSV")
    args = parser.parse_args()
    if args.rows:
        if args.xml:
            write_xml(make_rows(args.rows), args.out)
        else:
            write(make_rows(args.rows), args.out, ",", "utf-8")
        return
    make_database(os.path.join(ROOT, "Samples", "hope-shelter.sql"), os.path.join(ROOT, "Samples", "hope-shelter.sqlite"))
    rows = list(make_rows())
    write(rows, os.path.join(ROOT, "Samples", "safe-passage-register.csv"), ",", "utf-8")
    # Excel on a European machine: ';' and Windows-1252, with '?' for what that cannot hold.
    write(rows, os.path.join(ROOT, "Samples", "safe-passage-register-excel-1252.csv"), ";", "cp1252", "replace")


if __name__ == "__main__":
    main()
