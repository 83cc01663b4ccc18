package io.switchboard.workspace;

import io.switchboard.auth.Passwords;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.auth.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.UUID;

/**
 * Creates the first workspace and its admin (the platform operator) from the switchboard.bootstrap.*
 * keys. Several instances may start at once: inserts ignore conflicts, so exactly one of each exists.
 */
@ApplicationScoped
public class Bootstrap {

    private final SwitchboardConfig config;
    private final Passwords passwords;
    private final DemoWorkspace demo;

    public Bootstrap(SwitchboardConfig config, Passwords passwords, DemoWorkspace demo) {
        this.config = config;
        this.passwords = passwords;
        this.demo = demo;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        UUID workspaceId = VertxContextSupport.subscribeAndAwait(this::ensureWorkspaceAndAdmin);
        if (config.demo().seed()) {
            VertxContextSupport.subscribeAndAwait(() -> demo.seed(workspaceId));
        }
    }

    Uni<UUID> ensureWorkspaceAndAdmin() {
        String name = config.bootstrap().workspace();
        String username = config.bootstrap().adminUsername().strip().toLowerCase();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("insert into workspace (id, name) values (:id, :name) on conflict (name) do nothing")
                        .setParameter("id", UUID.randomUUID()).setParameter("name", name)
                        .executeUpdate()))
                .chain(() -> Panache.withSession(() -> Workspace.<Workspace>find("name", name).<Workspace>singleResult()))
                .call(workspace -> Panache.withSession(() -> Agent.count("username", username)).chain(count -> count > 0
                        ? Uni.createFrom().voidItem()
                        : createAdmin(workspace.id, username)))
                .map(workspace -> workspace.id);
    }

    private Uni<Void> createAdmin(UUID workspaceId, String username) {
        String password = config.bootstrap().adminPassword().orElseThrow(() -> new IllegalStateException(
                "switchboard.bootstrap.admin-password must be set to create the first admin '" + username + "'"));
        return passwords.hash(password).chain(hash -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("""
                                insert into agent (id, workspace_id, username, password_hash, display_name, role, platform_operator)
                                values (:id, :workspace, :username, :hash, :username, :role, true)
                                on conflict (username) do nothing""")
                        .setParameter("id", UUID.randomUUID()).setParameter("workspace", workspaceId)
                        .setParameter("username", username).setParameter("hash", hash)
                        .setParameter("role", Role.ADMIN.name())
                        .executeUpdate())))
                .invoke(() -> Log.infof("Bootstrap admin '%s' created in workspace %s", username, workspaceId))
                .replaceWithVoid();
    }
}
