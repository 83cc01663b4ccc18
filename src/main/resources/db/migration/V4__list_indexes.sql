-- Measured on 100,000 conversations (scripts/seed-large.sh): lists ordered by last activity walk
-- these partial indexes in order and stop after a page, instead of sorting every candidate row.
drop index conversation_open_recent_idx;
create index conversation_open_recent_idx on conversation (workspace_id, last_message_at desc, id desc) where status <> 'CLOSED';
create index conversation_waiting_recent_idx on conversation (workspace_id, last_message_at desc, id desc)
    where owner_id is null and status <> 'CLOSED';
create index conversation_closed_recent_idx on conversation (workspace_id, last_message_at desc, id desc) where status = 'CLOSED';
-- Contact sort: the list walks contacts by name and looks their conversations up.
drop index contact_workspace_name_idx;
create index contact_workspace_sort_idx on contact (workspace_id, lower(coalesce(name, number)), id);
-- Number search: digit strings share too many trigrams to be selective, so numbers match by their
-- start (typed with the country code) or their end (typed as a national number) through btree.
create index contact_number_prefix_idx on contact (workspace_id, number text_pattern_ops);
create index contact_number_suffix_idx on contact (workspace_id, reverse(number) text_pattern_ops);
