package io.switchboard.conversation.template;

import io.switchboard.conversation.Message;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.channel.Channel;
import io.switchboard.channel.vonage.WhatsappLanguages;
import io.switchboard.common.ApiException;
import io.switchboard.common.Db;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Quick replies and approved WhatsApp templates: admins write them, everyone uses them. */
@ApplicationScoped
public class TemplateService {

    /** {@code whatsappLanguage}: the approved template's language as Vonage names it [en]; {@code text} may hold {{1}}, {{2}}, ... */
    public record TemplateRequest(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 1600) String text,
                                  Channel channel, @Size(max = 200) String whatsappTemplateName, @Size(max = 10) String whatsappLanguage) {
    }

    /** {@code variables}: how many templateParameters a send with it needs. */
    public record TemplateView(UUID id, String name, String text, Channel channel, String whatsappTemplateName, String whatsappLanguage,
                               int variables) {
        static TemplateView of(MessageTemplate t) {
            return new TemplateView(t.id, t.name, t.text, t.channel, t.whatsappTemplateName, t.whatsappLanguage,
                    TemplateText.variables(t.text));
        }
    }

    @WithSession
    public Uni<List<TemplateView>> list(Caller caller) {
        return MessageTemplate.<MessageTemplate>list("workspaceId = ?1 order by name", caller.workspaceId())
                .map(all -> all.stream().map(TemplateView::of).toList());
    }

    public Uni<TemplateView> create(Caller caller, TemplateRequest request) {
        MessageTemplate template = new MessageTemplate();
        template.id = UUID.randomUUID();
        template.workspaceId = caller.workspaceId();
        template.createdAt = Instant.now();
        apply(template, request);
        return Panache.withTransaction(() -> template.<MessageTemplate>persist().call(t -> t.flush()))
                .map(TemplateView::of)
                .onFailure(f -> Db.isUniqueViolation(f, null))
                .transform(f -> ApiException.conflict("template_exists", "A template named " + request.name() + " exists"));
    }

    public Uni<TemplateView> update(Caller caller, UUID id, TemplateRequest request) {
        return Panache.withTransaction(() -> find(caller, id).invoke(template -> apply(template, request)).call(t -> t.flush()))
                .map(TemplateView::of)
                .onFailure(f -> Db.isUniqueViolation(f, null))
                .transform(f -> ApiException.conflict("template_exists", "A template named " + request.name() + " exists"));
    }

    public Uni<Void> delete(Caller caller, UUID id) {
        return Panache.withTransaction(() -> find(caller, id)
                .call(template -> Message.update("templateId = null where templateId = ?1", template.id))
                .call(template -> template.delete())).replaceWithVoid();
    }

    private static Uni<MessageTemplate> find(Caller caller, UUID id) {
        return MessageTemplate.<MessageTemplate>find("id = ?1 and workspaceId = ?2", id, caller.workspaceId()).firstResult()
                .onItem().ifNull().failWith(() -> ApiException.notFound("Template"));
    }

    private static void apply(MessageTemplate template, TemplateRequest request) {
        template.name = request.name().strip();
        template.text = request.text();
        template.channel = request.channel();
        template.whatsappTemplateName = request.whatsappTemplateName() == null || request.whatsappTemplateName().isBlank()
                ? null : request.whatsappTemplateName().strip();
        String language = request.whatsappLanguage() == null || request.whatsappLanguage().isBlank() ? "en" : request.whatsappLanguage().strip();
        if (!WhatsappLanguages.isKnown(language)) {
            throw ApiException.badRequest("invalid_field", "whatsappLanguage",
                    "Unknown WhatsApp template language " + language + " (use Vonage's names: en, es, pt_BR, ...)");
        }
        template.whatsappLanguage = language;
    }
}
