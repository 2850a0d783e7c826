-- 021: result documents the province issues (licences, approval and refusal decisions),
-- signed with the province seal; their PDF is a complete blob in sync_blobs. Public
-- verification finds a result by its code or by the SHA-256 of its bytes. Plain
-- PostgreSQL, unchanged on PGlite.
CREATE TABLE results (
  result_id         uuid        PRIMARY KEY,
  case_id           uuid        NOT NULL,
  case_number       varchar(50) NOT NULL,
  kind              text        NOT NULL CHECK (kind IN ('licence', 'approval', 'refusal')),
  title             text        NOT NULL,
  verification_code char(19)    NOT NULL UNIQUE CHECK (verification_code ~ '^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$'),
  sha256            char(64)    NOT NULL UNIQUE REFERENCES sync_blobs (sha256),
  size              integer     NOT NULL CHECK (size > 0),
  -- The issuing authority printed on the document, and the reviewer who issued it.
  issuer            text        NOT NULL,
  issued_by         varchar(64) NOT NULL,
  collect_window_id varchar(64) NOT NULL REFERENCES windows (id),
  -- Where the result's changes go: the collect window's county, and the accepting
  -- window's county when the center knows the case and it differs.
  region_code       varchar(6)  NOT NULL REFERENCES regions (code),
  case_region_code  varchar(6),
  valid_until       date,
  issued_at         timestamptz NOT NULL,
  status            text        NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked')),
  revoked_at        timestamptz,
  revocation_reason text,
  CHECK ((status = 'revoked') = (revoked_at IS NOT NULL AND revocation_reason IS NOT NULL))
);
-- One valid result of each kind per case; a revoked one may be replaced.
CREATE UNIQUE INDEX results_one_valid_idx ON results (case_id, kind) WHERE status = 'valid';
CREATE INDEX results_case_idx ON results (case_id);

-- Issued results never change, except valid → revoked (once), and are never deleted.
CREATE FUNCTION results_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '已签发的结果文书不能删除，只能撤销 (results are never deleted, only revoked)';
  END IF;
  IF OLD.status = 'revoked'
     OR (to_jsonb(NEW) - 'status' - 'revoked_at' - 'revocation_reason') <> (to_jsonb(OLD) - 'status' - 'revoked_at' - 'revocation_reason') THEN
    RAISE EXCEPTION '已签发的结果文书只能由有效改为撤销一次 (a result only changes from valid to revoked, once)';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER results_guard BEFORE UPDATE OR DELETE ON results
  FOR EACH ROW EXECUTE FUNCTION results_guard();
