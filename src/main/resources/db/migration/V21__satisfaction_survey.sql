-- #21 satisfaction survey: a queue may ask, once its conversation is closed, for a rating from 1 to 5.
alter table inbox_queue add column survey_enabled boolean not null default false;
alter table inbox_queue add column survey_question text;
alter table inbox_queue add column survey_answer_minutes integer not null default 1440
    check (survey_answer_minutes between 1 and 10080);

-- Asked at close; answered while it is open (until survey_expires_at), the last answer counts.
alter table conversation add column survey_sent_at timestamptz;
alter table conversation add column survey_expires_at timestamptz;
alter table conversation add column survey_rating smallint check (survey_rating between 1 and 5);
alter table conversation add column survey_answered_at timestamptz;

-- The one survey of (sender, contact) an answer may be for: the latest asked.
create index conversation_survey_idx on conversation (sender_id, contact_id, survey_expires_at desc)
    where survey_expires_at is not null;
