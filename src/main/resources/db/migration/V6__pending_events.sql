-- Live events whose append to the workspace's Redis Stream failed after their change committed:
-- kept here and relayed, in order and at most once, when Redis answers again.
create table pending_event (
    seq                   bigserial primary key,
    id                    uuid not null unique,
    workspace_id          uuid not null,
    type                  text not null,
    ts                    text not null,
    audience_queue        uuid,
    audience_agents       text not null,
    audience_supervisors  boolean not null,
    data                  text not null,
    created_at            timestamptz not null default now()
);
