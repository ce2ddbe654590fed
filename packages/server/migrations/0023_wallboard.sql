-- The supervisor's wallboard (packages/server/src/supervisor/): how long the longest-waiting
-- case has been in its queue needs the time it joined the queue, which only the folded summary
-- held. A column, written by the cases projection like every other, so the wallboard never
-- reads (and detoasts) every live case's whole summary to find one time.
--
-- Query paths (supervisor/wallboardStore.ts), each already served by an index of 0003:
-- * live cases (queued, assigned) of an organisation, with queue, breach time and queued_at:
--   the partial live-queue indexes (cases_queue_all and its per-queue and per-skillset siblings),
--   which stay the size of today's queue while closed cases accumulate;
-- * calls in progress (open, triaged) opened in the last day: cases_by_status
--   (org_id, status, opened_at DESC, id).
-- queued_at is read from the heap rows those indexes find; it needs no index of its own.

ALTER TABLE cases ADD COLUMN queued_at timestamptz;

UPDATE cases SET queued_at = (summary->>'queuedAt')::timestamptz
WHERE summary->>'queuedAt' IS NOT NULL;
