package io.switchboard.workspace;

import io.switchboard.auth.Role;
import io.switchboard.events.Recorder;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.auth.Passwords;
import io.switchboard.auth.Revocations;
import io.switchboard.common.ApiException;
import io.switchboard.common.Db;
import io.switchboard.common.Page;
import io.switchboard.common.PageRequest;
import io.switchboard.events.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Workspace users: creation, lookup, presence. */
@ApplicationScoped
public class AgentService {

    private final Passwords passwords;
    private final PresenceStatusService presenceStatuses;
    private final EventPublisher events;
    private final ClaimEligibility eligibility;
    private final Revocations revocations;
    private final Event<RoutingNeeded> routingNeeded;

    public AgentService(Passwords passwords, PresenceStatusService presenceStatuses, EventPublisher events,
                        ClaimEligibility eligibility, Revocations revocations, Event<RoutingNeeded> routingNeeded) {
        this.eligibility = eligibility;
        this.routingNeeded = routingNeeded;
        this.revocations = revocations;
        this.passwords = passwords;
        this.presenceStatuses = presenceStatuses;
        this.events = events;
    }

    public Uni<AgentView> create(Caller caller, NewAgent request) {
        passwords.requireStrong(request.username(), request.password());
        return passwords.hash(request.password())
                .chain(hash -> insert(caller.workspaceId(), request.username(), hash, displayNameOf(request), request.role()))
                .map(agent -> AgentView.of(agent, List.of()))
                .invoke(agent -> Log.infof("Agent %s (%s) created in workspace %s", agent.id(), agent.role(), caller.workspaceId()));
    }

    /** Inserts an agent; the database's unique username decides races between two creators. */
    public static Uni<Agent> insert(UUID workspaceId, String username, String passwordHash, String displayName, Role role) {
        Agent agent = Agent.create(workspaceId, normalize(username), passwordHash, displayName, role);
        return Panache.withTransaction(() -> agent.<Agent>persist().call(Agent::flush))
                .onFailure(f -> Db.isUniqueViolation(f, null))
                .transform(f -> ApiException.conflict("username_taken", "The username " + agent.username + " is taken"));
    }

    @WithSession
    public Uni<Page<AgentView>> list(Caller caller, PageRequest page) {
        var query = Agent.<Agent>find("workspaceId = ?1 order by username", caller.workspaceId());
        return query.page(page.page(), page.size()).list()
                .chain(agents -> queueIdsOf(agents).chain(queueIds -> query.count().map(total -> Page.of(
                        agents.stream().map(a -> AgentView.of(a, queueIds.getOrDefault(a.id, List.of()))).toList(),
                        page, total))));
    }

    @WithSession
    public Uni<AgentView> get(Caller caller, UUID id) {
        return find(caller.workspaceId(), id).chain(this::view);
    }

    /** Sets the caller's presence (R5) and, once committed, tells supervisors and wallboards (R21). */
    public Uni<AgentView> setPresence(Caller caller, String requested) {
        String status = requested.strip().toUpperCase(Locale.ROOT);
        boolean[] accepts = new boolean[1];
        Recorder recorder = events.recorder();
        return Panache.withTransaction(() -> presenceStatuses.exists(caller.workspaceId(), status).chain(known -> {
                    if (!known) {
                        throw ApiException.badRequest("unknown_presence", "status",
                                "Presence must be READY, BUSY, OFFLINE or one of the workspace's statuses");
                    }
                    return presenceStatuses.acceptsNewConversations(caller.workspaceId(), status).invoke(yes -> accepts[0] = yes)
                            .chain(() -> find(caller.workspaceId(), caller.agentId()));
                }).chain(agent -> {
                    boolean changed = !status.equals(agent.presence);
                    agent.presence = status;
                    // A presence that changes nothing tells nobody anything (a flood of them must not flood the stream).
                    return (changed ? recorder.record(new WorkspaceEvents.PresenceChanged(caller.workspaceId(), agent.id, status))
                            : Uni.createFrom().voidItem()).chain(() -> view(agent));
                }))
                .call(agent -> eligibility.presenceChanged(caller.workspaceId(), agent.id(), status, accepts[0]))
                .call(recorder::relay);
    }

    /** R21: the agent's last socket closed and they did not come back; tell supervisors if that changed anything. */
    public Uni<Void> markOffline(UUID workspaceId, UUID agentId) {
        Recorder recorder = events.recorder();
        return Panache.withTransaction(() -> Agent.update("presence = ?1 where id = ?2 and workspaceId = ?3 and presence <> ?1",
                                Presence.OFFLINE, agentId, workspaceId)
                        .call(updated -> updated == 0 ? Uni.createFrom().voidItem()
                                : recorder.record(new WorkspaceEvents.PresenceChanged(workspaceId, agentId, Presence.OFFLINE))))
                .call(updated -> eligibility.presenceChanged(workspaceId, agentId, Presence.OFFLINE, false))
                .call(recorder::relay)
                .replaceWithVoid();
    }

    /** What an admin may change of a user (R28); absent fields stay as they are. */
    public record AgentChange(@Size(max = 200) String displayName, Role role, Boolean active,
                              @Min(1) @Max(1000) Integer maxConversations) {
    }

    /**
     * R28: an admin changes a user. Deactivating or changing the role ends the user's tokens and
     * sockets on every instance (their credentials version moves on); owned conversations stay
     * owned until a supervisor reassigns them.
     */
    public Uni<AgentView> change(Caller caller, UUID agentId, AgentChange change) {
        return Panache.withTransaction(() -> find(caller.workspaceId(), agentId).chain(agent -> {
                    boolean revoke = (change.role() != null && change.role() != agent.role)
                            || (change.active() != null && change.active() != agent.active);
                    if (agent.id.equals(caller.agentId()) && (Boolean.FALSE.equals(change.active())
                            || (change.role() != null && change.role() != Role.ADMIN))) {
                        throw ApiException.conflict("cannot_demote_self", "An admin cannot deactivate or demote themselves");
                    }
                    if (change.displayName() != null && !change.displayName().isBlank()) {
                        agent.displayName = change.displayName().strip();
                    }
                    if (change.role() != null) {
                        agent.role = change.role();
                    }
                    if (change.active() != null) {
                        agent.active = change.active();
                        if (!agent.active) {
                            agent.presence = Presence.OFFLINE;
                        }
                    }
                    if (change.maxConversations() != null) {
                        agent.maxConversations = change.maxConversations();
                    }
                    if (revoke) {
                        agent.credentialsVersion++;
                    }
                    return view(agent);
                }))
                .call(view -> view.active() ? Uni.createFrom().voidItem()
                        : eligibility.presenceChanged(caller.workspaceId(), view.id(), Presence.OFFLINE, false))
                .invoke(view -> {
                    if (change.maxConversations() != null || Boolean.TRUE.equals(change.active())) {
                        // More room, or a user back: routing may now hand them what waits (R22).
                        routingNeeded.fire(new RoutingNeeded(caller.workspaceId(), null));
                    }
                    revocations.forget(view.id());
                    Log.infof("Agent %s changed by %s (role %s, active %s)", view.id(), caller.agentId(), view.role(), view.active());
                });
    }

    /** R28: an admin sets a user's password; the user's tokens end everywhere. */
    public Uni<Void> resetPassword(Caller caller, UUID agentId, String password) {
        return Panache.withSession(() -> find(caller.workspaceId(), agentId))
                .invoke(agent -> passwords.requireStrong(agent.username, password))
                .chain(agent -> passwords.hash(password))
                .chain(hash -> storePassword(caller.workspaceId(), agentId, hash));
    }

    /** R28: the caller changes their own password, proving the current one; their other tokens end. */
    public Uni<Void> changeOwnPassword(Caller caller, String current, String replacement) {
        return Panache.withSession(() -> find(caller.workspaceId(), caller.agentId()))
                .chain(agent -> passwords.matches(current, agent.passwordHash).invoke(ok -> {
                    if (!ok) {
                        throw new ApiException(401, "invalid_credentials", "The current password is wrong");
                    }
                    passwords.requireStrong(agent.username, replacement);
                }))
                .chain(ok -> passwords.hash(replacement))
                .chain(hash -> storePassword(caller.workspaceId(), caller.agentId(), hash));
    }

    private Uni<Void> storePassword(UUID workspaceId, UUID agentId, String hash) {
        return Panache.withTransaction(() -> Agent.update(
                        "passwordHash = ?1, credentialsVersion = credentialsVersion + 1 where id = ?2 and workspaceId = ?3",
                        hash, agentId, workspaceId))
                .invoke(() -> revocations.forget(agentId))
                .replaceWithVoid();
    }

    /** An agent of the workspace, or 404: another workspace's agents do not exist for the caller. */
    public static Uni<Agent> find(UUID workspaceId, UUID agentId) {
        return Agent.<Agent>find("id = ?1 and workspaceId = ?2", agentId, workspaceId).firstResult()
                .onItem().ifNull().failWith(() -> ApiException.notFound("Agent"));
    }

    @WithSession
    public Uni<Agent> findByUsername(String username) {
        return Agent.find("username", normalize(username)).firstResult();
    }

    Uni<AgentView> view(Agent agent) {
        return QueueMember.<QueueMember>list("agentId", agent.id)
                .map(members -> AgentView.of(agent, members.stream().map(m -> m.queueId).sorted().toList()));
    }

    private static Uni<Map<UUID, List<UUID>>> queueIdsOf(List<Agent> agents) {
        if (agents.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return QueueMember.<QueueMember>list("agentId in ?1", agents.stream().map(a -> a.id).toList())
                .map(members -> members.stream().collect(Collectors.groupingBy(m -> m.agentId,
                        Collectors.mapping(m -> m.queueId, Collectors.toList()))));
    }

    private static String displayNameOf(NewAgent request) {
        return request.displayName() == null || request.displayName().isBlank()
                ? request.username().strip() : request.displayName().strip();
    }

    static String normalize(String username) {
        return username.strip().toLowerCase(Locale.ROOT);
    }
}
