package org.communityhub.testing;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for page tests: Debian's Chromium, headless, at the 1366×768 of an office PC,
 * driven through Debian's chromedriver ({@code .ci/run} installs both when missing). Nothing is
 * downloaded: the driver's path is given, so Selenium never looks for one elsewhere.
 */
public final class Browser implements AutoCloseable {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/lib/chromium/chromium");

    /** The one Chromium of the tests in this class loader (each test profile boots the hub in its own). */
    private static ChromeDriver shared;

    /** The port of each Chromium's driver, by which its processes are found if it will not quit. */
    private static final Map<ChromeDriver, Integer> DRIVER_PORTS = new java.util.concurrent.ConcurrentHashMap<>();

    private final ChromeDriver driver;
    private final String base;
    /** How long a wait lasts before it fails. */
    private final Duration patience;

    private Browser(ChromeDriver driver, String base, Duration patience) {
        this.driver = driver;
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.patience = patience;
    }

    /**
     * A browser for the hub at {@code base} (e.g. the test's {@code @TestHTTPResource("/")}): the
     * test run's one Chromium, as a new one would be (no cookies, no storage, one window at
     * 1366×768, downloads as by default). Starting Chromium costs seconds, so the browser tests
     * share it; {@link #close} gives it back.
     */
    public static Browser start(URL base) {
        synchronized (Browser.class) {
            if (shared != null && !alive(shared)) {
                quitQuietly(shared);
                shared = null;
            }
            if (shared == null) {
                shared = newChromium();
                ChromeDriver started = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> quitQuietly(started), "browser-stop"));
            }
            Browser browser = new Browser(shared, base.toString(), Duration.ofSeconds(10));
            reset(shared, browser.base);
            return browser;
        }
    }

    /**
     * A Chromium of its own, quit at {@link #close}: for a test that runs beside the browser tests
     * (a {@link ProcessLevelTest}), which share the other one.
     */
    public static Browser startAlone(URL base) {
        ChromeDriver driver = newChromium();
        // The pages it waits on come from processes at a lower priority (BesideTheTests), while the
        // in-JVM tests keep the cores busy: longer waits.
        Browser browser = new Browser(driver, base.toString(), Duration.ofSeconds(30));
        reset(driver, browser.base);
        return browser;
    }

    /**
     * What a browser does for its user and a test has no use for: extensions, updates of its
     * components, sync, background requests to the internet (none reachable here), translation.
     * Without them the browser tests' Chromium used about a tenth less CPU (127 s to 113 s over the
     * page tests, run alone on 2 cores, 2026-12-05).
     */
    private static final List<String> QUIET = List.of(
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--no-first-run",
            "--no-default-browser-check",
            "--mute-audio",
            "--metrics-recording-only",
            "--password-store=basic",
            "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,"
                    + "CertificateTransparencyComponentUpdater");

    private static ChromeDriver newChromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(existing(BROWSERS, "chromium"));
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--lang=zh-CN",
                "--window-size=1366,768");
        options.addArguments(QUIET);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(
                        Path.of(existing(DRIVERS, "chromium-driver")).toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        DRIVER_PORTS.put(driver, service.getUrl().getPort());
        return driver;
    }

    /**
     * Back to the state of a new browser: any dialog dismissed, one blank window at the office
     * PC's size, no cookies, no storage or cache of any site, downloads as by default.
     */
    private static void reset(ChromeDriver driver, String base) {
        java.util.regex.Matcher origin = URL_PATH.matcher(base);
        try {
            driver.switchTo().alert().dismiss();
        } catch (NoAlertPresentException e) {
            // none open
        }
        List<String> windows = new ArrayList<>(driver.getWindowHandles());
        for (String window : windows.subList(1, windows.size())) {
            driver.switchTo().window(window).close();
        }
        driver.switchTo().window(windows.get(0));
        driver.get("about:blank");
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
        driver.executeCdpCommand(
                "Storage.clearDataForOrigin",
                Map.of("origin", origin.find() ? origin.group() : base, "storageTypes", "all"));
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "default"));
        driver.manage().window().setSize(new Dimension(1366, 768));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    private static boolean alive(ChromeDriver driver) {
        try {
            driver.getWindowHandles();
            return true;
        } catch (WebDriverException e) {
            return false;
        }
    }

    private static void quitQuietly(ChromeDriver driver) {
        Integer port = DRIVER_PORTS.remove(driver);
        try {
            driver.quit();
        } catch (RuntimeException | LinkageError e) {
            // Gone already, or its class loader closed at the end of the run: end this driver and
            // its Chromium by their processes, and no other browser of the JVM (a process-level
            // test may have one of its own open).
            if (port != null) {
                String listening = "--port=" + port;
                ProcessHandle.current()
                        .descendants()
                        .filter(p -> p.info().commandLine().orElse("").contains(listening))
                        .forEach(p -> {
                            p.descendants().forEach(ProcessHandle::destroy);
                            p.destroy();
                        });
            }
        }
    }

    private static String existing(List<String> candidates, String debianPackage) {
        return candidates.stream()
                .filter(p -> Files.isExecutable(Path.of(p)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Browser tests need Debian's " + debianPackage
                        + " (apt-get install chromium chromium-driver); .ci/run installs it."));
    }

    public ChromeDriver driver() {
        return driver;
    }

    public Browser open(String path) {
        driver.get(base + path);
        return this;
    }

    public String path() {
        return URL_PATH.matcher(driver.getCurrentUrl()).replaceFirst("");
    }

    private static final java.util.regex.Pattern URL_PATH = java.util.regex.Pattern.compile("^https?://[^/]+");

    /** Signs in through the sign-in page, with the keyboard as a user would. */
    public Browser signIn(String username, String password) {
        signOut();
        open("/login");
        return submitSignIn(username, password);
    }

    /** Fills in and sends the sign-in form the browser shows now. */
    public Browser submitSignIn(String username, String password) {
        WebElement user = find(By.id("j_username"));
        user.clear();
        user.sendKeys(username);
        WebElement pass = find(By.id("j_password"));
        pass.sendKeys(password);
        pass.sendKeys(org.openqa.selenium.Keys.ENTER);
        waitUntil(d -> !path().startsWith("/login")
                || !d.findElements(By.cssSelector(".notice.error")).isEmpty());
        return this;
    }

    /** Forgets every cookie (the session among them), whichever page the browser is on. */
    public Browser signOut() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        return this;
    }

    public WebElement find(By by) {
        return waitUntil(ExpectedConditions.presenceOfElementLocated(by));
    }

    public WebElement visible(By by) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /**
     * Waits up to 10 seconds (30 for a browser of its own), looking every 50 ms (Selenium's own 500 ms, over the suite's thousand
     * or so waits, is minutes of nothing); when in vain, the failure says which page the browser was
     * on and what it showed.
     */
    public <T> T waitUntil(java.util.function.Function<org.openqa.selenium.WebDriver, T> condition) {
        return waitUntil(condition, Duration.ofMillis(50));
    }

    /**
     * Reloads the page until {@code condition} holds, for what the hub does in the background (an
     * import checked or committed): a reload every quarter second, up to the same patience.
     */
    public <T> T reloadUntil(java.util.function.Function<org.openqa.selenium.WebDriver, T> condition) {
        return waitUntil(
                d -> {
                    d.navigate().refresh();
                    return condition.apply(d);
                },
                Duration.ofMillis(250));
    }

    private <T> T waitUntil(java.util.function.Function<org.openqa.selenium.WebDriver, T> condition, Duration every) {
        try {
            return new WebDriverWait(driver, patience)
                    .pollingEvery(every)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> {
                        try {
                            return condition.apply(d);
                        } catch (org.openqa.selenium.WebDriverException e) {
                            // Looked at while the page was being replaced: Chromium answers that the
                            // element "does not belong to the document" (not as a stale element).
                            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                                return null;
                            }
                            throw e;
                        }
                    });
        } catch (org.openqa.selenium.TimeoutException e) {
            String shown = driver.findElements(By.tagName("body")).isEmpty() ? "" : text();
            throw new AssertionError(
                    "Waited in vain on " + driver.getCurrentUrl() + " showing:\n"
                            + shown.substring(0, Math.min(shown.length(), 1500)),
                    e);
        }
    }

    /** The element that has the keyboard focus. */
    public WebElement focused() {
        return driver.switchTo().activeElement();
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Saves what the browser shows now as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("Could not save the screenshot " + name, e);
        }
    }

    /**
     * Basic accessibility problems of the current page: form fields without a label, images without
     * alt text, buttons and links without a name, a page without a title or language. Empty when
     * there are none.
     */
    @SuppressWarnings("unchecked")
    public List<String> accessibilityProblems() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript("""
                const problems = [];
                const named = el => (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
                    || el.getAttribute('title') || '').trim().length > 0;
                document.querySelectorAll('input, select, textarea').forEach(el => {
                  if (el.type === 'hidden' || el.type === 'submit' || el.type === 'button') return;
                  const labelled = (el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]'))
                      || el.closest('label') || named(el);
                  if (!labelled) problems.push('field without a label: ' + (el.name || el.id || el.outerHTML.slice(0, 80)));
                });
                document.querySelectorAll('img').forEach(el => {
                  if (!el.hasAttribute('alt')) problems.push('image without alt: ' + el.src);
                });
                document.querySelectorAll('button, a[href]').forEach(el => {
                  if (!el.textContent.trim() && !named(el)) problems.push('unnamed ' + el.tagName.toLowerCase() + ': ' + el.outerHTML.slice(0, 80));
                });
                if (!document.title.trim()) problems.push('page without a title');
                if (!document.documentElement.lang) problems.push('page without a language');
                const ids = {};
                document.querySelectorAll('[id]').forEach(el => { if (ids[el.id]) problems.push('duplicate id: ' + el.id); ids[el.id] = true; });
                return problems;
                """);
    }

    /** Gives the browser back for the next test: what this one left (cookies, storage, windows) is cleared. */
    @Override
    public void close() {
        synchronized (Browser.class) {
            if (driver == shared && alive(driver)) {
                reset(driver, base);
            } else {
                quitQuietly(driver);
            }
        }
    }
}
