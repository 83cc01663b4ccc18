package io.switchboard.common;

import java.util.UUID;

/**
 * Every Redis key name, in one place. A workspace's keys share the hash tag {@code {workspaceId}},
 * so a Redis Cluster keeps them on one slot and a Lua script may touch several of them; the few
 * keys that belong to no workspace (instances, login counters, webhook tokens) are single-key.
 * docs/architecture.md lists what each holds and what rebuilds it.
 */
public final class RedisKeys {

    /** Live instances, each with its heartbeat time. */
    public static final String INSTANCES = "sb:instances";
    /** Waiting alerts of every workspace by start time, for the alert TTL. */
    public static final String EXPIRING_ALERTS = "sb:alerts:expiring";

    private RedisKeys() {
    }

    /** The prefix of every key of the workspace. */
    public static String workspace(UUID workspaceId) {
        return "sb:{" + workspaceId + "}:";
    }

    public static String events(UUID workspaceId) {
        return workspace(workspaceId) + "events";
    }

    public static String appended(UUID workspaceId, UUID eventKey) {
        return workspace(workspaceId) + "appended:" + eventKey;
    }

    // The bell's derived state (R14); the counting Lua in events.Recount reads the same layout.

    /** Unowned open conversations of a queue, scored by creation time. */
    public static String waiting(UUID workspaceId, UUID queueId) {
        return workspace(workspaceId) + "q:" + queueId + ":waiting";
    }

    public static String queueMembers(UUID workspaceId, UUID queueId) {
        return workspace(workspaceId) + "q:" + queueId + ":members";
    }

    public static String queuesOf(UUID workspaceId, UUID agentId) {
        return workspace(workspaceId) + "a:" + agentId + ":queues";
    }

    /** An agent's owned conversations with unread inbound messages (not muted). */
    public static String unread(UUID workspaceId, UUID agentId) {
        return workspace(workspaceId) + "a:" + agentId + ":unread";
    }

    /** The bell count last told to each agent. */
    public static String bellPushed(UUID workspaceId) {
        return workspace(workspaceId) + "bell";
    }

    /** Set once the workspace's bell state was built from PostgreSQL. */
    public static String bellBuilt(UUID workspaceId) {
        return workspace(workspaceId) + "bell:built";
    }

    public static String conversation(UUID workspaceId, UUID conversationId) {
        return workspace(workspaceId) + "conv:" + conversationId;
    }

    public static String hold(UUID workspaceId, UUID conversationId) {
        return workspace(workspaceId) + "hold:" + conversationId;
    }

    /** R25: who views a conversation now, and whether they type (ephemeral, expires by itself). */
    public static String viewers(UUID workspaceId, UUID conversationId) {
        return workspace(workspaceId) + "viewers:" + conversationId;
    }

    /** R25: the Pub/Sub channel every instance hears viewer changes on (never stored, never replayed). */
    public static String viewersChannel() {
        return "sb:viewers";
    }

    public static String eligibility(UUID workspaceId) {
        return workspace(workspaceId) + "eligibility";
    }

    public static String sockets(UUID workspaceId, UUID agentId) {
        return workspace(workspaceId) + "sockets:" + agentId;
    }

    public static String statsWindow(UUID workspaceId, UUID queueId) {
        return workspace(workspaceId) + "stats-window:" + queueId;
    }

    public static String instanceAlive(String instance) {
        return "sb:instance:" + instance + ":alive";
    }

    public static String instanceAgents(String instance) {
        return "sb:instance:" + instance + ":agents";
    }

    public static String instanceReaping(String instance) {
        return "sb:instance:" + instance + ":reaping";
    }

    /** A private stream that wakes this instance's blocked reader. */
    public static String wake(String instance) {
        return "sb:wake:" + instance;
    }

    public static String webhookToken(String jti) {
        return "sb:webhook:jti:" + jti;
    }

    public static String failedLoginsOfUser(String normalizedUsername) {
        return "sb:login:user:" + normalizedUsername;
    }

    public static String failedLoginsFrom(String address) {
        return "sb:login:address:" + address;
    }
}
