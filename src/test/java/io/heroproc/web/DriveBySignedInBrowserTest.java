package io.heroproc.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.security.TokenProfile;
import io.heroproc.support.Names;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The same drive-by attacks with a token configured and the user signed in to the dashboard in
 * the same browser: the page on another port of the same host is the same site, so the browser
 * sends the session cookie along (SameSite does not stop it). It still changes nothing.
 */
@QuarkusTest
@TestProfile(TokenProfile.class)
class DriveBySignedInBrowserTest {

    private static final Supplier<RequestSpecification> API = () -> given().header("Authorization",
            "Bearer " + TokenProfile.TOKEN);

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

    @Test
    void aPageOnAnotherPortCannotUseTheSignedInSession() throws Exception {
        driver.get(root + "ui/login");
        assertEquals(List.of(), Axe.seriousViolations(driver), "accessibility of the sign-in page");
        Browser.screenshot(driver, "login");
        driver.findElement(By.name("token")).sendKeys(TokenProfile.TOKEN);
        driver.findElement(By.cssSelector("#login-form button")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> driver.getCurrentUrl().endsWith("/ui/services"));
        assertTrue(driver.getPageSource().contains("Sign out"), "signed in");

        Path marker = Files.createTempDirectory("hero-proc-driveby").resolve("pwned");
        DriveByBrowserTest.attackFails(driver, API, root.toString().replaceFirst("/$", ""),
                DriveByBrowserTest.victim(API), Names.unique("pwned"), marker);

        driver.get(root + "ui/services");
        assertTrue(driver.getPageSource().contains("Sign out"), "the session itself is untouched");
    }
}
