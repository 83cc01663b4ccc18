-- R24: a queue may offer each conversation to one agent at a time for offer_seconds instead of
-- assigning it; an agent who lets missed_offers_before_away offers in a row lapse is set to a
-- presence that accepts nothing new.
alter table inbox_queue add column offer_seconds integer check (offer_seconds is null or offer_seconds > 0);
alter table inbox_queue add column missed_offers_before_away integer not null default 3
    check (missed_offers_before_away > 0);
alter table agent add column missed_offers integer not null default 0;

-- The offer a conversation is under; one per conversation and one per agent at a time. Accepting
-- and expiring both delete the row, so exactly one of them happens.
create table conversation_offer (
    conversation_id  uuid primary key references conversation (id),
    workspace_id     uuid not null references workspace (id),
    queue_id         uuid not null references inbox_queue (id),
    agent_id         uuid not null unique references agent (id),
    expires_at       timestamptz not null
);
create index conversation_offer_expiry_idx on conversation_offer (expires_at);

-- Who declined a conversation: it is offered to someone else next.
create table conversation_offer_declined (
    conversation_id  uuid not null references conversation (id),
    agent_id         uuid not null references agent (id),
    primary key (conversation_id, agent_id)
);
