package io.switchboard.conversation.template;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.switchboard.channel.Channel;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A quick reply, or an approved WhatsApp template when whatsappTemplateName is set. */
@Entity
@Table(name = "message_template")
public class MessageTemplate extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "workspace_id")
    public UUID workspaceId;

    @Column(columnDefinition = "text")
    public String name;

    @Column(columnDefinition = "text")
    public String text;

    @Enumerated(EnumType.STRING)
    @Column(columnDefinition = "text")
    public Channel channel;

    @Column(name = "whatsapp_template_name", columnDefinition = "text")
    public String whatsappTemplateName;

    /** The approved template's language, as Vonage names it (en, es, pt_BR, ...). */
    @Column(name = "whatsapp_language", columnDefinition = "text")
    public String whatsappLanguage = "en";

    @Column(name = "created_at")
    public Instant createdAt;
}
