package io.switchboard.auth;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.ApiException;
import io.switchboard.common.SwitchboardConfig;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Bcrypt hashing and checking. Bcrypt is deliberately slow, so it runs on a worker and the
 * result comes back on the caller's context (where Hibernate Reactive can go on).
 */
@ApplicationScoped
public class Passwords {


    private final Vertx vertx;
    private final int minLength;
    private final int cost;
    /** A valid hash of nothing anyone types, at the same cost, so unknown usernames cost as much as wrong passwords. */
    private final String dummyHash;

    public Passwords(Vertx vertx, SwitchboardConfig config) {
        this.vertx = vertx;
        this.minLength = config.auth().passwordMinLength();
        this.cost = config.auth().bcryptCost();
        this.dummyHash = BcryptUtil.bcryptHash("switchboard-no-such-user", cost);
    }

    /** 400 weak_password unless the password is long enough and not the username. */
    public void requireStrong(String username, String password) {
        if (password == null || password.length() < minLength
                || (username != null && password.strip().equalsIgnoreCase(username.strip()))) {
            throw new ApiException(400, "weak_password",
                    "A password needs at least " + minLength + " characters and may not be the username",
                    java.util.Map.of("field", "password"));
        }
    }

    public Uni<String> hash(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.bcryptHash(password, cost)), false);
    }

    public Uni<Boolean> matches(String password, String hashOrNull) {
        String hash = hashOrNull != null ? hashOrNull : dummyHash;
        return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.matches(password, hash) && hashOrNull != null), false);
    }
}
