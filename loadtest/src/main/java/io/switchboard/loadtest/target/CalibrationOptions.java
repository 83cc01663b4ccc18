package io.switchboard.loadtest.target;

import picocli.CommandLine.Option;

/** Runs a socket scenario against the bare Vert.x broadcast server instead of Switchboard. */
public class CalibrationOptions {

    /** Where the calibration server runs. */
    public enum Jvm { same, child }

    @Option(names = "--calibration", description = "Run against the bare Vert.x broadcast server started by the tool")
    public boolean enabled;

    @Option(names = "--calibration-jvm", defaultValue = "same",
            description = "same: in this JVM; child: in a JVM of its own, so that its RSS and CPU are measured apart. Default: ${DEFAULT-VALUE}")
    public Jvm jvm;

    @Option(names = "--calibration-port", description = "Port of the calibration server. Default: a free one")
    public Integer port;
}
