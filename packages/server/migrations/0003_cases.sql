-- Cases: the case queue and triage read models, both projections of the event log (`case` and
-- `triage` streams). Every row can be rebuilt from the log (`lantern rebuild`); nothing here is
-- the record itself.
--
-- Index choices, one per query path (packages/server/src/cases/caseStore.ts):
-- * The queue: equality on (org_id, queue or skillset, status), then the queue order itself
--   (breach_at ASC NULLS LAST, priority, opened_at, id; compareQueueEntries in core), so the top
--   N entries are the first N index entries: no sort, and LIMIT stops the scan. The indexes are
--   partial (live statuses only), so they stay the size of today's queue while closed cases
--   accumulate for years. They are not covering: every event rewrites its case's row, so on a
--   busy queue few heap pages are all-visible and an index-only scan would fetch the heap anyway;
--   fetching `limit` rows is the whole cost (docs/performance-cases.md).
-- * Lookup by reference (a handle people type, not a key: two cases may share one).
-- * By patient (open cases: the "legitimate relationship" rule; repeat callers), and by call-back
--   number (repeat callers), each ordered by opened_at for the 96-hour window.

CREATE TABLE cases (
  -- No foreign key, as on events: rows are written only inside an append, which holds the
  -- organisation's chain-head lock (and that row references organisations).
  org_id               uuid        NOT NULL,
  id                   uuid        PRIMARY KEY,
  reference            text        NOT NULL,
  status               text        NOT NULL CHECK (status IN ('open', 'triaged', 'queued', 'assigned', 'closed')),
  patient_id           uuid,
  nhs_number           text        CHECK (nhs_number ~ '^[0-9]{10}$'),
  patient_name         text,
  patient_birth_date   text        CHECK (patient_birth_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  patient_sex          text,
  caller_name          text        NOT NULL,
  call_back_number     text        NOT NULL,
  postcode             text        NOT NULL,
  presenting_complaint text,
  disposition_code     text,
  disposition_label    text,
  skillset             text,
  ambulance_category   text        CHECK (ambulance_category IN ('C1', 'C2', 'C3', 'C4')),
  timeframe_minutes    integer,
  breach_at            timestamptz,
  priority             integer     CHECK (priority BETWEEN 1 AND 5),
  queue                text,
  assigned_to          uuid,
  repeat_caller        boolean     NOT NULL DEFAULT false,
  opened_at            timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  closed_at            timestamptz,
  -- The case stream's version this row reflects (the number of events folded into it).
  version              integer     NOT NULL CHECK (version > 0),
  -- The folded CaseState (core foldCase), as the case screen shows it.
  summary              jsonb       NOT NULL
);

CREATE INDEX cases_queue_by_queue ON cases (org_id, queue, status, breach_at, priority, opened_at, id)
  WHERE status IN ('queued', 'assigned');
CREATE INDEX cases_queue_by_skillset ON cases (org_id, skillset, status, breach_at, priority, opened_at, id)
  WHERE status IN ('queued', 'assigned');
CREATE INDEX cases_queue_all ON cases (org_id, status, breach_at, priority, opened_at, id)
  WHERE status IN ('queued', 'assigned');
CREATE INDEX cases_by_reference ON cases (org_id, reference);
CREATE INDEX cases_by_patient ON cases (org_id, patient_id, opened_at) INCLUDE (status)
  WHERE patient_id IS NOT NULL;
CREATE INDEX cases_by_call_back_number ON cases (org_id, call_back_number, opened_at);
-- FHIR Encounter search without a patient or reference: by status, newest first.
CREATE INDEX cases_by_status ON cases (org_id, status, opened_at DESC, id);

-- One row per triage (a `triage` stream), so a case finds its current triage without reading
-- every stream. The session itself is replayed from the stream's events.
CREATE TABLE triage_sessions (
  org_id           uuid        NOT NULL,
  id               uuid        PRIMARY KEY,
  case_id          uuid        NOT NULL,
  protocol_id      text        NOT NULL,
  protocol_version text        NOT NULL,
  status           text        NOT NULL CHECK (status IN ('in-progress', 'completed', 'superseded')),
  answers          integer     NOT NULL DEFAULT 0,
  disposition_code text,
  started_at       timestamptz NOT NULL,
  started_by       text,
  updated_at       timestamptz NOT NULL,
  version          integer     NOT NULL CHECK (version > 0)
);

CREATE INDEX triage_sessions_by_case ON triage_sessions (org_id, case_id, started_at DESC);

-- Projections are written by the event store's append transaction (the owner); request
-- handlers (lantern_app) only read them.
GRANT SELECT ON cases, triage_sessions TO lantern_app;

ALTER TABLE cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE triage_sessions ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant ON cases TO lantern_app USING (org_id = lantern_current_org());
CREATE POLICY tenant ON triage_sessions TO lantern_app USING (org_id = lantern_current_org());
