-- 022: proxy acceptance (帮办代办 / 跨地域, shared/DOMAIN.md rule 13; issue 6).
-- Which window may accept which national items on behalf of which region, and when.
-- Authorisations are never deleted: revoking sets revoked_at (with who and why).

CREATE TABLE proxy_authorisations (
  id            uuid        PRIMARY KEY,
  window_id     varchar(64) NOT NULL REFERENCES windows (id),
  -- The target: the exact region of the implementations the window may accept.
  region_code   varchar(6)  NOT NULL REFERENCES regions (code),
  -- National item codes (items.item_code), each implemented in region_code when granted.
  item_codes    jsonb       NOT NULL,
  valid_from    date        NOT NULL,
  valid_to      date        NOT NULL,
  created_by    text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  revoked_by    text,
  revoke_reason text,
  CHECK (jsonb_typeof(item_codes) = 'array' AND jsonb_array_length(item_codes) >= 1),
  CHECK (valid_to >= valid_from),
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX proxy_authorisations_window_idx ON proxy_authorisations (window_id, region_code);

-- Which authorisation let a proxy case in, checked when its "received" record was
-- applied (the case row is written later in the same transaction: deferred key).
CREATE TABLE proxy_case_authorisations (
  case_id          uuid        PRIMARY KEY REFERENCES sync_cases (case_id) DEFERRABLE INITIALLY DEFERRED,
  authorisation_id uuid        NOT NULL REFERENCES proxy_authorisations (id),
  acceptance_date  date        NOT NULL,
  checked_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proxy_case_authorisations_auth_idx ON proxy_case_authorisations (authorisation_id);
