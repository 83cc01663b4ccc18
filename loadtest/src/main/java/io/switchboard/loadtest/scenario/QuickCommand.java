/*
 * quick: every socket scenario at a small size, one after the other, against an already running
 * service, in about a minute and a half; CI runs it (loadtest/ci-quick.sh) to keep the tool working.
 *
 *   hold           300 sockets of 30 agents held 10 s
 *   fanout         200 sockets of 100 agents x 20 webhooks, one every 100 ms (2 warm-up)
 *   claim-storm    50 READY agents x 10 conversations (+1 warm-up storm)
 *   inbound-storm  20 agents, steps of 5 and 10 webhooks/s, 5 s each, both run
 *
 * The scenarios share one workspace: each takes the first agents it needs, creating only those
 * still missing (100 in all), and makes them the queue's only members. Provisioning is still most
 * of the run's time: two bcrypt rounds on the server per agent, about 135 ms of CPU each on this
 * machine, which is also why fanout's 200 listeners are two sockets per agent. `sends` is left out:
 * it needs the service started against the Vonage stub.
 *
 * Parameters: the target options only (--base-url, --timeout-ms, --out, ...), passed on to each
 * scenario; --timeout-ms defaults to 30000 here, so that a busy machine slows the run rather than
 * failing it. The sizes are fixed: for other sizes run the scenarios themselves.
 *
 * Only correctness fails it: a socket that does not connect or is lost, a missing or duplicated
 * alert, a webhook not stored, a storm with zero or two winners, ... (each scenario's checks).
 * Latencies are reported, never judged (an inbound-storm step that "breaks" is a measurement).
 * Exit code: 0 every check passed, 1 a check failed, 2 a scenario could not run (e.g. the service
 * is not reachable: checked first, through /q/health/ready on every base URL).
 */
package io.switchboard.loadtest.scenario;

import io.switchboard.loadtest.LoadTest;
import io.switchboard.loadtest.target.SwitchboardTarget;
import io.switchboard.loadtest.target.TargetOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "quick", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = "hold, fanout, claim-storm and inbound-storm at small sizes against a running service (about 1.5 min); "
                + "exit 1 when a correctness check fails (never for latency), 2 when a scenario could not run.")
public class QuickCommand implements Callable<Integer> {

    /** One scenario of the quick run and its small size. */
    private record Step(String scenario, List<String> args) {
    }

    static final List<Step> STEPS = List.of(
            new Step("hold", List.of("--connections", "300", "--agents", "30", "--seconds", "10")),
            new Step("fanout", List.of("--agents", "100", "--sockets", "200", "--messages", "20", "--interval-ms", "100", "--warmup", "2")),
            new Step("claim-storm", List.of("--agents", "50", "--conversations", "10", "--warmup", "1", "--pause-ms", "100")),
            new Step("inbound-storm", List.of("--agents", "20", "--rates", "5,10", "--step-seconds", "5", "--keep-going")));

    private static final String QUICK_TIMEOUT_MS = "30000";
    private static final int CHECK_FAILED = 1;
    private static final int COULD_NOT_RUN = 2;

    @Mixin
    TargetOptions target;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<String> passed = passedOptions();
        if (passed.stream().noneMatch(arg -> arg.equals("--timeout-ms"))) {
            passed.addAll(List.of("--timeout-ms", QUICK_TIMEOUT_MS));
        }
        for (String url : target.baseUrls) {
            String problem = notReady(url.strip());
            if (problem != null) {
                System.err.println("quick: Switchboard is not ready at " + url + ": " + problem
                        + "\n  Start it first (loadtest/README.md, \"Start the service\"), or point --base-url at it.");
                return COULD_NOT_RUN;
            }
        }

        SwitchboardTarget.shareOneWorkspace();
        long start = System.nanoTime();
        List<String> summary = new ArrayList<>();
        int worst = 0;
        for (Step step : STEPS) {
            List<String> args = new ArrayList<>();
            args.add(step.scenario());
            args.addAll(step.args());
            args.addAll(passed);
            System.out.println();
            System.out.println("### quick: " + String.join(" ", args));
            long stepStart = System.nanoTime();
            int code = scenarioCommandLine().execute(args.toArray(String[]::new));
            worst = Math.max(worst, code);
            summary.add(String.format(Locale.ROOT, "  %-14s %-22s %4.0f s", step.scenario(), verdict(code), seconds(stepStart)));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "== quick: %d scenarios in %.0f s ==%n", STEPS.size(), seconds(start));
        summary.forEach(System.out::println);
        System.out.println("  report: " + ScenarioCommand.out(target).resolve("report.md"));
        System.out.println(worst == 0 ? "quick: every correctness check passed"
                : "quick: FAILED, see the scenario's FAIL lines or error above (also in the report)");
        return worst;
    }

    /**
     * The tool's command line for one scenario. A scenario that throws (the service went away,
     * provisioning was refused) is reported in a line or two, not a stack trace, and counts as
     * could not run; -Dloadtest.trace=true prints the trace too.
     */
    private static CommandLine scenarioCommandLine() {
        return new CommandLine(new LoadTest()).setExecutionExceptionHandler((failure, cl, parseResult) -> {
            cl.getErr().println(cl.getCommandName() + ": could not run: " + describe(failure));
            if (Boolean.getBoolean("loadtest.trace")) {
                failure.printStackTrace(cl.getErr());
            }
            return COULD_NOT_RUN;
        });
    }

    /** The target options given to quick, to pass on unchanged to each scenario. */
    private List<String> passedOptions() {
        List<String> args = new ArrayList<>();
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            for (String value : option.originalStringValues()) {
                args.add(option.longestName());
                args.add(value);
            }
        }
        return args;
    }

    /** Null when GET /q/health/ready answers 200, else why not. */
    private static String notReady(String baseUrl) {
        String url = (baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl) + "/q/health/ready";
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> reply = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return reply.statusCode() == 200 ? null : "GET " + url + " answered " + reply.statusCode() + " " + abbreviate(reply.body());
        } catch (IOException | IllegalArgumentException e) {
            return "GET " + url + " failed: " + describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The first message along the causes, with its exception's name (a ConnectException often has none). */
    private static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                return cause.getMessage() + " (" + cause.getClass().getSimpleName() + ")";
            }
        }
        return failure instanceof ConnectException ? "connection refused or unreachable" : failure.getClass().getSimpleName();
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static String verdict(int code) {
        return switch (code) {
            case 0 -> "pass";
            case CHECK_FAILED -> "FAIL (a check failed)";
            case COULD_NOT_RUN -> "FAIL (could not run)";
            default -> "FAIL (exit " + code + ")";
        };
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
