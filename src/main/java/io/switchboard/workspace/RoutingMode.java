package io.switchboard.workspace;

/** R22: how a queue hands out its new conversations. */
public enum RoutingMode {
    /** Alert every agent of the queue; the first claim wins (R3, R4). */
    MANUAL,
    /** Assign to the eligible agent who was assigned least recently. */
    ROUND_ROBIN,
    /** Assign to the eligible agent with the fewest open owned conversations; ties by least recently assigned. */
    LEAST_BUSY
}
