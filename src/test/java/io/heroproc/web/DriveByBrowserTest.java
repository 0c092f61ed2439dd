package io.heroproc.web;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.support.Names;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.function.Supplier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The drive-by attacks of a hostile page on another port, in real Chromium, against hero-proc on
 * its default set-up (loopback, no token): none may create a service, start one, or run a command.
 */
@QuarkusTest
class DriveByBrowserTest {

    @TestHTTPResource("/")
    URL root;

    static ChromeDriver driver;

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

    /** An existing, stopped service for the attacker to try to start. */
    static String victim(Supplier<RequestSpecification> api) {
        String victim = Names.unique("victim");
        api.get().contentType(ContentType.JSON).body("{\"name\": \"" + victim + "\", \"command\": \"sleep 1000\", "
                + "\"start\": false}").when().post("/api/v1/quick-services").then().statusCode(201);
        return victim;
    }

    /**
     * Runs every attacker page against hero-proc at {@code heroProc} in {@code browser}; after each,
     * nothing may have happened: no new service, no command run, the victim still stopped. A form
     * post leaves the browser on hero-proc's answer, which must be the refusal.
     */
    static void attackFails(ChromeDriver browser, Supplier<RequestSpecification> api, String heroProc, String victim,
            String name, Path marker) throws Exception {
        try (AttackerSite site = new AttackerSite(heroProc, name, "touch " + marker, victim)) {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(site.url("/no-cors"));
            wait.until(d -> browser.getTitle().startsWith("done:"));
            assertEquals("done:fulfilled,fulfilled,fulfilled", browser.getTitle(),
                    "the no-cors requests reached hero-proc (their answers are opaque to the page)");
            nothingHappened(api, name, victim, marker, "/no-cors");
            for (String form : new String[] { "/json-form", "/dashboard-form" }) {
                browser.get(site.url(form));
                wait.until(d -> browser.getCurrentUrl().startsWith(heroProc));
                nothingHappened(api, name, victim, marker, form);
                String shown = browser.findElement(org.openqa.selenium.By.tagName("body")).getText();
                assertTrue(shown.contains("403") && shown.contains("cross-origin"), form + " was refused: " + shown);
            }
        }
    }

    private static void nothingHappened(Supplier<RequestSpecification> api, String name, String victim, Path marker,
            String page) {
        int status = api.get().when().get("/api/v1/services/{n}", name).statusCode();
        assertEquals(404, status, page + " must not create service " + name);
        api.get().when().get("/api/v1/services/{n}/status", victim).then().body("state", equalTo("inactive"))
                .body("wanted", equalTo("stop"));
        assertFalse(Files.exists(marker), page + ": the attacker's command never ran");
    }

    @Test
    void aPageOnAnotherPortCannotDriveHeroProc() throws Exception {
        Path marker = Files.createTempDirectory("hero-proc-driveby").resolve("pwned");
        attackFails(driver, RestAssured::given, root.toString().replaceFirst("/$", ""), victim(RestAssured::given),
                Names.unique("pwned"), marker);
    }
}
