-- At most once toward Vonage (R8): set when an instance takes an entry to send it, cleared only
-- when Vonage's answer proves nothing went out (5xx before acceptance, 429, no connection). While
-- set, the entry is never sent again; a receipt confirms it, or it fails as unconfirmed.
alter table outbox add column attempt_started_at timestamptz;
create index outbox_attempt_started_idx on outbox (attempt_started_at) where attempt_started_at is not null;
