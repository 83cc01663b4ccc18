package io.switchboard.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Every {@code switchboard.*} key of API.md's configuration table, and a few of our own. */
@ConfigMapping(prefix = "switchboard")
public interface SwitchboardConfig {

    Bootstrap bootstrap();

    Vonage vonage();

    Auth auth();

    Demo demo();

    Message message();

    Events events();

    Delivery delivery();

    Presence presence();

    Claims claims();

    Routing routing();

    Log log();

    Transcript transcript();

    interface Transcript {
        /**
         * Font files tried, in order, for characters the embedded DejaVu Sans lacks (Chinese, Japanese,
         * Korean); a path that does not exist is skipped. A .ttc collection takes its first face.
         */
        @WithDefault("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc,/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc")
        java.util.List<String> fallbackFonts();
    }

    interface Claims {
        /**
         * How long a claim, transfer or close holds a conversation in Redis while PostgreSQL commits;
         * a hold whose instance failed or died lapses after this, so the conversation is claimable again.
         */
        @WithDefault("5s")
        Duration hold();
    }

    interface Routing {
        /**
         * How often every instance looks for waiting conversations of routed queues (R22) that no
         * change handed out, e.g. because the instance that saw the change died before routing it.
         */
        @WithDefault("5s")
        Duration sweep();

        /**
         * R24: the presence an agent is set to after letting a queue's missedOffersBeforeAway offers
         * in a row lapse; it must accept no new conversations.
         */
        @WithDefault("BUSY")
        String missedOffersPresence();
    }

    interface Log {
        /** One JSON object per log line (on in prod). */
        @WithDefault("false")
        boolean json();
    }

    interface Presence {
        /** How long after an agent's last socket closes they turn OFFLINE, unless they reconnect (R21). */
        @WithDefault("60s")
        Duration offlineGrace();

        /**
         * How often each instance proves it is alive and rewrites its socket counts; an instance
         * silent for three beats is reaped and its sockets stop counting.
         */
        @WithDefault("10s")
        Duration heartbeat();
    }

    /** How long a send can be undone while still QUEUED (R11). */
    @WithDefault("5s")
    Duration undoWindow();

    /** How long an unclaimed alert stays visible to queue agents (R3). */
    @WithDefault("14d")
    Duration alertTtl();

    interface Bootstrap {
        /** Name of the first workspace, created at start-up if absent. */
        @WithDefault("default")
        String workspace();

        /** Username of that workspace's admin, who is also the platform operator. */
        @WithDefault("admin")
        String adminUsername();

        /** Its password; required to create it (no default in prod). */
        Optional<String> adminPassword();
    }

    interface Vonage {
        /** Vonage API base URL (a local stub in tests). */
        @WithDefault("https://api.nexmo.com")
        String baseUrl();

        /** Messages API key. */
        Optional<String> apiKey();

        /** Messages API secret. */
        Optional<String> apiSecret();

        /** Application id for JWT auth, used instead of key and secret when set. */
        Optional<String> applicationId();

        /** Path of the application's private key for JWT auth. */
        Optional<String> privateKeyPath();

        /** Verify signed webhooks with this secret when set. */
        Optional<String> signatureSecret();

        /**
         * Accept unsigned webhooks when no signature secret is set. Off by default: without a secret
         * the service refuses to start, as anyone could forge STOP, START and delivery receipts.
         */
        @WithDefault("false")
        boolean allowUnsigned();

        /** How old a signed webhook's token may be (its iat) before it is refused as a replay. */
        @WithDefault("5m")
        Duration signatureMaxAge();
    }

    interface Auth {
        /** Lifetime of an access token: one working shift. */
        @WithDefault("12h")
        Duration tokenLifetime();

        /** Shortest password accepted when one is set through the API (it may not equal the username either). */
        @WithDefault("10")
        int passwordMinLength();

        /** Bcrypt cost (log2 of its rounds) of new password hashes; a hash keeps the cost it was made with. */
        @WithDefault("10")
        int bcryptCost();

        /** Failed logins of one username within 15 minutes before further logins answer 429. */
        @WithDefault("5")
        int maxFailedLogins();

        /** Failed logins from one client address within 15 minutes before further logins answer 429. */
        @WithDefault("50")
        int maxFailedLoginsPerAddress();
    }

    interface Demo {
        /** Seed a demo supervisor, three agents, a queue and an SMS sender into the first workspace. */
        @WithDefault("false")
        boolean seed();
    }

    interface Events {
        /** About how many events each workspace's stream keeps for resume; older ids get resync.required. */
        @WithDefault("100000")
        long streamMaxLength();

        /** Frames a session may have unsent before it is closed as too slow (it resumes without loss). */
        @WithDefault("2000")
        int maxPendingFrames();

        /** How long the stream reader blocks waiting for new events before looking again; below quarkus.redis.timeout. */
        @WithDefault("1s")
        Duration readBlock();

        /** Frames a client may send per second on one socket (a burst of twice as many); beyond it the socket is closed (1008). */
        @WithDefault("10")
        int clientFramesPerSecond();

        /** Open inbox sockets one user may have across all instances; a further one is refused (1008). */
        @WithDefault("20")
        int maxSocketsPerUser();
    }

    interface Delivery {
        /** How often each instance looks for messages due to be sent. */
        @WithDefault("500ms")
        Duration pollInterval();

        /** How long an instance holds a message it is sending before another may retry it. */
        @WithDefault("60s")
        Duration lease();

        /** Attempts at a transient failure (5xx, 429, timeout) before the message is FAILED. */
        @WithDefault("8")
        int maxAttempts();

        /** First retry delay; each further one doubles, up to a minute. */
        @WithDefault("2s")
        Duration retryBackoff();

        /** HTTP timeout of one Vonage call. */
        @WithDefault("10s")
        Duration timeout();

        /**
         * How long a send whose answer never came (a timeout after the request left) waits for a
         * delivery receipt before it is FAILED as unconfirmed; it is never sent again by itself.
         */
        @WithDefault("10m")
        Duration confirmTimeout();
    }

    interface Message {
        /** Longest message text accepted. */
        @WithDefault("1600")
        int maxLength();
    }
}
