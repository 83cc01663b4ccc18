package io.switchboard.workspace;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Callers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/** {@code /api/me/preferences}: the caller's own notification preferences, the same on every device they use. */
@Path("/api/me/preferences")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("**")
public class PreferencesResource {

    /** Desktop notifications and a sound for new alerts and assignments (muted conversations never notify). */
    public record Preferences(@NotNull Boolean desktopNotifications, @NotNull Boolean sound) {
        static final Preferences DEFAULT = new Preferences(false, false);

        static Preferences of(AgentPreferences stored) {
            return stored == null ? DEFAULT : new Preferences(stored.desktopNotifications, stored.sound);
        }
    }

    private final Callers callers;

    public PreferencesResource(Callers callers) {
        this.callers = callers;
    }

    @GET
    public Uni<Preferences> get() {
        UUID me = callers.current().agentId();
        return Panache.withSession(() -> AgentPreferences.<AgentPreferences>findById(me)).map(Preferences::of);
    }

    /** Both preferences at once; one statement, so two devices saving together cannot collide. */
    @PUT
    public Uni<Preferences> put(@Valid @NotNull Preferences preferences) {
        UUID me = callers.current().agentId();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into agent_preferences (agent_id, desktop_notifications, sound, updated_at)
                        values (:agent, :desktop, :sound, now())
                        on conflict (agent_id) do update
                        set desktop_notifications = excluded.desktop_notifications, sound = excluded.sound, updated_at = now()""")
                .setParameter("agent", me)
                .setParameter("desktop", preferences.desktopNotifications())
                .setParameter("sound", preferences.sound())
                .executeUpdate()))
                .replaceWith(preferences);
    }
}
