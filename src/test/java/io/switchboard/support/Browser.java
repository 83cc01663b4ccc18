package io.switchboard.support;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One headless Debian Chromium driven through the system chromedriver, with its own profile: one
 * person's browser. Nothing is downloaded, and Chromium is kept off the network, which is closed
 * here (see the flags).
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("switchboard.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("switchboard.chromedriver", "/usr/bin/chromedriver"));
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Selenium warns at every start that it has no CDP module for this Chromium; the tests use none. */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM_LOG.setLevel(Level.SEVERE);
    }

    /** Chromium logs failed WebSocket addresses whole; reports keep tokens out. */
    private static final Pattern TOKEN_IN_URL = Pattern.compile("access_token=[^&'\"\\s]+");

    private final String name;
    private final URI base;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;

    private Browser(String name, URI base, ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.name = name;
        this.base = base;
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    /** Fails the calling test, loudly, when the browser is not installed: a browser test must never pass by skipping. */
    public static void requireInstalled() {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                fail(binary + " is missing: browser tests need Debian's chromium and chromium-driver "
                        + "(apt-get install -y chromium chromium-driver; .ci/run installs them)");
            }
        }
    }

    public static Browser open(String name, URI base) {
        requireInstalled();
        try {
            Path profile = Files.createTempDirectory("sb-chromium-" + name);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .withLogFile(Path.of("target", "chromedriver-" + name + ".log").toFile())
                    .build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            // Without the networking flags Chromium keeps trying to reach Google's hosts, which the closed network refuses.
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900");
            // Downloads (transcripts) land in the profile, without a prompt, where a test can read them.
            options.setExperimentalOption("prefs", java.util.Map.of(
                    "download.default_directory", profile.resolve("downloads").toString(),
                    "download.prompt_for_download", false));
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriver driver = new ChromeDriver(service, options);
            return new Browser(name, base, service, driver, profile);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    URI base() {
        return base;
    }

    public WebDriver driver() {
        return driver;
    }

    public Browser go(String path) {
        driver.get(base.resolve(path).toString());
        return this;
    }

    /** Fills the page's login form and waits until its live stream answered. */
    public Browser logIn(Fixtures.User user) {
        waitVisible("#login-form");
        type("#username", user.username());
        type("#password", user.password());
        click("#login-submit");
        waitAttribute("#connection", "data-state", "live");
        return this;
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public void type(String css, String text) {
        WebElement input = waitVisible(css);
        input.clear();
        input.sendKeys(text);
    }

    /** Sends keys to the element (it takes the focus first), e.g. {@code Keys.chord(Keys.CONTROL, Keys.ENTER)}. */
    public void press(String css, CharSequence keys) {
        waitVisible(css).sendKeys(keys);
    }

    public void select(String css, String value) {
        new Select(waitVisible(css)).selectByValue(value);
    }

    /** Clicks inside the wait, so an element re-rendered between finding and clicking it is found again (CI saw it stale). */
    public void click(String css) {
        until("clickable " + css, page -> {
            WebElement element = ExpectedConditions.elementToBeClickable(By.cssSelector(css)).apply(page);
            if (element == null) {
                return null;
            }
            element.click();
            return true;
        });
    }

    public WebElement waitVisible(String css) {
        return until("visible " + css, ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    public void waitGone(String css) {
        until("gone " + css, ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
    }

    public void waitText(String css, String text) {
        until(css + " showing '" + text + "'", d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return !found.isEmpty() && text.equals(found.get(0).getText().strip());
        });
    }

    /** Waits until one of the elements matching css shows the text. */
    public void waitAnyText(String css, String text) {
        until("any " + css + " showing '" + text + "'", d -> d.findElements(By.cssSelector(css)).stream()
                .anyMatch(e -> text.equals(e.getText().strip())));
    }

    /** Waits until the first element matching css contains the text. */
    public void waitContains(String css, String text) {
        until(css + " containing '" + text + "'", d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return !found.isEmpty() && found.get(0).getText().contains(text);
        });
    }

    /** Accepts the page's window.confirm question. */
    public void acceptConfirm() {
        until("a confirm dialog", ExpectedConditions.alertIsPresent()).accept();
    }

    public void waitAttribute(String css, String attribute, String value) {
        until(css + " with " + attribute + "=" + value, ExpectedConditions.attributeToBe(By.cssSelector(css), attribute, value));
    }

    public String text(String css) {
        return find(css).getText().strip();
    }

    private <T> T until(String what, java.util.function.Function<WebDriver, T> condition) {
        try {
            // The client re-renders lists as events arrive: an element found a moment ago may be gone; look again.
            return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition::apply);
        } catch (TimeoutException e) {
            throw new AssertionError(name + ": waited " + WAIT.toSeconds() + " s for " + what + "\nconsole:\n" + console(), e);
        }
    }

    /** Saves what the page shows now as target/screenshots/{fileName}. */
    public Path screenshot(String fileName) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(fileName);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for a download to finish and answers the file: Chromium names it *.crdownload until it has. */
    public Path awaitDownload(String fileName) {
        Path file = profile.resolve("downloads").resolve(fileName);
        until("download " + fileName, d -> Files.isRegularFile(file));
        return file;
    }

    /** The page's console messages so far, for failure reports. */
    public String console() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::toString)
                    .map(line -> TOKEN_IN_URL.matcher(line).replaceAll("access_token=…"))
                    .collect(Collectors.joining("\n"));
        } catch (RuntimeException e) {
            return "(console not available: " + e.getMessage() + ")";
        }
    }

    /**
     * Makes it a browser nobody used: a fresh tab (its session storage, where the client keeps the
     * login, is per tab) at the usual size, no cookies, no downloads, no console messages.
     */
    void reset() {
        String used = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        String fresh = driver.getWindowHandle();
        driver.switchTo().window(used).close();
        driver.switchTo().window(fresh);
        driver.manage().deleteAllCookies();
        resize(1280, 900);
        driver.manage().logs().get(LogType.BROWSER);
        Path downloads = profile.resolve("downloads");
        if (Files.isDirectory(downloads)) {
            deleteQuietly(downloads);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile; the OS cleans /tmp eventually
        }
    }
}
