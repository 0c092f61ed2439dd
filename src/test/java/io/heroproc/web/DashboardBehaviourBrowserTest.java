package io.heroproc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the dashboard says and does, in a real browser against real processes: a crash loop reads
 * "restarting" and collapses its attempts, a job stopped on request reads "stopped (SIGTERM)",
 * charts have axes and follow a running job, Kill asks first, and the keyboard reaches everything.
 */
@QuarkusTest
class DashboardBehaviourBrowserTest {

    private static final Pattern ATTEMPTS = Pattern.compile(
            "attempt (\\d+) of (\\d+), (\\d+) crash(?:es)?(?: in the last (\\d+))?");

    @TestHTTPResource("/")
    URL root;

    private static ChromeDriver driver;
    private static DashboardScene scene;

    @BeforeAll
    static void openBrowser() throws Exception {
        driver = Browser.open();
    }

    @AfterAll
    static void tearDown() {
        if (driver != null) {
            driver.quit();
        }
        if (scene != null) {
            scene.close();
        }
    }

    private synchronized DashboardScene scene() {
        if (scene == null) {
            scene = new DashboardScene(root.toString());
        }
        return scene;
    }

    private static WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    private void open(String path) {
        Browser.viewport(driver, 1400, 900);
        driver.get(root + path);
    }

    /** Reads in one script, so a live refresh cannot swap the element between finding and reading it. */
    private static String text(String css) {
        return (String) waitUpTo(20).ignoring(JavascriptException.class).until(d -> driver.executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;", css));
    }

    private static void awaitAttribute(String css, String attribute, String value) {
        waitUpTo(30).ignoring(JavascriptException.class).until(d -> value.equals(driver.executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                css, attribute)));
    }

    /** Clicks what the selector finds, again if a live refresh replaced it in between. */
    private static void click(String css) {
        waitUpTo(20).ignoring(StaleElementReferenceException.class).ignoring(
                org.openqa.selenium.NoSuchElementException.class).until(d -> {
                    d.findElement(By.cssSelector(css)).click();
                    return true;
                });
    }

    /** Counts the live refreshes of this page, so a test can wait for the next one. */
    private static long refreshes() {
        return ((Number) driver.executeScript("""
                if (window.heroRefreshes === undefined) {
                  window.heroRefreshes = 0;
                  document.addEventListener('hero:refreshed', () => window.heroRefreshes++);
                }
                return window.heroRefreshes;""")).longValue();
    }

    private static void awaitRefreshAfter(long count) {
        waitUpTo(20).until(d -> refreshes() > count);
    }

    @Test
    void aCrashLoopReadsRestartingAndItsAttemptsCollapse() throws Exception {
        String flaky = scene().flaky;
        open("ui/services");
        awaitAttribute("tr[data-service='" + flaky + "']", "data-state", "restarting");
        assertEquals("restarting", text("tr[data-service='" + flaky + "'] .badge"));
        Browser.screenshot(driver, "crash-loop-services");

        open("ui/services/" + flaky);
        awaitAttribute("#service-state", "data-state", "restarting");
        assertTrue(text("#next-restart").matches("\\d\\d:\\d\\d:\\d\\d, in \\d+\\.\\d s"), text("#next-restart"));
        assertTrue(text("#service-reason").startsWith("backoff: restart "), text("#service-reason"));

        open("ui/runs?service=" + flaky);
        assertEquals(1, driver.findElements(By.cssSelector("tr[data-run]")).size(), "one run, however many attempts");
        List<WebElement> jobs = driver.findElements(By.cssSelector("tr[data-run] li[data-job]"));
        assertEquals(1, jobs.size(), "one line for the action, however many attempts");
        Matcher m = ATTEMPTS.matcher(jobs.getFirst().getText());
        assertTrue(m.find(), jobs.getFirst().getText());
        assertEquals(m.group(1), m.group(2), "the latest attempt is shown");

        long run = scene().run(flaky);
        open("ui/runs/" + run);
        m = ATTEMPTS.matcher(text("td.attempts"));
        assertTrue(m.find(), text("td.attempts"));
        int attempts = m.group(4) == null ? Integer.parseInt(m.group(2)) : Integer.parseInt(m.group(4));
        assertTrue(Integer.parseInt(m.group(3)) >= attempts - 1, "every attempt kept but the latest crashed");
        String details = "details[id^='history-']";
        assertEquals(Boolean.FALSE, driver.executeScript("return document.querySelector(arguments[0]).open", details),
                "the history is on demand");
        click(details + " summary");
        assertTrue(driver.findElements(By.cssSelector(details + " li[data-job]")).size() >= Math.min(attempts,
                RunPage.HISTORY), "every attempt kept is in the history");
        long seen = refreshes();
        awaitRefreshAfter(seen);
        assertEquals(Boolean.TRUE, driver.executeScript("return document.querySelector(arguments[0]).open", details),
                "an opened history stays open across live refreshes");
        Browser.fullPage(driver, "crash-loop-run");
    }

    @Test
    void aJobStoppedOnRequestReadsStoppedSigtermAndKeepsItsHistory() throws Exception {
        DashboardScene s = scene();
        open("ui/jobs/" + s.job(s.stopped, s.stopped + "_action"));
        assertEquals("stopped (SIGTERM)", text("#ended-by"));
        assertEquals("stopped (SIGTERM)", text("#phase"));
        assertTrue(Integer.parseInt(driver.findElement(By.cssSelector(".charts")).getAttribute("data-samples")) >= 2,
                "a finished job shows its history");
        assertFalse(driver.findElements(By.cssSelector("#usage [data-final]")).isEmpty(),
                "and stops asking for more");

        open("ui/runs?service=" + s.stopped);
        assertEquals("stopped (SIGTERM)", text("li[data-job] .outcome"));
    }

    @Test
    void chartsHaveTimeAxisUnitsAndFollowARunningJob() throws Exception {
        DashboardScene s = scene();
        open("ui/jobs/" + s.job(s.shop, s.shop + "-worker"));
        waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".charts")));
        driver.executeScript("window.sameDocument = true;");
        @SuppressWarnings("unchecked")
        Map<String, List<String>> labels = (Map<String, List<String>>) driver.executeScript("""
                const texts = sel => Array.from(document.querySelectorAll(sel)).map(t => t.textContent.trim());
                return {cpu: texts('.chart-cpu text.ytick'), memory: texts('.chart-memory text.ytick'),
                        time: texts('.chart-cpu text.xtick')};""");
        assertTrue(labels.get("cpu").size() >= 3 && labels.get("cpu").stream().allMatch(l -> l.matches("[\\d.]+ %")),
                "CPU axis in percent: " + labels);
        assertTrue(labels.get("memory").stream().allMatch(l -> l.matches("[\\d.]+ (B|KiB|MiB|GiB)")),
                "memory axis in bytes: " + labels);
        assertTrue(labels.get("time").size() >= 2 && labels.get("time").stream()
                .allMatch(l -> l.matches("\\d\\d:\\d\\d(:\\d\\d)?")), "a time axis: " + labels);

        int before = Integer.parseInt(driver.findElement(By.cssSelector(".charts")).getAttribute("data-samples"));
        waitUpTo(20).ignoring(StaleElementReferenceException.class).until(d -> Integer.parseInt(
                d.findElement(By.cssSelector(".charts")).getAttribute("data-samples")) > before);
        assertEquals(Boolean.TRUE, driver.executeScript("return window.sameDocument === true"),
                "the chart grew in place, without reloading the page");
        Browser.screenshot(driver, "job-charts-live");

        open("ui/services/" + s.shop);
        waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#usage .chart-memory svg")));
        assertTrue(text("#usage figcaption").contains("latest"), "the service's own charts: " + text("#usage"));
    }

    @Test
    void killAsksFirstAndWithoutScriptTheServerAsks() throws Exception {
        String name = scene().running("kill");
        open("ui/services/" + name);

        click("#service-live button[name=kill]");
        Alert question = waitUpTo(10).until(ExpectedConditions.alertIsPresent());
        assertTrue(question.getText().contains("SIGKILL"), question.getText());
        question.dismiss();
        assertEquals("running", scene().state(name), "a dismissed kill kills nothing");

        // Without the script (here: its question taken away), the server answers with a page that asks.
        driver.executeScript("""
                document.querySelectorAll('form[data-confirm]').forEach(f => f.removeAttribute('data-confirm'));""");
        click("#service-live button[name=kill]");
        waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(By.id("confirm-kill")));
        assertEquals("running", scene().state(name), "posting Kill without confirming kills nothing");
        assertEquals(List.of(), Axe.seriousViolations(driver), "the confirmation page");
        Browser.screenshot(driver, "kill-confirmation");
        driver.findElement(By.linkText("Cancel")).click();
        waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(By.id("service-facts")));

        click("#service-live button[name=kill]");
        waitUpTo(10).until(ExpectedConditions.alertIsPresent()).accept();
        awaitAttribute("#service-state", "data-state", "exited");
        waitUpTo(20).until(d -> "stopped (SIGKILL)".equals(text("#service-runs li[data-job] .outcome")));
        // The page's recent events say what happened and that the dashboard did it.
        waitUpTo(20).until(d -> !d.findElements(By.cssSelector("#service-events tr[data-type='job.exited']")).isEmpty());
        String events = text("#service-events");
        assertTrue(events.contains("dashboard"), "the kill is the dashboard's doing: " + events);
        assertTrue(events.contains("service.created"), events);
    }

    @Test
    void everythingWorksFromTheKeyboard() throws Exception {
        String name = scene().running("keys");
        open("ui/services/" + name);
        Actions keys = new Actions(driver);

        keys.sendKeys(Keys.TAB).perform();
        assertEquals("Skip to content", text(":focus"), "the first stop is the skip link");
        assertNotEquals("none", driver.executeScript("return getComputedStyle(document.activeElement).outlineStyle"),
                "focus is visible");
        keys.sendKeys(Keys.ENTER).perform();
        assertEquals("main", driver.executeScript("return document.activeElement.id"), "it skips to the content");

        tabTo("button[name=stop]", 40);
        long seen = refreshes();
        awaitRefreshAfter(seen);
        assertEquals("stop", driver.executeScript("return document.activeElement.name"),
                "focus survives the live refresh of the status");
        keys.sendKeys(Keys.ENTER).perform();
        awaitAttribute("#service-state", "data-state", "exited");
        assertEquals("exited", scene().state(name));

        tabTo("button[name=start]", 40);
        keys.sendKeys(Keys.ENTER).perform();
        awaitAttribute("#service-state", "data-state", "running");

        open("ui/runs/" + scene().run(scene().flaky));
        tabTo("details[id^='history-'] summary", 60);
        keys.sendKeys(Keys.ENTER).perform();
        waitUpTo(5).until(d -> Boolean.TRUE.equals(driver.executeScript(
                "return document.querySelector(\"details[id^='history-']\").open")));
    }

    /** Presses Tab until the focused element matches {@code css}, at most {@code presses} times. */
    private static void tabTo(String css, int presses) {
        Actions keys = new Actions(driver);
        for (int i = 0; i < presses; i++) {
            if (Boolean.TRUE.equals(driver.executeScript(
                    "return document.activeElement && document.activeElement.matches(arguments[0])", css))) {
                return;
            }
            keys.sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("Tab never reached " + css + " in " + presses + " presses; focus is on "
                + driver.executeScript("return document.activeElement.outerHTML.slice(0, 200)"));
    }
}
