-- Security: sign-in sessions, display tokens for wall screens, per-integration API keys, and an
-- audit log that the database itself keeps append-only. Tokens and keys are stored as SHA-256
-- hashes only: a leaked database does not leak working credentials.

ALTER TABLE users ADD COLUMN password_changed_at timestamptz;
-- Re-enabling a dormant account restarts its dormancy clock.
ALTER TABLE users ADD COLUMN enabled_at timestamptz;

CREATE TABLE sessions (
  id bigserial PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  user_id bigint NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  ip text
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE display_tokens (
  id bigserial PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  name text NOT NULL,
  township_code text NOT NULL REFERENCES townships(code),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE api_keys (
  id bigserial PRIMARY KEY,
  key_hash text NOT NULL UNIQUE,
  name text NOT NULL,
  township_code text NOT NULL REFERENCES townships(code),
  scopes text[] NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['events', 'readings', 'patrol', 'points']),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);

CREATE INDEX audit_log_actor ON audit_log (actor, at);
CREATE INDEX audit_log_action ON audit_log (action, at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
