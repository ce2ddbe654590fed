-- Continuity: bookkeeping for `lantern restore` (packages/server/src/continuity/restore/).
--
-- A restore loads a backup chunk by chunk; each chunk is inserted in one transaction together
-- with its row here, so after an interruption (a killed process, a lost connection) the next
-- `lantern restore` of the same backup skips exactly the chunks already committed and carries
-- on. The rows stay after the restore finishes, as the database's record of where it came from
-- ('done' names the backup and the heads it was verified against).
--
-- No org_id and no grants: only the owner (the CLI) reads or writes it; lantern_app never sees it.
-- `lantern backup` leaves it out (it describes this database, not the records).

CREATE TABLE restore_progress (
  -- The id of the backup being restored (the newest of its set, when it is an incremental).
  restore_id   text        NOT NULL,
  -- 'begin', 'chunk <backup id> <n>', 'done'.
  step         text        NOT NULL,
  detail       jsonb       NOT NULL DEFAULT '{}'::jsonb,
  completed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (restore_id, step)
);
