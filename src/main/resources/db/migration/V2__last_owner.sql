-- Closing releases ownership (R7); the last owner is kept so that agent still finds the closed
-- conversation in their history.
alter table conversation add column last_owner_id uuid references agent (id);
create index conversation_last_owner_idx on conversation (workspace_id, last_owner_id, status, last_message_at desc);
