package io.switchboard.support;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The browsers one test opened: all closed when it ends, and when it fails each leaves a screenshot
 * (target/screenshots/failure-...) and its console on stderr, so a red run can be read afterwards.
 */
public final class Browsers implements AfterTestExecutionCallback {

    private final List<Browser> open = new ArrayList<>();

    public Browser open(String name, URI base) {
        Browser browser = Browser.open(name, base);
        open.add(browser);
        return browser;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        try {
            if (context.getExecutionException().isPresent()) {
                for (Browser browser : open) {
                    try {
                        browser.screenshot("failure-" + context.getRequiredTestMethod().getName() + "-" + browser.name() + ".png");
                        System.err.println("--- console of " + browser.name() + " ---\n" + browser.console());
                    } catch (RuntimeException e) {
                        System.err.println("Could not record " + browser.name() + ": " + e);
                    }
                }
            }
        } finally {
            open.forEach(Browser::close);
            open.clear();
        }
    }
}
