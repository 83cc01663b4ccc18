-- Every live event is now written here in the transaction of the change it describes and deleted
-- once appended to the workspace's Redis Stream; a row still here a moment after its commit is
-- appended by the relay of any instance. created_at counts from the insert, not the transaction's
-- start, so a long transaction's events are not taken from the instance about to append them.
comment on table pending_event is 'Live events written with their change, until appended to the workspace stream';
alter table pending_event alter column created_at set default clock_timestamp();
