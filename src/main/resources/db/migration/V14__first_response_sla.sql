-- R27: a queue's first-response target; each conversation's due time (from its first inbound
-- message, set as it starts) and the time of its first reply.
alter table inbox_queue add column first_response_seconds integer
    check (first_response_seconds is null or first_response_seconds > 0);
alter table conversation add column first_response_due_at timestamptz;
alter table conversation add column first_response_at timestamptz;
-- The last crossing pushed as conversation.sla ('at_risk' at 80 % of the target, 'breached' at
-- 100 %): one conditional update claims each crossing, so it is pushed once whatever runs the sweep.
alter table conversation add column sla_announced text check (sla_announced in ('at_risk', 'breached'));
create index conversation_first_response_due_idx on conversation (first_response_due_at)
    where first_response_at is null and first_response_due_at is not null and status <> 'CLOSED';

-- The SLA state of a conversation, in one place for views, filters, the wallboard and the sweep:
-- null without a target; met or breached once answered; else breached past due, at_risk past 80 %.
create function sla_state(created timestamptz, due timestamptz, responded timestamptz) returns text
language sql stable as $$
    select case when due is null then null
                when responded is not null then case when responded <= due then 'met' else 'breached' end
                when now() >= due then 'breached'
                when now() >= due - (due - created) * 0.2 then 'at_risk'
                else 'ok' end
$$;
