package io.heroproc.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.heroproc.process.Signals;
import io.heroproc.registry.InvalidSpecException;

/** The {@code signal} of a request: a name ({@code HUP}, {@code SIGHUP}) or a number 1–64, as JSON string or number. */
final class SignalNames {

    private SignalNames() {
    }

    static int number(JsonNode signal) {
        if (signal == null || signal.isNull()) {
            throw new InvalidSpecException("signal", "is required: a signal name such as HUP or SIGHUP, or a number 1-"
                    + Signals.MAX);
        }
        if (!signal.isTextual() && !signal.isIntegralNumber()) {
            throw new InvalidSpecException("signal", "must be a signal name (a string) or number, got " + signal.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT));
        }
        String text = signal.asText().trim();
        long number;
        if (signal.isIntegralNumber() || text.matches("-?\\d+")) {
            number = text.length() > 4 ? -1 : Long.parseLong(text);
        } else {
            try {
                number = Signals.number(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidSpecException("signal", "unknown signal '" + shorten(text) + "': use a name such as "
                        + "HUP, TERM, USR1 (SIG prefix optional) or a number 1-" + Signals.MAX);
            }
        }
        if (number < 1 || number > Signals.MAX) {
            throw new InvalidSpecException("signal", "signal numbers go from 1 to " + Signals.MAX + ", got '"
                    + shorten(text) + "'");
        }
        return (int) number;
    }

    private static String shorten(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 40 ? printable.substring(0, 37) + "..." : printable;
    }
}
