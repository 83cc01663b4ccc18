package io.switchboard.workspace;

import java.util.Set;

/** The built-in presence statuses; workspaces add their own (R5). */
public final class Presence {

    public static final String READY = "READY";
    public static final String BUSY = "BUSY";
    public static final String OFFLINE = "OFFLINE";
    public static final Set<String> BUILT_IN = Set.of(READY, BUSY, OFFLINE);

    private Presence() {
    }
}
