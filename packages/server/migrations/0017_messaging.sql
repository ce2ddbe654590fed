-- The messaging outbox: one row per outbound message (an ambulance request, a prescription, a
-- patient's confirmation), a projection of the event log. A message is created by the business
-- event that promises it (in the same transaction) and moved on by the events of its own
-- `message` stream (attempts, outcomes, escalations), so the row can always be rebuilt from the
-- log and a restore never re-sends what was acknowledged.
--
-- Index choices (packages/server/src/messaging/outboxStore.ts):
-- * The sender's work list across organisations: messages not yet final, by the time they next
--   need attention. Partial, so it stays the size of what is in flight.
-- * A case's messages (its timeline, the ambulance panel), and the wallboard's "awaiting
--   acknowledgement" list by status.

CREATE TABLE outbox_messages (
  org_id          uuid        NOT NULL,
  id              uuid        PRIMARY KEY,
  topic           text        NOT NULL,
  subject_type    text        NOT NULL,
  subject_id      uuid        NOT NULL,
  source_event_id uuid        NOT NULL,
  status          text        NOT NULL CHECK (status IN ('pending', 'in-flight', 'awaiting-ack', 'retry-wait',
                                                         'manual', 'acknowledged', 'failed', 'cancelled')),
  step            integer     NOT NULL CHECK (step >= 0),
  channel         text        NOT NULL,
  -- When the sender should next look at it; null when only a person (or an outside answer) can.
  next_due_at     timestamptz,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  -- The message stream's version this row reflects (0: created, nothing attempted yet).
  version         integer     NOT NULL CHECK (version >= 0),
  -- The folded MessageState (core foldMessage): route, payload, attempts, escalations.
  state           jsonb       NOT NULL
);

CREATE INDEX outbox_due ON outbox_messages (next_due_at)
  WHERE status IN ('pending', 'in-flight', 'awaiting-ack', 'retry-wait', 'manual');
CREATE INDEX outbox_by_subject ON outbox_messages (org_id, subject_id, created_at);
CREATE INDEX outbox_by_status ON outbox_messages (org_id, status, created_at)
  WHERE status IN ('pending', 'in-flight', 'awaiting-ack', 'retry-wait', 'manual', 'failed');

GRANT SELECT ON outbox_messages TO lantern_app;
ALTER TABLE outbox_messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON outbox_messages TO lantern_app USING (org_id = lantern_current_org());
