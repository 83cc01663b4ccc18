package io.switchboard.workspace;

import io.switchboard.auth.Passwords;
import io.switchboard.auth.Tokens;
import io.switchboard.auth.Callers;
import io.switchboard.auth.Caller;
import io.switchboard.auth.LoginThrottle;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.ApiException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Log-in and the caller's own profile. */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api")
public class AuthResource {

    public record Credentials(@NotBlank @Size(max = 64) String username, @NotBlank @Size(max = 200) String password) {
    }

    public record TokenResponse(String accessToken, long expiresIn, AgentView agent) {
    }

    public record PresenceChange(@NotBlank @Size(max = 40) String status) {
    }

    private final AgentService agents;
    private final Passwords passwords;
    private final Tokens tokens;
    private final Callers callers;
    private final LoginThrottle throttle;

    public AuthResource(AgentService agents, Passwords passwords, Tokens tokens, Callers callers, LoginThrottle throttle) {
        this.throttle = throttle;
        this.agents = agents;
        this.passwords = passwords;
        this.tokens = tokens;
        this.callers = callers;
    }

    @POST
    @Path("/auth/token")
    @PermitAll
    public Uni<TokenResponse> token(@Valid @NotNull Credentials credentials, @Context HttpServerRequest request) {
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return throttle.check(credentials.username(), address)
                .chain(() -> agents.findByUsername(credentials.username()))
                .chain(agent -> passwords.matches(credentials.password(), agent != null ? agent.passwordHash : null)
                        .call(ok -> ok ? throttle.succeeded(credentials.username()) : throttle.failed(credentials.username(), address))
                        .map(ok -> {
                            // A deactivated user is told nothing more than a wrong password would (R28).
                            if (!ok || !agent.active) {
                                throw new ApiException(401, "invalid_credentials", "Unknown username or wrong password");
                            }
                            return agent;
                        }))
                .chain(agent -> agents.get(callerOf(agent), agent.id)
                        .map(view -> new TokenResponse(tokens.issue(callerOf(agent), agent.credentialsVersion), tokens.lifetimeSeconds(), view)));
    }

    @GET
    @Path("/me")
    @RolesAllowed("**")
    public Uni<AgentView> me() {
        Caller caller = callers.current();
        return agents.get(caller, caller.agentId());
    }

    public record PasswordChange(@NotBlank @Size(max = 200) String currentPassword, @NotBlank @Size(max = 200) String newPassword) {
    }

    /** R28: the caller's own password; their tokens (this one included) end on every instance. */
    @PUT
    @Path("/me/password")
    @RolesAllowed("**")
    @ResponseStatus(204)
    public Uni<Void> password(@Valid @NotNull PasswordChange change) {
        return agents.changeOwnPassword(callers.current(), change.currentPassword(), change.newPassword());
    }

    @PUT
    @Path("/me/presence")
    @RolesAllowed("**")
    public Uni<AgentView> presence(@Valid @NotNull PresenceChange change) {
        return agents.setPresence(callers.current(), change.status());
    }

    private static Caller callerOf(Agent agent) {
        return new Caller(agent.id, agent.workspaceId, agent.role, agent.username);
    }
}
