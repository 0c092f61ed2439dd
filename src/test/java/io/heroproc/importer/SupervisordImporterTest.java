package io.heroproc.importer;

import static io.heroproc.importer.ImportFixtures.bytes;
import static io.heroproc.importer.ImportFixtures.env;
import static io.heroproc.importer.ImportFixtures.readBack;
import static io.heroproc.importer.ImportFixtures.warned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.registry.ActionSpec;
import io.heroproc.registry.Manifest;
import io.heroproc.registry.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** supervisord's own sample and test configurations, converted and read back as hero-proc manifests. */
class SupervisordImporterTest {

    private static ImportedManifest imported(String resource) {
        return SupervisordImporter.read("/etc/supervisor/" + resource, bytes(resource), Map.of("HOME", "/home/me"));
    }

    private static ImportedManifest imported(String file, String text) {
        return SupervisordImporter.read(file, text.getBytes(StandardCharsets.UTF_8), Map.of("HOME", "/home/me"));
    }

    @Test
    void theSampleProgramSectionCarriesOverEveryMappedKey() {
        ImportedManifest imported = imported("supervisord-sample-program.conf");
        Manifest m = readBack(imported);
        ActionSpec a = m.actions().get("theprogramname");
        assertEquals("exec", a.interpreter(), "supervisord execs without a shell");
        assertEquals("/bin/cat", a.script(), "the inline comment is not part of the command");
        assertEquals("/tmp", a.cwd());
        assertEquals("chrism", a.user());
        assertEquals(Map.of("A", "1", "B", "2"), env(a), "environment=A=\"1\",B=\"2\"");
        assertEquals(new ActionSpec.Stop("QUIT", "10s", null, null), a.stop(), "stopsignal, stopwaitsecs");
        ServiceSpec s = m.services().get("theprogramname");
        assertEquals("start", s.wanted(), "autostart=true");
        assertEquals(new ServiceSpec.Restart("on-failure", null, "1s", 3), s.restart(),
                "autorestart=unexpected with exitcodes=0; startretries=3 within startsecs=1");
        assertTrue(warned(imported, "[program:theprogramname] priority: not carried over"), imported.warnings()::toString);
        assertTrue(warned(imported, "[program:theprogramname] umask: not carried over"));
        assertTrue(warned(imported, "[program:theprogramname] stopasgroup: not carried over"));
        assertTrue(warned(imported, "[program:theprogramname] redirect_stderr: not carried over"));
        assertTrue(warned(imported, "[program:theprogramname] stdout_logfile: not carried over"));
        assertTrue(!warned(imported, "exitcodes") && !warned(imported, "numprocs") && !warned(imported, "process_name"),
                "the defaults need no warning");
        assertNull(a.successExitCodes(), "exitcodes=0 is hero-proc's default");
        assertNull(a.replicas(), "numprocs=1 is hero-proc's default");
    }

    @Test
    void expansionsOfHereAndSectionsThatAreNotPrograms() {
        ImportedManifest imported = imported("supervisord-issue-565.conf");
        Manifest m = readBack(imported);
        assertEquals("bash /etc/supervisor/hello.sh", m.actions().get("hello").script(), "%(here)s is the file's directory");
        assertEquals(new ServiceSpec.Restart("never", null, null, null), m.services().get("hello").restart(),
                "autorestart=false");
        assertEquals(1, m.actions().size(), "the event listener is not a program");
        assertTrue(warned(imported, "[eventlistener:listener]: not carried over"));
        assertTrue(warned(imported, "[unix_http_server]: not carried over"));
        assertTrue(warned(imported, "[supervisord] pidfile: not carried over"));
    }

    @Test
    void startsecsZeroLeavesRestartsUnlimited() {
        Manifest m = readBack(imported("supervisord-issue-1054.conf"));
        assertEquals("/bin/cat", m.actions().get("cat").script(), "'command = /bin/cat' with spaces round the =");
        assertEquals(new ServiceSpec.Restart("on-failure", null, null, null), m.services().get("cat").restart());
    }

    @Test
    void numprocsExitcodesAndExpansions() {
        ImportedManifest imported = imported("/srv/app/supervisord.conf", """
                [supervisord]
                environment=LANG="C.UTF-8"

                [program:Web_App]
                command=/usr/bin/gunicorn --bind 127.0.0.1:80%(process_num)02d app:%(program_name)s
                  --workers 2   ; a continuation line
                process_name=%(program_name)s_%(process_num)02d
                numprocs=4
                directory=%(ENV_HOME)s/app
                environment=PATH="/usr/bin:/bin",GREETING='a, b',EMPTY="",DEBUG=true,NOTHING=null,PORT=8080,RATE=1.5
                exitcodes=0,2
                autostart=false
                autorestart=true
                stopsignal=INT
                """);
        Manifest m = readBack(imported);
        ActionSpec a = m.actions().get("web_app");
        assertEquals(4, a.replicas(), "numprocs");
        assertEquals(List.of(0, 2), a.successExitCodes(), "exitcodes");
        assertEquals("sh", a.interpreter(), "the shell puts each replica's number in");
        assertEquals("exec /usr/bin/gunicorn --bind \"127.0.0.1:80$(printf '%02d' $HERO_PROC_REPLICA)\" app:Web_App "
                + "--workers 2", a.script());
        assertEquals("/home/me/app", a.cwd());
        assertEquals(Map.of("LANG", "C.UTF-8", "PATH", "/usr/bin:/bin", "GREETING", "a, b", "EMPTY", "", "DEBUG", "true",
                "NOTHING", "null", "PORT", "8080", "RATE", "1.5"), env(a), "strings stay strings in the printed YAML");
        ServiceSpec s = m.services().get("web_app");
        assertEquals("stop", s.wanted());
        assertEquals("always", s.restart().policy());
        assertTrue(warned(imported, "[program:Web_App] command: runs through sh -c 'exec ...', where each replica's "
                + "%(process_num) is its HERO_PROC_REPLICA"), imported.warnings()::toString);
        assertTrue(!warned(imported, "numprocs") && !warned(imported, "exitcodes") && !warned(imported, "process_name"),
                imported.warnings()::toString);
        assertTrue(warned(imported, "[program:Web_App]: renamed to 'web_app'"));
    }

    @Test
    void eachReplicaSeesItsOwnProcessNumberOffsetByNumprocsStart() throws Exception {
        ImportedManifest imported = imported("/srv/app/supervisord.conf", """
                [program:web]
                command=/bin/echo port 80%(process_num)02d "a  b" "it's" cost:$5-%(process_num)d n=%(process_num)s %(program_name)s 100%%
                process_name=%(program_name)s-%(process_num)d
                numprocs=3
                numprocs_start=5
                directory=/srv/%(process_num)d
                environment=PORT="80%(process_num)02d",NAME="%(program_name)s"
                """);
        Manifest m = readBack(imported);
        ActionSpec a = m.actions().get("web");
        assertEquals(3, a.replicas());
        assertEquals("port 8007 a  b it's cost:$5-7 n=7 web 100%\n", runInSh(a.script(), "2"),
                "replica 2 is process 7; the words are the ones supervisord would have exec'd: " + a.script());
        assertEquals("port 8005 a  b it's cost:$5-5 n=5 web 100%\n", runInSh(a.script(), "0"));
        assertTrue(warned(imported, "[program:web] numprocs_start: hero-proc numbers replicas from 0 "
                + "(HERO_PROC_REPLICA), not from 5; the command adds 5 where it used %(process_num)"),
                imported.warnings()::toString);
        assertEquals("/srv/5", a.cwd());
        assertEquals(Map.of("PORT", "8005", "NAME", "web"), env(a));
        assertTrue(warned(imported, "[program:web] directory: %(process_num) taken as 5 for every replica"));
        assertTrue(warned(imported, "[program:web] environment: %(process_num) taken as 5 for every replica"));
        assertEquals(1, imported.warnings().stream().filter(w -> w.startsWith("[program:web] environment")).count(),
                "one warning per field");
        assertTrue(!warned(imported, "process_name"), "the replicas are the processes process_name numbered");

        Manifest same = readBack(imported("x.conf", "[program:w]\ncommand=/bin/w --port 8000\nnumprocs=2\n"));
        assertEquals("exec", same.actions().get("w").interpreter(), "no %(process_num): exec'd as written");
        assertEquals("/bin/w --port 8000", same.actions().get("w").script());
        assertEquals(2, same.actions().get("w").replicas());
        Manifest none = readBack(imported("x.conf", "[program:w]\ncommand=/bin/w %(process_num)d\nnumprocs=0\n"));
        assertEquals(0, none.actions().get("w").replicas());
    }

    /** What {@code script} prints under {@code sh -c} as replica {@code replica}. */
    private static String runInSh(String script, String replica) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
        pb.environment().put("HERO_PROC_REPLICA", replica);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "sh ended");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void badExitcodesNumprocsAndReplicatedCommandsAreRefusedWithTheirLines() {
        for (String codes : new String[] {"0,256", "0,,1", "ok", "", "-1"}) {
            ImportException e = assertThrows(ImportException.class, () -> imported("bad.conf",
                    "[program:web]\ncommand=/bin/web\nexitcodes=" + codes + "\n"), codes);
            assertEquals(3, e.line(), e.getMessage());
            assertEquals("[program:web] exitcodes is '" + codes + "'; expected exit codes from 0 to 255, separated by "
                    + "commas", e.reason());
        }
        assertEquals(List.of(0, 3, 255), readBack(imported("x.conf",
                "[program:web]\ncommand=/bin/web\nexitcodes= 0, 3 ,255,3\n")).actions().get("web").successExitCodes());
        assertEquals(List.of(2), readBack(imported("x.conf",
                "[program:web]\ncommand=/bin/web\nexitcodes=2\n")).actions().get("web").successExitCodes(),
                "0 need not be a success");

        ImportException many = assertThrows(ImportException.class, () -> imported("bad.conf",
                "[program:web]\ncommand=/bin/web\nnumprocs=1001\n"));
        assertEquals(3, many.line());
        assertTrue(many.reason().contains("numprocs is 1001; hero-proc runs 0 to 1000 replicas"), many.getMessage());
        ImportException unsplittable = assertThrows(ImportException.class, () -> imported("bad.conf",
                "[program:web]\ncommand=/bin/web \"%(process_num)d\nnumprocs=2\n"));
        assertEquals(2, unsplittable.line());
        assertTrue(unsplittable.reason().contains("command cannot be split into words: unclosed double quote"),
                unsplittable.getMessage());
    }

    @Test
    void aLineThatIsNeitherSectionNorKeyIsRefusedWithItsNumber() {
        ImportException e = assertThrows(ImportException.class, () -> imported("bad.conf", """
                [program:web]
                command=/bin/web
                this line has no equals sign
                """));
        assertEquals(3, e.line());
        assertEquals("bad.conf line 3: expected [section], key = value or a comment, got 'this line has no equals sign'",
                e.getMessage());
    }

    @Test
    void badValuesAndMissingCommandsAreRefusedWithTheirLines() {
        ImportException bool = assertThrows(ImportException.class, () -> imported("bad.conf",
                "[program:web]\ncommand=/bin/web\nautostart=maybe\n"));
        assertEquals(3, bool.line());
        assertTrue(bool.reason().contains("expected true or false, got 'maybe'"), bool.getMessage());
        ImportException noCommand = assertThrows(ImportException.class, () -> imported("bad.conf",
                "[program:a]\ncommand=/bin/a\n\n[program:web]\ndirectory=/tmp\n"));
        assertEquals(4, noCommand.line());
        assertTrue(noCommand.reason().contains("[program:web] has no command"));
        ImportException expansion = assertThrows(ImportException.class, () -> imported("bad.conf",
                "[program:web]\ncommand=/bin/web %(nope)s\n"));
        assertEquals(2, expansion.line());
        ImportException header = assertThrows(ImportException.class, () -> imported("bad.conf",
                "command=/bin/web\n[program:web]\n"));
        assertEquals(1, header.line());
        assertTrue(header.reason().contains("before any [section]"));
        ImportException programs = assertThrows(ImportException.class, () -> imported("x.conf", "[supervisord]\n"));
        assertTrue(programs.reason().contains("no [program:x] section"));
        assertTrue(Path.of("x.conf").toString().equals(programs.file()));
    }
}
