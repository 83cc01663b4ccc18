-- Issue 20: each agent's own notification preferences, kept on the server so every device follows them.
create table agent_preferences (
    agent_id              uuid primary key references agent (id) on delete cascade,
    desktop_notifications boolean     not null default false,
    sound                 boolean     not null default false,
    updated_at            timestamptz not null default now()
);
