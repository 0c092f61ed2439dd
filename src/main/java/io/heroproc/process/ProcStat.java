package io.heroproc.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;

/**
 * One line of {@code /proc/<pid>/stat}, the fields hero-proc uses (see proc(5)). Times are in
 * clock ticks, {@code rssPages} in pages.
 */
record ProcStat(long pid, char state, long ppid, long pgrp, long session, long cpuTicks,
                long startTime, long rssPages) {

    private static final Path PROC = Path.of("/proc");

    boolean zombie() {
        return state == 'Z' || state == 'X';
    }

    /** Empty if there is no such process (or it vanished while being read). */
    static Optional<ProcStat> read(long pid) {
        try {
            return Optional.of(parse(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"),
                    StandardCharsets.ISO_8859_1)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static ProcStat parse(String line) {
        // comm (field 2) may contain spaces and parentheses: the fields after it follow the last ')'.
        int close = line.lastIndexOf(')');
        long pid = Long.parseLong(line.substring(0, line.indexOf(' ')));
        String[] f = line.substring(close + 2).trim().split(" ");
        // f[i] is field i + 3 of proc(5).
        long cpu = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        return new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]),
                Long.parseLong(f[3]), cpu, Long.parseLong(f[19]), Long.parseLong(f[21]));
    }

    /**
     * Every process visible in {@code /proc} but this one. hero-proc is never a member of a job's
     * group, and its own {@code stat} is the costly one: the kernel sums it over all our threads,
     * and with 1,000 jobs a read of it was seen to take 8 s while jobs exited.
     */
    static List<ProcStat> all() {
        List<ProcStat> result = new ArrayList<>();
        String self = Long.toString(ProcessHandle.current().pid());
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC,
                p -> isNumeric(p.getFileName().toString()) && !p.getFileName().toString().equals(self))) {
            for (Path dir : dirs) {
                read(Long.parseLong(dir.getFileName().toString())).ifPresent(result::add);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return result;
    }


    static boolean isAlive(ProcessId id) {
        return read(id.pid()).filter(s -> !s.zombie() && s.startTime() == id.startTimeTicks()).isPresent();
    }

    /**
     * Whether a signal for {@code id} may be sent: not if the pid now belongs to another process.
     * Once the leader is gone its pid cannot be recycled while members of its group remain (the
     * kernel keeps the number as their pgid), so a group without its leader is still safe to signal.
     */
    static boolean safeToSignal(ProcessId id) {
        Optional<ProcStat> leader = read(id.pid());
        if (leader.isPresent()) {
            return leader.get().startTime() == id.startTimeTicks();
        }
        return id.leadsGroup();
    }


    /** The live (non-zombie) processes, by process group, from one scan of {@code /proc}. */
    static Map<Long, List<ProcStat>> liveGroups() {
        return all().stream().filter(s -> !s.zombie()).collect(Collectors.groupingBy(ProcStat::pgrp));
    }


    /** The effective uid of this process, from {@code /proc/self/status}. */
    static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(PROC.resolve("self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status", e);
        }
        throw new IllegalStateException("no Uid line in /proc/self/status");
    }

    private static boolean isNumeric(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }
}
