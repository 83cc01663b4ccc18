-- Issue 20: a WhatsApp template goes out in its own language, with the values of its variables.
alter table message_template add column whatsapp_language text not null default 'en';
comment on column message_template.whatsapp_language is 'The approved template''s language, as Vonage names it (en, es, pt_BR, ...)';
alter table message add column template_parameters jsonb;
comment on column message.template_parameters is '{"values": [...]}: the values of the template''s {{1}}, {{2}}, ... in order, sent with a WhatsApp template';
