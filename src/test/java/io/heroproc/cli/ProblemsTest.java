package io.heroproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProblemsTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return M.readTree(s);
    }

    @Test
    void theDetailIsTheMessage() throws Exception {
        assertEquals("no service named 'x'", Problems.describe(404, json("""
                {"type":"t","title":"Not found","status":404,"detail":"no service named 'x'","errors":[]}"""), "",
                "GET", "/p"));
    }

    @Test
    void fieldErrorsAreAddedUnlessTheDetailSpellsThemOut() throws Exception {
        assertEquals("name: must match [a-z]", Problems.describe(400, json("""
                {"title":"Invalid request","detail":"name: must match [a-z]",
                 "errors":[{"field":"name","message":"must match [a-z]"}]}"""), "", "PUT", "/p"));
        assertEquals("invalid spec (kind: must be process or oneshot; timeout: too long)", Problems.describe(400,
                json("""
                        {"title":"Invalid request","detail":"invalid spec","errors":[
                          {"field":"kind","message":"must be process or oneshot"},
                          {"field":"timeout","message":"too long"}]}"""), "", "PUT", "/p"));
    }

    @Test
    void anythingElseIsDescribedByStatusAndFirstLine() {
        assertEquals("HTTP 502 from GET /api/v1/services: <html>bad gateway", Problems.describe(502, null,
                "<html>bad gateway\n<body>", "GET", "/api/v1/services"));
        assertEquals("HTTP 405 from POST /x", Problems.describe(405, null, "", "POST", "/x"));
    }
}
