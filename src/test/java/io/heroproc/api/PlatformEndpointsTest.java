package io.heroproc.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlatformEndpointsTest {

    @Test
    void healthIsUp() {
        // Liveness only: readiness follows the services other test classes leave failed on purpose.
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().body("checks.name", org.hamcrest.Matchers.hasItem(
                "wanted services running"));
    }

    @Test
    void openApiDocumentListsTheApi() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("hero-proc API"))
                .body("paths.'/api/v1/services'", notNullValue())
                .body("paths.'/api/v1/services/status'", notNullValue())
                .body("paths.'/api/v1/actions/{name}'.put", notNullValue())
                .body("paths.'/api/v1/quick-services'.post", notNullValue());
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/services"));
    }

    @Test
    void swaggerUiIsServed() {
        given().when().get("/q/swagger-ui").then().statusCode(200).body(containsString("swagger"));
    }
}
