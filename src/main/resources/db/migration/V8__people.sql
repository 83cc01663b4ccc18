-- R28: admins deactivate users and change roles and passwords; each such change bumps the user's
-- credentials version, which every token carries, so older tokens stop working everywhere.
alter table agent add column active boolean not null default true;
alter table agent add column credentials_version integer not null default 0;
-- R23 (routing, not enforced yet): the agent's own limit of conversations, overriding the queue's.
alter table agent add column max_conversations integer check (max_conversations is null or max_conversations > 0);
