-- 011: the change log also carries the center's progress of cases and issued results (issue 6).
ALTER TABLE sync_changes DROP CONSTRAINT IF EXISTS sync_changes_kind_check;
ALTER TABLE sync_changes ADD CONSTRAINT sync_changes_kind_check
  CHECK (kind IN ('case-event', 'catalog-version', 'calendar-year', 'crl', 'notice', 'case-progress', 'result'));
