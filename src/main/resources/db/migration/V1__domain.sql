-- The whole Switchboard domain (PRODUCT.md). Rules that must hold under concurrency are
-- enforced here, not only in code: one open conversation per (sender, contact) (R1),
-- one stored message per provider message id (idempotent webhooks).

create extension if not exists pg_trgm;

create table workspace (
    id          uuid primary key,
    name        text not null unique,
    created_at  timestamptz not null default now()
);

-- Usernames are global: logging in names no workspace.
create table agent (
    id                 uuid primary key,
    workspace_id       uuid not null references workspace (id),
    username           text not null unique,
    password_hash      text not null,
    display_name       text not null,
    role               text not null check (role in ('AGENT', 'SUPERVISOR', 'ADMIN')),
    presence           text not null default 'OFFLINE',
    platform_operator  boolean not null default false,
    created_at         timestamptz not null default now()
);
create index agent_workspace_idx on agent (workspace_id);

create table inbox_queue (
    id            uuid primary key,
    workspace_id  uuid not null references workspace (id),
    name          text not null,
    created_at    timestamptz not null default now(),
    unique (workspace_id, name)
);

create table queue_member (
    queue_id  uuid not null references inbox_queue (id),
    agent_id  uuid not null references agent (id),
    primary key (queue_id, agent_id)
);
create index queue_member_agent_idx on queue_member (agent_id);

-- Custom presence statuses (R5): READY, BUSY and OFFLINE are built in.
create table presence_status (
    id                          uuid primary key,
    workspace_id                uuid not null references workspace (id),
    name                        text not null,
    accepts_new_conversations   boolean not null,
    unique (workspace_id, name)
);

-- A business number. The number is global: an inbound webhook's `to` selects exactly one sender.
create table sender (
    id                uuid primary key,
    workspace_id      uuid not null references workspace (id),
    queue_id          uuid not null references inbox_queue (id),
    number            text not null unique,
    channel           text not null check (channel in ('SMS', 'WHATSAPP')),
    appended_message  text,
    country           text,
    daily_limit       integer check (daily_limit > 0),
    time_zone         text not null default 'UTC',
    created_at        timestamptz not null default now()
);
create index sender_queue_idx on sender (queue_id);

-- Business hours (R10): a sender without rows is always open.
create table sender_hours (
    sender_id    uuid not null references sender (id),
    day_of_week  smallint not null check (day_of_week between 1 and 7),
    opens_at     time not null,
    closes_at    time not null,
    primary key (sender_id, day_of_week, opens_at),
    check (opens_at < closes_at)
);

create table contact (
    id               uuid primary key,
    workspace_id     uuid not null references workspace (id),
    number           text not null,
    name             text,
    classification   text check (classification in ('LEAD', 'CUSTOMER')),
    country          text,
    notes            text,
    opted_out        boolean not null default false,
    opted_out_at     timestamptz,
    last_inbound_at  timestamptz,
    created_at       timestamptz not null default now(),
    unique (workspace_id, number)
);
create index contact_name_trgm_idx on contact using gin (name gin_trgm_ops);
create index contact_number_trgm_idx on contact using gin (number gin_trgm_ops);

create table conversation (
    id                    uuid primary key,
    workspace_id          uuid not null references workspace (id),
    queue_id              uuid not null references inbox_queue (id),
    sender_id             uuid not null references sender (id),
    contact_id            uuid not null references contact (id),
    channel               text not null check (channel in ('SMS', 'WHATSAPP')),
    status                text not null check (status in ('UNANSWERED', 'ACTIVE', 'CLOSED')),
    owner_id              uuid references agent (id),
    version               bigint not null default 0,
    created_at            timestamptz not null default now(),
    last_message_at       timestamptz not null default now(),
    last_message_preview  text,
    claimed_at            timestamptz,
    closed_at             timestamptz,
    closed_by             uuid references agent (id)
);
-- R1: at most one non-closed conversation per (sender, contact).
create unique index conversation_one_open_idx on conversation (sender_id, contact_id) where status <> 'CLOSED';
-- R17 list queries: by view (queue / mine / all / closed) ordered by last activity.
create index conversation_queue_list_idx on conversation (workspace_id, queue_id, status, last_message_at desc);
create index conversation_owner_list_idx on conversation (workspace_id, owner_id, status, last_message_at desc);
create index conversation_all_list_idx on conversation (workspace_id, status, last_message_at desc);
create index conversation_contact_idx on conversation (contact_id, created_at desc);

create table message (
    id                   uuid primary key,
    workspace_id         uuid not null references workspace (id),
    conversation_id      uuid not null references conversation (id),
    direction            text not null check (direction in ('IN', 'OUT')),
    text                 text,
    media_url            text,
    status               text not null check (status in ('RECEIVED', 'QUEUED', 'SUBMITTED', 'DELIVERED', 'READ', 'REJECTED', 'FAILED', 'UNDONE')),
    author_id            uuid references agent (id),
    template_id          uuid,
    provider_message_id  text unique,
    error                text,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now()
);
create index message_conversation_idx on message (conversation_id, created_at);
create index message_text_trgm_idx on message using gin (text gin_trgm_ops);

-- Outbound delivery work (R8): written in the same transaction as the QUEUED message.
create table outbox (
    message_id       uuid primary key references message (id),
    not_before       timestamptz not null,
    attempts         integer not null default 0,
    last_error       text,
    locked_until     timestamptz
);
create index outbox_due_idx on outbox (not_before);

create table note (
    id               uuid primary key,
    workspace_id     uuid not null references workspace (id),
    conversation_id  uuid not null references conversation (id),
    author_id        uuid not null references agent (id),
    text             text not null,
    created_at       timestamptz not null default now()
);
create index note_conversation_idx on note (conversation_id, created_at);

create table conversation_tag (
    conversation_id  uuid not null references conversation (id),
    tag              text not null,
    primary key (conversation_id, tag)
);
create index conversation_tag_tag_idx on conversation_tag (tag);

-- R13: claimed, transferred, status changed, tagged, closed ...
create table timeline_event (
    id               uuid primary key,
    workspace_id     uuid not null references workspace (id),
    conversation_id  uuid not null references conversation (id),
    kind             text not null,
    actor_id         uuid references agent (id),
    data             jsonb not null default '{}',
    created_at       timestamptz not null default now()
);
create index timeline_event_conversation_idx on timeline_event (conversation_id, created_at);

-- R14-R16: each agent's own view of a conversation.
create table conversation_agent_state (
    conversation_id  uuid not null references conversation (id),
    agent_id         uuid not null references agent (id),
    last_read_at     timestamptz,
    unread           boolean not null default false,
    hidden           boolean not null default false,
    pinned           boolean not null default false,
    muted            boolean not null default false,
    archived         boolean not null default false,
    primary key (conversation_id, agent_id)
);
create index conversation_agent_state_agent_idx on conversation_agent_state (agent_id) where unread or pinned or archived;

create table message_template (
    id                      uuid primary key,
    workspace_id            uuid not null references workspace (id),
    name                    text not null,
    text                    text not null,
    channel                 text check (channel in ('SMS', 'WHATSAPP')),
    whatsapp_template_name  text,
    created_at              timestamptz not null default now(),
    unique (workspace_id, name)
);
