#!/usr/bin/env python3
"""Generate the HTCDS package's bundled data from its published sources.

Inputs (read only here, never at run time or in tests):
  - the HTCDS 2.0 artefacts in ../shared/htcds (IOM, CC BY 4.0);
  - Debian's iso-codes package: /usr/share/iso-codes/json and the
    translations in /usr/share/locale/LANG/LC_MESSAGES/iso_3166-1.mo;
  - libphonenumber's numbering plans, from the PyPI package phonenumbers at the
    version Scripts/numbering_plans.py pins (pip install phonenumbers==9.0.43);
  - CLDR's month names, from the PyPI package babel at the version
    BABEL_VERSION pins (pip install babel==2.16.0; Unicode licence).

Outputs, in Sources/HTCDS/Resources/, each a Swift source holding the text
as a raw string literal (`NAME.swift`, an `EmbeddedResource`), so that the
executable alone carries its data and runs from any folder (raw strings
compile in a fraction of a second; a [UInt8] literal of 136 KB took 32 s):
  htcds-2.0-standard.json  fields, entities, picklists, code lists, aliases,
                           and the Excel template's two header rows
  iso-3166-1.tsv           countries: codes, English names, aliases, translated names
                           (tab-separated lines: read at every run's start, where
                           decoding the same as JSON cost some 12 ms)
  iso-639-2.tsv            languages: 639-2/T, 639-2/B and 639-1 codes, names
                           (tab-separated lines too: as JSON they cost some 4 ms a start)
  iso-*-lookup-keys.tsv    the lookup keys of each list's names that are not ASCII
  phone-numbering-plans.tsv  every region's calling code, prefixes, lengths and
                           number patterns, the patterns compiled to automata
                           (Scripts/numbering_plans.py says how)
  month-names.tsv          month names by language (the languages the country
                           names cover): full and abbreviated, in a date
                           (genitive: марта) and standing alone (март), lower case

Run from the repository root:  python3 Scripts/generate-standard-resources.py
The output is deterministic: re-running it on the same inputs changes nothing.
Other scripts read a resource's text back with `embedded_text(NAME)`.
"""
import argparse
import csv
import gettext
import json
import os
import re
import sys
import unicodedata

# Entities of the standard, by field-name prefix (the HTCDS module names them).
PREFIXES = {"org", "prs", "vic", "per", "cas", "cco", "hte", "spl", "con"}

# The Excel template spells one field name wrongly; every other name in its
# field-name row must be a field of the standard (checked below).
TEMPLATE_MISSPELLINGS = {
    "vic_TraffickinStatusDecisionMakingOrg": "vic_TraffickingStatusDecisionMakingOrg",
}

# The shared README states that country fields use ISO 3166-1 alpha-2; the field
# list says so in the values of four fields, and says nothing for hte_Country.
EXTRA_COUNTRY_FIELDS = {"hte_Country"}

# Country names legacy registers really use that are neither ISO names nor
# translations. Keys are written as people type them; lookups normalise them.
COUNTRY_ALIASES = {
    "GB": ["UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland"],
    "US": ["USA", "U.S.A.", "US", "U.S.", "United States of America", "America"],
    "VN": ["Vietnam"],
    "MD": ["Moldova", "Moldavia"],
    "BR": ["Brasil"],
    "RU": ["Russia"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "CD": ["Congo DR", "DR Congo", "DRC", "D.R. Congo", "Democratic Republic of the Congo",
           "Democratic Republic of Congo", "Congo-Kinshasa", "Zaire"],
    "CG": ["Congo-Brazzaville", "Republic of the Congo", "Congo Republic"],
    "TR": ["Turkey", "Turkiye"],
    "CZ": ["Czech Republic"],
    "SZ": ["Swaziland"],
    "MK": ["Macedonia", "FYROM"],
    "CV": ["Cape Verde"],
    "TL": ["East Timor"],
    "MM": ["Burma"],
    "NL": ["Holland"],
    "LA": ["Laos"],
    "SY": ["Syria"],
    "IR": ["Iran", "Persia"],
    "KR": ["South Korea", "Korea South"],
    "KP": ["North Korea", "Korea North"],
    "PS": ["Palestine"],
    "VA": ["Vatican", "Vatican City"],
    "TZ": ["Tanzania"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "FM": ["Micronesia"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "SA": ["KSA"],
    "BA": ["Bosnia"],
    "TT": ["Trinidad"],
}

# Translations iso-codes gets wrong, moved to the country they name:
# (locale, name) -> alpha-2. iso-codes 4.15's Arabic file renders Moldova's
# common name as "المالديف", the Maldives.
TRANSLATION_FIXES = {("ar", "المالديف"): "MV"}

# The sections of htcds-2.0-field-definitions.md that define a picklist's
# values, and the spellings there that differ from the field list's names.
DEFINED_FIELDS = {
    "Methods Of Control": ("vic_MethodsOfControl", "MethodsOfControl"),
    "Trafficking Status": ("vic_TraffickingStatus", ""),
    "Labour Industry (TIER 1)": ("vic_ForcedLabourIndustry", ""),
}
DEFINITION_SPELLINGS = {
    "ThreatOfLawEnforcement": "ThreatsLawEnforcement",
    "PsychoactiveSubstances": "PsychoactiveSubstance",
}

# Languages legacy registers are kept in, as gettext locale names.
TRANSLATION_LOCALES = ["ar", "de", "es", "fr", "pt", "pt_BR", "ru", "zh_CN", "zh_TW"]


def fail(message):
    sys.exit(f"generate-standard-resources: {message}")


def read_csv(path, encoding="utf-8"):
    with open(path, newline="", encoding=encoding) as handle:
        return list(csv.reader(handle))


def split_values(text):
    return [part.strip() for part in text.split("|")] if text.strip() else []


def code_list_of(row):
    text = " ".join([row["value_names"], row["value_labels"], row["notes"]])
    if "ISO 3166" in text or row["field"] in EXTRA_COUNTRY_FIELDS:
        return "country"
    if "ISO 639" in text:
        return "language"
    return None


def lookup_target(field_type):
    match = re.fullmatch(r"Lookup \[to (organisation|person|user)\]", field_type)
    return match.group(1) if match else None


def squash(name):
    """How the XLSForm's variant names relate to the standard's."""
    return name.replace("_", "").lower()


def forgiving(text):
    return re.sub(r"[^0-9a-z]", "", text.lower())


def read_definitions(path):
    """Section title -> (introduction, [(term, definition)]) from the definitions
    document's '## ' sections; deeper headings (the ISIC tiers 2 and 3) end a section."""
    sections, title = {}, None
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("#"):
                level = len(line) - len(line.lstrip("#"))
                title = line.lstrip("#").strip() if level == 2 else None
                if title:
                    sections[title] = ([], [])
            elif title is None:
                continue
            elif line.startswith("|"):
                cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
                if len(cells) >= 2 and not set(cells[0]) <= set("-") and cells[0] not in ("Field Name", "Field Label"):
                    sections[title][1].append((cells[0], cells[1]))
            elif line.strip() and not line.startswith("*"):
                sections[title][0].append(line.strip())
    return {t: (" ".join(intro), rows) for t, (intro, rows) in sections.items()}


def add_definitions(by_name, htcds_dir):
    sections = read_definitions(os.path.join(htcds_dir, "htcds-2.0-field-definitions.md"))
    for title, (field_name, prefix) in DEFINED_FIELDS.items():
        if title not in sections:
            fail(f"the definitions have no section {title!r}")
        intro, rows = sections[title]
        field = by_name[field_name]
        if intro and not field["description"]:
            field["description"] = intro
        values = {}
        for value in field["values"]:
            values[forgiving(value["name"])] = value
            values[forgiving(value["label"])] = value
        for term, definition in rows:
            short = term[len(prefix):] if prefix and term.startswith(prefix) else term
            short = DEFINITION_SPELLINGS.get(short, short)
            value = values.get(forgiving(short))
            if value is None:
                # Defined as a flag, but the multiselect has no value for it.
                field.setdefault("definedWithoutValue", []).append({"name": short, "definition": definition})
            else:
                value["definition"] = definition
        if not any("definition" in value for value in field["values"]):
            fail(f"{field_name}: no value matched the definitions of {title!r}")


def build_standard(htcds_dir):
    with open(os.path.join(htcds_dir, "htcds-2.0-fields.csv"), newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = []
    for row in rows:
        prefix = row["prefix"].rstrip("_")
        if prefix not in PREFIXES or not row["field"].startswith(prefix + "_"):
            fail(f"field {row['field']!r} has an unknown prefix {row['prefix']!r}")
        code_list = code_list_of(row)
        names, labels = split_values(row["value_names"]), split_values(row["value_labels"])
        if code_list:
            names, labels = [], []  # a sentence stands where values should be
        if len(names) != len(labels):
            fail(f"{row['field']}: {len(names)} value names but {len(labels)} labels")
        target = lookup_target(row["type"])
        field = {
            "name": row["field"],
            "entity": prefix,
            "shortName": row["name"],
            "label": row["label"],
            "type": "Lookup" if target else row["type"],
            "core": row["core"].strip() == "Core",
            "status": row["status"],
            "section": row["section"],
            "description": row["description"].strip(),
            "notes": row["notes"].strip(),
            "salesforce": row["salesforce"].strip(),
            "aliases": [],
            "values": [{"name": n, "label": l} for n, l in zip(names, labels)],
        }
        if target:
            field["lookupTarget"] = target
        pattern = re.search(r"Regular Expression:\s*(\S+)", row["notes"])
        if pattern:
            field["pattern"] = pattern.group(1)
        if code_list:
            field["codeList"] = code_list
        fields.append(field)
    by_name = {field["name"]: field for field in fields}

    template = read_csv(os.path.join(htcds_dir, "htcds-excel-template-2.0-header.csv"), "utf-8-sig")
    template_names, template_labels = template[0], template[1]
    for name in template_names:
        if not name or name in by_name:
            continue
        if name not in TEMPLATE_MISSPELLINGS:
            fail(f"Excel template column {name!r} is not a field of the standard")
        by_name[TEMPLATE_MISSPELLINGS[name]]["aliases"].append(name)

    squashed = {squash(name): name for name in by_name}
    with open(os.path.join(htcds_dir, "htcds-xlsform-2.0-survey.csv"), newline="", encoding="utf-8") as handle:
        for question in csv.DictReader(handle):
            name = question["name"]
            if "_" not in name or name.startswith("__") or name in by_name:
                continue
            if squash(name) not in squashed:
                fail(f"XLSForm question {name!r} matches no field of the standard")
            by_name[squashed[squash(name)]]["aliases"].append(name)

    add_definitions(by_name, htcds_dir)
    return {
        "standard": "Human Trafficking Case Data Standard (HTCDS)",
        "version": "2.0",
        "publisher": "International Organization for Migration (IOM)",
        "license": "CC BY 4.0",
        "attribution": "Human Trafficking Case Data Standard (HTCDS) by IOM, licensed under CC BY 4.0",
        "fields": fields,
        "excelTemplate": {"names": template_names, "labels": template_labels},
    }


def translations(locale_dir, domain):
    result = {}
    for locale in TRANSLATION_LOCALES:
        path = os.path.join(locale_dir, locale, "LC_MESSAGES", domain + ".mo")
        if not os.path.exists(path):
            fail(f"missing translation {path}")
        with open(path, "rb") as handle:
            result[locale] = gettext.GNUTranslations(handle)
    return result


def build_countries(iso_dir, locale_dir, htcds_dir):
    with open(os.path.join(iso_dir, "iso_3166-1.json"), encoding="utf-8") as handle:
        entries = json.load(handle)["3166-1"]
    xlsform_names = {}
    with open(os.path.join(htcds_dir, "htcds-xlsform-2.0-choices.csv"), newline="", encoding="utf-8") as handle:
        for choice in csv.DictReader(handle):
            if choice["list_name"] == "citizenship":
                xlsform_names[choice["name"].strip()] = choice["label"].strip()
    known = {entry["alpha_2"] for entry in entries}
    for code in list(COUNTRY_ALIASES) + list(xlsform_names):
        if code not in known:
            fail(f"alias or XLSForm code {code!r} is not an ISO 3166-1 alpha-2 code")
    locales = translations(locale_dir, "iso_3166-1")
    moved = {}  # alpha-2 -> locale -> names that a fix moves to it
    for (locale, text), code in TRANSLATION_FIXES.items():
        if code not in known:
            fail(f"translation fix names an unknown code {code!r}")
        moved.setdefault(code, {}).setdefault(locale, []).append(text)
    countries = []
    for entry in sorted(entries, key=lambda e: e["alpha_2"]):
        english = [entry["name"]] + [entry[k] for k in ("official_name", "common_name") if k in entry]
        aliases = [a for a in COUNTRY_ALIASES.get(entry["alpha_2"], []) if a not in english]
        xlsform = xlsform_names.get(entry["alpha_2"])
        if xlsform and xlsform not in english and xlsform not in aliases:
            aliases.append(xlsform)
        translated = {}
        for locale, catalog in locales.items():
            # The translation of the short name first: lookups prefer it over
            # the translations of official and common names when they clash.
            names = []
            for source in english:
                text = catalog.gettext(source)
                if (locale, text) in TRANSLATION_FIXES and TRANSLATION_FIXES[(locale, text)] != entry["alpha_2"]:
                    continue
                if text not in english and text not in names:
                    names.append(text)
            for text in moved.get(entry["alpha_2"], {}).get(locale, []):
                if text not in names:
                    names.append(text)
            translated[locale] = names
        country = {
            "alpha2": entry["alpha_2"],
            "alpha3": entry["alpha_3"],
            "numeric": entry["numeric"],
            "name": entry["name"],
        }
        for key, out in (("official_name", "officialName"), ("common_name", "commonName")):
            if key in entry:
                country[out] = entry[key]
        country["aliases"] = aliases
        country["translations"] = translated
        countries.append(country)
    names = []
    for country in countries:
        names += [country["name"]] + [country[k] for k in ("officialName", "commonName") if k in country]
        names += country["aliases"] + [name for texts in country["translations"].values() for name in texts]
    return {
        "source": "Debian iso-codes (ISO 3166-1 and its translations), LGPL-2.1-or-later",
        "countries": countries,
    }, lookup_keys(names)


def build_languages(iso_dir):
    with open(os.path.join(iso_dir, "iso_639-2.json"), encoding="utf-8") as handle:
        entries = json.load(handle)["639-2"]
    languages = []
    for entry in sorted(entries, key=lambda e: e["alpha_3"]):
        if not re.fullmatch(r"[a-z]{3}", entry["alpha_3"]):
            continue  # the reserved range qaa-qtz is not one code
        names = [part.strip() for part in entry["name"].split(";")]
        if "common_name" in entry and entry["common_name"] not in names:
            names.append(entry["common_name"])
        language = {"alpha3": entry["alpha_3"], "names": names}
        if "bibliographic" in entry:
            language["bibliographic"] = entry["bibliographic"]
        if "alpha_2" in entry:
            language["alpha2"] = entry["alpha_2"]
        languages.append(language)
    names = [name for language in languages for name in language["names"]]
    return {"source": "Debian iso-codes (ISO 639-2), LGPL-2.1-or-later", "languages": languages}, lookup_keys(names)


# The forgiving key of a name, as the tool's LookupKey makes it: the
# compatibility decomposition's letters and digits, lower-cased. Written
# beside each code list for its names that are not ASCII (name, tab, key: one
# a line), so that the tool need not decompose some four thousand names at
# every start; a test checks the keys kept against the tool's own.
KEY_CATEGORIES = {"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No"}


def lookup_key(name):
    return "".join(ch.lower() for ch in unicodedata.normalize("NFKD", name)
                   if unicodedata.category(ch) in KEY_CATEGORIES)


def lookup_keys(names):
    for name in names:
        if "\t" in name or "\n" in name:
            fail(f"a name holds a tab or a line break: {name!r}")
    return "".join(f"{name}\t{lookup_key(name)}\n" for name in sorted(set(names)) if not name.isascii())


# Each resource: its Swift name (`EmbeddedResource.NAME`) and what it holds.
RESOURCES = {
    "htcds-2.0-standard.json": ("standard", "the HTCDS 2.0 standard (IOM, CC BY 4.0)"),
    "iso-3166-1.tsv": ("countries", "ISO 3166-1 countries (Debian iso-codes)"),
    "iso-3166-1-lookup-keys.tsv": ("countryLookupKeys", "lookup keys of the country names that are not ASCII"),
    "iso-639-2.tsv": ("languages", "ISO 639-2 languages (Debian iso-codes)"),
    "iso-639-2-lookup-keys.tsv": ("languageLookupKeys", "lookup keys of the language names that are not ASCII"),
    "phone-numbering-plans.tsv": ("phoneNumberingPlans", "libphonenumber's numbering plans (Apache 2.0)"),
    "month-names.tsv": ("monthNames", "month names from CLDR (Unicode licence)"),
}
SWIFT_CLOSING = '"""'


def raw_delimiter(text):
    """The fewest `#` that make `text` a raw string literal's content: no
    interpolation (a backslash then the delimiter) and no early end."""
    count = 1
    while "\\" + "#" * count in text or SWIFT_CLOSING + "#" * count in text:
        count += 1
    return "#" * count


def write_text(out, name, text):
    """Writes resource `name` as `out/NAME.swift`: an `EmbeddedResource` whose
    text is exactly `text` (a multi-line literal drops the line break before
    its closing delimiter, so one more is written)."""
    identifier, what = RESOURCES[name]
    if "\r" in text or "\0" in text or not text.endswith("\n"):
        fail(f"{name} holds a carriage return or a NUL, or does not end with a line break: a Swift literal would not keep it")
    hashes = raw_delimiter(text)
    source = ("// Generated by Scripts/generate-standard-resources.py: do not edit. See ATTRIBUTION.md.\n"
              f"// {name}: {what}.\n\n"
              "extension EmbeddedResource {\n"
              f"    static let {identifier} = EmbeddedResource(name: \"{name}\", text: {hashes}\"\"\"\n"
              + text + "\n"
              + f"\"\"\"{hashes})\n}}\n")
    path = os.path.join(out, name + ".swift")
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(source)
    print(f"wrote {path} ({len(text.encode('utf-8'))} bytes of text)")


def embedded_text(name, folder=None):
    """A resource's text, read back from its generated Swift source."""
    folder = folder or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Sources", "HTCDS", "Resources")
    with open(os.path.join(folder, name + ".swift"), encoding="utf-8") as handle:
        source = handle.read()
    opening = re.search(r'text: (#+)"""\n', source)
    closing = source.rindex('\n\n"""' + opening.group(1) + ")")
    return source[opening.end():closing + 1]


def countries_tsv(document):
    """One `country` line a country (alpha-2, alpha-3, numeric, name, official
    name, common name; empty when it has none), then an `alias` line for each
    alias and a `translation` line for each translated name (locale, name; the
    short name's translation first), all belonging to the country above."""
    lines = [f"# {document['source']}",
             "# country<TAB>alpha-2<TAB>alpha-3<TAB>numeric<TAB>name<TAB>official name<TAB>common name;"
             " then alias<TAB>name and translation<TAB>locale<TAB>name lines of that country"]
    for country in document["countries"]:
        columns = [country["alpha2"], country["alpha3"], country["numeric"], country["name"],
                   country.get("officialName", ""), country.get("commonName", "")]
        texts = columns + country["aliases"] + [n for names in country["translations"].values() for n in names]
        for text in texts:
            if "\t" in text or "\n" in text:
                fail(f"a country's name holds a tab or a line break: {text!r}")
        lines.append("\t".join(["country"] + columns))
        lines += [f"alias\t{alias}" for alias in country["aliases"]]
        for locale in sorted(country["translations"]):
            lines += [f"translation\t{locale}\t{name}" for name in country["translations"][locale]]
    return "\n".join(lines) + "\n"


def languages_tsv(document):
    """A line a language: 639-2/T code, 639-2/B code (empty when the same),
    639-1 code (empty when there is none), then its English names."""
    lines = [f"# {document['source']}",
             "# alpha-3<TAB>bibliographic<TAB>alpha-2<TAB>name<TAB>more names ..."]
    for language in document["languages"]:
        for name in language["names"]:
            if "\t" in name or "\n" in name or not name:
                fail(f"a language's name is empty or holds a tab or a line break: {name!r}")
        lines.append("\t".join([language["alpha3"], language.get("bibliographic", ""),
                                language.get("alpha2", "")] + language["names"]))
    return "\n".join(lines) + "\n"


def write_json(out, name, document):
    write_text(out, name, json.dumps(document, ensure_ascii=False, indent=1) + "\n")


BABEL_VERSION = "2.16.0"
MONTH_LANGUAGES = ["en", "fr", "es", "pt", "de", "ru", "ar", "zh"]


def month_names_tsv(babel_dates):
    """`language TAB month TAB name` lines: every spelling CLDR gives a month
    in a language, lower case, and abbreviations also without their dot."""
    lines = set()
    for language in MONTH_LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for month, name in babel_dates.get_month_names(width, context=context, locale=language).items():
                    spelling = name.lower()
                    lines.add((language, month, spelling))
                    if spelling.endswith(".") and len(spelling) > 2:
                        lines.add((language, month, spelling[:-1]))
    # An English habit CLDR does not list.
    lines.add(("en", 9, "sept"))
    names = {}
    for language, month, spelling in lines:
        names.setdefault((language, spelling), set()).add(month)
    for (language, spelling), months in names.items():
        if len(months) > 1:
            fail(f"{language} month name {spelling!r} names months {sorted(months)}")
    rows = sorted(lines, key=lambda row: (MONTH_LANGUAGES.index(row[0]), row[1], row[2]))
    return "# month names from CLDR (babel " + BABEL_VERSION + "): language, month, lower-case spelling\n" + "".join(
        f"{language}\t{month}\t{spelling}\n" for language, month, spelling in rows)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--htcds", default=os.path.join(root, "..", "shared", "htcds"))
    parser.add_argument("--iso-codes", default="/usr/share/iso-codes/json")
    parser.add_argument("--locales", default="/usr/share/locale")
    parser.add_argument("--out", default=os.path.join(root, "Sources", "HTCDS", "Resources"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    write_json(args.out, "htcds-2.0-standard.json", build_standard(args.htcds))
    countries, country_keys = build_countries(args.iso_codes, args.locales, args.htcds)
    write_text(args.out, "iso-3166-1.tsv", countries_tsv(countries))
    write_text(args.out, "iso-3166-1-lookup-keys.tsv", country_keys)
    languages, language_keys = build_languages(args.iso_codes)
    write_text(args.out, "iso-639-2.tsv", languages_tsv(languages))
    write_text(args.out, "iso-639-2-lookup-keys.tsv", language_keys)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import numbering_plans
    try:
        import phonenumbers
    except ImportError:
        fail(f"needs the PyPI package phonenumbers=={numbering_plans.PHONENUMBERS_VERSION}")
    write_text(args.out, "phone-numbering-plans.tsv",
               numbering_plans.plans_tsv(numbering_plans.build_plans(phonenumbers)))
    try:
        import babel
        import babel.dates
    except ImportError:
        fail(f"needs the PyPI package babel=={BABEL_VERSION}")
    if babel.__version__ != BABEL_VERSION:
        fail(f"needs babel=={BABEL_VERSION}, not {babel.__version__}")
    write_text(args.out, "month-names.tsv", month_names_tsv(babel.dates))


if __name__ == "__main__":
    main()
