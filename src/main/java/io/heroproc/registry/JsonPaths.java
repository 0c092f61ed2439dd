package io.heroproc.registry;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;

/** JSON locations spelled like the field names of validation errors ({@code stop.signal}, {@code actions[2]}). */
public final class JsonPaths {

    private JsonPaths() {
    }

    /** Where a mapping error happened; {@code body} for the document itself. */
    public static String of(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    /** Where a parser stands; {@code body} at the top. */
    public static String of(JsonStreamContext context) {
        StringBuilder sb = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                sb.insert(0, "." + c.getCurrentName());
            } else if (c.inArray()) {
                sb.insert(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
            }
        }
        return sb.isEmpty() ? "body" : sb.charAt(0) == '.' ? sb.substring(1) : sb.toString();
    }
}
