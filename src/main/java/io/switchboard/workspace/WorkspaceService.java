package io.switchboard.workspace;

import io.switchboard.auth.Role;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.auth.Passwords;
import io.switchboard.common.ApiException;
import io.switchboard.common.Db;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.UUID;

/** Tenants. Only the platform operator (the bootstrap admin) may create one. */
@ApplicationScoped
public class WorkspaceService {

    public record NewWorkspace(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Size(min = 2, max = 64) String adminUsername,
            @NotBlank @Size(min = 4, max = 200) String adminPassword) {
    }

    public record WorkspaceView(UUID id, String name, String timeZone) {
    }

    /** What a workspace's admin may change of it. */
    public record Settings(@NotBlank @Size(max = 64) String timeZone) {
    }

    private final Passwords passwords;

    public WorkspaceService(Passwords passwords) {
        this.passwords = passwords;
    }

    public Uni<WorkspaceView> create(Caller caller, NewWorkspace request) {
        return Panache.withSession(() -> Agent.<Agent>findById(caller.agentId()))
                .invoke(agent -> {
                    if (agent == null || !agent.platformOperator) {
                        throw ApiException.forbidden("Only the platform operator may create workspaces");
                    }
                    passwords.requireStrong(request.adminUsername(), request.adminPassword());
                })
                .chain(operator -> passwords.hash(request.adminPassword()))
                .chain(hash -> Panache.withTransaction(() -> {
                    Workspace workspace = Workspace.named(request.name().strip());
                    return workspace.<Workspace>persist()
                            .call(Workspace::flush)
                            .onFailure(f -> Db.isUniqueViolation(f, null))
                            .transform(f -> ApiException.conflict("workspace_exists", "A workspace named " + workspace.name + " exists"))
                            .call(saved -> AgentService.insert(saved.id, request.adminUsername(), hash, request.adminUsername(), Role.ADMIN));
                }))
                .invoke(workspace -> Log.infof("Workspace %s created by %s", workspace.id, caller.agentId()))
                .map(WorkspaceService::view);
    }

    /** The caller's own workspace. */
    public Uni<WorkspaceView> current(Caller caller) {
        return Panache.withSession(() -> Workspace.<Workspace>findById(caller.workspaceId())).map(WorkspaceService::view);
    }

    public Uni<WorkspaceView> update(Caller caller, Settings settings) {
        String zone;
        try {
            zone = ZoneId.of(settings.timeZone().strip()).getId();
        } catch (DateTimeException e) {
            throw ApiException.badRequest("invalid_field", "timeZone", "timeZone must be an IANA time zone such as Europe/London");
        }
        return Panache.withTransaction(() -> Workspace.<Workspace>findById(caller.workspaceId()).invoke(workspace -> workspace.timeZone = zone))
                .invoke(workspace -> Log.infof("Workspace %s now in time zone %s, set by %s", workspace.id, zone, caller.agentId()))
                .map(WorkspaceService::view);
    }

    private static WorkspaceView view(Workspace workspace) {
        return new WorkspaceView(workspace.id, workspace.name, workspace.timeZone);
    }
}
