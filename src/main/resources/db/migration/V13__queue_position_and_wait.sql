-- R26: a waiting conversation's estimated wait, from the queue's recent pace of claims and routed
-- assignments (how many took a conversation in the last 30 minutes) and whether anyone accepts
-- new conversations now. place = the conversation's position (1 = next), or waiting + 1 for the
-- next arrival. Null when it cannot be told: nobody in the queue accepts now, or nobody took one
-- in the last 30 minutes.
create index conversation_recently_taken_idx on conversation (queue_id, claimed_at) where claimed_at is not null;

create function queue_wait_estimate(queue uuid, place bigint) returns integer
language sql stable as $$
    select case when accepting.n = 0 or taken.n = 0 then null
                else ceil(place * 1800.0 / taken.n)::integer end
    from (select count(*) as n from conversation c
          where c.queue_id = queue and c.claimed_at > now() - interval '30 minutes') taken,
         (select count(*) as n from queue_member m join agent a on a.id = m.agent_id
          where m.queue_id = queue and a.active
            and (a.presence = 'READY' or exists (select 1 from presence_status s
                  where s.workspace_id = a.workspace_id and s.name = a.presence and s.accepts_new_conversations))) accepting
$$;
