package io.switchboard.workspace;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.common.ApiException;
import io.switchboard.common.Db;
import io.switchboard.events.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Queues and their members. */
@ApplicationScoped
public class QueueService {

    private final EventPublisher events;
    private final ClaimEligibility eligibility;
    private final Event<RoutingNeeded> routingNeeded;

    public QueueService(EventPublisher events, ClaimEligibility eligibility, Event<RoutingNeeded> routingNeeded) {
        this.eligibility = eligibility;
        this.events = events;
        this.routingNeeded = routingNeeded;
    }

    public record NewQueue(@NotBlank @Size(max = 100) String name) {
    }

    public record Members(@NotNull @Size(max = 1000) List<@NotNull UUID> agentIds) {
    }

    public record QueueView(UUID id, String name, List<UUID> memberIds, Routing routing, Survey survey) {
        static QueueView of(InboxQueue queue, List<UUID> memberIds) {
            return new QueueView(queue.id, queue.name, memberIds, Routing.of(queue), Survey.of(queue));
        }
    }

    /**
     * #21 {@code PUT /api/queues/{id}/survey}: whether its closed conversations ask the contact for a
     * rating (off by default), the question (a default when absent) and how many minutes an answer
     * still counts (a day when absent, at most a week).
     */
    public record Survey(boolean enabled, @Size(max = 500) String question, @Min(1) @Max(10080) Integer answerMinutes) {
        static Survey of(InboxQueue queue) {
            return new Survey(queue.surveyEnabled, queue.surveyQuestionOrDefault(), queue.surveyAnswerMinutes);
        }
    }

    /** R22-R24, R27 as API.md names them, and #21's wait limit. */
    public record Routing(RoutingMode mode, Integer maxPerAgent, Integer offerSeconds, Integer missedOffersBeforeAway,
                          Integer firstResponseSeconds, Integer maxWaitSeconds, UUID overflowQueueId) {
        static Routing of(InboxQueue queue) {
            return new Routing(queue.routingMode, queue.maxPerAgent, queue.offerSeconds, queue.missedOffersBeforeAway,
                    queue.firstResponseSeconds, queue.maxWaitSeconds, queue.overflowQueueId);
        }
    }

    /**
     * {@code PUT /api/queues/{id}/routing}: the whole setting; an absent maxPerAgent means unlimited,
     * an absent offerSeconds assignment without offers, missedOffersBeforeAway 3 unless given, an
     * absent firstResponseSeconds no target (at most a week). #21: maxWaitSeconds (at most a week) limits
     * how long a conversation waits unowned; past it, it moves to overflowQueueId, or supervisors are told.
     */
    public record RoutingChange(@NotNull RoutingMode mode, @Min(1) @Max(1000) Integer maxPerAgent, @Min(1) @Max(3600) Integer offerSeconds,
                                @Min(1) @Max(100) Integer missedOffersBeforeAway, @Min(1) @Max(604800) Integer firstResponseSeconds,
                                @Min(1) @Max(604800) Integer maxWaitSeconds, UUID overflowQueueId) {
    }

    public Uni<QueueView> create(Caller caller, NewQueue request) {
        InboxQueue queue = InboxQueue.create(caller.workspaceId(), request.name().strip());
        return Panache.withTransaction(queue::<InboxQueue>persist)
                .map(saved -> QueueView.of(saved, List.of()))
                .onFailure(f -> Db.isUniqueViolation(f, null))
                .transform(f -> ApiException.conflict("queue_exists", "The workspace already has a queue named " + queue.name));
    }

    /** Supervisors and admins see every queue; agents the queues they belong to. */
    @WithSession
    public Uni<List<QueueView>> list(Caller caller) {
        Uni<List<InboxQueue>> queues = caller.seesAll()
                ? InboxQueue.list("workspaceId = ?1 order by name", caller.workspaceId())
                : InboxQueue.list("workspaceId = ?1 and id in (select m.queueId from QueueMember m where m.agentId = ?2) order by name",
                caller.workspaceId(), caller.agentId());
        return queues.chain(found -> membersOf(found.stream().map(q -> q.id).toList())
                .map(members -> found.stream()
                        .map(q -> QueueView.of(q, members.getOrDefault(q.id, List.of())))
                        .toList()));
    }

    @WithSession
    public Uni<QueueView> get(Caller caller, UUID queueId) {
        return find(caller.workspaceId(), queueId).chain(this::view).invoke(queue -> {
            if (!caller.seesAll() && !queue.memberIds().contains(caller.agentId())) {
                throw ApiException.notFound("Queue");
            }
        });
    }

    /**
     * Replaces the queue's members; every agent must belong to the caller's workspace. Once committed,
     * the change goes out on the live stream, where every instance's routing follows it.
     */
    public Uni<QueueView> setMembers(Caller caller, UUID queueId, Members request) {
        Set<UUID> wanted = new HashSet<>(request.agentIds());
        return events.transaction(recorder -> replaceMembers(caller, queueId, wanted)
                        .call(change -> recorder.record(new WorkspaceEvents.MembersChanged(caller.workspaceId(), change.after().id(),
                                change.after().memberIds(),
                                wanted.stream().filter(agent -> !change.before().contains(agent)).toList(),
                                change.before().stream().filter(agent -> !wanted.contains(agent)).toList(),
                                change.affected()))))
                .call(change -> eligibility.membersChanged(caller.workspaceId(), queueId,
                        change.before().stream().filter(agent -> !wanted.contains(agent)).toList(), wanted))
                .map(MembershipUpdate::after);
    }

    /**
     * R22, R23: an admin sets how the queue routes and its agents' default capacity. Routing then
     * runs at once: a queue turned to routing, or given more room, hands out what waits in it.
     */
    public Uni<QueueView> setRouting(Caller caller, UUID queueId, RoutingChange change) {
        if (change.offerSeconds() != null && change.mode() == RoutingMode.MANUAL) {
            throw ApiException.badRequest("invalid_field", "offerSeconds", "Offers need a routing mode: ROUND_ROBIN or LEAST_BUSY");
        }
        if (change.overflowQueueId() != null && (change.maxWaitSeconds() == null || change.overflowQueueId().equals(queueId))) {
            throw ApiException.badRequest("invalid_field", "overflowQueueId",
                    "An overflow queue needs maxWaitSeconds and must be another queue");
        }
        return Panache.withTransaction(() -> overflowOf(caller, change).chain(() -> find(caller.workspaceId(), queueId)).invoke(queue -> {
                    queue.maxWaitSeconds = change.maxWaitSeconds();
                    queue.overflowQueueId = change.overflowQueueId();
                    queue.routingMode = change.mode();
                    queue.maxPerAgent = change.maxPerAgent();
                    queue.firstResponseSeconds = change.firstResponseSeconds();
                    queue.offerSeconds = change.offerSeconds();
                    queue.missedOffersBeforeAway = change.missedOffersBeforeAway() == null ? 3 : change.missedOffersBeforeAway();
                }).chain(this::view))
                .invoke(view -> routingNeeded.fire(new RoutingNeeded(caller.workspaceId(), view.id())));
    }

    /** #21: an admin turns the queue's satisfaction survey on or off and words it. */
    public Uni<QueueView> setSurvey(Caller caller, UUID queueId, Survey survey) {
        return Panache.withTransaction(() -> find(caller.workspaceId(), queueId).invoke(queue -> {
            queue.surveyEnabled = survey.enabled();
            String question = SenderService.blankToNull(survey.question());
            queue.surveyQuestion = question == null ? null : question.strip();
            queue.surveyAnswerMinutes = survey.answerMinutes() == null ? 1440 : survey.answerMinutes();
        }).chain(this::view));
    }

    /** The overflow queue must be one of the caller's workspace: another's is as unknown as a missing one. */
    private static Uni<Void> overflowOf(Caller caller, RoutingChange change) {
        if (change.overflowQueueId() == null) {
            return Uni.createFrom().voidItem();
        }
        return InboxQueue.count("id = ?1 and workspaceId = ?2", change.overflowQueueId(), caller.workspaceId()).invoke(found -> {
            if (found == 0) {
                throw ApiException.badRequest("invalid_field", "overflowQueueId", "No such queue in this workspace");
            }
        }).replaceWithVoid();
    }

    private record MembershipUpdate(QueueView after, Set<UUID> before, Set<UUID> affected) {
    }

    private Uni<MembershipUpdate> replaceMembers(Caller caller, UUID queueId, Set<UUID> wanted) {
        Set<UUID> before = new HashSet<>();
        return find(caller.workspaceId(), queueId)
                .call(queue -> memberIdsOf(queue.id).invoke(before::addAll))
                .call(queue -> Agent.count("workspaceId = ?1 and id in ?2", caller.workspaceId(), wanted).invoke(found -> {
                    if (found != wanted.size()) {
                        throw ApiException.notFound("Agent");
                    }
                }))
                .call(queue -> QueueMember.delete("queueId", queue.id))
                .call(queue -> wanted.isEmpty() ? Uni.createFrom().voidItem()
                        : QueueMember.persist(wanted.stream().map(agentId -> QueueMember.of(queue.id, agentId))))
                .chain(this::view)
                .map(after -> {
                    Set<UUID> affected = new HashSet<>(before);
                    affected.addAll(wanted);
                    return new MembershipUpdate(after, before, affected);
                });
    }

    /** A queue of the workspace, or 404. */
    public static Uni<InboxQueue> find(UUID workspaceId, UUID queueId) {
        return InboxQueue.<InboxQueue>find("id = ?1 and workspaceId = ?2", queueId, workspaceId).firstResult()
                .onItem().ifNull().failWith(() -> ApiException.notFound("Queue"));
    }

    private Uni<QueueView> view(InboxQueue queue) {
        return membersOf(List.of(queue.id)).map(members -> QueueView.of(queue, members.getOrDefault(queue.id, List.of())));
    }

    /** Member ids only: loading the entities would clash with the ones replacing them in this session. */
    private static Uni<List<UUID>> memberIdsOf(UUID queueId) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("select m.agentId from QueueMember m where m.queueId = :queue", UUID.class)
                .setParameter("queue", queueId)
                .getResultList());
    }

    private static Uni<Map<UUID, List<UUID>>> membersOf(List<UUID> queueIds) {
        if (queueIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return QueueMember.<QueueMember>list("queueId in ?1 order by agentId", queueIds)
                .map(members -> members.stream().collect(Collectors.groupingBy(m -> m.queueId,
                        Collectors.mapping(m -> m.agentId, Collectors.toList()))));
    }
}
