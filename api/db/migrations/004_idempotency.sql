-- Idempotency keys: a write sent again with the same key (after a timeout, a crash, a lost answer)
-- is answered with the stored result of the first one instead of being stored twice. The key row is
-- written in the same transaction as the write itself.
CREATE TABLE idempotency_keys (
  principal text NOT NULL,
  key text NOT NULL,
  route text NOT NULL,
  request_hash text NOT NULL,
  status integer,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
