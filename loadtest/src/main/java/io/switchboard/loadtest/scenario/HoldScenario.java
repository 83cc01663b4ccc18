/*
 * hold: N sockets connect to /ws/inbox and stay connected for D seconds.
 *
 * Parameters:
 *   --connections N      sockets to open (default 2000)
 *   --agents A           agents they belong to (default: N, one socket each); fewer agents with
 *                        several sockets each saves provisioning time (a bcrypt round per create and login)
 *   --seconds D          how long to hold them all open (default 60)
 *   --gc                 a full GC in the server JVM(s) (jcmd GC.run) before each RSS reading
 *   --calibration, --calibration-jvm child|same (default child), --calibration-port
 *                        hold against the bare broadcast server instead (CalibrationOptions)
 *   target options       --base-url (two = two-instance mode), --server-pid, --source-ips,
 *                        --connect-concurrency, --provision-concurrency, --timeout-ms, --out (TargetOptions)
 *
 * Reports: sockets held to the end, connect failures, sockets lost during the hold, connect time
 * (handshake to first pong), the server's own connection gauge, and server RSS before and after
 * connecting, divided by the sockets held.
 */
package io.switchboard.loadtest.scenario;

import io.switchboard.loadtest.client.FrameListener;
import io.switchboard.loadtest.client.InboxClients;
import io.switchboard.loadtest.client.SocketSpec;
import io.switchboard.loadtest.report.ScenarioResult;
import io.switchboard.loadtest.support.Await;
import io.switchboard.loadtest.support.Progress;
import io.switchboard.loadtest.support.ServerProcess;
import io.switchboard.loadtest.target.CalibrationOptions;
import io.switchboard.loadtest.target.InboxTarget;
import io.switchboard.loadtest.target.SwitchboardTarget;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

@Command(name = "hold", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = "N sockets connect to /ws/inbox and stay for D seconds: connections held, failures, server RSS per connection.")
public class HoldScenario extends ScenarioCommand {

    /** Time for the server's allocations of the last handshakes to show in its RSS. */
    private static final Duration SETTLE = Duration.ofSeconds(3);

    @Option(names = "--connections", defaultValue = "2000", description = "Sockets to open. Default: ${DEFAULT-VALUE}")
    int connections;

    @Option(names = "--agents", description = "Agents the sockets belong to. Default: one per socket")
    Integer agents;

    @Option(names = "--seconds", defaultValue = "60", description = "How long to hold them. Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(names = "--gc", description = "Ask the server JVM(s) for a full GC (jcmd GC.run) before each RSS reading, so the"
            + " figure shows what the sockets keep rather than the garbage and heap growth of provisioning and handshakes")
    boolean gc;

    @Mixin
    CalibrationOptions calibration;

    @Override
    String name() {
        return "hold";
    }

    private long rssAfterGc(List<Long> pids) {
        if (gc) {
            pids.forEach(ServerProcess::fullGc);
            Await.sleep(SETTLE);
        }
        return ServerProcess.rssKib(pids);
    }

    @Override
    ScenarioResult run(Vertx vertx) {
        int agentCount = agents == null ? connections : Math.min(agents, connections);
        try (InboxTarget inbox = inboxTarget(vertx, calibration)) {
            List<SocketSpec> specs = inbox.listeners(agentCount, false);
            List<Long> pids = inbox.serverPids();
            Await.sleep(SETTLE);
            long rssBefore = rssAfterGc(pids);
            long heapBefore = gc ? ServerProcess.heapUsedKib(pids) : -1;
            Progress.say(name(), "server PID(s) " + pids + ", RSS before " + rssBefore / 1024 + " MiB");

            InboxClients clients = inboxClients(vertx);
            ConnectedListeners listeners = ConnectedListeners.connect(name(), clients, specs, connections,
                    target.connectConcurrency, FrameListener.NONE);

            long holdStart = System.nanoTime();
            long cpuBefore = ServerProcess.cpuMillis(pids);
            long holdEnd = holdStart + Duration.ofSeconds(seconds).toNanos();
            try (Progress progress = Progress.every(name(), Duration.ofSeconds(5), () -> String.format(Locale.ROOT,
                    "holding: %d open, %d lost, server RSS %d MiB, %d s left", listeners.open(), listeners.lost(),
                    ServerProcess.rssKib(pids) / 1024, Math.max(0, (holdEnd - System.nanoTime()) / 1_000_000_000)))) {
                Await.sleep(Duration.ofNanos(Math.max(0, holdEnd - System.nanoTime())));
            }
            // What idle sockets cost the server (pings, its periodic sweeps), before the GC below.
            long cpuAfter = ServerProcess.cpuMillis(pids);
            double cpuPercent = cpuBefore < 0 || cpuAfter < 0 ? -1
                    : (cpuAfter - cpuBefore) * 100.0 / ((System.nanoTime() - holdStart) / 1_000_000.0);
            long rssAfter = rssAfterGc(pids);
            long heapAfter = gc ? ServerProcess.heapUsedKib(pids) : -1;
            long serverCount = inbox.serverConnections();
            int held = listeners.open();
            listeners.closeAll();

            double perConnectionKib = held == 0 || rssBefore < 0 || rssAfter < 0 ? 0 : (rssAfter - rssBefore) / (double) held;
            ScenarioResult result = newResult(inbox)
                    .parameter("connections", connections)
                    .parameter("agents", inbox instanceof SwitchboardTarget ? agentCount : connections)
                    .parameter("seconds", seconds)
                    .parameter("gc before RSS", gc)
                    .parameter("source-ips", clients.sourceAddresses())
                    .figures(inbox.provisioningFigures())
                    .figure("sockets held to the end", (long) held)
                    .figure("connect failures", (long) listeners.failed())
                    .figure("lost during hold", (long) listeners.lost())
                    .figure("server's own count", serverCount)
                    .figure("server CPU while holding (% of one core)", round(cpuPercent))
                    .figure("server RSS before (MiB)", round(rssBefore / 1024.0))
                    .figure("server RSS after (MiB)", round(rssAfter / 1024.0))
                    .comparedFigure("server RSS per connection (KiB)", round(perConnectionKib))
                    .figure("live heap per connection after a full GC (KiB)",
                            heapBefore < 0 || heapAfter < 0 || held == 0 ? -1 : round((heapAfter - heapBefore) / (double) held))
                    .latency("connect (handshake to pong)", listeners.connectTime().percentiles())
                    .check("every socket connected", listeners.failed() == 0, listeners.failureSummary())
                    .check("no socket lost while held", listeners.lost() == 0, listeners.lost() == 0 ? "" : "close codes " + listeners.lostCodes())
                    .check("the server counts every socket", serverCount < 0 || serverCount >= held,
                            "server says " + serverCount + ", client holds " + held);
            return result.headline(String.format(Locale.ROOT, "%d/%d sockets held %d s; RSS %.1f KiB per connection",
                    held, connections, seconds, perConnectionKib));
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
