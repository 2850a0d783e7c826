-- 001: regions, departments, the catalog (items, materials, implementations, versions),
-- service windows and clerks. Plain PostgreSQL, run unchanged on PostgreSQL and PGlite.

-- Administrative divisions (GB/T 2260).
CREATE TABLE regions (
  code        varchar(6) PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
  name        text    NOT NULL,
  parent_code varchar(6) REFERENCES regions (code),
  level       text    NOT NULL CHECK (level IN ('province', 'city', 'county')),
  CHECK ((level = 'province') = (parent_code IS NULL))
);
CREATE INDEX regions_parent_idx ON regions (parent_code);

-- Government departments of a region (市场监督管理局 of 长安区 …).
CREATE TABLE departments (
  code        varchar(32) PRIMARY KEY,
  name        text        NOT NULL,
  region_code varchar(6)     NOT NULL REFERENCES regions (code),
  kind        text        NOT NULL,
  UNIQUE (region_code, kind)
);

-- Catalog versions: every change to the catalog creates a new version; the highest is current.
CREATE TABLE catalog_version (
  version    integer     PRIMARY KEY CHECK (version >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  note       text        NOT NULL DEFAULT ''
);

-- National items (事项), as the province lists them.
CREATE TABLE items (
  item_code               varchar(10) PRIMARY KEY CHECK (item_code ~ '^[0-9A-Za-z]{1,10}$'),
  name                    text        NOT NULL,
  item_type               char(2)     NOT NULL CHECK (item_type IN ('01','02','03','04','05','06','07','08','09','10','20')),
  levels                  jsonb       NOT NULL,  -- ["province","city","county"]: who implements it
  department_kind         text        NOT NULL,
  review_department_kinds jsonb       NOT NULL,
  statutory_days          integer     NOT NULL CHECK (statutory_days BETWEEN 0 AND 365),
  promised_days           integer     NOT NULL CHECK (promised_days BETWEEN 0 AND 365),
  case_type               char(1)     NOT NULL CHECK (case_type IN ('1', '2', '9')),
  handling_forms          jsonb       NOT NULL,
  applicant_kinds         jsonb       NOT NULL,
  fee                     jsonb       NOT NULL,
  conditions              text        NOT NULL DEFAULT '',
  legal_basis             text        NOT NULL DEFAULT '',
  form_fields             jsonb       NOT NULL DEFAULT '[]',
  cross_region            boolean     NOT NULL DEFAULT false,
  updated_at              timestamptz NOT NULL DEFAULT now(),
  CHECK (promised_days <= statutory_days),
  CHECK (case_type <> '1' OR promised_days = 0)
);

-- Materials an item requires (申请材料), in display order.
CREATE TABLE materials (
  item_code    varchar(10) NOT NULL REFERENCES items (item_code) ON DELETE CASCADE,
  id           varchar(32) NOT NULL,
  position     integer     NOT NULL,
  name         text        NOT NULL,
  originals    integer     NOT NULL CHECK (originals BETWEEN 0 AND 20),
  copies       integer     NOT NULL CHECK (copies BETWEEN 0 AND 20),
  required     boolean     NOT NULL,
  tolerable    boolean     NOT NULL DEFAULT false,
  description  text,
  licence_type text,
  PRIMARY KEY (item_code, id)
);

-- Implementations (实施清单): an item as one region's government carries it out.
CREATE TABLE implementations (
  implementation_code     varchar(24) PRIMARY KEY CHECK (implementation_code ~ '^[0-9A-Za-z]{1,24}$'),
  item_code               varchar(10) NOT NULL REFERENCES items (item_code),
  region_code             varchar(6)     NOT NULL REFERENCES regions (code),
  department_code         varchar(32) NOT NULL REFERENCES departments (code),
  review_department_codes jsonb       NOT NULL,  -- ordered array of departments.code; >1 = joint approval
  promised_days           integer     NOT NULL CHECK (promised_days BETWEEN 0 AND 365),
  cross_region            boolean     NOT NULL DEFAULT false,
  status                  text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  catalog_version         integer     NOT NULL REFERENCES catalog_version (version),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  UNIQUE (item_code, region_code),
  CHECK (jsonb_typeof(review_department_codes) = 'array'
         AND jsonb_array_length(review_department_codes) BETWEEN 1 AND 4)
);
CREATE INDEX implementations_region_idx ON implementations (region_code) WHERE status = 'active';

-- Service windows (窗口) of the government service centers, and their clerks.
CREATE TABLE windows (
  id          varchar(64) PRIMARY KEY,
  name        text        NOT NULL,
  region_code varchar(6)     NOT NULL REFERENCES regions (code),
  center_name text        NOT NULL,
  address     text,
  active      boolean     NOT NULL DEFAULT true
);

CREATE TABLE clerks (
  id        varchar(64) PRIMARY KEY,
  window_id varchar(64) NOT NULL REFERENCES windows (id),
  name      text        NOT NULL,
  position  integer     NOT NULL DEFAULT 0,
  active    boolean     NOT NULL DEFAULT true
);
CREATE INDEX clerks_window_idx ON clerks (window_id);
