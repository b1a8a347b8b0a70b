-- Idempotent replays answer with the bytes of the first answer: jsonb would reorder its keys.
ALTER TABLE idempotency_keys ALTER COLUMN response TYPE text USING response::text;
