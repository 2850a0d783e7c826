-- 020: the province's workflow (issue 6): department reviewers and their console sessions,
-- the review steps of each routed case (one per department: joint approval), the case's
-- state at the center, and the append-only log of its progress. Plain PostgreSQL, unchanged
-- on PGlite. Dates of the working-day clock are 'YYYY-MM-DD' text (calendar dates, no time
-- zone); instants are timestamptz.

-- Department reviewers. Passwords: scrypt (node:crypto), "scrypt$N$r$p$salt$hash" (base64url).
CREATE TABLE reviewers (
  id              uuid        PRIMARY KEY,
  username        varchar(64) NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  name            text        NOT NULL,
  department_code varchar(32) NOT NULL REFERENCES departments (code),
  password_hash   text        NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
  active          boolean     NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reviewers_department_idx ON reviewers (department_code);

-- Failed logins per user name (known or not, so a lockout tells nothing about which names exist).
CREATE TABLE console_login_failures (
  username     varchar(64) PRIMARY KEY,
  failures     integer     NOT NULL DEFAULT 0 CHECK (failures >= 0),
  last_failed  timestamptz NOT NULL,
  locked_until timestamptz
);

-- Console sessions: only the SHA-256 of the cookie's token is kept; everything is here, so
-- any center process on the database answers any session.
CREATE TABLE console_sessions (
  token_sha256 char(64)    PRIMARY KEY CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  reviewer_id  uuid        NOT NULL REFERENCES reviewers (id),
  csrf_token   text        NOT NULL,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  ends_at      timestamptz NOT NULL,
  user_agent   text
);
CREATE INDEX console_sessions_reviewer_idx ON console_sessions (reviewer_id);
CREATE INDEX console_sessions_expiry_idx ON console_sessions (expires_at);

-- A routed case as the center runs it.
CREATE TABLE workflow_case_state (
  case_id              uuid        PRIMARY KEY REFERENCES sync_cases (case_id),
  status               text        NOT NULL CHECK (status IN ('in-review', 'awaiting-supplement', 'paused', 'approved', 'refused', 'completed')),
  lead_department_code varchar(32) NOT NULL REFERENCES departments (code),
  item_name            text        NOT NULL,
  applicant_name       text        NOT NULL,
  accepted_at          timestamptz NOT NULL,
  accepted_on          varchar(10) NOT NULL CHECK (accepted_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  promised_days        integer     NOT NULL CHECK (promised_days >= 0),
  steps                integer     NOT NULL CHECK (steps >= 1),
  -- Accepted with a tolerated gap (rule 1): no licence or approval until the window records the supplement.
  gap_open             boolean     NOT NULL DEFAULT false,
  -- The latest due date of the open steps; NULL while one of them cannot be computed (paused, calendar year unpublished).
  due_date             varchar(10) CHECK (due_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  -- The result issued (ResultInfo), once issued.
  result               jsonb,
  routed_at            timestamptz NOT NULL,
  decided_at           timestamptz,
  completed_at         timestamptz,
  updated_at           timestamptz NOT NULL
);
CREATE INDEX workflow_case_state_status_idx ON workflow_case_state (status);

-- One department's review of a case. status 'closed': ended without a decision of its own
-- (another department refused the case). pauses/extensions hold the step's clock (rule 6, 7).
CREATE TABLE workflow_steps (
  step_id         uuid        PRIMARY KEY,
  case_id         uuid        NOT NULL REFERENCES sync_cases (case_id),
  department_code varchar(32) NOT NULL REFERENCES departments (code),
  position        integer     NOT NULL CHECK (position >= 0),
  status          text        NOT NULL CHECK (status IN ('pending', 'approved', 'refused', 'awaiting-supplement', 'paused', 'closed')),
  due_date        varchar(10) CHECK (due_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  extended_days   integer     NOT NULL DEFAULT 0 CHECK (extended_days BETWEEN 0 AND 15),
  extensions      jsonb       NOT NULL DEFAULT '[]',
  pauses          jsonb       NOT NULL DEFAULT '[]',
  -- The running pause (special procedure or supplement), if any.
  paused_at       timestamptz,
  pause_kind      text        CHECK (pause_kind IN ('supplement', 'special-procedure')),
  pause_procedure text,
  pause_reason    text,
  reviewer_id     uuid        REFERENCES reviewers (id),
  opinion         text,
  reasons         jsonb       NOT NULL DEFAULT '[]',
  decided_at      timestamptz,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  UNIQUE (case_id, department_code),
  CHECK ((paused_at IS NULL) = (pause_kind IS NULL))
);
CREATE INDEX workflow_steps_department_idx ON workflow_steps (department_code, status, due_date);
CREATE INDEX workflow_steps_case_idx ON workflow_steps (case_id);

-- Every step of the center's progress of a case (CaseProgress), in order; never updated.
CREATE TABLE workflow_progress (
  id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id     uuid        NOT NULL REFERENCES sync_cases (case_id),
  step_id     uuid        REFERENCES workflow_steps (step_id),
  type        text        NOT NULL,
  case_status text        NOT NULL,
  payload     jsonb       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workflow_progress_case_idx ON workflow_progress (case_id, id);
CREATE TRIGGER workflow_progress_append_only BEFORE UPDATE OR DELETE ON workflow_progress
  FOR EACH ROW EXECUTE FUNCTION sync_append_only();
