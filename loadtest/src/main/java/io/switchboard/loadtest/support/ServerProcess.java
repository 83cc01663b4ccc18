package io.switchboard.loadtest.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server process seen from outside: which PID listens on a port, and its resident memory. */
public final class ServerProcess {

    private static final Pattern PID = Pattern.compile("pid=(\\d+)");

    private ServerProcess() {
    }

    /** Resident set size in KiB from /proc/PID/status (VmRSS), or -1 when unreadable. */
    public static long rssKib(long pid) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8);
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Asks a JVM for a full collection ({@code jcmd PID GC.run}); false when it could not be asked. */
    public static boolean fullGc(long pid) {
        return jcmd(pid, "GC.run").isPresent();
    }

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    /** The JVM's used heap in KiB ({@code jcmd PID GC.heap_info}; live data right after a full GC), or -1. */
    public static long heapUsedKib(long pid) {
        return jcmd(pid, "GC.heap_info").map(HEAP_USED::matcher).filter(Matcher::find)
                .map(used -> Long.parseLong(used.group(1))).orElse(-1L);
    }

    /** Sum of the RSS of several processes (two instances), -1 if any is unreadable. */
    public static long rssKib(List<Long> pids) {
        return sum(pids, ServerProcess::rssKib);
    }

    /** Sum of the used heap of several JVMs, -1 if any could not be asked. */
    public static long heapUsedKib(List<Long> pids) {
        return sum(pids, ServerProcess::heapUsedKib);
    }

    private static long sum(List<Long> pids, ToLongFunction<Long> measure) {
        long sum = 0;
        for (long pid : pids) {
            long value = measure.applyAsLong(pid);
            if (value < 0) {
                return -1;
            }
            sum += value;
        }
        return pids.isEmpty() ? -1 : sum;
    }

    /** What {@code jcmd PID command} printed, empty when it could not run or failed. */
    private static Optional<String> jcmd(long pid, String command) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return jcmd.waitFor(30, TimeUnit.SECONDS) && jcmd.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * CPU time the processes have used so far (user + system), in milliseconds, or -1 when unknown.
     * Unlike latency, CPU spent per request hardly depends on what else runs on the machine.
     */
    public static long cpuMillis(List<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            Optional<java.time.Duration> cpu = ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration());
            if (cpu.isEmpty()) {
                return -1;
            }
            sum += cpu.get().toMillis();
        }
        return pids.isEmpty() ? -1 : sum;
    }

    /** CPU time this JVM, the load generator, has used so far, in milliseconds, or -1 when unknown. */
    public static long generatorCpuMillis() {
        return cpuMillis(List.of(ProcessHandle.current().pid()));
    }

    /** The machine's 1-minute load average from /proc/loadavg, or -1. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The machine's CPU time so far from /proc/stat, in clock ticks: {@code [all, stolen]}, or null.
     * On a virtual machine the host may run other guests on "our" cores; the share it took (steal)
     * makes every latency of a run longer without showing in any process's CPU time.
     */
    public static long[] cpuTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long all = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                all += Long.parseLong(fields[i]);
            }
            return new long[] {all, fields.length > 8 ? Long.parseLong(fields[8]) : 0};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The share of the machine's CPU time the host took between two {@link #cpuTicks()} readings, in percent, or -1. */
    public static double stealPercent(long[] before, long[] after) {
        if (before == null || after == null || after[0] <= before[0]) {
            return -1;
        }
        return 100.0 * (after[1] - before[1]) / (after[0] - before[0]);
    }

    /** The PID of the process listening on a local TCP port, asked of {@code ss -ltnpH}. */
    public static Optional<Long> listeningOn(int port) {
        try {
            Process ss = new ProcessBuilder("ss", "-ltnpH", "sport = :" + port).redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ss.waitFor(5, TimeUnit.SECONDS);
            Matcher matcher = PID.matcher(out);
            return matcher.find() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
