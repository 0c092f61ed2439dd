package io.heroproc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.support.Names;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in a real browser against a real supervisor running real processes. */
@QuarkusTest
class DashboardBrowserTest {

    @TestHTTPResource("/")
    URL root;

    private static ChromeDriver driver;

    @BeforeAll
    static void openBrowser() throws Exception {
        driver = Browser.open();
    }

    @AfterAll
    static void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    private WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }


    /**
     * Clicks inside a service's row. The rows are re-rendered every second, so find-then-click
     * could hit a replaced element: one script does both.
     */
    private void click(String service, String inside) {
        waitUpTo(20).ignoring(JavascriptException.class).until(d -> (Boolean) driver.executeScript("""
                const el = document.querySelector("tr[data-service='" + arguments[0] + "'] " + arguments[1]);
                if (!el) { return false; }
                el.click();
                return true;
                """, service, inside));
    }

    /** Waits until the service's row shows {@code state}, read in one script (no stale elements). */
    private void awaitState(String service, String state) {
        waitUpTo(30).ignoring(JavascriptException.class).until(d -> state.equals(driver.executeScript("""
                const r = document.querySelector("tr[data-service='" + arguments[0] + "']");
                return r ? r.dataset.state : null;
                """, service)));
    }

    /** Badge, wanted text and offered buttons of a row, read in one script so a refresh cannot split them. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> rowFacts(String service) {
        return (Map<String, Object>) driver.executeScript("""
                const r = document.querySelector("tr[data-service='" + arguments[0] + "']");
                return {badge: r.querySelector('.badge').textContent.trim(),
                        wanted: r.querySelector('.wanted').textContent.trim(),
                        buttons: Array.from(r.querySelectorAll('td.controls-cell button')).map(b => b.name)};
                """, service);
    }

    @Test
    void createRunWatchLogStopAndStartAgain() throws Exception {
        String name = Names.unique("ui");
        Path trigger = Files.createTempFile("hero-proc-ui", ".trigger");
        Files.delete(trigger);
        String command = "echo started; while true; do if [ -f " + trigger + " ]; then echo after-open-" + name
                + "; rm -f " + trigger + "; fi; sleep 0.1; done";

        driver.get(root + "ui/services");
        driver.findElement(By.name("name")).sendKeys(name);
        driver.findElement(By.name("command")).sendKeys(command);
        WebElement interpreter = driver.findElement(By.name("interpreter"));
        interpreter.clear();
        interpreter.sendKeys("bash");
        driver.findElement(By.id("quick-submit")).click();

        awaitState(name, "running");
        Browser.screenshot(driver, "services-running");
        Map<String, Object> running = rowFacts(name);
        assertEquals("running", running.get("badge"));
        assertTrue(running.get("wanted").toString().contains("start"));
        assertEquals(List.of("stop", "restart", "kill"), running.get("buttons"), "a running service offers these");

        click(name, "a.run-link");
        driver.findElement(By.cssSelector("tr[data-action] td.name a")).click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "started"));
        Files.writeString(trigger, "go");
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "after-open-" + name));
        Browser.screenshot(driver, "job-log");

        driver.get(root + "ui/services");
        click(name, "button[name=stop]");
        awaitState(name, "exited");
        Map<String, Object> exited = rowFacts(name);
        assertEquals("exited", exited.get("badge"));
        assertEquals(List.of("start"), exited.get("buttons"), "a stopped service offers Start again");
        assertTrue(exited.get("wanted").toString().contains("stop"));
        Browser.screenshot(driver, "services-exited");
    }

    @Test
    void markupInNamesCommandsAndLogsIsShownAsText() throws Exception {
        String hostile = "<script>alert(1)</script>";
        driver.get(root + "ui/services");
        driver.findElement(By.name("name")).sendKeys(hostile);
        driver.findElement(By.name("command")).sendKeys("sleep 1");
        driver.findElement(By.id("quick-submit")).click();
        WebElement error = waitUpTo(10).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".error[data-field='name']")));
        assertTrue(error.getText().contains(hostile), "the rejected name is echoed as text: " + error.getText());
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());

        String name = Names.unique("xss");
        String line = "<img src=x onerror=alert(2)><b>bold</b>";
        driver.findElement(By.name("name")).clear();
        driver.findElement(By.name("name")).sendKeys(name);
        WebElement command = driver.findElement(By.name("command"));
        command.clear();
        command.sendKeys("echo '" + line + "'; sleep 1000");
        WebElement interpreter = driver.findElement(By.name("interpreter"));
        interpreter.clear();
        interpreter.sendKeys("sh");
        driver.findElement(By.id("quick-submit")).click();
        awaitState(name, "running");

        driver.get(root + "ui/actions");
        WebElement generated = driver.findElement(By.cssSelector("tr[data-service='" + name + "'] pre"));
        assertTrue(generated.getText().contains(line), "the command is shown as text");
        assertTrue(driver.findElements(By.cssSelector("table.generated b")).isEmpty(), "no markup was rendered");

        driver.get(root + "ui/runs?service=" + name);
        driver.findElement(By.cssSelector("li[data-job] a")).click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), line));
        assertTrue(driver.findElements(By.cssSelector("#log img, #log b")).isEmpty(), "log lines are text");
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
        Browser.screenshot(driver, "escaped-log");

        driver.get(root + "ui/services");
        click(name, "button[name=stop]");
        awaitState(name, "exited");
    }
}
