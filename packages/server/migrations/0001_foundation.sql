-- Foundation: organisations, the append-only event log and its per-organisation hash chain.
-- Identical on PGlite and PostgreSQL 15+.

CREATE TABLE organisations (
  id         uuid PRIMARY KEY,
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  ods_code   text UNIQUE CHECK (ods_code ~ '^[A-Z0-9]{3,10}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per event, never updated or deleted. seq numbers each organisation's events
-- 1, 2, 3... in commit order (assigned while the chain head below is locked).
-- org_id has no foreign key on purpose: every append holds the lock on the organisation's
-- chain-head row, which does reference organisations, so the organisation is guaranteed; a
-- per-row FK check would add a KEY SHARE lock on the organisation row for every event.
CREATE TABLE events (
  org_id         uuid        NOT NULL,
  seq            bigint      NOT NULL CHECK (seq > 0),
  id             uuid        NOT NULL UNIQUE,
  stream_type    text        NOT NULL,
  stream_id      uuid        NOT NULL,
  stream_version integer     NOT NULL CHECK (stream_version > 0),
  type           text        NOT NULL,
  data           jsonb       NOT NULL,
  actor          text,
  device_id      text,
  occurred_at    timestamptz NOT NULL,
  recorded_at    timestamptz NOT NULL,
  prev_hash      text        NOT NULL,
  hash           text        NOT NULL,
  PRIMARY KEY (org_id, seq),
  UNIQUE (stream_id, stream_version)
);

-- The head of each organisation's chain. Appenders lock this row (SELECT ... FOR UPDATE), so
-- writers in any number of processes extend one chain and never fork it.
CREATE TABLE event_chain_heads (
  org_id     uuid PRIMARY KEY REFERENCES organisations (id),
  seq        bigint      NOT NULL DEFAULT 0,
  hash       text        NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Defence in depth: the application never updates or deletes events, and the database refuses
-- to as well. (An attacker with owner rights can drop this trigger; the hash chain and signed
-- checkpoints exist for that case.)
CREATE FUNCTION lantern_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
END
$$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION lantern_reject_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION lantern_reject_change();

-- Bookkeeping for projections: which version of each projection's code built its tables.
CREATE TABLE projection_state (
  name        text PRIMARY KEY,
  version     integer NOT NULL,
  last_seq_by_org jsonb NOT NULL DEFAULT '{}'::jsonb,
  rebuilt_at  timestamptz
);
