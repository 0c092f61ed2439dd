package io.heroproc.registry;

/** No stored object of that kind has that name or id. */
public class UnknownNameException extends RuntimeException {

    public UnknownNameException(String kind, Object name) {
        super("no " + kind + " named '" + name + "'");
    }

    public static UnknownNameException id(String kind, long id) {
        return new UnknownNameException(kind, id, true);
    }

    private UnknownNameException(String kind, long id, boolean byId) {
        super("no " + kind + " with id " + id);
    }
}
