-- #21 reports: a workspace's days are counted in its own time zone.
alter table workspace add column time_zone text not null default 'UTC';
-- Reports read the conversations closed in a date range.
create index conversation_closed_at_idx on conversation (workspace_id, closed_at) where status = 'CLOSED';
