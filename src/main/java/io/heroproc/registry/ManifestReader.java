package io.heroproc.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads manifests, YAML or JSON, as strictly as the API reads its bodies (snake_case keys, unknown
 * keys refused, no silent type coercion), reporting every problem as an {@link InvalidSpecException}
 * whose field is the path in the manifest ({@code services.web.restart.policy}) and whose message
 * carries the line. A directory is read as all its {@code *.yaml}, {@code *.yml} and
 * {@code *.json} files (sorted by name, hidden files skipped), merged; a name defined in two files
 * is an error naming both.
 */
public final class ManifestReader {

    /** The two notations a manifest can be written in. */
    public enum Format {
        JSON, YAML;

        /** By file extension ({@code .json} is JSON, anything else YAML, which also reads JSON). */
        public static Format of(Path file) {
            return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
        }
    }

    /** A manifest read from disk, and which file declared each name (for messages). */
    public record Loaded(Manifest manifest, List<Path> files, Map<String, Path> actionFiles,
            Map<String, Path> serviceFiles) {

        /** The file a field path such as {@code services.web.requires[0]} belongs to, if known. */
        public Path fileOf(String field) {
            if (files.size() == 1) {
                return files.getFirst();
            }
            Path found = owner(field, "actions.", actionFiles);
            return found != null ? found : owner(field, "services.", serviceFiles);
        }

        private static Path owner(String field, String prefix, Map<String, Path> names) {
            if (field == null || !field.startsWith(prefix)) {
                return null;
            }
            String rest = field.substring(prefix.length());
            Path best = null;
            int bestLength = -1;
            for (Map.Entry<String, Path> e : names.entrySet()) {
                String n = e.getKey();
                boolean match = rest.equals(n) || rest.startsWith(n + ".") || rest.startsWith(n + "[");
                if (match && n.length() > bestLength) {
                    best = e.getValue();
                    bestLength = n.length();
                }
            }
            return best;
        }
    }

    private static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private final ObjectMapper json;
    private final ObjectMapper yaml;
    private final java.util.function.Function<String, String> env;

    /**
     * @param json the application's mapper (snake_case, unknown properties refused, strict
     *     coercion); the YAML reader is a copy of it with a YAML parser
     */
    public ManifestReader(ObjectMapper json) {
        this(json, System::getenv);
    }

    /**
     * @param env where {@code ${VAR}} references are looked up (hero-proc's environment); null
     *     leaves them as written (the CLI, which sends what it read to the server to interpolate)
     */
    public ManifestReader(ObjectMapper json, java.util.function.Function<String, String> env) {
        this.json = json;
        this.yaml = json.copyWith(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
        this.env = env;
    }

    /** One manifest document; an empty document is refused (an empty manifest is written {@code {}}). */
    public Manifest read(byte[] content, Format format) {
        return read(content, format, null);
    }

    /** As {@link #read(byte[], Format)}; {@code source} (a file name) is named in messages. */
    public Manifest read(byte[] content, Format format, String source) {
        return read(content, format, source, null);
    }

    /**
     * As {@link #read(byte[], Format)}, with {@code ${VAR}} references replaced and the top-level
     * {@code env}/{@code env_file} handed to each action; relative env files are resolved against
     * {@code base}, the manifest's directory (null: there is none, they must be absolute).
     */
    public Manifest read(byte[] content, Format format, String source, Path base) {
        ObjectMapper mapper = format == Format.JSON ? json : yaml;
        Manifest manifest;
        try (JsonParser parser = env == null ? mapper.createParser(content)
                : new Interpolation(mapper.createParser(content), env)) {
            manifest = mapper.readValue(parser, Manifest.class);
        } catch (JsonProcessingException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof InvalidSpecException unset) {
                    FieldError f = unset.errors().getFirst();
                    throw new InvalidSpecException(f.field(), (source == null ? "" : source + ": ") + f.message());
                }
            }
            throw new InvalidSpecException(List.of(describe(e, format, source)));
        } catch (IOException e) {
            throw new InvalidSpecException("body", where(null, source) + "cannot be read: " + e.getMessage());
        }
        if (manifest == null) {
            throw new InvalidSpecException("body", where(null, source) + "is empty: a manifest is an object "
                    + "{actions: {NAME: ACTION}, services: {NAME: SERVICE}} (write {} for an empty one)");
        }
        return ManifestEnv.apply(manifest, base);
    }

    /**
     * A manifest file, or a directory of them merged, with every file they {@code include}
     * (relative to the including file; a directory includes its manifest files). A file is read
     * once however often it is included; an include cycle or a missing file is an error naming
     * the files.
     */
    public Loaded read(Path path) {
        Includes seen = new Includes(Files.isDirectory(path) ? path : path.toAbsolutePath().getParent());
        for (Path file : files(path)) {
            seen.visit(file, file.equals(path) ? null : seen.display(file));
        }
        if (!seen.errors.isEmpty()) {
            throw new InvalidSpecException(seen.errors);
        }
        return new Loaded(seen.merged, List.copyOf(seen.files), seen.actionFiles, seen.serviceFiles);
    }

    /** The walk over files and their includes, merging as it goes. */
    private final class Includes {
        final Path base;
        final Manifest merged = Manifest.empty();
        final List<Path> files = new ArrayList<>();
        final Map<String, Path> actionFiles = new LinkedHashMap<>();
        final Map<String, Path> serviceFiles = new LinkedHashMap<>();
        final Map<String, Path> webhookFiles = new LinkedHashMap<>();
        final List<FieldError> errors = new ArrayList<>();
        final java.util.Set<Path> read = new java.util.HashSet<>();
        final java.util.ArrayDeque<Path> chain = new java.util.ArrayDeque<>();

        Includes(Path base) {
            this.base = base == null ? Path.of("") : base;
        }

        String display(Path file) {
            Path abs = file.toAbsolutePath().normalize();
            Path b = base.toAbsolutePath().normalize();
            return abs.startsWith(b) ? b.relativize(abs).toString() : abs.toString();
        }

        void visit(Path file, String source) {
            Path key = real(file);
            if (!read.add(key)) {
                return;
            }
            files.add(file);
            Manifest m;
            try {
                m = ManifestReader.this.read(bytes(file), Format.of(file), source, file.toAbsolutePath().getParent());
            } catch (InvalidSpecException e) {
                errors.addAll(e.errors());
                return;
            }
            merge("actions", m.actions(), merged.actions(), file, actionFiles, errors);
            merge("services", m.services(), merged.services(), file, serviceFiles, errors);
            merge("webhooks", m.webhooks(), merged.webhooks(), file, webhookFiles, errors);
            chain.push(key);
            for (int i = 0; i < m.include().size(); i++) {
                include(file, source, "include[" + i + "]", m.include().get(i));
            }
            chain.pop();
        }

        private void include(Path from, String source, String field, String entry) {
            String at = "(" + (source == null ? from.getFileName() : source) + ") ";
            if (entry == null || entry.isBlank()) {
                errors.add(new FieldError(field, at + "must be a file or directory path, relative to this file"));
                return;
            }
            Path target = from.toAbsolutePath().getParent().resolve(entry).normalize();
            if (!Files.exists(target)) {
                errors.add(new FieldError(field, at + "includes " + entry + ": no such file or directory ("
                        + target + ")"));
                return;
            }
            List<Path> targets;
            try {
                targets = files(target);
            } catch (InvalidSpecException e) {
                errors.add(new FieldError(field, at + "includes " + entry + ": " + e.errors().getFirst().message()));
                return;
            }
            for (Path t : targets) {
                if (chain.contains(real(t))) {
                    errors.add(new FieldError(field, at + "includes " + display(t) + ", which is already being read"
                            + " (an include cycle: " + cycle(real(t)) + ")"));
                    continue;
                }
                visit(t, display(t));
            }
        }

        private String cycle(Path back) {
            List<String> names = new ArrayList<>();
            for (java.util.Iterator<Path> it = chain.descendingIterator(); it.hasNext();) {
                Path p = it.next();
                if (!names.isEmpty() || p.equals(back)) {
                    names.add(display(p));
                }
            }
            names.add(display(back));
            return String.join(" -> ", names);
        }
    }

    private static Path real(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    private static <T> void merge(String section, Map<String, T> from, Map<String, T> into, Path file,
            Map<String, Path> owners, List<FieldError> errors) {
        for (Map.Entry<String, T> e : from.entrySet()) {
            Path first = owners.putIfAbsent(e.getKey(), file);
            if (first != null) {
                errors.add(new FieldError(section + "." + e.getKey(), "is defined in both " + first.getFileName()
                        + " and " + file.getFileName() + " (a name may be defined only once)"));
            } else {
                into.put(e.getKey(), e.getValue());
            }
        }
    }

    private static List<Path> files(Path path) {
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> entries = Files.list(path)) {
                files = entries.filter(ManifestReader::isManifestFile).sorted().toList();
            } catch (IOException e) {
                throw new InvalidSpecException("manifest", "cannot list directory " + path + ": " + e.getMessage());
            }
            if (files.isEmpty()) {
                throw new InvalidSpecException("manifest", "directory " + path
                        + " holds no manifest (*.yaml, *.yml or *.json)");
            }
            return files;
        }
        if (!Files.exists(path)) {
            throw new InvalidSpecException("manifest", "no such file or directory: " + path);
        }
        return List.of(path);
    }

    private static boolean isManifestFile(Path p) {
        String name = p.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && Files.isRegularFile(p)
                && (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json"));
    }

    private static byte[] bytes(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InvalidSpecException("manifest", file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidSpecException("manifest", "no such file: " + file);
        } catch (IOException e) {
            throw new InvalidSpecException("manifest", "cannot read " + file + ": " + e.getMessage());
        }
    }

    // ---- errors

    private static FieldError describe(JsonProcessingException e, Format format, String source) {
        String at = where(e.getLocation(), source);
        if (e instanceof UnrecognizedPropertyException u) {
            return new FieldError(JsonPaths.of(u), at + "unknown field" + known(u.getKnownPropertyIds()));
        }
        if (e instanceof MismatchedInputException m) {
            if (String.valueOf(m.getOriginalMessage()).startsWith("Trailing token")) {
                return new FieldError("body", at + "has more content after the " + (format == Format.YAML
                        ? "first document" : "JSON value"));
            }
            String expected = m.getTargetType() == null ? "a different value" : kind(m.getTargetType());
            boolean text = m.getTargetType() == String.class || m.getTargetType() == EnvValue.class;
            String hint = format == Format.YAML && text ? " (quote it in YAML)" : "";
            return new FieldError(JsonPaths.of(m), at + "has the wrong type: expected " + expected + hint);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException p && p.getProcessor() instanceof JsonParser parser) {
                if (p instanceof InputCoercionException) {
                    return new FieldError(JsonPaths.of(parser.getParsingContext()), at + "is out of range");
                }
                if (String.valueOf(p.getOriginalMessage()).startsWith("Duplicate field")) {
                    return new FieldError(JsonPaths.of(parser.getParsingContext()),
                            at + "is given twice (a key may appear only once)");
                }
            }
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return new FieldError(JsonPaths.of(m), at + "cannot be read: " + m.getOriginalMessage());
        }
        return new FieldError("body", at + "is not valid " + format + ": " + firstLine(e.getOriginalMessage()));
    }

    /** {@code "(web.yaml line 3) "}, {@code "(line 3) "} or {@code ""}. */
    private static String where(JsonLocation location, String source) {
        boolean line = location != null && location.getLineNr() > 0;
        if (source == null && !line) {
            return "";
        }
        String s = (source == null ? "" : source) + (source != null && line ? " " : "")
                + (line ? "line " + location.getLineNr() : "");
        return "(" + s + ") ";
    }

    private static String known(Collection<Object> known) {
        if (known == null || known.isEmpty()) {
            return "";
        }
        return "; expected one of: " + String.join(", ", known.stream().map(String::valueOf).sorted().toList());
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static String kind(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == EnvValue.class) {
            return "a string, or {value, secret}";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object (a mapping of keys to values)";
    }
}
