package io.switchboard.auth;

/** What a workspace user may do (PRODUCT.md, Roles). */
public enum Role {
    AGENT, SUPERVISOR, ADMIN;

    /** Supervisors and admins see every open conversation of the workspace. */
    public boolean seesAll() {
        return this != AGENT;
    }
}
