-- DuckDB's version of Benchmarks/short-register.yaml, without validation or a
-- report: renames, three value maps, three date rewrites and two splits,
-- written as JSON Lines. Benchmarks/duckdb-yardstick.py fills in the paths.
COPY (
  SELECT
    "Ref" AS caseId,
    "Given" AS prs_FirstName,
    "Family" AS prs_SecondName,
    CASE "Sex" WHEN 'F' THEN 'Feminine' WHEN 'M' THEN 'Masculine' WHEN 'X' THEN 'NonSpecifiedUnknown' END AS prs_Gender,
    strftime(try_strptime("Born", '%d/%m/%Y'), '%Y-%m-%d') AS prs_Birthdate,
    "Country" AS prs_Citizenship,
    "Language" AS prs_PrimaryLanguage,
    "Exploited In" AS vic_LocationOfExploitation,
    list_transform(string_split("Exploitation", ','),
      lambda x: CASE x WHEN 'sex' THEN 'SexualExploitation' WHEN 'labour' THEN 'ForcedLabour'
                  WHEN 'domestic' THEN 'Servitude' WHEN 'begging' THEN 'ForcedBegging' ELSE 'Other' END)
      AS vic_TypeOfExploitation,
    list_transform(string_split("Control", ';'),
      lambda x: CASE x WHEN 'debt' THEN 'DebtBondage' WHEN 'threats' THEN 'PhysicalThreats'
                  WHEN 'documents' THEN 'WithholdsDocuments' WHEN 'violence' THEN 'PhysicalAbuse' END)
      AS vic_MethodsOfControl,
    CASE "Status" WHEN 'open' THEN 'Active' WHEN 'closed' THEN 'Closed' WHEN 'follow-up' THEN 'FollowUp'
                  WHEN 'referred' THEN 'ClosedReferred' END AS cas_Status,
    "Phone" AS prs_MobilePhone,
    strftime(try_strptime("Registered", '%d/%m/%Y'), '%Y-%m-%d') AS cas_IncomingReferralDate,
    strftime(try_strptime("Referred On", '%d/%m/%Y'), '%Y-%m-%d') AS cas_OutgoingReferralDate,
    "Town" AS prs_MailingCity,
    "Worker" AS cas_CaseOwner,
    "Note" AS cas_IncomingReferralDetails
  FROM read_csv('{input}', header = true, all_varchar = true)
) TO '{output}' (FORMAT json);
