package io.heroproc.process;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A native image can only call a downcall whose descriptor and linker options its
 * reachability-metadata.json registers; otherwise the link fails at run time
 * (MissingForeignRegistrationError), which no build-time check sees. This test derives every
 * downcall the process layer links and checks that the file registers each one, the way
 * GraalVM's own parser reads it (types are {@link Linker#canonicalLayouts} names).
 */
class ForeignRegistrationTest {

    private static final String METADATA = "META-INF/native-image/io.heroproc/hero-proc/reachability-metadata.json";
    private static final Map<String, MemoryLayout> C_TYPES = Linker.nativeLinker().canonicalLayouts();
    /** The names a suggested entry uses, in order of preference (several names share a layout). */
    private static final List<String> PREFERRED_NAMES = List.of("int", "long", "short", "char", "void*", "bool",
            "float", "double", "size_t");
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

    /** What a downcall stub is registered by: its descriptor and its linker options. */
    record Stub(FunctionDescriptor descriptor, Set<Linker.Option> options) {
        static Stub of(FunctionDescriptor descriptor, Collection<Linker.Option> options) {
            return new Stub(unnamed(descriptor), Set.copyOf(options));
        }
    }

    @Test
    void everyDowncallOfTheProcessLayerIsRegisteredForTheNativeImage() {
        Map<Stub, List<String>> linked = new LinkedHashMap<>();
        Libc.link(downcall -> {
            linked.computeIfAbsent(Stub.of(downcall.descriptor, downcall.options), s -> new ArrayList<>())
                    .add(downcall.symbol);
            return Libc.linkNative(downcall);
        });
        assertEquals(Libc.Downcall.values().length, linked.values().stream().mapToInt(List::size).sum(),
                "Libc links each of its downcalls once, when it is built");

        Set<Stub> registered = registered();
        String missing = linked.entrySet().stream().filter(e -> !registered.contains(e.getKey()))
                .map(e -> e.getValue() + ": " + json(e.getKey())).collect(Collectors.joining("\n"));
        assertTrue(missing.isEmpty(), "add to src/main/resources/" + METADATA + " (\"foreign\".\"downcalls\"):\n"
                + missing);
        Set<Stub> unused = new HashSet<>(registered);
        unused.removeAll(linked.keySet());
        assertTrue(unused.isEmpty(), "registered but linked by nothing (remove from " + METADATA + "): "
                + unused.stream().map(ForeignRegistrationTest::json).toList());
    }

    /** The comparison is not vacuous: options and types tell registrations apart, as in the image. */
    @Test
    void aRegistrationMatchesOnlyItsExactDescriptorAndOptions() {
        Set<Stub> registered = registered();
        FunctionDescriptor fcntl = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
        assertTrue(registered.contains(Stub.of(fcntl, List.of(ERRNO, Linker.Option.firstVariadicArg(2)))));
        // setpriority has fcntl's types and captures errno, but is not variadic: a registration of its own.
        assertTrue(registered.contains(Stub.of(fcntl, List.of(ERRNO))), "setpriority");
        FunctionDescriptor prctl = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG);
        assertTrue(registered.contains(Stub.of(prctl, List.of(ERRNO, Linker.Option.firstVariadicArg(1)))));
        assertFalse(registered.contains(Stub.of(prctl, List.of(ERRNO))), "prctl is variadic from its second argument");
        assertFalse(registered.contains(Stub.of(fcntl, List.of(Linker.Option.firstVariadicArg(2)))),
                "fcntl captures errno");
        assertTrue(registered.contains(Stub.of(FunctionDescriptor.of(JAVA_LONG, JAVA_INT), List.of())), "sysconf");
        assertFalse(registered.contains(Stub.of(FunctionDescriptor.of(JAVA_LONG, JAVA_INT), List.of(ERRNO))),
                "sysconf captures no errno");
        assertFalse(registered.contains(Stub.of(FunctionDescriptor.of(JAVA_INT, JAVA_LONG), List.of())),
                "sysconf takes an int and returns a long, not the reverse");
        assertTrue(registered.contains(Stub.of(FunctionDescriptor.of(JAVA_INT, ADDRESS), List.of())));
    }

    /** Libc's table is the only way to a downcall, so no descriptor escapes the test above. */
    @Test
    void onlyLibcLinksForeignFunctions() throws IOException {
        Path libc = Path.of("src/main/java/io/heroproc/process/Libc.java");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<Path> offenders = files.filter(f -> f.toString().endsWith(".java") && !f.equals(libc))
                    .filter(f -> read(f).matches("(?s).*(downcallHandle|upcallStub)\\(.*")).toList();
            assertTrue(offenders.isEmpty(), "foreign functions linked outside Libc (add them to Libc.Downcall): "
                    + offenders);
        }
        String code = read(libc);
        assertEquals(1, code.split("\\.downcallHandle\\(", -1).length - 1, "Libc links in one place, linkNative");
        assertFalse(code.contains("upcallStub("), "upcalls would need their own registrations and checks");
    }

    /** The downcalls of the metadata file, read the way GraalVM's ForeignFunctionsConfigurationParser reads them. */
    private static Set<Stub> registered() {
        try (InputStream in = ForeignRegistrationTest.class.getClassLoader().getResourceAsStream(METADATA)) {
            assertTrue(in != null, METADATA + " is not on the class path");
            JsonNode foreign = new ObjectMapper().readTree(in).path("foreign");
            assertTrue(foreign.path("upcalls").isEmpty() && foreign.path("directUpcalls").isEmpty(),
                    "upcalls are registered but this test only knows downcalls");
            Set<Stub> stubs = new HashSet<>();
            for (JsonNode entry : foreign.path("downcalls")) {
                MemoryLayout[] parameters = new MemoryLayout[entry.path("parameterTypes").size()];
                for (int i = 0; i < parameters.length; i++) {
                    parameters[i] = layout(entry.path("parameterTypes").get(i).asText());
                }
                String returnType = entry.path("returnType").asText();
                FunctionDescriptor descriptor = "void".equals(returnType) ? FunctionDescriptor.ofVoid(parameters)
                        : FunctionDescriptor.of(layout(returnType), parameters);
                assertTrue(stubs.add(Stub.of(descriptor, options(entry.path("options")))),
                        "registered twice: " + entry);
            }
            return stubs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MemoryLayout layout(String type) {
        MemoryLayout layout = C_TYPES.get(type.trim().replaceAll("\\s+", " "));
        assertTrue(layout != null, "'" + type + "' is not a canonical layout name of this platform; the image "
                + "also reads struct(...), union(...), sequence(...), align(...), padding(...), which this test "
                + "would have to learn");
        return layout;
    }

    private static List<Linker.Option> options(JsonNode options) {
        List<Linker.Option> result = new ArrayList<>();
        options.fieldNames().forEachRemaining(name -> {
            JsonNode value = options.get(name);
            switch (name) {
                // Which state is captured does not matter to the stub: GraalVM registers "errno".
                case "captureCallState" -> {
                    if (value.asBoolean()) {
                        result.add(ERRNO);
                    }
                }
                case "firstVariadicArg" -> result.add(Linker.Option.firstVariadicArg(value.asInt()));
                case "critical" -> result.add(Linker.Option.critical(value.path("allowHeapAccess").asBoolean()));
                default -> throw new AssertionError("unknown downcall option '" + name + "' in " + METADATA);
            }
        });
        return result;
    }

    /** Names (and address target layouts) are not part of a stub: compare layouts without them. */
    private static FunctionDescriptor unnamed(FunctionDescriptor descriptor) {
        MemoryLayout[] arguments = descriptor.argumentLayouts().stream().map(ForeignRegistrationTest::unnamed)
                .toArray(MemoryLayout[]::new);
        return descriptor.returnLayout().map(r -> FunctionDescriptor.of(unnamed(r), arguments))
                .orElseGet(() -> FunctionDescriptor.ofVoid(arguments));
    }

    private static MemoryLayout unnamed(MemoryLayout layout) {
        if (layout instanceof AddressLayout address) {
            return address.withoutTargetLayout().withoutName();
        }
        if (layout instanceof ValueLayout value) {
            return value.withoutName();
        }
        throw new AssertionError("only value layouts are passed to libc here: " + layout);
    }

    /** The entry that registers {@code stub}, as it would be written in the metadata file. */
    private static String json(Stub stub) {
        String parameters = stub.descriptor().argumentLayouts().stream().map(l -> '"' + name(l) + '"')
                .collect(Collectors.joining(", "));
        List<String> options = new ArrayList<>();
        if (stub.options().contains(ERRNO)) {
            options.add("\"captureCallState\": true");
        }
        for (int i = 0; i <= stub.descriptor().argumentLayouts().size(); i++) {
            if (stub.options().contains(Linker.Option.firstVariadicArg(i))) {
                options.add("\"firstVariadicArg\": " + i);
            }
        }
        for (boolean heap : new boolean[] {false, true}) {
            if (stub.options().contains(Linker.Option.critical(heap))) {
                options.add("\"critical\": {\"allowHeapAccess\": " + heap + "}");
            }
        }
        String returnType = stub.descriptor().returnLayout().map(ForeignRegistrationTest::name).orElse("void");
        return "{\"returnType\": \"" + returnType + "\", \"parameterTypes\": [" + parameters + "]"
                + (options.isEmpty() ? "" : ", \"options\": {" + String.join(", ", options) + "}") + "}";
    }

    private static String name(MemoryLayout layout) {
        return PREFERRED_NAMES.stream().filter(n -> C_TYPES.containsKey(n) && unnamed(C_TYPES.get(n)).equals(layout))
                .findFirst().orElseThrow(() -> new AssertionError("no canonical name for " + layout));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
