-- 023: the province's shared data as the center answers for it (issue 6, part 5): the
-- population (resident ID numbers), legal persons (unified social credit codes) and the
-- electronic licence library, and the audit log of every question a window asked.
-- The demo center fills the three data tables with synthetic, deterministic records
-- (src-center/shared-data/generate.ts) — never real people. A province connects its own
-- shared-data exchange here instead.

CREATE TABLE shared_persons (
  id_number   char(18)    PRIMARY KEY CHECK (id_number ~ '^[0-9]{17}[0-9X]$'),
  name        text        NOT NULL,
  sex         char(1)     NOT NULL CHECK (sex IN ('M', 'F')),
  birth_date  date        NOT NULL,
  status      text        NOT NULL CHECK (status IN ('alive', 'deceased')),
  -- The county of the registered residence (户籍所在地), GB/T 2260.
  region_code varchar(6)  NOT NULL,
  address     text        NOT NULL
);

CREATE TABLE shared_organisations (
  credit_code          char(18)   PRIMARY KEY CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  name                 text       NOT NULL,
  legal_representative text       NOT NULL,
  status               text       NOT NULL CHECK (status IN ('存续', '注销', '吊销')),
  region_code          varchar(6) NOT NULL,
  established_on       date       NOT NULL
);

CREATE TABLE shared_licences (
  licence_number  varchar(64) PRIMARY KEY,
  licence_type    text        NOT NULL,
  -- A resident ID number or a credit code.
  holder_id       char(18)    NOT NULL,
  holder_kind     text        NOT NULL CHECK (holder_kind IN ('person', 'organisation')),
  issuer          text        NOT NULL,
  issued_on       date        NOT NULL,
  valid_until     date,
  trust_grade     char(1)     NOT NULL CHECK (trust_grade IN ('A', 'B', 'C', 'D')),
  document_sha256 char(64)    NOT NULL CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
  revoked         boolean     NOT NULL DEFAULT false
);
CREATE INDEX shared_licences_holder_idx ON shared_licences (holder_id);

-- Which data set was loaded, from which generator edition (a later edition reloads).
CREATE TABLE shared_data_sets (
  name       text        PRIMARY KEY,
  edition    integer     NOT NULL,
  rows       integer     NOT NULL,
  loaded_at  timestamptz NOT NULL DEFAULT now()
);

-- Every question a window asked: who (device, window), when, what was asked and the
-- answer given — never the registry's record itself. Append-only.
CREATE TABLE shared_data_queries (
  id         uuid        PRIMARY KEY,
  asked_at   timestamptz NOT NULL DEFAULT now(),
  device_id  varchar(6)  NOT NULL,
  window_id  varchar(64) NOT NULL,
  kind       text        NOT NULL CHECK (kind IN ('person', 'organisation', 'licences')),
  -- The ID number, credit code or holder id asked about.
  subject    text        NOT NULL,
  -- The question as asked (names included: they are what was checked).
  asked      jsonb       NOT NULL,
  result     text        NOT NULL,
  -- Mismatched fields, or how many licences were listed.
  detail     jsonb
);
CREATE INDEX shared_data_queries_device_idx ON shared_data_queries (device_id, asked_at);
CREATE INDEX shared_data_queries_subject_idx ON shared_data_queries (subject);
