-- Security (R10, R8): a conversation keeps the number it was opened with, so editing a contact can
-- never redirect replies; opt-out belongs to (workspace, number), whatever contact row carries it;
-- and every change of a contact's number is recorded.
alter table conversation add column contact_number text;
update conversation c set contact_number = k.number from contact k where k.id = c.contact_id;

create table opt_out (
    workspace_id  uuid not null references workspace (id),
    number        text not null,
    opted_out_at  timestamptz not null default now(),
    primary key (workspace_id, number)
);
insert into opt_out (workspace_id, number, opted_out_at)
select workspace_id, number, coalesce(opted_out_at, now()) from contact where opted_out
on conflict do nothing;

create table contact_number_change (
    id           uuid primary key,
    workspace_id uuid not null references workspace (id),
    contact_id   uuid not null references contact (id),
    old_number   text not null,
    new_number   text not null,
    changed_by   uuid not null references agent (id),
    changed_at   timestamptz not null default now()
);
create index contact_number_change_contact_idx on contact_number_change (contact_id, changed_at);
