package io.switchboard.loadtest;

import io.switchboard.loadtest.report.ReportCommand;
import io.switchboard.loadtest.scenario.ClaimStormScenario;
import io.switchboard.loadtest.scenario.FanoutScenario;
import io.switchboard.loadtest.scenario.HoldScenario;
import io.switchboard.loadtest.scenario.InboundStormScenario;
import io.switchboard.loadtest.scenario.ListsScenario;
import io.switchboard.loadtest.scenario.QuickCommand;
import io.switchboard.loadtest.scenario.RoutingScenario;
import io.switchboard.loadtest.scenario.SendsScenario;
import io.switchboard.loadtest.target.BroadcastServerCommand;
import io.switchboard.loadtest.target.VonageStubCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar switchboard-loadtest.jar <scenario> [options]}; see README.md. */
@Command(name = "switchboard-loadtest", mixinStandardHelpOptions = true,
        description = "Load tests for Switchboard: hold, fanout, claim-storm, inbound-storm, sends, routing. Each run adds its result "
                + "to <out>/results/ and rebuilds <out>/report.md with charts.",
        subcommands = {HoldScenario.class, ListsScenario.class, FanoutScenario.class, ClaimStormScenario.class, InboundStormScenario.class,
                SendsScenario.class, RoutingScenario.class, QuickCommand.class, ReportCommand.class, BroadcastServerCommand.class, VonageStubCommand.class})
public class LoadTest implements Runnable {

    public static void main(String[] args) {
        // Charts are drawn with AWT, which must not look for a display.
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new LoadTest()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
