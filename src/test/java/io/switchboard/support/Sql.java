package io.switchboard.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Direct reads and nudges of the test database, for asserting what was (not) stored. */
public final class Sql {

    private static final String SHARED = System.getProperty("switchboard.test.jdbc-url",
            "jdbc:postgresql://127.0.0.1:5432/switchboard_test");
    /** The shared test database, or a test's {@link PrivateDatabase} while it is open (a fork runs one test class at a time). */
    private static volatile String url = SHARED;

    private Sql() {
    }

    static void use(String jdbcUrl) {
        url = jdbcUrl;
    }

    static void useShared() {
        url = SHARED;
    }

    /** A connection of the test's own, e.g. to hold a row lock across requests; the caller closes it. */
    public static Connection open() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "");
    }

    public static long count(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement statement = prepare(c, sql, params);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row, as text (null when there is no row). */
    public static String text(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement statement = prepare(c, sql, params);
             ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row, as text. */
    public static java.util.List<String> texts(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement statement = prepare(c, sql, params);
             ResultSet rows = statement.executeQuery()) {
            java.util.List<String> texts = new java.util.ArrayList<>();
            while (rows.next()) {
                texts.add(rows.getString(1));
            }
            return texts;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int update(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement statement = prepare(c, sql, params)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }
}
