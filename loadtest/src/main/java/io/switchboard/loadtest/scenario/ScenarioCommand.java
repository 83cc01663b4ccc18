package io.switchboard.loadtest.scenario;

import io.switchboard.loadtest.client.InboxClients;
import io.switchboard.loadtest.report.MarkdownReport;
import io.switchboard.loadtest.report.ResultStore;
import io.switchboard.loadtest.report.ScenarioResult;
import io.switchboard.loadtest.support.Await;
import io.switchboard.loadtest.support.Progress;
import io.switchboard.loadtest.support.ServerProcess;
import io.switchboard.loadtest.target.CalibrationOptions;
import io.switchboard.loadtest.target.CalibrationTarget;
import io.switchboard.loadtest.target.InboxTarget;
import io.switchboard.loadtest.target.SwitchboardTarget;
import io.switchboard.loadtest.target.TargetOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import picocli.CommandLine.Mixin;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * What every scenario does around its measurement: a Vert.x instance for the load, the result saved
 * under results/, report.md rebuilt, and an exit code of 1 when a correctness check failed.
 */
abstract class ScenarioCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    /** The scenario's name in the report and in progress lines. */
    abstract String name();

    abstract ScenarioResult run(Vertx vertx) throws Exception;

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(10_000)
                .setEventLoopPoolSize(target.eventLoopPoolSize()));
        try {
            double loadBefore = ServerProcess.loadAverage();
            long[] ticksBefore = ServerProcess.cpuTicks();
            ScenarioResult result = run(vertx);
            // Other work on the machine (a build, tests) competes for the same cores: say how busy it was.
            result.figure("machine load average (1 min) at start", loadBefore)
                    .figure("machine load average (1 min) at end", ServerProcess.loadAverage())
                    .figure("CPU time taken by the host (steal, %)", Math.round(ServerProcess.stealPercent(ticksBefore, ServerProcess.cpuTicks()) * 10) / 10.0);
            result.print();
            Path out = out(target);
            new ResultStore(out).save(result);
            Path report = MarkdownReport.write(out, new ResultStore(out).latest());
            Progress.say(name(), "report written to " + report);
            return result.passed() ? 0 : 1;
        } finally {
            Await.result(vertx.close(), Duration.ofSeconds(30));
        }
    }

    /** Switchboard at the base URL(s), or the calibration server when asked for. */
    InboxTarget inboxTarget(Vertx vertx, CalibrationOptions calibration) {
        return calibration != null && calibration.enabled
                ? CalibrationTarget.start(vertx, calibration, target, name())
                : new SwitchboardTarget(vertx, target, name());
    }

    InboxClients inboxClients(Vertx vertx) {
        return new InboxClients(vertx, target.sourceIps, target.timeoutMs);
    }

    ScenarioResult newResult(InboxTarget inbox) {
        ScenarioResult result = new ScenarioResult(name(), inbox.label(), Instant.now()).note(inbox.note())
                .parameter("load generator JIT", generatorJit())
                .parameter("load generator event loops", target.eventLoopPoolSize());
        return inbox instanceof SwitchboardTarget ? result.parameter("base-url", String.join(",", target.baseUrls)) : result;
    }

    /** Whether this JVM compiles with C1 alone (as loadtest/lt starts it) or also with C2, whose threads compete for the cores. */
    private static String generatorJit() {
        String level = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("TieredStopAtLevel").getValue();
        return Integer.parseInt(level) < 4 ? "C1 only" : "tiered (C1 and C2)";
    }

    /** The folder of the jar (loadtest/target) unless --out says otherwise, never the caller's working directory. */
    static Path out(TargetOptions options) {
        if (options.out != null) {
            return Path.of(options.out);
        }
        try {
            return Path.of(ScenarioCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (Exception e) {
            return Path.of("target");
        }
    }
}
