-- #21 queue time limit: a queue may set how long a conversation may wait unowned in it; past that
-- it moves to the overflow queue, or, with none, supervisors are told once.
alter table inbox_queue add column max_wait_seconds integer check (max_wait_seconds is null or max_wait_seconds > 0);
alter table inbox_queue add column overflow_queue_id uuid references inbox_queue (id);
alter table inbox_queue add constraint inbox_queue_overflow_check
    check (overflow_queue_id is null or (max_wait_seconds is not null and overflow_queue_id <> id));

-- When the conversation started waiting in its present queue, and when its wait was last found too long.
alter table conversation add column waiting_since timestamptz not null default now();
update conversation set waiting_since = created_at;
alter table conversation add column wait_exceeded_at timestamptz;
create index conversation_waiting_since_idx on conversation (queue_id, waiting_since)
    where owner_id is null and status <> 'CLOSED' and wait_exceeded_at is null;
