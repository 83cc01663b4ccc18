-- #21 mentions: "@username" in a note puts the conversation in that user's bell until they read
-- it, whether or not they own it; the bell's rebuild reads this.
alter table conversation_agent_state add column mentioned_at timestamptz;
