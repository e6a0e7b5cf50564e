-- Accounts, sessions, API tokens; reports remember who submitted them; sealed source
-- identities; and a hash chain over the audit log so an edit behind Tally's back shows.

CREATE TABLE app_user (
  id                   uuid PRIMARY KEY,
  username             text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  role                 text NOT NULL CHECK (role IN ('reporter', 'analyst', 'editor', 'admin')),
  password_hash        text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  must_change_password boolean NOT NULL DEFAULT false,
  totp_secret_sealed   text,                 -- encrypted with the keyring, never plain
  totp_enabled         boolean NOT NULL DEFAULT false,
  totp_last_step       bigint,               -- a code is accepted once
  failed_logins        integer NOT NULL DEFAULT 0,
  locked_until         timestamptz,
  disabled_at          timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now()
);

-- Only hashes of session and API tokens are stored: a copy of the database opens no account.
CREATE TABLE user_session (
  token_hash   text PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES app_user (id),
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  ended_at     timestamptz
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

CREATE TABLE api_token (
  id           uuid PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES app_user (id),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  token_hash   text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

ALTER TABLE report ADD COLUMN submitted_by uuid REFERENCES app_user (id);
CREATE INDEX report_submitted_by_idx ON report (submitted_by, received_at, id);

-- A source's real name and contacts, sealed with AES-256-GCM; only admins open them.
ALTER TABLE source ADD COLUMN identity_sealed text;

-- The audit chain: each entry commits to the one before through its hash.
ALTER TABLE audit_log ADD COLUMN chain_seq bigint UNIQUE;
ALTER TABLE audit_log ADD COLUMN prev_hash text;
ALTER TABLE audit_log ADD COLUMN hash text;

CREATE FUNCTION audit_entry_hash(entry audit_log) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    entry.prev_hash, entry.chain_seq, to_char(entry.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    entry.actor, entry.action, entry.entity, entry.entity_id, entry.before, entry.after, entry.reason
  )::text, 'UTF8')), 'hex')
$$;

CREATE FUNCTION audit_chain_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last audit_log;
BEGIN
  -- One writer at a time extends the chain; the lock ends with the transaction.
  PERFORM pg_advisory_xact_lock(hashtext('tally.audit_chain'));
  SELECT * INTO last FROM audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
  NEW.chain_seq := coalesce(last.chain_seq, 0) + 1;
  NEW.prev_hash := coalesce(last.hash, repeat('0', 64));
  NEW.hash := audit_entry_hash(NEW);
  RETURN NEW;
END;
$$;

-- Chain the entries written before this migration, in the order they were written.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_is_append_only;
DO $$
DECLARE
  entry audit_log;
  previous text := repeat('0', 64);
  n bigint := 0;
BEGIN
  FOR entry IN SELECT * FROM audit_log ORDER BY id LOOP
    n := n + 1;
    entry.chain_seq := n;
    entry.prev_hash := previous;
    previous := audit_entry_hash(entry);
    UPDATE audit_log SET chain_seq = n, prev_hash = entry.prev_hash, hash = previous WHERE id = entry.id;
  END LOOP;
END;
$$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_is_append_only;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_chain_link();
