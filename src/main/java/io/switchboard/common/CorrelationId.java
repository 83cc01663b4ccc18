package io.switchboard.common;

import io.vertx.core.http.HttpServerRequest;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import jakarta.ws.rs.container.ContainerResponseContext;

import java.util.UUID;

/**
 * Gives every request a correlation id (the caller's {@code X-Request-Id} or a new one), puts it in
 * the log MDC and echoes it back, so a client's error report can be matched to the server's log line.
 */
public class CorrelationId {

    public static final String HEADER = "X-Request-Id";
    private static final String MDC_KEY = "correlationId";

    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id != null ? id.toString() : UUID.randomUUID().toString();
    }

    @ServerRequestFilter(preMatching = true)
    public void assign(HttpServerRequest request) {
        String given = request.getHeader(HEADER);
        boolean usable = given != null && given.length() <= 64 && given.matches("[A-Za-z0-9._-]+");
        MDC.put(MDC_KEY, usable ? given : UUID.randomUUID().toString());
    }

    @ServerResponseFilter
    public void echo(ContainerResponseContext response) {
        Object id = MDC.get(MDC_KEY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id.toString());
        }
    }
}
