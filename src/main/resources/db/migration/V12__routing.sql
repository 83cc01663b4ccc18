-- R22: how each queue hands out its conversations; R23: the queue's default capacity per agent
-- (an agent's own max_conversations overrides it; none = unlimited).
alter table inbox_queue add column routing_mode text not null default 'MANUAL'
    check (routing_mode in ('MANUAL', 'ROUND_ROBIN', 'LEAST_BUSY'));
alter table inbox_queue add column max_per_agent integer check (max_per_agent is null or max_per_agent > 0);
-- R22: round robin and ties go to the agent assigned least recently.
alter table agent add column last_assigned_at timestamptz;
-- Routing takes a queue's waiting conversations oldest first.
create index conversation_waiting_in_queue_idx on conversation (queue_id, created_at, id)
    where owner_id is null and status <> 'CLOSED';
-- Capacity counts an agent's open owned conversations.
create index conversation_open_owned_idx on conversation (owner_id) where status <> 'CLOSED';
