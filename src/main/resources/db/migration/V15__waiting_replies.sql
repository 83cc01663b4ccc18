-- R26: what a sender may text a contact once when a new conversation starts: a waiting reply
-- ({position} and {minutes} filled in) when it waits in its queue, or an out-of-hours reply
-- instead when the sender's business hours are closed (R10).
alter table sender add column waiting_reply text;
alter table sender add column closed_hours_reply text;
