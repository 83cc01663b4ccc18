package io.switchboard.loadtest.target;

import io.vertx.core.VertxOptions;
import picocli.CommandLine.Option;

import java.util.List;

/** Where Switchboard runs and how hard the load generator may push it; shared by every scenario. */
public class TargetOptions {

    @Option(names = "--base-url", split = ",", defaultValue = "http://127.0.0.1:8080",
            description = "Switchboard base URL; two, comma-separated, for two-instance mode. Default: ${DEFAULT-VALUE}")
    public List<String> baseUrls;

    @Option(names = "--operator-username", defaultValue = "admin",
            description = "Platform operator (bootstrap admin) that creates the run's workspace. Default: ${DEFAULT-VALUE}")
    public String operatorUsername;

    @Option(names = "--operator-password", defaultValue = "admin", description = "Its password. Default: ${DEFAULT-VALUE}")
    public String operatorPassword;

    @Option(names = "--server-pid", split = ",", description = "Server PID(s) for RSS and CPU. Default: found by port with ss -ltnp")
    public List<Long> serverPids;

    @Option(names = "--source-ips", defaultValue = "4",
            description = "Bind sockets in turn to 127.0.0.1..N (0 = kernel's choice). Default: ${DEFAULT-VALUE}")
    public int sourceIps;

    @Option(names = "--provision-concurrency", defaultValue = "6",
            description = "Agent creations and logins in flight (each is a bcrypt round). Default: ${DEFAULT-VALUE}")
    public int provisionConcurrency;

    @Option(names = "--connect-concurrency", defaultValue = "100", description = "Socket handshakes in flight. Default: ${DEFAULT-VALUE}")
    public int connectConcurrency;

    @Option(names = "--timeout-ms", defaultValue = "10000", description = "Timeout of every request and handshake. Default: ${DEFAULT-VALUE}")
    public int timeoutMs;

    @Option(names = "--http-pool", defaultValue = "512", description = "HTTP connections per instance. Default: ${DEFAULT-VALUE}")
    public int httpPool;

    @Option(names = "--event-loops", defaultValue = "0",
            description = "The tool's own Vert.x event loops (0 = Vert.x's default, two per core). Default: ${DEFAULT-VALUE}")
    public int eventLoops;

    /** The event loops the tool's Vert.x runs: --event-loops, or Vert.x's default. */
    public int eventLoopPoolSize() {
        return eventLoops > 0 ? eventLoops : VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    }

    @Option(names = "--out", description = "Folder for results/, report.md and charts. Default: the folder of the jar (loadtest/target)")
    public String out;
}
