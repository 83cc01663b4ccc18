-- #21 snooze: the owner puts a conversation aside until a time or until the contact writes
-- (snoozed with no snoozed_until). It leaves the owner's list and bell while snoozed.
alter table conversation add column snoozed boolean not null default false;
alter table conversation add column snoozed_until timestamptz;
alter table conversation add constraint conversation_snooze_check check (snoozed or snoozed_until is null);
-- The alarm looks for the ones due; few conversations are snoozed at any time.
create index conversation_snoozed_due_idx on conversation (snoozed_until) where snoozed and snoozed_until is not null;
