-- The patient index: a projection of the `patient` stream (packages/server/src/patients/projection.ts).
-- Every row can be rebuilt from the log (`lantern rebuild`); the events are the record.
--
-- Index choices, one per query path (packages/server/src/patients/patientStore.ts):
-- * By NHS number: unique per organisation when present, so two records can never claim one
--   number (the append that would break it fails whole; the command layer says why first).
-- * By family name and date of birth (the trace step during a call): family_key is core's
--   nameKey(family) (lower case, accents and punctuation removed: "O'Neill" -> "oneill"), the
--   lower(family) the search compares; family_soundex serves "sounds like" (Smith / Smyth).
-- * By date of birth alone and by postcode, so a changed surname is still found when the date
--   of birth or the postcode is given. Candidates from all paths are ranked in code (core
--   matchPatients), the same ranking an offline console uses.

CREATE TABLE patients (
  -- No foreign key, as on events and cases: rows are written only inside an append, which holds
  -- the organisation's chain-head lock (and that row references organisations).
  org_id              uuid        NOT NULL,
  id                  uuid        PRIMARY KEY,
  nhs_number          text        CHECK (nhs_number ~ '^[0-9]{10}$'),
  family              text        NOT NULL,
  given               text        NOT NULL DEFAULT '',
  family_key          text        NOT NULL,
  family_soundex      text        NOT NULL,
  birth_date          date        NOT NULL CHECK (birth_date >= DATE '1880-01-01'),
  gender              text        NOT NULL CHECK (gender IN ('female', 'male', 'other', 'unknown')),
  postcode            text,
  gp_practice_ods     text,
  -- The special notes in force: every screen that shows the patient shows these.
  special_notes       jsonb       NOT NULL DEFAULT '[]'::jsonb,
  special_note_count  integer     NOT NULL DEFAULT 0 CHECK (special_note_count >= 0),
  -- The folded PatientState (core foldPatient), history of notes included.
  record              jsonb       NOT NULL,
  -- The patient stream's version this row reflects (the number of events folded into it).
  version             integer     NOT NULL CHECK (version > 0),
  registered_at       timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL
);

CREATE UNIQUE INDEX patients_nhs_number ON patients (org_id, nhs_number) WHERE nhs_number IS NOT NULL;
CREATE INDEX patients_by_family_birth_date ON patients (org_id, family_key, birth_date);
CREATE INDEX patients_by_family_soundex ON patients (org_id, family_soundex, birth_date);
CREATE INDEX patients_by_birth_date ON patients (org_id, birth_date);
CREATE INDEX patients_by_postcode ON patients (org_id, postcode) WHERE postcode IS NOT NULL;

-- Break-glass: the legitimate-relationship check looks for a grant in force for this user and
-- patient; break_glass_active (0002) serves it.

-- The projection is written by the event store's append transaction (the owner); request
-- handlers (lantern_app) only read it.
GRANT SELECT ON patients TO lantern_app;

ALTER TABLE patients ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON patients TO lantern_app USING (org_id = lantern_current_org());
