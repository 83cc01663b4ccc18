-- R9: each limited sender's sends of a day (in its time zone), taken one atomic statement at a time
-- so concurrent sends need not lock the sender's row; started from the messages of the day on first use.
create table sender_daily_count (
    sender_id uuid not null references sender (id) on delete cascade,
    day       date not null,
    sent      integer not null check (sent >= 0),
    primary key (sender_id, day)
);
