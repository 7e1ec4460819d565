#!/usr/bin/env python3
"""Write the samples shaped like the HTCDS standard's own artefacts, as the
data of an imaginary programme would fill them:

  Samples/htcds-excel-template.csv   the official "HTCDS Excel Spreadsheet v2.0"
                                     saved by Excel as "CSV UTF-8": its hidden
                                     field-name row (misspelt and unnamed column
                                     included, byte for byte as published), its
                                     label row, then cases; multi-selects joined
                                     with ';', dates as a UK Excel shows them.
  Samples/htcds-kobo-export.csv      the official HTCDS XLSForm, filled in on
                                     KoboToolbox and exported as CSV (Kobo's
                                     defaults: ';' between cells, question names
                                     as headers, select_multiple answers
                                     space-separated, its _id/_uuid/... columns).
  Samples/ctdc-style-dataset.csv     a CTDC-style anonymised dataset: ';', a
                                     sentence as the first header cell, one 0/1
                                     column per method of control, exploitation
                                     type and labour sector, -99 for unknown.

The template's rows come from the package's bundled copy of the standard, not
from ../shared. Every person, phone number and organisation is invented. The
output is deterministic.

    python3 Scripts/make-artefact-samples.py
"""
import csv
import importlib
import io
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
embedded_text = importlib.import_module("generate-standard-resources").embedded_text

FIRST = ["Amina", "Ioana", "Mariam", "Elena", "Kwame", "Andrei", "Olena", "Thi Mai", "Chiamaka", "Yonas",
         "Lucía", "Dritan", "Farida", "Nimmi", "Sokha", "Tatiana", "Efua", "Rahel", "Bilal", "Marisol"]
LAST = ["Diallo", "Munteanu", "Haddad", "Petrova", "Boateng", "Lungu", "Bondar", "Pham", "Nwosu", "Gebre",
        "Rojas", "Kelmendi", "Rahimi", "Perera", "Chea", "Volkova", "Asante", "Tekle", "Qureshi", "Flores"]
CITY = ["Accra", "Chisinau", "Bucharest", "Lagos", "Kyiv", "Hanoi", "Tirana", "Lima", "Colombo", "Phnom Penh"]
ORGS = ["City Police", "Helpline 116", "Shelter of Hope", "Labour Inspectorate", "Embassy Consular Office"]
WORKERS = ["K. Owusu", "L. Marin", "S. Okoro"]
UNNAMED_REASON_COLUMN = 35


def excel_template_sample(rng):
    """Rows 1-2 as published; each case placed under its field name."""
    template = json.loads(embedded_text("htcds-2.0-standard.json"))["excelTemplate"]
    names, labels = template["names"], template["labels"]
    assert names[0] == "" and names[UNNAMED_REASON_COLUMN] == "" and labels[UNNAMED_REASON_COLUMN] == "Reason for Outgoing Referral"
    genders = ["Feminine", "Masculine", "Transgender Feminine", "Not Specified/Unknown", "Feminine "]
    citizenship = ["GH", "MD", "Romania", "NG", "UA", "VN", "AL", "Peru", "LK", "KH"]
    status = ["Possible victim of trafficking", "Actual victim of trafficking", "Not a victim of trafficking"]
    deciders = ["Police", "NGO", "Court or prosecution", "Non-police governmental organization", "Other"]
    recruitment = ["Through online social networks", "Through friends or social events", "At work",
                   "Through a newspaper advert", "Through family or family events"]
    control = ["Debt bondage", "Withholds documents", "Physical threats", "Takes earnings",
               "Excessive working hours", "Psychological abuse", "Restricts financial access"]
    exploitation = ["Forced labour", "Sexual exploitation", "Servitude", "Forced begging", "Forced marriage"]
    industry = ["Agriculture, forestry and fishing", "Construction", "Accommodation and food service activities",
                "Activities of households as employers; undifferentiated goods- and services- producing "
                "activities of households for own use", "Manufacturing"]
    sex = ["Prostitution", "Pornography", "Remote Interactive Services"]
    case_status = ["Active", "Follow Up", "Closed", "Closed Referred"]
    reasons_out = ["Additional Services Required", "Migration or Change of Location", "Other", "Long-term housing"]
    rows = []
    for number in range(1, 25):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        kinds = sorted(rng.sample(exploitation, rng.choice([1, 1, 2])), key=exploitation.index)
        value = {
            "cas_CaseOwner": rng.choice(WORKERS),
            "prs_Salutation": rng.choice(["Ms", "Mr", "", ""]),
            "prs_FirstName": first,
            "prs_SecondName": last,
            "con_Consent": rng.choice(["TRUE", "TRUE", "FALSE", ""]),
            "prs_Birthdate": f"{rng.randint(1,28):02d}/{rng.randint(1,12):02d}/{rng.randint(1975,2006)}",
            "prs_Gender": rng.choice(genders),
            "prs_Citizenship": rng.choice(citizenship),
            "prs_Email": rng.choice(["", f"{first.split()[0].lower()}.{last.lower()}@example.org"]),
            "prs_MobilePhone": rng.choice(["", f"+233 20 {rng.randint(100,999)} {rng.randint(1000,9999)}",
                                           f"+373 69 {rng.randint(100000,999999)}"]),
            "prs_MailingCity": rng.choice(CITY + [""]),
            "prs_MailingCountry": rng.choice(["GH", "MD", "", "GB"]),
            "vic_TraffickingStatus": rng.choice(status),
            "vic_TraffickinStatusDecisionMakingOrg": rng.choice(deciders),
            "vic_MethodOfRecruitment": rng.choice(recruitment),
            "vic_LocationOfRecruitment": rng.choice(["", "Recruitment Agency Star", "Harbour Bar"]),
            "vic_MethodsOfControl": ";".join(sorted(rng.sample(control, rng.randint(0, 3)), key=control.index)),
            "vic_TypeOfExploitation": ";".join(kinds),
            "vic_ForcedLabourIndustry": rng.choice(industry) if "Forced labour" in kinds else "",
            "vic_TypeOfSexExploitation": rng.choice(sex) if "Sexual exploitation" in kinds else "",
            "cas_Status": rng.choice(case_status),
            "cas_ReferringOrganisation": rng.choice(ORGS),
            "cas_IncomingReferralDate": f"{rng.randint(1,28):02d}/{rng.randint(1,12):02d}/{rng.randint(2019,2025)}",
            "cas_ReferringPrimaryCaseWorker": rng.choice(["", "Officer Ansah", "J. Popa"]),
            "cas_IncomingReferralDetails": rng.choice(["", "Walked in, asked for help", "Hotline call, night shift"]),
        }
        if value["cas_Status"] == "Closed Referred":
            value["cas_ReferredOrganisation"] = rng.choice(ORGS[1:])
            value[""] = rng.choice(reasons_out)  # "Reason for Outgoing Referral" has no field name
            value["cas_OutgoingReferralDate"] = f"{rng.randint(1,28):02d}/{rng.randint(1,12):02d}/2025"
        if value["cas_Status"] == "Closed":
            value["cas_ReasonForCaseClosure"] = rng.choice(["Returned home", "Lost contact"])
        # The anomalies a template filled by hand gathers.
        if number == 7:
            value["prs_Birthdate"] = "31/02/1990"
        if number == 11:
            value["vic_MethodsOfControl"] = "Debt bondage;Locked in"  # not a value of the picklist
        if number == 15:
            value["prs_MobilePhone"] = "2.33201E+11"  # Excel turned the number into scientific notation
        if number == 19:
            value["vic_TypeOfExploitation"] = "Forced labour; Child labour "
        # Column 1 (no field name) numbers the rows; the other unnamed column is
        # "Reason for Outgoing Referral".
        row = [value.get(name, "") if name else "" for name in names]
        row[0] = str(number)
        row[UNNAMED_REASON_COLUMN] = value.get("", "")
        rows.append(row)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerow(labels)
    writer.writerows(rows)
    # Excel saves a trailing row of delimiters when the sheet was once longer.
    writer.writerow([""] * len(names))
    return "\ufeff" + out.getvalue()


KOBO_META = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
             "_submitted_by", "__version__", "_tags", "_index"]


def kobo_sample(rng):
    """The XLSForm's questions in order; answers as choice names."""
    questions = ["start", "end", "con_Consent", "prs_Salutation", "prs_First_Name", "prs_Second_Name",
                 "prs_Birthdate", "prs_Gender", "prs_Citizenship", "prs_Title", "prs_Email", "prs_HomePhone",
                 "prs_MobilePhone", "prs_MailingCity", "prs_MailingCountry", "prs_MailingState",
                 "prs_MailingStreet", "prs_MailingPostalCode", "vic_MethodOfRecruitment",
                 "vic_LocationOfRecruitment", "vic_TraffickingStatus", "vic_TraffickingStatusDecisionMakingOrg",
                 "vic_Methods_of_Control", "vic_TypeOfExploitation", "vic_ForcedLabourIndustry",
                 "vic_TypeOfSexExploitation", "vic_LocationOfExploitation", "cas_Status",
                 "cas_ReferringOrganisation", "cas_IncomingReferralDate", "cas_ReferringPrimaryCaseWorker",
                 "cas_ReasonForIncomingReferral", "cas_IncomingReferralDetails"]
    control = ["PhysicalThreats", "DebtBondage", "FalsePromises", "TakesEarnings", "WithholdsDocuments",
               "ExcessiveWorkingHours", "PsychologicalAbuse"]
    industry = ["A_AgricultureForestryAndFishing", "F_Construction", "I_AccommodationAndFoodServiceActivities",
                "T_ActivitiesOfHouseholdsAsEmployers", "C_Manufacturing"]
    exploitation = ["ForcedLabour", "SexualExploitation", "Servitude", "ForcedBegging", "ChildLabour"]
    recruitment = ["ThroughOnlineSocialNetworks", "ThroughFriendsOrSocialEvents", "AtWork",
                   "ThroughAnOnlineAdvertisement", "ThroughFamilyOrFamilyEvents"]
    rows = []
    for number in range(1, 21):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        day = f"2025-{rng.randint(1,12):02d}-{rng.randint(1,28):02d}"
        kinds = sorted(rng.sample(exploitation, rng.choice([1, 1, 2])), key=exploitation.index)
        minute = rng.randint(10, 40)
        answers = {
            "start": f"{day}T09:{minute}:05.113+00:00",
            "end": f"{day}T09:{minute + rng.randint(5, 19)}:41.870+00:00",
            "con_Consent": rng.choice(["TRUE", "TRUE", "FALSE"]),
            "prs_First_Name": first,
            "prs_Second_Name": last,
            "prs_Birthdate": f"{rng.randint(1975,2006)}-{rng.randint(1,12):02d}-{rng.randint(1,28):02d}",
            "prs_Gender": rng.choice(["Feminine", "Masculine", "Feminine", "NonSpecifiedUnknown", "NonConforming"]),
            "prs_Citizenship": rng.choice(["GH", "MD", "RO", "NG", "UA", "VN", "AL", "PE", "LK", "KH"]),
            "prs_MobilePhone": rng.choice(["", f"+40 7{20 + rng.randint(10,99) % 60} {rng.randint(100000,999999)}"]),
            "prs_MailingCity": rng.choice(CITY + [""]),
            "prs_MailingCountry": rng.choice(["", "Ghana", "Romania", "RO"]),
            "vic_MethodOfRecruitment": " ".join(sorted(rng.sample(recruitment, rng.choice([1, 1, 2])),
                                                       key=recruitment.index)),
            "vic_TraffickingStatus": rng.choice(["PossibleVictimOfTrafficking", "ActualVictimOfTrafficking"]),
            "vic_TraffickingStatusDecisionMakingOrg": rng.choice(["Police", "NGO", "CourtOrProsecution", "Other"]),
            "vic_Methods_of_Control": " ".join(sorted(rng.sample(control, rng.randint(0, 3)), key=control.index)),
            "vic_TypeOfExploitation": " ".join(kinds),
            "vic_ForcedLabourIndustry": rng.choice(industry) if "ForcedLabour" in kinds else "",
            "vic_TypeOfSexExploitation": "Prostitution" if "SexualExploitation" in kinds else "",
            "cas_Status": rng.choice(["Active", "FollowUp", "Closed"]),
            "cas_ReferringOrganisation": rng.choice(ORGS),
            "cas_IncomingReferralDate": day,
            "cas_ReasonForIncomingReferral": rng.choice(["", "Shelter", "Medical care"]),
            "cas_IncomingReferralDetails": rng.choice(["", "Interview at the border post", "Came with a friend"]),
        }
        # The XLSForm asks industry as select_multiple; the standard takes one.
        if number in (4, 13):
            answers["vic_TypeOfExploitation"] = "ForcedLabour"
            answers["vic_ForcedLabourIndustry"] = "A_AgricultureForestryAndFishing C_Manufacturing"
        if number == 9:
            answers["prs_Birthdate"] = ""  # the question is not required
        uuid = "".join(rng.choice("0123456789abcdef") for _ in range(32))
        uuid = f"{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:]}"
        meta = {"_id": str(418230 + number * 7), "_uuid": uuid, "_submission_time": f"{day}T09:59:59",
                "_validation_status": "", "_notes": "", "_status": "submitted_via_web", "_submitted_by": "",
                "__version__": "vSmt4GQA3C9uBMLPEVfgND", "_tags": "", "_index": str(number)}
        rows.append([answers.get(name, "") for name in questions] + [meta[name] for name in KOBO_META])
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(questions + KOBO_META)
    writer.writerows(rows)
    return out.getvalue()


CTDC_CONTROL = ["DebtBondage", "TakesEarnings", "RestrictsFinancialAccess", "Threats", "PhysicalAbuse",
                "SexualAbuse", "FalsePromises", "PsychoactiveSubstances", "RestrictsMovement",
                "RestrictsMedicalCare", "ExcessiveWorkingHours", "UsesChildren", "ThreatOfLawEnforcement",
                "WithholdsNecessities", "WithholdsDocuments", "Other", "NotSpecified"]
CTDC_EXPLOIT = ["isForcedLabour", "isSexualExploit", "isOtherExploit", "isForcedMarriage", "isForcedMilitary",
                "isOrganRemoval"]
CTDC_LABOUR = ["Agriculture", "Aquafarming", "Begging", "Construction", "DomesticWork", "Hospitality",
               "IllicitActivities", "Manufacturing", "MiningOrDrilling", "Peddling", "Transportation", "Other",
               "NotSpecified"]
CTDC_SEX = ["Prostitution", "Pornography", "RemoteInteractiveServices", "PrivateSexualServices"]


def ctdc_sample(rng):
    """One anonymised victim a row; flags as 0/1, -99 where unknown."""
    first = "Case identifier (anonymised; values are 0/1 flags, -99 where not known; see the codebook)"
    header = ([first, "yearOfRegistration", "Datasource", "gender", "ageBroad", "majorityStatus", "citizenship"]
              + [f"meansOfControl{name}" for name in CTDC_CONTROL]
              + CTDC_EXPLOIT
              + [f"typeOfLabour{name}" for name in CTDC_LABOUR]
              + [f"typeOfSex{name}" for name in CTDC_SEX]
              + ["recruiterRelationship", "CountryOfExploitation"])
    rows = []
    for number in range(1, 31):
        known = rng.random() > 0.15
        flags = lambda names, chance: [(1 if rng.random() < chance else 0) if known else -99 for _ in names]
        exploit = flags(CTDC_EXPLOIT, 0.3)
        if known and not any(exploit):
            exploit[0] = 1
        labour = flags(CTDC_LABOUR, 0.12) if known and exploit[0] == 1 else [0 if known else -99] * len(CTDC_LABOUR)
        sex = flags(CTDC_SEX, 0.4) if known and exploit[1] == 1 else [0 if known else -99] * len(CTDC_SEX)
        row = ([f"ctdc{number:05d}", str(rng.randint(2016, 2024)), rng.choice(["Case Management", "Hotline"]),
                rng.choice(["Female", "Male", "Female", "-99", "Transgender/NonConforming"]),
                rng.choice(["9--17", "18--20", "21--23", "30--38", "-99"]), rng.choice(["Adult", "Minor", "-99"]),
                rng.choice(["RO", "MD", "UA", "PH", "NG", "-99", "VN", "UZ"])]
               + flags(CTDC_CONTROL, 0.25) + exploit + labour + sex
               + [rng.choice(["Intimate Partner", "Friend", "Family/Relative", "Other", "-99"]),
                  rng.choice(["US", "GB", "RU", "MY", "-99", "PL"])])
        rows.append([str(cell) for cell in row])
    # Rows the tests rely on: several sectors, and the flags without an exact HTCDS value.
    def set_flags(row, prefix, names, chosen):
        for name in names:
            row[header.index(prefix + name)] = "1" if name in chosen else "0"
    set_flags(rows[2], "typeOfLabour", CTDC_LABOUR, {"Agriculture", "Construction"})
    set_flags(rows[2], "", CTDC_EXPLOIT, {"isForcedLabour"})
    set_flags(rows[4], "meansOfControl", CTDC_CONTROL, {"RestrictsMovement", "UsesChildren", "Threats", "DebtBondage"})
    rows[6][header.index("meansOfControlOther")] = "2"  # a flag that is neither 0 nor 1
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def main():
    rng = random.Random(20261128)
    outputs = {
        "htcds-excel-template.csv": excel_template_sample(rng),
        "htcds-kobo-export.csv": kobo_sample(rng),
        "ctdc-style-dataset.csv": ctdc_sample(rng),
    }
    for name, text in outputs.items():
        with open(os.path.join(ROOT, "Samples", name), "w", encoding="utf-8", newline="") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
