#!/usr/bin/env python3
"""A large version of Samples/hope-shelter.sqlite for the benchmark of the
SQLite path with related sets (Mappings/hope-shelter-sqlite.yaml): the
sample's tables and partners, then N clients and cases, two trafficking
events a case and a support plan every other case, values drawn like the
sample's (some unmapped, some invalid). Deterministic.

    python3 Benchmarks/make-shelter-database.py --cases 100000 --out .build-bench/shelter-100000.sqlite
"""
import argparse
import os
import random
import re
import sqlite3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def schema_and_partners():
    """The sample's CREATE TABLE statements and its partners' rows."""
    with open(os.path.join(ROOT, "Samples", "hope-shelter.sql"), encoding="utf-8") as handle:
        script = handle.read()
    statements = re.findall(r"CREATE TABLE .*?\);", script, re.S)
    statements += re.findall(r"INSERT INTO partners VALUES .*?;\n", script)
    return statements


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, required=True)
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()
    if os.path.exists(arguments.out):
        os.remove(arguments.out)
    rng = random.Random(20261207)
    connection = sqlite3.connect(arguments.out)
    for statement in schema_and_partners():
        connection.execute(statement)
    given = ["Ana", "Thi Lan", "Mariam", "Olena", "Kwame", "Ioana", "Yonas", "Lucía"]
    family = ["Popescu", "Nguyen", "Haddad", "Bondar", "Boateng", "Munteanu", "Gebre", "Rojas"]
    nations = ["ROU", "VNM", "NGA", "UKR", "ALB", "GBR", "XKX", "ERI"]
    languages = ["ro", "vi", "en", "uk", "sq", "ti", "es", "xx"]
    exploitation = ["SX", "FL", "DS", "BG", "CR", "FL,DS", "SX,CR", ""]
    cities = [("Iasi", "ROU"), ("Hanoi", "VNM"), ("Calais", "FRA"), ("London", "GBR"), ("Lagos", "NGA")]
    clients, cases, events, plans = [], [], [], []
    for number in range(1, arguments.cases + 1):
        year = 2015 + number % 9
        dob = f"{1960 + number % 45}-{number % 12 + 1:02d}-{number % 28 + 1:02d}" if number % 17 else str(1960 + number % 45)
        clients.append((number, rng.choice(given), rng.choice(family), rng.choice("FMTU"), dob, rng.choice(nations),
                        rng.choice(languages), f"07400 {number % 1000000:06d}", number % 4))
        opened = f"{year}-{number % 12 + 1:02d}-{number % 28 + 1:02d}" if number % 101 else f"{year}-02-30"
        cases.append((number, f"HS/{year}/{number:07d}", number, opened, number % 4 + 1, "CPN"[number % 3],
                       rng.choice(exploitation), number % 6 + 1, number % 2, "Needs an interpreter" if number % 7 == 0 else None, None))
        for kind in ("R", "E"):
            city, country = rng.choice(cities)
            events.append((len(events) + 1, number, kind, f"{year - 1}-{number % 12 + 1:02d}-01", city, country))
        if number % 2 == 0:
            plans.append((len(plans) + 1, number, rng.choice(["HEA", "LEG", "LIV", "EDU"]), "Counselling", f"{year + 1}-06-30"))
    connection.executemany("INSERT INTO clients VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", clients)
    connection.executemany("INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cases)
    connection.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", events)
    connection.executemany("INSERT INTO plans VALUES (?, ?, ?, ?, ?)", plans)
    connection.commit()
    connection.close()
    print(f"wrote {arguments.out}: {len(cases)} cases, {len(events)} events, {len(plans)} plans")


if __name__ == "__main__":
    main()
