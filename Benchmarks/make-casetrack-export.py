#!/usr/bin/env python3
"""A large version of Samples/casetrack-export.xml for the benchmark of XML
with related elements (Mappings/casetrack-export-xml.yaml): namespaced cases
(a prefix on the case elements, a default namespace on everything inside),
each with a client, two trafficking events and a comment, values drawn like
the sample's (some unmapped, some invalid). Deterministic.

    python3 Benchmarks/make-casetrack-export.py --cases 1000000 --out .build-bench/casetrack-1000000.xml
"""
import argparse
import random
from xml.sax.saxutils import escape, quoteattr

GIVEN = ["Ioana", "Van Minh", "Selam", "Ana", "Olga", "Joy", "Ahmed", "Arben", "Lucía", "Oksana", "Hoa", "Aylin"]
FAMILY = ["Rusu", "Tran", "Haile", "Popescu", "Okafor", "Hoxha", "García", "Kovalenko", "Nguyễn", "Yılmaz"]
GENDER = ["female", "female", "male", "x", "unknown"]
LANGUAGE = ["Romanian", "Vietnamese", "Tigrinya", "English", "Albanian", "Ukrainian"]
COUNTRY = ["Romania", "Viet Nam", "Eritrea", "Nigeria", "Albania", "Ukraine", "Moldova"]
EXPLOITATION = ["sexual", "labour", "servitude", "criminality"]
CONTROL = ["debt", "documents", "threats", "movement"]
STATUS = ["open", "closed", "follow-up"]
KIND = ["recruitment", "transit", "exploitation"]
PLACE = [("Bacau", "RO"), ("Calais", "FR"), ("Manchester", "GB"), ("Lagos", "NG"), ("Hanoi", "VN"), ("Tirana", "AL")]
AGENCY = ["Border Police", "Helpline 116", "Legal Aid Collective", "City Council"]
COMMENT = ["First interview with interpreter", "Moved to safe house", "Court date set; \"very afraid\"",
           "Called back & agreed to meet"]


def date(rng, first_year, last_year):
    if rng.random() < 0.003:
        return "30.02.%d" % rng.randint(first_year, last_year)  # impossible, as real exports hold
    return "%02d.%02d.%d" % (rng.randint(1, 28), rng.randint(1, 12), rng.randint(first_year, last_year))


def case(rng, n):
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    parts = [
        '    <ct:case id="CT-%07d" status="%s">\n' % (n, rng.choice(STATUS)),
        "      <opened>%s</opened>\n" % date(rng, 2018, 2024),
        '      <client gender="%s" lang="%s">\n' % (rng.choice(GENDER), rng.choice(LANGUAGE)),
        "        <name><given>%s</given><family>%s</family></name>\n" % (escape(given), escape(family)),
        "        <born>%s</born>\n" % date(rng, 1965, 2006),
        "        <citizenship>%s</citizenship>\n" % rng.choice(COUNTRY),
        '        <contact type="mobile">07%03d %06d</contact>\n' % (rng.randint(400, 999), rng.randint(0, 999999)),
        "      </client>\n",
    ]
    for kind in rng.sample(EXPLOITATION, rng.randint(1, 2)):
        parts.append("      <exploitation>%s</exploitation>\n" % kind)
    for control in rng.sample(CONTROL, rng.randint(0, 2)):
        parts.append("      <control>%s</control>\n" % control)
    parts.append('      <referral direction="in" date="%s"><agency>%s</agency><reason>additional services</reason></referral>\n'
                 % (date(rng, 2018, 2024), rng.choice(AGENCY)))
    parts.append("      <events>\n")
    for kind in rng.sample(KIND, 2):
        city, country = rng.choice(PLACE)
        parts.append('        <event kind="%s" date="%s"><place city="%s" country="%s"/></event>\n'
                     % (kind, date(rng, 2015, 2024), city, country))
    parts.append("      </events>\n")
    parts.append("      <comments>\n        <comment date=%s>%s</comment>\n      </comments>\n"
                 % (quoteattr(date(rng, 2018, 2024)), escape(rng.choice(COMMENT))))
    parts.append("    </ct:case>\n")
    return "".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, required=True)
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()
    rng = random.Random(20261208)
    with open(arguments.out, "w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        handle.write('<ct:export xmlns:ct="urn:example:casetrack:3" xmlns="urn:example:casetrack:3" '
                     'generated="2024-02-01T02:00:00Z">\n  <ct:cases>\n')
        for n in range(1, arguments.cases + 1):
            handle.write(case(rng, n))
        handle.write("  </ct:cases>\n</ct:export>\n")


if __name__ == "__main__":
    main()
