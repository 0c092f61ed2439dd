package io.heroproc.cli;

/** The help text. */
final class Usage {

    private Usage() {
    }

    static final String TEXT = """
            Usage: hero-proc [COMMAND ...] [--json]

            Server:
              hero-proc                       start the supervisor (same as: hero-proc serve)
              hero-proc serve
              hero-proc version               the client's version (also: --version)

            Services:
              service list                    every service: NAME STATE WANTED PIDS RESTARTS REASON
              service status NAME             state, reason, pids ...; next_run_at for a schedule
              service start|stop|restart|kill NAME
                                              act now and print the status that follows
              service signal NAME SIGNAL      send SIGNAL (HUP, SIGUSR1, 10...) to every process of
                                              its running jobs
              service wanted NAME start|stop|ignore|spec
              service scale NAME ACTION N     run N replicas of one of its process actions, live
              service get NAME
              service set NAME -f FILE        create or replace from a JSON or YAML spec
              service delete NAME

            Actions:
              action list
              action get NAME
              action set NAME [-f FILE] [--script S] [--interpreter I] [--kind process|oneshot]
                              [--timeout D] [--cwd DIR] [--user U] [--env K=V]... [--requires A]...
                              [--after A]... [--health TYPE:TARGET] [--stop-signal SIG] [--stop-grace D]
                                              options override what FILE says; the action is replaced
              action delete NAME

            Quick services:
              quick NAME [--interpreter I] [--kind K] [--env K=V]... [--cwd DIR] [--no-start] -- CMD...
                                              several words are an argv, quoted so exec runs them as
                                              given; a single word is the command line itself

            History and output:
              run list [--service S] [--status S] [--limit N] [--offset N]
              run get ID                      a run and its jobs
              job list [--service S] [--phase P] [--limit N] [--offset N]
              job get ID
              logs SERVICE|JOB [-f] [-n N|all] [--stream stdout|stderr] [--limit N] [--after SEQ]
                   [--service] [--raw]        the last 100 lines (-n), then with -f the new ones as
                                              they come; --after/--limit page from a cursor instead;
                                              a number is a job id (--service: it is a service name);
                                              control characters are shown as \\xNN unless --raw

            Events:
              events [-f] [--service S] [--type T,...] [--limit N]
                                              what happened and who did it (-f: then live)

            Manifests:
              apply -f FILE|DIR [--prune]     apply a YAML or JSON manifest, or every *.yaml, *.yml and
                                              *.json of a directory; files named in include: are read
                                              here, relative to the including file, and sent with it
              import FILE [--from process-compose|supervisord] [--apply [--prune]]
                                              print the hero-proc manifest equivalent to a
                                              process-compose.yaml or supervisord.conf (--apply: apply
                                              it); what cannot be carried over is a warning on stderr

            Options:
              --json                          print the server's JSON answer (for scripts)
              --socket PATH                   talk to hero-proc through its Unix socket at PATH
              -h, --help                      this text

            Environment:
              HERO_PROC_URL                   server URL (default http://127.0.0.1:9360)
              HERO_PROC_TOKEN                 sent as a bearer token when set (not over the socket)
              HERO_PROC_SOCKET                the API socket (default $HERO_PROC_DATA_DIR/hero-proc.sock,
                                              data dir default ./data); used when it exists and
                                              HERO_PROC_URL is not set: no port, no token needed

            Exit status: 0 ok, 1 refused by the server, 2 usage error, 3 server unreachable.
            """;
}
