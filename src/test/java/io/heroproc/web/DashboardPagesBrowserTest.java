package io.heroproc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every dashboard page at a wide desktop, a small laptop and a phone width: no sideways scroll of
 * the page, and no serious or critical accessibility violation (axe-core) in the light scheme on
 * the desktop and the dark one on the phone. Screenshots of each go to target/screenshots.
 */
@QuarkusTest
class DashboardPagesBrowserTest {

    private static final int[] WIDTHS = { 1400, 800, 360 };

    @TestHTTPResource("/")
    URL root;

    private static ChromeDriver driver;
    private static DashboardScene scene;

    @BeforeAll
    static void openBrowser() throws Exception {
        driver = Browser.open();
    }

    /** Made by the first test: the application (and RestAssured's port) is not up before. */
    private synchronized DashboardScene scene() {
        if (scene == null) {
            scene = new DashboardScene(root.toString());
        }
        return scene;
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

    /** The page's address, and an element that shows it rendered what it is about. */
    private String[] page(String page) {
        DashboardScene scene = scene();
        return switch (page) {
            case "services" -> new String[] { "ui/services", "tr[data-service='" + scene.flaky + "']" };
            case "service" -> new String[] { "ui/services/" + scene.shop, "#service-facts" };
            case "actions" -> new String[] { "ui/actions", "tr[data-action='" + scene.shop + "-worker'] pre" };
            case "runs" -> new String[] { "ui/runs", "tr[data-run='" + scene.run(scene.flaky) + "']" };
            case "run" -> new String[] { "ui/runs/" + scene.run(scene.flaky), ".graph, table.attempts" };
            case "job" -> new String[] { "ui/jobs/" + scene.job(scene.shop, scene.shop + "-worker"),
                    ".charts" };
            default -> throw new IllegalArgumentException(page);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = { "services", "service", "actions", "runs", "run", "job" })
    void fitsEveryWidthAndHasNoSeriousAccessibilityViolation(String name) throws Exception {
        String[] page = page(name);
        List<String> problems = new ArrayList<>();
        for (int width : WIDTHS) {
            for (String scheme : width == 360 ? new String[] { "light", "dark" } : new String[] { "light" }) {
                Browser.viewport(driver, width, 900);
                Browser.colorScheme(driver, scheme);
                driver.get(root + page[0]);
                new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector(page[1]))
                        .isEmpty());
                String shot = name + "-" + width + ("dark".equals(scheme) ? "-dark" : "");
                Browser.fullPage(driver, shot);
                long overflow = Browser.horizontalOverflow(driver);
                if (overflow > 0) {
                    problems.add(shot + ": the page is " + overflow + " px wider than the window");
                }
                if (width == 1400 || "dark".equals(scheme)) {
                    Axe.seriousViolations(driver).forEach(v -> problems.add(shot + ": " + v));
                }
            }
        }
        assertEquals(List.of(), problems, "layout and accessibility of " + page[0]);
    }

    /** The checks above would pass on an empty page: this proves they see a real one. */
    @Test
    void theChecksSeeWhatTheyCheck() throws Exception {
        Browser.viewport(driver, 360, 900);
        Browser.colorScheme(driver, "light");
        driver.get(root + "ui/services");
        driver.executeScript("""
                const wide = document.createElement('div');
                wide.style.width = '900px';
                wide.textContent = 'wide';
                document.querySelector('main').appendChild(wide);
                const img = document.createElement('img');
                img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
                document.querySelector('main').appendChild(img);
                """);
        assertTrue(Browser.horizontalOverflow(driver) > 0, "a 900 px box overflows a 360 px page");
        assertTrue(Axe.seriousViolations(driver).stream().anyMatch(v -> v.startsWith("image-alt")),
                "axe-core finds an image without alt text");
    }
}
