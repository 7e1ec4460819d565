#!/usr/bin/env python3
"""A register of short rows for the benchmark (Benchmarks/short-register.yaml):
17 columns, about 180 bytes a row, the shape of a helpline's or a small
shelter's spreadsheet: a case number, three dd/mm/yyyy dates, short names, a
sex code, country names, two short lists (one comma-joined, one
semicolon-joined), a status, a phone in national or international style and
a short note. Some values are unmapped or invalid, as in real exports.
Deterministic: the same rows every time.

    python3 Benchmarks/make-short-register.py --rows 1000000 --out .build-bench/short-1000000.csv
"""
import argparse
import csv
import random

COLUMNS = ["Ref", "Registered", "Given", "Family", "Sex", "Born", "Country", "Language", "Exploited In",
           "Exploitation", "Control", "Status", "Phone", "Referred On", "Town", "Worker", "Note"]
GIVEN = ["Ana", "Ioana", "Maria", "Elena", "Mihai", "Olga", "Thi Lan", "Van Minh", "Joy", "Esther", "Ahmed",
         "Yonas", "Selam", "Arben", "Lucía", "José", "Oksana", "Grace", "Hoa", "Tuấn", "Aylin"]
FAMILY = ["Popescu", "Rusu", "Ceban", "Nguyễn", "Trần", "Okafor", "Eze", "Haile", "Hoxha", "Kola", "García",
          "Souza", "Mwangi", "Osei", "Yılmaz"]
SEX = ["F", "F", "F", "M", "M", "X", "f", ""]
COUNTRY = ["Romania", "Moldova", "Viet Nam", "Vietnam", "Nigeria", "Eritrea", "Albania", "Brazil", "Ukraine",
           "United Kingdom", "Turkey", "Philippines", "Atlantis"]
LANGUAGE = ["Romanian", "Vietnamese", "English", "Tigrinya", "Albanian", "Portuguese", "Ukrainian", ""]
EXPLOITATION = ["sex", "labour", "domestic", "begging", "criminality"]
CONTROL = ["debt", "threats", "documents", "violence", "isolation"]
STATUS = ["open", "open", "closed", "follow-up", "referred"]
TOWN = ["Dover", "Leeds", "Manchester", "Birmingham", "Bristol", "Folkestone", ""]
WORKER = ["A. Mensah", "J. Brown", "K. Osei", "R. Singh", "T. Nowak"]
NOTE = ["", "called back", "needs interpreter, Romanian", "safe house, Kent", "court date set", "no show",
        "wants to go home", "referred by \"Helpline\""]


def date(rng, first_year, last_year):
    if rng.random() < 0.003:
        return "31/02/%d" % rng.randint(first_year, last_year)  # impossible, as real registers hold
    return "%02d/%02d/%d" % (rng.randint(1, 28), rng.randint(1, 12), rng.randint(first_year, last_year))


def phone(rng):
    number = "7%03d %06d" % (rng.randint(300, 999), rng.randint(0, 999999))
    style = rng.random()
    if style < 0.4:
        return "0" + number
    if style < 0.7:
        return "+44 " + number
    if style < 0.8:
        return "+40 7%02d %03d %03d" % (rng.randint(10, 99), rng.randint(0, 999), rng.randint(0, 999))
    return ""


def rows(count, rng):
    for n in range(1, count + 1):
        yield [
            "H%07d" % n, date(rng, 2015, 2024), rng.choice(GIVEN), rng.choice(FAMILY), rng.choice(SEX),
            date(rng, 1960, 2008), rng.choice(COUNTRY), rng.choice(LANGUAGE), rng.choice(COUNTRY),
            ",".join(rng.sample(EXPLOITATION, rng.randint(1, 2))),
            ";".join(rng.sample(CONTROL, rng.randint(0, 3))), rng.choice(STATUS), phone(rng),
            date(rng, 2015, 2024) if rng.random() < 0.3 else "", rng.choice(TOWN), rng.choice(WORKER),
            rng.choice(NOTE),
        ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()
    rng = random.Random(20261207)
    with open(arguments.out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows(arguments.rows, rng))


if __name__ == "__main__":
    main()
