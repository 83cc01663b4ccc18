package io.switchboard.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import org.hibernate.exception.ConstraintViolationException;

import java.sql.SQLException;
import java.util.function.Function;

/** Small helpers for reading PostgreSQL's answers. */
public final class Db {

    private static final String UNIQUE_VIOLATION = "23505";

    private Db() {
    }

    /** True when the failure (or one of its causes) is a unique-constraint violation, optionally of the named constraint. */
    public static boolean isUniqueViolation(Throwable failure, String constraintOrNull) {
        // Hibernate Reactive wraps the driver's PgException in an SQLException, sometimes in a ConstraintViolationException.
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return constraintOrNull == null || constraintOrNull.equals(pg.getConstraint());
            }
            if (t instanceof ConstraintViolationException cve && UNIQUE_VIOLATION.equals(cve.getSQLState())) {
                return constraintOrNull == null || constraintOrNull.equals(cve.getConstraintName());
            }
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return constraintOrNull == null || String.valueOf(sql.getMessage()).contains('"' + constraintOrNull + '"');
            }
        }
        return false;
    }

    /**
     * Runs searches on one connection with plans made for their actual values: a prepared
     * statement's cached generic plan cannot turn {@code number like $1} into an index range, and
     * picks scans that are right for no search at all. The list tables are hot and cached, so an
     * index lookup costs little more than a sequential read; PostgreSQL's default (4x, for
     * spinning disks) made it scan 100,000 conversations rather than look up a few hundred.
     */
    public static <T> Uni<T> withCustomPlans(Pool pool, Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(connection -> connection
                .query("set local plan_cache_mode = force_custom_plan; set local random_page_cost = 1.1").execute()
                .chain(() -> work.apply(connection)));
    }
}
