package io.switchboard.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.regex.Pattern;

/**
 * Answers in the contract's error format where no JAX-RS resource is involved:
 * paths nothing serves, and bodies over quarkus.http.limits.max-body-size.
 */
@ApplicationScoped
public class HttpFallbacks {

    /** A Content-Length this check can read as a long: compiled once, as every request with a body asks it. */
    private static final Pattern LENGTH = Pattern.compile("\\d{1,18}");

    private final long maxBodyBytes;

    public HttpFallbacks(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        // Runs before Quarkus' own size check (order -2), which answers 413 with an empty body.
        router.route().order(-3).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && LENGTH.matcher(length).matches() && Long.parseLong(length) > maxBodyBytes) {
                ctx.response().putHeader("Connection", "close");
                respond(ctx, 413, new ErrorBody("payload_too_large", "The request body is larger than " + maxBodyBytes + " bytes"));
            } else {
                ctx.next();
            }
        });
        router.route().last().handler(ctx -> respond(ctx, 404, new ErrorBody("not_found", "No such resource")));
    }

    private static void respond(RoutingContext ctx, int status, ErrorBody body) {
        if (!ctx.response().headWritten()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.encode(body));
        }
    }
}
