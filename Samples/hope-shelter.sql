-- The case database of "Hope Shelter", an imaginary small NGO, as its
-- volunteer-built system kept it: numeric codes, two-letter codes, ISO-3
-- country codes, a BLOB nobody remembers, events of a deleted case left behind.
-- Every person in it is invented.
--   python3 Scripts/make-samples.py   (writes Samples/hope-shelter.sqlite from this file)

CREATE TABLE partners (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT,            -- POL, NGO, GOV, HOSP, LAW
  city TEXT,
  phone TEXT
);
INSERT INTO partners VALUES (1, 'City Police, Vice Unit', 'POL', 'London', '+44 20 7946 0011');
INSERT INTO partners VALUES (2, 'Helpline 116', 'NGO', 'London', '0800 000 116');
INSERT INTO partners VALUES (3, 'St. Mary''s Clinic', 'HOSP', 'Leeds', NULL);
INSERT INTO partners VALUES (4, 'Home Office Referral Unit', 'GOV', NULL, NULL);
INSERT INTO partners VALUES (5, 'Legal Aid Collective', 'LAW', 'Manchester', NULL);

CREATE TABLE clients (
  client_id INTEGER PRIMARY KEY,
  given TEXT,
  family TEXT,
  sex TEXT,             -- F, M, T (transgender woman), U
  dob TEXT,             -- ISO dates, some only a year
  nat TEXT,             -- ISO 3166 alpha-3
  lang TEXT,            -- ISO 639-1
  mobile TEXT,
  kids INTEGER
);
INSERT INTO clients VALUES (1, 'Ana', 'Popescu', 'F', '1991-05-18', 'ROU', 'ro', '07400 123123', 0);
INSERT INTO clients VALUES (2, 'Thi Lan', 'Nguyen', 'F', '1998-11-02', 'VNM', 'vi', '+44 7400 123456', 1);
INSERT INTO clients VALUES (3, 'Chidi', 'Okafor', 'M', '1985', 'NGA', 'en', NULL, 2);
INSERT INTO clients VALUES (4, 'Arben', 'Hoxha', 'M', '2001-02-29', 'ALB', 'sq', '07400 123789', NULL);
INSERT INTO clients VALUES (5, 'Lena', 'Kovalenko', 'T', '1994-07-07', 'UKR', 'uk', '9.87826E+08', 0);
INSERT INTO clients VALUES (6, 'Maria', 'Ceban', 'U', '1979-12-24', 'MDA', 'ro', NULL, 3);

CREATE TABLE cases (
  case_id INTEGER PRIMARY KEY,
  file_no TEXT,
  client_id INTEGER REFERENCES clients (client_id),
  opened TEXT,
  status INTEGER,       -- 1 open, 2 follow-up, 3 closed, 4 closed and referred
  victim TEXT,          -- C confirmed, P presumed, N not a victim
  exploitation TEXT,    -- SX, FL, DS, BG, CR (criminality), comma-joined
  referred_by INTEGER REFERENCES partners (id),
  consent INTEGER,
  notes TEXT,
  scan BLOB
);
INSERT INTO cases VALUES (1, 'HS/2019/001', 1, '2019-03-10', 3, 'C', 'SX', 1, 1, 'Returned home with IOM support', NULL);
INSERT INTO cases VALUES (2, 'HS/2019/002', 2, '2019-06-01', 1, 'P', 'FL,DS', 2, 1, NULL, NULL);
INSERT INTO cases VALUES (3, 'HS/2020/001', 3, '2020-01-15', 2, 'C', 'FL,CR', 4, 0, 'Car wash, 14 hours a day', x'89504E47');
INSERT INTO cases VALUES (4, 'HS/2020/002', 4, '2020-02-30', 4, 'N', 'BG', 9, 1, NULL, NULL);
INSERT INTO cases VALUES (5, 'HS/2021/001', 5, '2021-08-21', 1, 'P', 'SX', 3, 1, 'Needs an interpreter', NULL);
INSERT INTO cases VALUES (6, NULL, 6, '2021-09-30', 1, 'P', 'DS', 2, 1, NULL, NULL);

CREATE TABLE events (
  event_id INTEGER PRIMARY KEY,
  case_id INTEGER,      -- rows of a deleted case (7) were never removed
  kind TEXT,            -- R recruitment, T transit, E exploitation
  happened TEXT,
  city TEXT,
  country TEXT
);
INSERT INTO events VALUES (1, 1, 'R', '2018-11-02', 'Iasi', 'ROU');
INSERT INTO events VALUES (2, 1, 'E', '2019-01-20', 'London', 'GBR');
INSERT INTO events VALUES (3, 2, 'R', '2018-05-01', 'Hanoi', 'VNM');
INSERT INTO events VALUES (4, 2, 'T', '2018-07-14', 'Calais', 'FRA');
INSERT INTO events VALUES (5, 3, 'E', '2019-09-09', 'Birmingham', 'GBR');
INSERT INTO events VALUES (6, 7, 'E', '2020-05-05', 'Dover', 'GBR');

CREATE TABLE plans (
  plan_id INTEGER PRIMARY KEY,
  case_id INTEGER,
  kind TEXT,            -- HEA health, LEG legal, LIV livelihood, EDU education
  objective TEXT,
  due TEXT
);
INSERT INTO plans VALUES (1, 1, 'HEA', 'Counselling, 12 sessions', '2019-09-30');
INSERT INTO plans VALUES (2, 2, 'LEG', 'Asylum claim', '2020-06-01');
INSERT INTO plans VALUES (3, 2, 'LIV', 'Sewing course', NULL);
INSERT INTO plans VALUES (4, 5, 'EDU', 'English classes', '2022-01-31');
