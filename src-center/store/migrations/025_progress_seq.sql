-- 025: a case's progress is numbered 1, 2, 3… in the order the center committed it.
--
-- Windows pull the change log in (txid, id) order. A transaction's id is assigned at its
-- first write, not at commit, so two transactions on one case can commit in one order and
-- be pulled in the other: seen in CI, the last two departments of a joint case approving
-- at once left the window showing 审查中 after 已通过 (the earlier-committed step-approved
-- came last). The number is taken from the case's state row, which every progress-writing
-- transaction updates — a row lock held to commit — so it follows commit order per case.
-- Windows fold a case's progress by it (src-renderer/sync/centerCases.ts).

ALTER TABLE workflow_case_state ADD COLUMN progress_seq integer NOT NULL DEFAULT 0 CHECK (progress_seq >= 0);
ALTER TABLE workflow_progress ADD COLUMN seq integer;

-- Progress recorded before this migration: numbered in insertion order (what was known).
ALTER TABLE workflow_progress DISABLE TRIGGER workflow_progress_append_only;
UPDATE workflow_progress p
   SET seq = n.seq, payload = p.payload || jsonb_build_object('seq', n.seq)
  FROM (SELECT id, row_number() OVER (PARTITION BY case_id ORDER BY id)::integer AS seq FROM workflow_progress) n
 WHERE n.id = p.id;
ALTER TABLE workflow_progress ENABLE TRIGGER workflow_progress_append_only;
UPDATE workflow_case_state s
   SET progress_seq = m.seq
  FROM (SELECT case_id, max(seq) AS seq FROM workflow_progress GROUP BY case_id) m
 WHERE m.case_id = s.case_id;
ALTER TABLE workflow_progress ALTER COLUMN seq SET NOT NULL;
ALTER TABLE workflow_progress ADD CONSTRAINT workflow_progress_case_seq_key UNIQUE (case_id, seq);

-- The same numbers on the pulled copies of that progress (pull order, as before).
UPDATE sync_changes c
   SET payload = c.payload || jsonb_build_object('seq', n.seq)
  FROM (SELECT txid, id, row_number() OVER (PARTITION BY payload->>'caseId' ORDER BY txid, id)::integer AS seq
          FROM sync_changes WHERE kind = 'case-progress') n
 WHERE c.kind = 'case-progress' AND c.txid = n.txid AND c.id = n.id;
