-- R15/R17: a conversation is unread for an agent when the contact wrote after that agent last read
-- it; keeping the last inbound time on the conversation makes "unread only" a column comparison.
alter table conversation add column last_inbound_at timestamptz;
update conversation c
   set last_inbound_at = (select max(m.created_at) from message m where m.conversation_id = c.id and m.direction = 'IN');

-- R17: "all open" and "mine" ordered by last activity stop after one page instead of sorting the workspace.
create index conversation_open_recent_idx on conversation (workspace_id, last_message_at desc) where status <> 'CLOSED';
-- Contact sort and contact search within a workspace.
create index contact_workspace_name_idx on contact (workspace_id, coalesce(name, number));
