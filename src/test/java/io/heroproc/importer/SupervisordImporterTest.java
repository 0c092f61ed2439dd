package io.heroproc.importer;

import static io.heroproc.importer.ImportFixtures.bytes;
import static io.heroproc.importer.ImportFixtures.readBack;
import static io.heroproc.importer.ImportFixtures.warned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.registry.ActionSpec;
import io.heroproc.registry.Manifest;
import io.heroproc.registry.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        assertEquals(Map.of("A", "1", "B", "2"), a.env(), "environment=A=\"1\",B=\"2\"");
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
    void numprocsExitcodesAndExpansionsAwaitingOtherFields() {
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
        assertEquals("/usr/bin/gunicorn --bind 127.0.0.1:8000 app:Web_App\n--workers 2", a.script());
        assertEquals("/home/me/app", a.cwd());
        assertEquals(Map.of("LANG", "C.UTF-8", "PATH", "/usr/bin:/bin", "GREETING", "a, b", "EMPTY", "", "DEBUG", "true",
                "NOTHING", "null", "PORT", "8080", "RATE", "1.5"), a.env(), "strings stay strings in the printed YAML");
        ServiceSpec s = m.services().get("web_app");
        assertEquals("stop", s.wanted());
        assertEquals("always", s.restart().policy());
        assertTrue(warned(imported, "[program:Web_App] numprocs: not carried over yet (4): will become action replicas"),
                imported.warnings()::toString);
        assertTrue(warned(imported, "[program:Web_App] exitcodes: not carried over yet (0,2): will become action "
                + "success_exit_codes"));
        assertTrue(warned(imported, "[program:Web_App]: renamed to 'web_app'"));
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
