package io.switchboard.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * A PostgreSQL database of a test's own, created empty (the instances migrate it as they start)
 * and dropped at the end. Every instance relays every workspace's pending events of its database
 * into its Redis, so instances given a Redis of their own also get a database of their own: then
 * they and the instances of other tests, on the shared ones, never relay each other's events, and
 * both may run at once. While it is open, {@link Sql} reads and writes it.
 */
public final class PrivateDatabase implements AutoCloseable {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    private final String name;

    private PrivateDatabase(String name) {
        this.name = name;
    }

    /** Creates {@code switchboard_test_<suffix>}, dropping what an earlier, interrupted run left. */
    public static PrivateDatabase create(String suffix) {
        PrivateDatabase database = new PrivateDatabase("switchboard_test_" + suffix);
        database.administer("drop database if exists " + database.name + " with (force)");
        database.administer("create database " + database.name);
        Sql.use(database.jdbcUrl());
        return database;
    }

    public String jdbcUrl() {
        return SERVER + name;
    }

    /** An instance's properties, with those that point it at this database. */
    public String[] with(String... properties) {
        return Stream.concat(Stream.of("-Dquarkus.datasource.jdbc.url=" + jdbcUrl(),
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/" + name), Stream.of(properties)).toArray(String[]::new);
    }

    /** Drops it; call after its instances stopped. */
    @Override
    public void close() {
        Sql.useShared();
        administer("drop database if exists " + name + " with (force)");
    }

    private void administer(String statement) {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run: " + statement, e);
        }
    }
}
