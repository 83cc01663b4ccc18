package io.switchboard.loadtest.target;

import io.switchboard.loadtest.client.ApiResponse;
import io.switchboard.loadtest.client.SocketSpec;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/**
 * What the socket scenarios load: Switchboard (provisioned through its API) or the calibration
 * broadcast server. Both take inbound messages and push one alert per message to every listener.
 */
public interface InboxTarget extends AutoCloseable {

    /** The report's column: "switchboard x1", "switchboard x2" or "calibration". */
    String label();

    /** One sentence on what was measured, for the report. */
    String note();

    /** Where {@code count} listeners connect, provisioning them first where needed (queue members when {@code inQueue}). */
    List<SocketSpec> listeners(int count, boolean inQueue);

    /** The server process(es), for RSS and CPU; empty when unknown. */
    List<Long> serverPids();

    /** Provisioning time and counts, reported apart from the measurement. */
    Map<String, Object> provisioningFigures();

    /** One inbound message from {@code contact}; {@code sequence} spreads them over the instances. */
    Future<ApiResponse> inbound(int sequence, String contact, String text);

    /** Whether the answer to {@link #inbound} means the message was stored. */
    boolean accepted(ApiResponse reply);

    /** The server's own count of open sockets, or -1 when it cannot be read. */
    long serverConnections();

    @Override
    void close();
}
