package io.switchboard.loadtest.report;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Rebuilds report.md and the charts from the saved results, without running anything. */
@Command(name = "report", mixinStandardHelpOptions = true, abbreviateSynopsis = true, description = "Rebuild report.md and charts from <out>/results/.")
public class ReportCommand implements Callable<Integer> {

    @Option(names = "--out", description = "Folder holding results/. Default: the folder of the jar (loadtest/target)")
    String out;

    @Override
    public Integer call() throws URISyntaxException {
        Path folder = out != null ? Path.of(out)
                : Path.of(ReportCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        System.out.println("report written to " + MarkdownReport.write(folder, new ResultStore(folder).latest()));
        return 0;
    }
}
