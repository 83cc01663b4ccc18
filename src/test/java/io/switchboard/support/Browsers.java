package io.switchboard.support;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The browsers one test opened. When it fails each leaves a screenshot (target/screenshots/failure-...)
 * and its console on stderr, so a red run can be read afterwards, and is closed. When it passes each
 * is reset and kept for the next test that opens one of that name on that service: starting Chromium
 * costs seconds of CPU, which the other failsafe fork's instances need.
 */
public final class Browsers implements AfterTestExecutionCallback {

    private static final Map<String, Browser> IDLE = new HashMap<>();

    private final List<Browser> open = new ArrayList<>();

    public Browser open(String name, URI base) {
        Browser kept;
        synchronized (IDLE) {
            kept = IDLE.remove(key(name, base));
        }
        Browser browser = kept != null ? kept : Browser.open(name, base);
        open.add(browser);
        return browser;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        boolean failed = context.getExecutionException().isPresent();
        try {
            for (Browser browser : open) {
                if (failed) {
                    record(context, browser);
                    browser.close();
                } else {
                    keep(browser);
                }
            }
        } finally {
            open.clear();
        }
    }

    private static void record(ExtensionContext context, Browser browser) {
        try {
            browser.screenshot("failure-" + context.getRequiredTestMethod().getName() + "-" + browser.name() + ".png");
            System.err.println("--- console of " + browser.name() + " ---\n" + browser.console());
        } catch (RuntimeException e) {
            System.err.println("Could not record " + browser.name() + ": " + e);
        }
    }

    /** Resets it for the next test; one that cannot be reset, or a second of the same name, is closed. */
    private static void keep(Browser browser) {
        try {
            browser.reset();
        } catch (RuntimeException e) {
            browser.close();
            return;
        }
        Browser extra;
        synchronized (IDLE) {
            extra = IDLE.putIfAbsent(key(browser.name(), browser.base()), browser);
        }
        if (extra != null) {
            browser.close();
        }
    }

    private static String key(String name, URI base) {
        return name + " " + base;
    }

    /** Closes the browsers kept for later tests; call when the class is done with its service. */
    public static void closeKept() {
        List<Browser> kept;
        synchronized (IDLE) {
            kept = new ArrayList<>(IDLE.values());
            IDLE.clear();
        }
        kept.forEach(Browser::close);
    }
}
