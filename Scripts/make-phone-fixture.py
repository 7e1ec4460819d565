#!/usr/bin/env python3
"""Write the phone-number fixture: numbers as registers write them, and what
libphonenumber itself answers for each (the PyPI package phonenumbers, at the
version the bundled numbering plans were compiled from).

Output: Tests/HTCDSMigrationTests/Fixtures/phone-numbers.tsv, one line a case:
  text<TAB>region (empty: none)<TAB>answer<TAB>extension
where answer is the E.164 form of a number libphonenumber calls valid, or the
code htcds gives an invalid one (phone-too-short, phone-too-long,
phone-invalid-length, phone-country-code-unknown, phone-not-valid-for-region,
phone-not-a-number), and extension is "yes" when libphonenumber split one off.

Run from the repository root:  python3 Scripts/make-phone-fixture.py
Deterministic: the same version gives the same file.
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from numbering_plans import PHONENUMBERS_VERSION  # noqa: E402

import phonenumbers  # noqa: E402
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType, ValidationResult  # noqa: E402

REGIONS = ["GB", "US", "CA", "IT", "RU", "KZ", "KE", "NG", "UG", "IN", "PK", "BD", "NP", "PH", "TH", "VN", "ID",
           "CN", "DE", "FR", "ES", "PT", "RO", "MD", "UA", "AL", "BR", "AR", "MX", "AE", "LB", "EG", "MA", "GG",
           "JE", "AG", "SM", "VA", "JP", "AU"]
TYPES = [PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE]

# The cases the trust issue found, as they were written.
REPORTED = [
    ("+44 (0)20 7946 0034", "GB"), ("+254 0712 345 678", "KE"), ("06 1234 5678", "IT"),
    ("8 912 345 67 89", "RU"), ("+44 1234", "GB"), ("0712 345 678 ext. 12", "KE"),
    ("07700 900123", "GB"), ("0712 345 678", "KE"), ("+44 7700 900123", "GB"),
]


def answer(text, region):
    try:
        number = phonenumbers.parse(text, region or None)
    except NumberParseException as error:
        code = {
            NumberParseException.INVALID_COUNTRY_CODE: "phone-country-code-unknown",
            NumberParseException.NOT_A_NUMBER: "phone-not-a-number",
            NumberParseException.TOO_SHORT_AFTER_IDD: "phone-too-short",
            NumberParseException.TOO_SHORT_NSN: "phone-too-short",
            NumberParseException.TOO_LONG: "phone-too-long",
        }[error.error_type]
        return code, "no"
    extension = "yes" if number.extension else "no"
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, PhoneNumberFormat.E164), extension
    reason = phonenumbers.is_possible_number_with_reason(number)
    return {
        ValidationResult.TOO_SHORT: "phone-too-short",
        ValidationResult.TOO_LONG: "phone-too-long",
        ValidationResult.INVALID_LENGTH: "phone-invalid-length",
        ValidationResult.INVALID_COUNTRY_CODE: "phone-country-code-unknown",
        ValidationResult.IS_POSSIBLE: "phone-not-valid-for-region",
        ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "phone-not-valid-for-region",
    }[reason], extension


def writings(number, region, generator):
    """The ways a register writes one number: international and national forms,
    with the punctuation and habits seen in exports."""
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    code = str(number.country_code)
    nsn = phonenumbers.national_significant_number(number)
    idd = phonenumbers.PhoneMetadata.metadata_for_region(region).international_prefix
    plain_idd = idd if idd.isdigit() else "00"
    out = [
        (e164, region), (international, region), (international, ""), (national, region),
        (national.replace(" ", "-"), region), (national.replace(" ", "."), region),
        (national.replace(" ", ""), region), (national.replace(" ", "\u00a0"), region),
        (f"{plain_idd} {code} {nsn}", region), (f"+{code} (0){nsn}", region), (f"+{code} 0{nsn}", region),
        (f"{code} {nsn}", region), (f"({nsn[:3]}) {nsn[3:]}", region),
        (national + " ext. 12", region), (international + " x 305", region),
        (e164[:-2], region), (e164 + "41", region), (national[:-1], region), (national + "7", region),
        (f"+{code} {generator.choice('0123456789')}{nsn[1:]}", region),
    ]
    return out


def main():
    if phonenumbers.__version__ != PHONENUMBERS_VERSION:
        sys.exit(f"make-phone-fixture: phonenumbers {phonenumbers.__version__} is installed; "
                 f"pip install phonenumbers=={PHONENUMBERS_VERSION}")
    generator = random.Random(7)
    cases = list(REPORTED)
    for region in REGIONS:
        for kind in TYPES:
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None:
                cases += writings(number, region, generator)
        # Digits at random, written nationally and with "+".
        for _ in range(4):
            digits = "".join(generator.choice("0123456789") for _ in range(generator.randint(3, 13)))
            cases += [(digits, region), ("+" + digits, region)]
        # Numbers of other regions in a register of this one.
        other = generator.choice(REGIONS)
        foreign = phonenumbers.example_number_for_type(other, PhoneNumberType.MOBILE)
        if foreign is not None:
            cases.append((phonenumbers.format_number(foreign, PhoneNumberFormat.INTERNATIONAL), region))
    for code in (800, 882, 979):
        number = phonenumbers.example_number_for_non_geo_entity(code)
        cases.append((phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL), ""))
    cases += [("+999 1234 5678", "GB"), ("+0 20 7946 0000", "GB"), ("020 7946 0000", ""), ("1", "GB"),
              ("12", "GB"), ("+12", "US"), ("00", "GB"), ("0044 20 7946 0000", "GB"), ("011 44 20 7946 0000", "US"),
              ("+44 20 7946 0000 0000 0000 0000", "GB"), ("00 999 1234", "GB"),
              # More digits than htcds holds (32): too long, as libphonenumber says.
              ("+44 " + "1" * 35, "GB"), ("0" * 40, "GB"), ("5" * 33, "AR"), ("+54 9 11 " + "2" * 30, "AR"),
              ("0 11 15 " + "4" * 26, "AR"), ("011 54 9 11 " + "3" * 24, "US")]
    seen, lines = set(), []
    for text, region in cases:
        if (text, region) in seen:
            continue
        seen.add((text, region))
        result, extension = answer(text, region)
        lines.append(f"{text}\t{region}\t{result}\t{extension}")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, "Tests", "HTCDSMigrationTests", "Fixtures", "phone-numbers.tsv")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    header = (f"# libphonenumber's answers (PyPI phonenumbers {PHONENUMBERS_VERSION}), written by "
              "Scripts/make-phone-fixture.py; do not edit.\n# text<TAB>region<TAB>E.164 or code<TAB>extension\n")
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(header + "\n".join(lines) + "\n")
    regions = {region for _, region in cases if region}
    print(f"wrote {path}: {len(lines)} numbers, {len(regions)} regions")


if __name__ == "__main__":
    main()
