package io.heroproc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/** {@code run list|get} and {@code job list|get}: the history of what was started. */
final class RunCommands {

    private RunCommands() {
    }

    static int run(Context cx, List<String> words) {
        String sub = words.isEmpty() ? "" : words.getFirst();
        List<String> rest = words.isEmpty() ? List.of() : words.subList(1, words.size());
        switch (sub) {
            case "list" -> listRuns(cx, CliArgs.parse("run list", rest, "--service=", "--status=", "--limit=",
                    "--offset=").atMost(0));
            case "get" -> getRun(cx, CliArgs.parse("run get", rest).atMost(1));
            default -> throw CliException.usage(sub.isEmpty() ? "'run' needs a subcommand: list, get"
                    : "unknown subcommand 'run " + sub + "' (expected list, get)");
        }
        return 0;
    }

    static int job(Context cx, List<String> words) {
        String sub = words.isEmpty() ? "" : words.getFirst();
        List<String> rest = words.isEmpty() ? List.of() : words.subList(1, words.size());
        switch (sub) {
            case "list" -> listJobs(cx, CliArgs.parse("job list", rest, "--service=", "--phase=", "--limit=",
                    "--offset=").atMost(0));
            case "get" -> getJob(cx, CliArgs.parse("job get", rest).atMost(1));
            default -> throw CliException.usage(sub.isEmpty() ? "'job' needs a subcommand: list, get"
                    : "unknown subcommand 'job " + sub + "' (expected list, get)");
        }
        return 0;
    }

    /** A numeric id, checked here so that "run get foo" is a usage error and not a server 404. */
    static String id(CliArgs a, String what) {
        String text = a.positional(0, "a " + what + " ID");
        return Long.toString(CliArgs.number(what + " ID", text));
    }

    private static String paging(CliArgs a) {
        String limit = a.value("--limit");
        String offset = a.value("--offset");
        return (limit == null ? "" : "&limit=" + CliArgs.number("--limit", limit))
                + (offset == null ? "" : "&offset=" + CliArgs.number("--offset", offset));
    }

    private static String withPaging(String query, CliArgs a) {
        String p = paging(a);
        if (p.isEmpty()) {
            return query;
        }
        return query.isEmpty() ? "?" + p.substring(1) : query + p;
    }

    private static void listRuns(Context cx, CliArgs a) {
        String q = withPaging(ApiClient.query("service", a.value("--service"), "status", a.value("--status")), a);
        JsonNode runs = cx.api().get("/api/v1/runs" + q).json();
        cx.out().show(runs, () -> {
            Table t = new Table("ID", "SERVICE", "STATUS", "RESTARTS", "STARTED", "ENDED", "REASON");
            for (JsonNode r : runs) {
                t.row(Cells.text(r, "id"), Cells.text(r, "service"), Cells.text(r, "status"),
                        Cells.text(r, "restarts"), Cells.time(r, "started_at"), Cells.time(r, "ended_at"),
                        Cells.text(r, "reason"));
            }
            cx.out().table(t);
        });
    }

    private static void getRun(Context cx, CliArgs a) {
        JsonNode run = cx.api().get("/api/v1/runs/" + id(a, "run")).json();
        cx.out().show(run, () -> {
            cx.out().fields(run, Set.of("jobs"));
            cx.out().out.println();
            cx.out().table(jobs(run.path("jobs"), false));
        });
    }

    private static Table jobs(JsonNode jobs, boolean withService) {
        Table t = withService
                ? new Table("ID", "RUN", "SERVICE", "ACTION", "ATTEMPT", "PHASE", "PID", "EXIT", "STARTED", "ENDED",
                        "REASON")
                : new Table("ID", "ACTION", "ATTEMPT", "PHASE", "PID", "EXIT", "STARTED", "ENDED", "REASON");
        for (JsonNode j : jobs) {
            if (withService) {
                t.row(Cells.text(j, "id"), Cells.text(j, "run_id"), Cells.text(j, "service"), Cells.text(j, "action"),
                        Cells.text(j, "attempt"), Cells.text(j, "phase"), Cells.text(j, "pid"), Cells.exit(j),
                        Cells.time(j, "started_at"), Cells.time(j, "ended_at"), Cells.text(j, "reason"));
            } else {
                t.row(Cells.text(j, "id"), Cells.text(j, "action"), Cells.text(j, "attempt"), Cells.text(j, "phase"),
                        Cells.text(j, "pid"), Cells.exit(j), Cells.time(j, "started_at"), Cells.time(j, "ended_at"),
                        Cells.text(j, "reason"));
            }
        }
        return t;
    }

    private static void listJobs(Context cx, CliArgs a) {
        String q = withPaging(ApiClient.query("service", a.value("--service"), "phase", a.value("--phase")), a);
        JsonNode jobs = cx.api().get("/api/v1/jobs" + q).json();
        cx.out().show(jobs, () -> cx.out().table(jobs(jobs, true)));
    }

    private static void getJob(Context cx, CliArgs a) {
        JsonNode job = cx.api().get("/api/v1/jobs/" + id(a, "job")).json();
        cx.out().show(job, () -> cx.out().fields(job));
    }
}
