-- DuckDB's version of a comparable mapping of the benchmark's long-row register
-- (Scripts/make-samples.py): renames, three value maps, two date rewrites and a
-- split, written as JSON Lines. No validation, no report: the yardstick a data
-- engineer would reach for. Benchmarks/duckdb-yardstick.py fills in the paths.
COPY (
  SELECT
    "Case No" AS caseId,
    "First Name" AS prs_FirstName,
    "Surname" AS prs_SecondName,
    CASE "Sex" WHEN 'F' THEN 'Feminine' WHEN 'f' THEN 'Feminine' WHEN 'Female' THEN 'Feminine'
               WHEN 'female' THEN 'Feminine' WHEN 'M' THEN 'Masculine' WHEN 'male' THEN 'Masculine'
               WHEN 'Trans woman' THEN 'TransgenderFeminine' END AS prs_Gender,
    strftime(try_strptime("DOB", '%d/%m/%Y'), '%Y-%m-%d') AS prs_Birthdate,
    "Nationality" AS prs_Citizenship,
    "Phone" AS prs_MobilePhone,
    "Email" AS prs_Email,
    "Town" AS prs_MailingCity,
    CASE "Victim Status" WHEN 'Presumed victim' THEN 'PossibleVictimOfTrafficking'
                         WHEN 'Confirmed victim' THEN 'ActualVictimOfTrafficking'
                         WHEN 'confirmed' THEN 'ActualVictimOfTrafficking'
                         WHEN 'Not a victim' THEN 'NotAVictimOfTrafficking' END AS vic_TraffickingStatus,
    list_transform(string_split("Exploitation Type", ','), lambda x: trim(x)) AS vic_TypeOfExploitation,
    "Caseworker" AS cas_CaseOwner,
    CASE "Case Status" WHEN 'open' THEN 'Active' WHEN 'On hold' THEN 'FollowUp'
                       WHEN 'closed - referred' THEN 'ClosedReferred' END AS cas_Status,
    strftime(try_strptime("Date Referred", '%d/%m/%Y'), '%Y-%m-%d') AS cas_IncomingReferralDate,
    "Notes" AS cas_IncomingReferralDetails
  FROM read_csv('{input}', header = true, all_varchar = true)
) TO '{output}' (FORMAT json);
