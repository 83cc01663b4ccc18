package io.switchboard.auth;


import java.util.UUID;

/** Who is calling, as their access token says. Every query is scoped by {@link #workspaceId()}. */
public record Caller(UUID agentId, UUID workspaceId, Role role, String username) {

    public boolean seesAll() {
        return role.seesAll();
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
