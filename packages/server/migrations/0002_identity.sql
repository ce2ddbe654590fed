-- Identity, sessions, MFA, access grants and the hash-chained audit log.
--
-- Tenant isolation, second line: request handlers run their queries as the non-owner role
-- lantern_app (SET LOCAL ROLE) with app.org_id set for the transaction; row-level security
-- then hides every other organisation's rows even if a query forgets its org filter. The
-- owner (migrations, CLI, verification) is not subject to these policies.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lantern_app') THEN
    CREATE ROLE lantern_app NOLOGIN;
  END IF;
END
$$;
GRANT lantern_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO lantern_app;

CREATE FUNCTION lantern_current_org() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('app.org_id', true), '')::uuid
$$;

CREATE TABLE users (
  id                   uuid PRIMARY KEY,
  org_id               uuid NOT NULL REFERENCES organisations (id),
  username             text NOT NULL UNIQUE CHECK (username = lower(username) AND length(username) BETWEEN 3 AND 254),
  display_name         text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  password_hash        text NOT NULL,
  status               text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  failed_attempts      integer NOT NULL DEFAULT 0,
  locked_until         timestamptz,
  mfa_enrolled         boolean NOT NULL DEFAULT false,
  totp_secret          text,
  totp_last_step       bigint,
  expires_at           timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  created_by           uuid
);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE user_roles (
  org_id  uuid NOT NULL REFERENCES organisations (id),
  user_id uuid NOT NULL REFERENCES users (id),
  role    text NOT NULL,
  PRIMARY KEY (user_id, role)
);
CREATE INDEX user_roles_org ON user_roles (org_id);

CREATE TABLE recovery_codes (
  user_id   uuid NOT NULL REFERENCES users (id),
  org_id    uuid NOT NULL,
  code_hash text NOT NULL,
  used_at   timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE webauthn_credentials (
  id           text PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users (id),
  org_id       uuid NOT NULL,
  public_key   text NOT NULL,
  counter      bigint NOT NULL DEFAULT 0,
  transports   text[] NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX webauthn_credentials_user ON webauthn_credentials (user_id);

-- The step between password and second factor. Holds no session power: it opens only the
-- MFA routes, for five minutes.
CREATE TABLE mfa_challenges (
  id_hash             text PRIMARY KEY,
  user_id             uuid NOT NULL REFERENCES users (id),
  org_id              uuid NOT NULL,
  pending_totp_secret text,
  webauthn_challenge  text,
  attempts            integer NOT NULL DEFAULT 0,
  created_at          timestamptz NOT NULL DEFAULT now(),
  expires_at          timestamptz NOT NULL
);

CREATE TABLE sessions (
  id_hash             text PRIMARY KEY,
  user_id             uuid NOT NULL REFERENCES users (id),
  org_id              uuid NOT NULL,
  csrf_hash           text NOT NULL,
  mfa_method          text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  last_seen_at        timestamptz NOT NULL DEFAULT now(),
  absolute_expires_at timestamptz NOT NULL,
  revoked_at          timestamptz,
  ip                  text,
  user_agent          text
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE break_glass_grants (
  id         uuid PRIMARY KEY,
  org_id     uuid NOT NULL REFERENCES organisations (id),
  user_id    uuid NOT NULL REFERENCES users (id),
  patient_id uuid NOT NULL,
  reason     text NOT NULL CHECK (length(reason) >= 10),
  granted_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX break_glass_active ON break_glass_grants (org_id, user_id, patient_id, expires_at);

CREATE TABLE privacy_alerts (
  id              uuid PRIMARY KEY,
  org_id          uuid NOT NULL REFERENCES organisations (id),
  kind            text NOT NULL,
  user_id         uuid,
  patient_id      uuid,
  reason          text NOT NULL,
  created_at      timestamptz NOT NULL,
  acknowledged_by uuid,
  acknowledged_at timestamptz
);
CREATE INDEX privacy_alerts_open ON privacy_alerts (org_id, created_at DESC);

-- The audit log: FHIR AuditEvent shape, one hash chain per organisation (chain_id), plus one
-- chain (the nil UUID) for events with no organisation, such as a login for an unknown user.
CREATE TABLE audit_events (
  chain_id      uuid        NOT NULL,
  seq           bigint      NOT NULL,
  id            uuid        NOT NULL UNIQUE,
  recorded_at   timestamptz NOT NULL,
  org_id        uuid,
  category      text        NOT NULL,
  action        text        NOT NULL,
  outcome       text        NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
  user_id       uuid,
  username      text,
  role          text,
  patient_id    uuid,
  entity_type   text,
  entity_id     text,
  source_ip     text,
  user_agent    text,
  device_id     text,
  request_id    text,
  detail        jsonb       NOT NULL DEFAULT '{}'::jsonb,
  prev_hash     text        NOT NULL,
  hash          text        NOT NULL,
  PRIMARY KEY (chain_id, seq)
);
CREATE INDEX audit_by_patient ON audit_events (org_id, patient_id, recorded_at DESC) WHERE patient_id IS NOT NULL;
CREATE INDEX audit_by_user ON audit_events (org_id, user_id, recorded_at DESC);
CREATE INDEX audit_by_time ON audit_events (org_id, recorded_at DESC);
CREATE INDEX audit_by_action ON audit_events (org_id, action, recorded_at DESC);

CREATE TABLE audit_chain_heads (
  chain_id   uuid PRIMARY KEY,
  seq        bigint NOT NULL DEFAULT 0,
  hash       text   NOT NULL
);

CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION lantern_reject_change();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION lantern_reject_change();

-- What lantern_app may do: read and add; change only what is meant to change; never update or
-- delete the event log or the audit log.
GRANT SELECT, INSERT ON events, audit_events TO lantern_app;
GRANT SELECT ON organisations, event_chain_heads TO lantern_app;
GRANT SELECT, INSERT, UPDATE ON users, user_roles, recovery_codes, webauthn_credentials, sessions, privacy_alerts TO lantern_app;
GRANT SELECT, INSERT ON break_glass_grants TO lantern_app;
GRANT DELETE ON user_roles TO lantern_app;

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE event_chain_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE recovery_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE webauthn_credentials ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE break_glass_grants ENABLE ROW LEVEL SECURITY;
ALTER TABLE privacy_alerts ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant ON events TO lantern_app USING (org_id = lantern_current_org()) WITH CHECK (org_id = lantern_current_org());
CREATE POLICY tenant ON event_chain_heads TO lantern_app USING (org_id = lantern_current_org());
CREATE POLICY tenant ON users TO lantern_app USING (org_id = lantern_current_org()) WITH CHECK (org_id = lantern_current_org());
CREATE POLICY tenant ON user_roles TO lantern_app USING (org_id = lantern_current_org()) WITH CHECK (org_id = lantern_current_org());
CREATE POLICY tenant ON recovery_codes TO lantern_app USING (org_id = lantern_current_org()) WITH CHECK (org_id = lantern_current_org());
CREATE POLICY tenant ON webauthn_credentials TO lantern_app USING (org_id = lantern_current_org()) WITH CHECK (org_id = lantern_current_org());
CREATE POLICY tenant ON sessions TO lantern_app USING (org_id = lantern_current_org()) WITH CHECK (org_id = lantern_current_org());
CREATE POLICY tenant ON break_glass_grants TO lantern_app USING (org_id = lantern_current_org()) WITH CHECK (org_id = lantern_current_org());
CREATE POLICY tenant ON privacy_alerts TO lantern_app USING (org_id = lantern_current_org()) WITH CHECK (org_id = lantern_current_org());
CREATE POLICY tenant ON audit_events TO lantern_app USING (org_id = lantern_current_org()) WITH CHECK (org_id = lantern_current_org());
