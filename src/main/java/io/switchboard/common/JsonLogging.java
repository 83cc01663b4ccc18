package io.switchboard.common;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Handler;

/**
 * Switches the console to one JSON object per line, with the MDC (so the correlation id), when
 * switchboard.log.json is set, as in prod. The quarkus-logging-json extension would do this, but its
 * deployment artifact is not served here, and JBoss LogManager's own JsonFormatter lives in the
 * boot class loader, which cannot see a JSON-P implementation; Vert.x's JsonObject does the encoding.
 */
@ApplicationScoped
public class JsonLogging {

    void onStart(@Observes @Priority(1) StartupEvent event, SwitchboardConfig config) {
        if (config.log().json()) {
            for (Handler handler : LogContext.getLogContext().getLogger("").getHandlers()) {
                useJson(handler);
            }
        }
    }

    private static void useJson(Handler handler) {
        if (handler instanceof ConsoleHandler console) {
            console.setFormatter(new LineFormatter());
        } else if (handler instanceof ExtHandler ext) {
            for (Handler nested : ext.getHandlers()) {
                useJson(nested);
            }
        }
    }

    static final class LineFormatter extends ExtFormatter {
        @Override
        public String format(ExtLogRecord record) {
            JsonObject line = new JsonObject()
                    .put("timestamp", record.getInstant().toString())
                    .put("level", record.getLevel().getName())
                    .put("logger", record.getLoggerName())
                    .put("thread", record.getThreadName())
                    .put("message", formatMessage(record));
            record.getMdcCopy().forEach(line::put);
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.put("exception", trace.toString());
            }
            return line.encode() + System.lineSeparator();
        }
    }
}
