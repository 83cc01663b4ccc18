package io.switchboard.workspace;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.common.ApiException;
import io.switchboard.common.Db;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Custom presence statuses and the rule of which presence may take new conversations (R5). */
@ApplicationScoped
public class PresenceStatusService {

    public record NewPresenceStatus(
            @NotBlank @Size(max = 40) @Pattern(regexp = "[A-Za-z0-9_ -]+", message = "may hold letters, digits, space, _ and - only")
            String name,
            @NotNull Boolean acceptsNewConversations) {
    }

    public record PresenceStatusView(UUID id, String name, boolean acceptsNewConversations) {
        static PresenceStatusView of(PresenceStatus status) {
            return new PresenceStatusView(status.id, status.name, status.acceptsNewConversations);
        }
    }

    public Uni<PresenceStatusView> create(Caller caller, NewPresenceStatus request) {
        String name = request.name().strip().toUpperCase(Locale.ROOT);
        if (Presence.BUILT_IN.contains(name)) {
            throw ApiException.conflict("presence_status_exists", name + " is a built-in status");
        }
        PresenceStatus status = new PresenceStatus();
        status.id = UUID.randomUUID();
        status.workspaceId = caller.workspaceId();
        status.name = name;
        status.acceptsNewConversations = request.acceptsNewConversations();
        return Panache.withTransaction(status::<PresenceStatus>persist)
                .map(PresenceStatusView::of)
                .onFailure(f -> Db.isUniqueViolation(f, null))
                .transform(f -> ApiException.conflict("presence_status_exists", "The workspace already has " + name));
    }

    @WithSession
    public Uni<List<PresenceStatusView>> list(Caller caller) {
        return PresenceStatus.<PresenceStatus>list("workspaceId = ?1 order by name", caller.workspaceId())
                .map(statuses -> statuses.stream().map(PresenceStatusView::of).toList());
    }

    /** Whether the status is built in or one of the workspace's own. */
    public Uni<Boolean> exists(UUID workspaceId, String status) {
        if (Presence.BUILT_IN.contains(status)) {
            return Uni.createFrom().item(true);
        }
        return PresenceStatus.count("workspaceId = ?1 and name = ?2", workspaceId, status).map(n -> n > 0);
    }

    /** R5: READY, or a custom status the admin marked as accepting, may claim. */
    public Uni<Boolean> acceptsNewConversations(UUID workspaceId, String status) {
        if (Presence.READY.equals(status)) {
            return Uni.createFrom().item(true);
        }
        if (Presence.BUILT_IN.contains(status)) {
            return Uni.createFrom().item(false);
        }
        return PresenceStatus.count("workspaceId = ?1 and name = ?2 and acceptsNewConversations = true", workspaceId, status)
                .map(n -> n > 0);
    }
}
