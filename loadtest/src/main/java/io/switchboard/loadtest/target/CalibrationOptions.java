package io.switchboard.loadtest.target;

import picocli.CommandLine.Option;

/** Runs a socket scenario against the bare Vert.x broadcast server instead of Switchboard. */
public class CalibrationOptions {

    /** Where the calibration server runs. */
    public enum Jvm { same, child }

    @Option(names = "--calibration", description = "Run against the bare Vert.x broadcast server started by the tool")
    public boolean enabled;

    /**
     * A JVM of its own by default: its RSS and CPU are then measured apart from the load
     * generator's, and it keeps the full JIT however the generator was started (loadtest/lt runs it
     * with C1 alone).
     */
    @Option(names = "--calibration-jvm", defaultValue = "child",
            description = "child: in a JVM of its own, so that its RSS and CPU are measured apart; same: in this JVM. Default: ${DEFAULT-VALUE}")
    public Jvm jvm;

    @Option(names = "--calibration-port", description = "Port of the calibration server. Default: a free one")
    public Integer port;
}
