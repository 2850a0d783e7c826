-- 024: the result log of a collect window that did not accept the case (rule 14; issue 6,
-- "sent to it for collection"). The accepting window logs downloads, prints and the hand-over
-- as events of the case's hash chain (sync_events); a window that only collects has no part
-- in that chain and sends signed result-log entries instead (src-center/sync/result-log-route.ts).
-- Entries are append-only facts, kept with the device's signature like records.

CREATE TABLE result_log (
  id           uuid        PRIMARY KEY,
  result_id    uuid        NOT NULL REFERENCES results (result_id),
  case_id      uuid        NOT NULL,
  device_id    varchar(6)  NOT NULL,
  window_id    varchar(64) NOT NULL,
  type         text        NOT NULL CHECK (type IN ('result-received', 'result-printed', 'result-collected')),
  at           timestamptz NOT NULL,
  actor        varchar(64) NOT NULL,
  data         jsonb       NOT NULL,
  entry_hash   char(64)    NOT NULL,
  entry        text        NOT NULL,
  signature    text        NOT NULL,
  cert_sha256  char(64)    NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX result_log_result_idx ON result_log (result_id, at);
-- A result is handed over once.
CREATE UNIQUE INDEX result_log_one_collection_idx ON result_log (result_id) WHERE type = 'result-collected';

CREATE TRIGGER result_log_append_only BEFORE UPDATE OR DELETE ON result_log
  FOR EACH ROW EXECUTE FUNCTION sync_append_only();
