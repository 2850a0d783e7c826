-- 010: sync with the windows (issue 5): device enrollment and certificates, the replay
-- nonce table, cases and their hash-chained events as pushed (append-only), the records
-- that carried them with their receipts, content-addressed blobs in chunks, and the
-- change log windows pull from. Plain PostgreSQL, unchanged on PGlite.

-- One-time enrollment codes an operator creates for a window; only their SHA-256 is kept.
CREATE TABLE sync_enrollment_codes (
  code_sha256 char(64)    PRIMARY KEY,
  window_id   varchar(64) NOT NULL REFERENCES windows (id),
  region_code varchar(6)  NOT NULL REFERENCES regions (code),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  used_by     varchar(6)
);

-- Enrolled devices (a counter PC of a window) and the certificates issued to them.
CREATE TABLE sync_devices (
  device_id   varchar(6)  PRIMARY KEY CHECK (device_id ~ '^[0-9A-Z]{6}$'),
  window_id   varchar(64) NOT NULL REFERENCES windows (id),
  region_code varchar(6)  NOT NULL REFERENCES regions (code),
  role        text        NOT NULL DEFAULT 'window' CHECK (role IN ('window')),
  enrolled_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sync_device_certs (
  cert_sha256 char(64)    PRIMARY KEY,
  device_id   varchar(6)  NOT NULL REFERENCES sync_devices (device_id),
  serial      text        NOT NULL UNIQUE,
  cert_pem    text        NOT NULL,
  not_before  timestamptz NOT NULL,
  not_after   timestamptz NOT NULL,
  status      text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked', 'superseded')),
  issued_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
CREATE INDEX sync_device_certs_device_idx ON sync_device_certs (device_id);

-- Nonces of signed requests, kept until their timestamp leaves the skew window. The
-- primary key is what refuses a replay, across every center process on this database.
CREATE TABLE sync_nonces (
  device_id  varchar(6)  NOT NULL,
  nonce      text        NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (device_id, nonce)
);
CREATE INDEX sync_nonces_expiry_idx ON sync_nonces (expires_at);

-- Cases as the center holds them: scope (the accepting window's county) and chain head.
CREATE TABLE sync_cases (
  case_id             uuid        PRIMARY KEY,
  case_number         varchar(50) NOT NULL UNIQUE,
  region_code         varchar(6)  NOT NULL,
  item_region_code    varchar(6)  NOT NULL,
  implementation_code varchar(24) NOT NULL,
  window_id           varchar(64) NOT NULL,
  device_id           varchar(6)  NOT NULL,
  head_seq            integer     NOT NULL CHECK (head_seq >= 1),
  head_hash           char(64)    NOT NULL,
  status              text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sync_cases_region_idx ON sync_cases (region_code);

-- The records windows pushed, exactly as signed (canonical JSON), with the receipt given.
CREATE SEQUENCE sync_records_center_seq;
CREATE TABLE sync_records (
  id           uuid        PRIMARY KEY,
  device_id    varchar(6)  NOT NULL,
  device_seq   integer     NOT NULL CHECK (device_seq >= 1),
  case_id      uuid        NOT NULL REFERENCES sync_cases (case_id),
  event_seq    integer     NOT NULL,
  record_hash  char(64)    NOT NULL,
  record       text        NOT NULL,
  signature    text        NOT NULL,
  cert_sha256  char(64)    NOT NULL,
  center_seq   bigint      NOT NULL UNIQUE,
  received_at  timestamptz NOT NULL,
  receipt_hash char(64)    NOT NULL,
  UNIQUE (device_id, device_seq)
);

-- Every event of every case, in chain order; never updated, never deleted.
CREATE TABLE sync_events (
  case_id   uuid     NOT NULL REFERENCES sync_cases (case_id),
  seq       integer  NOT NULL CHECK (seq >= 1),
  hash      char(64) NOT NULL,
  prev_hash char(64) NOT NULL,
  type      text     NOT NULL,
  at        text     NOT NULL,
  actor     text     NOT NULL,
  data      jsonb    NOT NULL,
  record_id uuid     NOT NULL UNIQUE REFERENCES sync_records (id),
  PRIMARY KEY (case_id, seq)
);

CREATE FUNCTION sync_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% 只能追加，不能修改或删除 (% is append-only)', TG_TABLE_NAME, TG_TABLE_NAME;
END
$$;
CREATE TRIGGER sync_events_append_only BEFORE UPDATE OR DELETE ON sync_events
  FOR EACH ROW EXECUTE FUNCTION sync_append_only();
CREATE TRIGGER sync_records_append_only BEFORE UPDATE OR DELETE ON sync_records
  FOR EACH ROW EXECUTE FUNCTION sync_append_only();

-- Blobs (scans, documents) by SHA-256, uploaded in chunks; 'complete' only once every
-- byte is there and the SHA-256 of the whole verified.
CREATE TABLE sync_blobs (
  sha256       char(64)    PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size         bigint      NOT NULL CHECK (size > 0),
  state        text        NOT NULL DEFAULT 'partial' CHECK (state IN ('partial', 'complete')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);
CREATE TABLE sync_blob_chunks (
  sha256 char(64) NOT NULL REFERENCES sync_blobs (sha256) ON DELETE CASCADE,
  start  bigint   NOT NULL CHECK (start >= 0),
  length integer  NOT NULL CHECK (length > 0),
  data   bytea    NOT NULL,
  PRIMARY KEY (sha256, start)
);

-- The change log devices pull. The cursor is (txid, id): every row carries the id of the
-- transaction that wrote it, and a pull only returns rows whose transaction is older than
-- the oldest one still running (pg_snapshot_xmin). A transaction that took its id earlier
-- but commits later is therefore never passed over: its rows are held back until it
-- finishes, and they sort after the cursor because xid8 never wraps.
CREATE TABLE sync_changes (
  id          bigint      GENERATED ALWAYS AS IDENTITY,
  txid        xid8        NOT NULL DEFAULT pg_current_xact_id(),
  kind        text        NOT NULL CHECK (kind IN ('case-event', 'catalog-version', 'calendar-year', 'crl', 'notice')),
  region_code varchar(6),
  device_id   varchar(6),
  payload     jsonb       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (txid, id)
);
CREATE INDEX sync_changes_region_idx ON sync_changes (region_code, txid, id) WHERE region_code IS NOT NULL;
CREATE INDEX sync_changes_province_idx ON sync_changes (txid, id) WHERE region_code IS NULL;

-- Catalog versions and calendar years enter the change log as they are written, whoever writes them.
CREATE FUNCTION sync_note_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sync_changes (kind, payload) VALUES ('catalog-version', jsonb_build_object('version', NEW.version));
  RETURN NEW;
END
$$;
CREATE TRIGGER sync_catalog_version_changes AFTER INSERT ON catalog_version
  FOR EACH ROW EXECUTE FUNCTION sync_note_catalog_version();

CREATE FUNCTION sync_note_calendar_year() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sync_changes (kind, payload) VALUES ('calendar-year', jsonb_build_object('year', NEW.year));
  RETURN NEW;
END
$$;
CREATE TRIGGER sync_calendar_year_changes AFTER INSERT OR UPDATE ON calendar_years
  FOR EACH ROW EXECUTE FUNCTION sync_note_calendar_year();

-- What already exists when this migration runs.
INSERT INTO sync_changes (kind, payload)
  SELECT 'catalog-version', jsonb_build_object('version', max(version)) FROM catalog_version HAVING max(version) IS NOT NULL;
INSERT INTO sync_changes (kind, payload)
  SELECT 'calendar-year', jsonb_build_object('year', year) FROM calendar_years ORDER BY year;
