package io.heroproc.api;

import io.heroproc.registry.FieldError;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** An RFC 9457 problem document: every error the API gives has this shape. */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail, List<FieldError> errors) {
        String type = "urn:hero-proc:problem:" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        return new Problem(type, title, status, detail, errors);
    }

    public static Response response(int status, String title, String detail, List<FieldError> errors) {
        return Response.status(status).type(MEDIA_TYPE).entity(of(status, title, detail, errors)).build();
    }

    public static Response response(int status, String title, String detail) {
        return response(status, title, detail, List.of());
    }

    public static Response badRequest(String field, String message) {
        return response(400, "Invalid request", field + ": " + message, List.of(new FieldError(field, message)));
    }
}
