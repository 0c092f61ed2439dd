package io.heroproc.api;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.heroproc.registry.ConflictException;
import io.heroproc.registry.FieldError;
import io.heroproc.registry.InvalidSpecException;
import io.heroproc.registry.JsonPaths;
import io.heroproc.registry.UnknownNameException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into a problem document; no request ever sees a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalid(InvalidSpecException e) {
        String detail = e.errors().stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return Problem.response(400, "Invalid request", detail, e.errors());
    }

    @ServerExceptionMapper
    public Response unknown(UnknownNameException e) {
        return Problem.response(404, "Not found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return Problem.response(409, "Conflict", e.getMessage(), List.of(new FieldError(e.field(), e.getMessage())));
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return Problem.badRequest(JsonPaths.of(e), "unknown field");
    }

    @ServerExceptionMapper
    public Response badValue(InvalidFormatException e) {
        return Problem.badRequest(JsonPaths.of(e), "cannot read " + describe(e.getValue()) + " as "
                + e.getTargetType().getSimpleName().toLowerCase(java.util.Locale.ROOT));
    }

    @ServerExceptionMapper
    public Response mismatch(MismatchedInputException e) {
        if (String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
            return Problem.badRequest("body", "has more content after the JSON value");
        }
        String expected = e.getTargetType() == null ? "a different value" : jsonKind(e.getTargetType());
        return Problem.badRequest(JsonPaths.of(e), "has the wrong type: expected " + expected);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return json(e);
    }

    private Response json(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return unknownField(u);
        }
        if (e instanceof InvalidFormatException f) {
            return badValue(f);
        }
        if (e instanceof MismatchedInputException m) {
            return mismatch(m);
        }
        // Errors the parser raises at a key or value (a duplicate key, a number too large for its
        // field) name that field; inside a nested object they arrive wrapped in a mapping exception.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException p && p.getProcessor() instanceof JsonParser parser) {
                if (p instanceof InputCoercionException) {
                    return Problem.badRequest(JsonPaths.of(parser.getParsingContext()), "is out of range: "
                            + p.getOriginalMessage());
                }
                if (String.valueOf(p.getOriginalMessage()).startsWith("Duplicate field")) {
                    return Problem.badRequest(JsonPaths.of(parser.getParsingContext()),
                            "is given twice (a key may appear only once)");
                }
            }
        }
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        return Problem.badRequest("body", "is not valid JSON" + where + ": " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        Response r = e.getResponse();
        String title = r.getStatusInfo().getReasonPhrase();
        return Problem.response(r.getStatus(), title == null ? "Error" : title, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("request failed", e);
        return Problem.response(500, "Internal error", "hero-proc could not complete the request; the server log has "
                + "the details");
    }

    private static String describe(Object value) {
        String s = String.valueOf(value);
        return "'" + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "'";
    }

    private static String jsonKind(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
