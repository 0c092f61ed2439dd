"""Drivers for the contenders: hero-proc (JVM, optionally with a JDK AOT cache), supervisord, s6.

Everything here measures from the outside: wall clock around HTTP / XML-RPC calls, /proc for
memory and CPU. Every process started carries HERO_BENCH_TAG in its environment, so that
cleanup() can find (and SIGKILL, by pid) anything left behind, including supervised children
that live in their own sessions.
"""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import xmlrpc.client

TAG = os.environ.setdefault("HERO_BENCH_TAG", "hero-bench-%d-%d" % (os.getpid(), time.time_ns()))
LIB = os.path.dirname(os.path.abspath(__file__))
JVM_OPTIONS = os.path.join(os.path.dirname(os.path.dirname(LIB)), "deploy", "jvm.options")
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


class BenchError(Exception):
    pass


def now():
    return time.monotonic_ns()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(pred, timeout, what, interval=0.005):
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            raise BenchError("timed out after %.0f s waiting for %s" % (timeout, what))
        time.sleep(interval)


# ---- /proc -----------------------------------------------------------------------------------
def proc_stat(pid):
    with open("/proc/%d/stat" % pid) as f:
        s = f.read()
    rest = s[s.rindex(")") + 2:].split()
    return rest  # rest[0] = state (field 3); ppid = rest[1]; utime = rest[11]; stime = rest[12]


def cpu_ticks(pid):
    r = proc_stat(pid)
    return int(r[11]) + int(r[12])


def jit_ticks(pid):
    """CPU ticks of a JVM's JIT compiler threads (C1/C2): a warm-up cost that ends, shown apart."""
    total = 0
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/comm" % (pid, tid)) as f:
                if "CompilerThre" not in f.read():
                    continue
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                r = f.read().rsplit(")", 1)[1].split()
            total += int(r[11]) + int(r[12])
        except OSError:
            continue
    return total


def rss_pss(pid):
    """(VmRSS, Pss) in bytes."""
    rss = pss = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) * 1024
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


def children(pid):
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                if int(proc_stat(int(d))[1]) == pid:
                    out.append(int(d))
            except (OSError, ValueError, IndexError):
                pass
    return out


def cleanup(tag=TAG):
    """SIGKILL every process (but ourselves) whose environment carries our tag. Repeats until a
    pass finds nothing: a supervisor still alive during a pass restarts the children it lost."""
    total = 0
    for _ in range(10):
        n = _cleanup_pass(tag)
        total += n
        if not n:
            break
        time.sleep(0.2)
    return total


def _cleanup_pass(tag):
    me = os.getpid()
    needle = ("HERO_BENCH_TAG=" + tag).encode() + b"\0"
    killed = 0
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) == me:
            continue
        try:
            with open("/proc/%s/environ" % d, "rb") as f:
                env = f.read() + b"\0"
        except OSError:
            continue
        if (b"\0" + needle) in (b"\0" + env):
            try:
                os.kill(int(d), signal.SIGKILL)
                killed += 1
            except OSError:
                pass
    return killed


class Proc:
    """A process we started, in its own session, stdout+stderr to a log file."""

    def __init__(self, argv, cwd, env, log):
        self.log = log
        self.t0 = now()
        self.p = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                  stdout=open(log, "wb"), stderr=subprocess.STDOUT, start_new_session=True)
        self.pid = self.p.pid

    def alive(self):
        return self.p.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.p.poll() is None:
            try:
                os.kill(self.pid, sig)
                self.p.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
                self.p.wait(10)
            except ProcessLookupError:
                pass
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except OSError:
            pass

    def tail(self, n=15):
        try:
            with open(self.log, errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""


def base_env(extra=None):
    env = dict(os.environ)
    env["HERO_BENCH_TAG"] = TAG
    env["LC_ALL"] = "C"
    env.update(extra or {})
    return env


# ---- hero-proc -------------------------------------------------------------------------------
class HeroProc:
    label = "hero-proc"

    def __init__(self, java, jar, aot=None, aot_output=None, env=None):
        self.java, self.jar, self.aot, self.aot_output, self.extra = java, jar, aot, aot_output, env or {}
        if aot:
            self.label = "hero-proc+AOT"
        self.dir = tempfile.mkdtemp(prefix="hp-bench-hero-")
        self.port = free_port()
        self.conn = None
        self.proc = None
        self.errors = []

    def start(self):
        # The JVM options scripts/run and the Dockerfile use (deploy/jvm.options).
        argv = [self.java, "@" + JVM_OPTIONS]
        if self.aot:
            argv.append("-XX:AOTCache=" + self.aot)
        if self.aot_output:
            argv.append("-XX:AOTCacheOutput=" + self.aot_output)
        argv += ["-jar", self.jar]
        env = base_env({"HERO_PROC_PORT": str(self.port), "HERO_PROC_DATA_DIR": os.path.join(self.dir, "data")})
        env.update(self.extra)
        self.proc = Proc(argv, self.dir, env, os.path.join(self.dir, "hero-proc.log"))
        return self.proc.t0

    @property
    def pid(self):
        return self.proc.pid

    def _ready(self):
        if not self.proc.alive():
            raise BenchError("hero-proc exited during startup:\n" + self.proc.tail())
        try:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            c.request("GET", "/q/health/ready")
            r = c.getresponse()
            r.read()
            c.close()
            return r.status == 200
        except OSError:
            return False

    def wait_ready(self, timeout=120):
        wait_until(self._ready, timeout, "hero-proc /q/health/ready", 0.005)
        return now()

    def call(self, method, path, body=None, ok=(200, 201, 204)):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                data = json.dumps(body).encode() if body is not None else None
                # hero-proc wants the JSON type on every state change, bodyless ones included.
                headers = {"Content-Type": "application/json", "Accept": "application/json"}
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                raw = r.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        if r.status not in ok:
            raise BenchError("%s %s -> %d %s" % (method, path, r.status, raw[:500].decode(errors="replace")))
        return json.loads(raw) if raw else None

    def quick(self, name, command, kind="process", interpreter="exec", start=True):
        return self.call("POST", "/api/v1/quick-services",
                         {"name": name, "command": command, "interpreter": interpreter, "kind": kind,
                          "start": start})

    def statuses(self):
        return self.call("GET", "/api/v1/services/status")

    def count_running(self):
        """Running services by bulk status; an error answer counts in self.errors and as 'not yet'."""
        try:
            got = self.statuses()
        except BenchError as e:
            self.errors.append(str(e))
            return 0
        return sum(1 for s in got if s.get("state") == "running" and s.get("pids"))

    def stop(self):
        if self.conn:
            self.conn.close()
        if self.proc:
            self.proc.stop(timeout=60)

    def remove(self):
        # keep hero-proc's own log (the work dir lives as long as the run; HERO_BENCH_WORK keeps it)
        keep = os.environ.get("HERO_BENCH_LOGS")
        if keep and self.proc:
            os.makedirs(keep, exist_ok=True)
            shutil.copy(self.proc.log, os.path.join(keep, "%s-%d.log" % (self.label, self.proc.pid)))
        shutil.rmtree(self.dir, ignore_errors=True)


# ---- supervisord -----------------------------------------------------------------------------
class _UnixConn(http.client.HTTPConnection):
    def __init__(self, path, timeout=120):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


class _UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path):
        super().__init__()
        self.path = path

    def make_connection(self, host):
        if self._connection and host == self._connection[0]:
            return self._connection[1]
        self._connection = host, _UnixConn(self.path)
        return self._connection[1]


class Supervisord:
    label = "supervisord"

    def __init__(self, programs=None):
        """programs: list of (name, command, extra-options dict)."""
        self.dir = tempfile.mkdtemp(prefix="hp-bench-sv-")
        self.sock = os.path.join(self.dir, "s.sock")
        os.makedirs(os.path.join(self.dir, "logs"))
        lines = ["[unix_http_server]", "file=%s" % self.sock, "",
                 "[supervisord]", "nodaemon=true", "user=root",
                 "logfile=%s/supervisord.log" % self.dir, "pidfile=%s/supervisord.pid" % self.dir,
                 "childlogdir=%s/logs" % self.dir, "",
                 "[rpcinterface:supervisor]",
                 "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface", "",
                 "[supervisorctl]", "serverurl=unix://%s" % self.sock, ""]
        for name, command, opts in programs or []:
            lines += ["[program:%s]" % name, "command=%s" % command]
            lines += ["%s=%s" % kv for kv in opts.items()]
            lines.append("")
        self.conf = os.path.join(self.dir, "supervisord.conf")
        with open(self.conf, "w") as f:
            f.write("\n".join(lines))
        self.proc = None
        self._rpc = None

    def start(self):
        self.proc = Proc(["supervisord", "-n", "-c", self.conf], self.dir, base_env(),
                         os.path.join(self.dir, "stdout.log"))
        return self.proc.t0

    @property
    def pid(self):
        return self.proc.pid

    @property
    def rpc(self):
        if self._rpc is None:
            self._rpc = xmlrpc.client.ServerProxy("http://localhost", transport=_UnixTransport(self.sock))
        return self._rpc

    def _ready(self):
        if not self.proc.alive():
            raise BenchError("supervisord exited during startup:\n" + self.proc.tail())
        if not os.path.exists(self.sock):
            return False
        try:
            c = xmlrpc.client.ServerProxy("http://localhost", transport=_UnixTransport(self.sock))
            return c.supervisor.getState()["statename"] == "RUNNING"
        except (OSError, xmlrpc.client.Error, http.client.HTTPException):
            return False

    def wait_ready(self, timeout=60):
        wait_until(self._ready, timeout, "supervisord XML-RPC", 0.005)
        return now()

    def ctl_status(self):
        """What `supervisorctl status` does, with the real CLI (exit 0, or 3 when something is not running)."""
        r = subprocess.run(["supervisorctl", "-c", self.conf, "status"], capture_output=True, env=base_env())
        return r.returncode in (0, 3)

    def infos(self):
        return self.rpc.supervisor.getAllProcessInfo()

    def count_running(self):
        return sum(1 for p in self.infos() if p["statename"] == "RUNNING")

    def stop(self):
        if self.proc:
            self.proc.stop(timeout=60)

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


# ---- s6 --------------------------------------------------------------------------------------
class S6:
    label = "s6"

    def __init__(self, services=None):
        """services: list of (name, run-script text)."""
        self.dir = tempfile.mkdtemp(prefix="hp-bench-s6-")
        self.scan = os.path.join(self.dir, "scan")
        os.makedirs(self.scan)
        self.names = []
        for name, run in services or []:
            d = os.path.join(self.scan, name)
            os.makedirs(d)
            with open(os.path.join(d, "run"), "w") as f:
                f.write(run)
            os.chmod(os.path.join(d, "run"), 0o755)
            self.names.append(name)
        self.proc = None

    def start(self):
        self.proc = Proc(["s6-svscan", self.scan], self.dir, base_env(), os.path.join(self.dir, "svscan.log"))
        return self.proc.t0

    @property
    def pid(self):
        return self.proc.pid

    def pids(self):
        """s6-svscan and its s6-supervise children (the supervision tree, not the services)."""
        return [self.proc.pid] + children(self.proc.pid)

    def count_running(self):
        up = 0
        for sup in children(self.proc.pid):
            up += len(children(sup))
        return up

    def stop(self):
        if self.proc and self.proc.alive():
            subprocess.run(["s6-svscanctl", "-t", self.scan], capture_output=True, env=base_env())
            try:
                self.proc.p.wait(30)
            except subprocess.TimeoutExpired:
                pass
        if self.proc:
            self.proc.stop(timeout=10)

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)
