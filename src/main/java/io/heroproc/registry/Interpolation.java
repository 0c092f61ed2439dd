package io.heroproc.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in a manifest's string values, from hero-proc's
 * environment, as Docker Compose does; {@code $$} is a literal {@code $}. It works on the parser's
 * string tokens, so YAML quoting stays what it was and errors keep their line numbers. A variable
 * that is not set and has no default is an error naming the field: a silently empty value is how
 * a manifest ends up running the wrong thing. Anything else after a {@code $} is left as written
 * ({@code $HOME} and {@code ${arr[@]}} reach a shell script unchanged).
 */
final class Interpolation extends JsonParserDelegate {

    private static final Pattern REF = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Function<String, String> env;
    private String current;

    Interpolation(JsonParser parser, Function<String, String> env) {
        super(parser);
        this.env = env;
    }

    /** {@code text} with its references replaced; throws when one names an unset variable. */
    static String apply(String text, Function<String, String> env, String field) {
        if (text == null || text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String value = env.apply(m.group(1));
                if (value == null) {
                    if (m.group(2) == null) {
                        throw new InvalidSpecException(field, "refers to ${" + m.group(1) + "}, which is not set in "
                                + "hero-proc's environment (give a default with ${" + m.group(1) + ":-value}, or write "
                                + "$${" + m.group(1) + "} for a literal ${" + m.group(1) + "})");
                    }
                    value = m.group(2);
                }
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public JsonToken nextToken() throws IOException {
        current = null;
        return super.nextToken();
    }

    @Override
    public JsonToken nextValue() throws IOException {
        current = null;
        return super.nextValue();
    }

    @Override
    public String getText() throws IOException {
        if (!hasToken(JsonToken.VALUE_STRING)) {
            return super.getText();
        }
        if (current == null) {
            String at = JsonPaths.of(getParsingContext());
            int line = getCurrentLocation().getLineNr();
            try {
                current = apply(super.getText(), env, at);
            } catch (InvalidSpecException e) {
                throw new InvalidSpecException(at, (line > 0 ? "(line " + line + ") " : "")
                        + e.errors().getFirst().message());
            }
        }
        return current;
    }

    @Override
    public String getValueAsString() throws IOException {
        return hasToken(JsonToken.VALUE_STRING) ? getText() : super.getValueAsString();
    }

    @Override
    public String getValueAsString(String defaultValue) throws IOException {
        return hasToken(JsonToken.VALUE_STRING) ? getText() : super.getValueAsString(defaultValue);
    }

    @Override
    public char[] getTextCharacters() throws IOException {
        return hasToken(JsonToken.VALUE_STRING) ? getText().toCharArray() : super.getTextCharacters();
    }

    @Override
    public int getTextLength() throws IOException {
        return hasToken(JsonToken.VALUE_STRING) ? getText().length() : super.getTextLength();
    }

    @Override
    public int getTextOffset() throws IOException {
        return hasToken(JsonToken.VALUE_STRING) ? 0 : super.getTextOffset();
    }
}
