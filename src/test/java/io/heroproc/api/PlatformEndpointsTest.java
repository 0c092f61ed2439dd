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
        given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
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
