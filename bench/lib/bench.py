#!/usr/bin/env python3
"""hero-proc benchmark driver: runs the scenarios of bench/run.sh and prints a markdown table.

usage: bench.py --java JAVA --jar JAR --work DIR [--quick] [--json OUT] [scenario ...]
scenarios: 1|startup 2|rss 3|crash 4|start-many 5|bulk-status 6|logs 7|idle-cpu 8|log-query 9|cli
(default: all)

Each scenario runs hero-proc and its peer(s) in the same run, alternating repetitions, and
reports medians with their spread (min-max) and the hero-proc/peer ratio (lower is better for
every metric here except throughput, marked "higher is better"). Exit status 1 when any
scenario failed outright (a supervisor did not start, a timeout, lost log lines).
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sups import (JVM_OPTIONS, LIB, BenchError, HeroProc, S6, Supervisord, base_env, cleanup, cpu_ticks, jit_ticks,  # noqa: E402
                  children, now, rss_pss, wait_until, CLK_TCK)

CRASH_SH = os.path.join(LIB, "crash.sh")
LAUNCHER = os.path.join(os.path.dirname(os.path.dirname(LIB)), "scripts", "hero-proc")
LOGCHILD = os.path.join(LIB, "logchild.py")
PY = sys.executable

QUICK = dict(startup_reps=1, aot=False, rss_reps=1, rss_count=10, rss_settle=1.0, crashes=20, followers=10,
             many=10, many_reps=1,
             bulk_calls=10, log_bytes=5_000_000, log_reps=1, idle_n=10, idle_secs=5, idle_settle=1.0,
             query_lines=50_000, query_reps=10, cli_services=5, cli_reps=3)
FULL = dict(startup_reps=4, aot=True, rss_reps=2, rss_count=100, rss_settle=5.0, crashes=200, followers=100,
            many=1000, many_reps=2,
            bulk_calls=30, log_bytes=200_000_000, log_reps=3, idle_n=500, idle_secs=60, idle_settle=30.0,
            query_lines=1_000_000, query_reps=30, cli_services=20, cli_reps=10)
# hero-proc keeps 100,000 lines per job by default: the log scenarios raise the caps (retention is not loss).
HERO_LOG_CAPS = {"HERO_PROC_LOGS_MAX_LINES_PER_JOB": "100000000", "HERO_PROC_LOGS_MAX_LINES_TOTAL": "100000000",
                 "HERO_PROC_LOGS_MAX_BYTES_PER_JOB": "8G", "HERO_PROC_LOGS_MAX_BYTES_TOTAL": "8G"}


def log(msg):
    print("[bench %s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


def pct(values, p):
    v = sorted(values)
    if not v:
        return float("nan")
    k = (len(v) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def fmt(x, unit):
    if x != x:
        return "n/a"
    if unit == "MiB":
        return "%.1f" % x
    if abs(x) >= 100:
        return "%.0f" % x
    if abs(x) >= 10:
        return "%.1f" % x
    return "%.2f" % x


class Results:
    def __init__(self):
        self.rows = []
        self.failures = []
        self.raw = {}
        self.notes = []

    def add(self, scn, metric, unit, hero_label, hero_vals, peer_label, peer_vals, stat="median",
            higher_better=False):
        """stat: 'median' (median [min-max]) or 'pNN' (that percentile, spread shown as p50 / max)."""
        def summary(vals):
            if not vals:
                return float("nan"), "n/a"
            if stat == "median":
                m = statistics.median(vals)
                s = fmt(m, unit) if len(vals) == 1 else "%s [%s–%s]" % (fmt(m, unit), fmt(min(vals), unit),
                                                                        fmt(max(vals), unit))
            else:
                m = pct(vals, float(stat[1:]))
                s = fmt(m, unit)
            return m, "%s %s (n=%d)" % (s, unit, len(vals))

        hm, hs = summary(hero_vals)
        pm, ps = summary(peer_vals)
        ratio = hm / pm if pm and pm == pm and hm == hm and pm != 0 else float("nan")
        self.rows.append(dict(scn=scn, metric=metric + (" (higher is better)" if higher_better else ""),
                              hero_label=hero_label, hero=hs, peer_label=peer_label, peer=ps,
                              ratio="n/a" if ratio != ratio else "%.2f" % ratio, hero_num=hm, peer_num=pm))

    def table(self):
        out = ["| # | metric | contender | value | peer | peer value | ratio hero/peer |",
               "|---|---|---|---|---|---|---|"]
        for r in self.rows:
            out.append("| %s | %s | %s | %s | %s | %s | %s |" % (r["scn"], r["metric"], r["hero_label"], r["hero"],
                                                                r["peer_label"], r["peer"], r["ratio"]))
        return "\n".join(out)


def stop_all(*sups):
    for s in sups:
        if s is None:
            continue
        try:
            s.stop()
        except Exception as e:  # noqa: BLE001
            log("stopping %s: %s" % (s.label, e))
        s.remove()


# ---- hero-proc helpers ---------------------------------------------------------------------------
def hero_with_sleeps(ctx, n, env=None, aot=None, prefix="s"):
    h = HeroProc(ctx.java, ctx.jar, aot=aot, env=env)
    h.start()
    h.wait_ready()
    for i in range(n):
        h.quick("%s%04d" % (prefix, i), "sleep 100000")
    if n:
        wait_until(lambda: h.count_running() >= n, 120, "%d hero-proc services running" % n, 0.05)
    return h


def sup_with_sleeps(n, **opts):
    progs = [("s%04d" % i, "sleep 100000", dict(dict(autostart="true", startsecs="0"), **opts)) for i in range(n)]
    s = Supervisord(progs)
    s.start()
    s.wait_ready()
    if n:
        wait_until(lambda: s.count_running() >= n, 120, "%d supervisord programs RUNNING" % n, 0.05)
    return s


def s6_with_sleeps(n):
    s = S6([("s%04d" % i, "#!/bin/sh\nexec sleep 100000\n") for i in range(n)])
    s.start()
    wait_until(lambda: len(s.pids()) >= n + 1 and s.count_running() >= n, 120, "%d s6 services up" % n, 0.05)
    return s


def aot_cache(ctx):
    """Trains the JDK 25 AOT cache once per jar (-XX:AOTCacheOutput), exercising the API on the way."""
    path = os.path.join(ctx.work, "app.aot")
    if os.path.exists(path) and os.path.getmtime(path) > os.path.getmtime(ctx.jar):
        return path
    if ctx.aot_failed or not ctx.p["aot"]:
        return None
    log("training the AOT cache (-XX:AOTCacheOutput=%s)" % path)
    tmp = path + ".tmp"
    h = HeroProc(ctx.java, ctx.jar, aot_output=tmp)
    try:
        h.start()
        h.wait_ready()
        for i in range(5):
            h.quick("t%d" % i, "sleep 100000")
        h.quick("once", "echo hello", kind="oneshot")
        wait_until(lambda: h.count_running() >= 5, 60, "training services", 0.05)
        for _ in range(20):
            h.statuses()
            h.call("GET", "/api/v1/services/t0/status")
            jobs = h.call("GET", "/api/v1/jobs?service=once")
            for j in jobs if isinstance(jobs, list) else jobs.get("items", []):
                h.call("GET", "/api/v1/jobs/%d/logs" % j["id"])
        h.call("GET", "/", ok=(200, 303))
    except Exception as e:  # noqa: BLE001
        log("AOT training exercise failed: %s" % e)
    finally:
        h.stop()  # SIGTERM: the JVM writes the cache on exit
        h.remove()
    if os.path.exists(tmp):
        os.replace(tmp, path)
        log("AOT cache: %.0f MiB" % (os.path.getsize(path) / 2 ** 20))
        return path
    ctx.aot_failed = True
    ctx.res.notes.append("AOT cache training produced no cache; hero-proc+AOT rows are missing")
    log("no AOT cache written")
    return None


# ---- 1. start -> API ready ----------------------------------------------------------------------
def s_startup(ctx):
    aot = aot_cache(ctx)
    vals = {"hero-proc": [], "hero-proc+AOT": [], "supervisord": [], "supervisorctl": []}
    for rep in range(ctx.p["startup_reps"]):
        order = ["hero", "aot", "sup"] if rep % 2 == 0 else ["sup", "aot", "hero"]
        for who in order:
            if who == "aot" and not aot:
                continue
            if who == "sup":
                s = Supervisord()
                try:
                    t0 = s.start()
                    t1 = s.wait_ready()
                    vals["supervisord"].append((t1 - t0) / 1e6)
                    c0 = now()
                    if not s.ctl_status():
                        raise BenchError("supervisorctl status did not answer")
                    vals["supervisorctl"].append((now() - c0) / 1e6)
                finally:
                    stop_all(s)
            else:
                h = HeroProc(ctx.java, ctx.jar, aot=aot if who == "aot" else None)
                try:
                    t0 = h.start()
                    t1 = h.wait_ready()
                    vals[h.label].append((t1 - t0) / 1e6)
                finally:
                    stop_all(h)
        log("startup rep %d: %s" % (rep, {k: "%.0f" % v[-1] for k, v in vals.items() if v}))
    r = ctx.res
    r.add(1, "start → API ready", "ms", "hero-proc", vals["hero-proc"], "supervisord", vals["supervisord"])
    if aot:
        r.add(1, "start → API ready", "ms", "hero-proc+AOT", vals["hero-proc+AOT"], "supervisord",
              vals["supervisord"])
    r.add(1, "one `supervisorctl status` call (CLI start incl.)", "ms", "—", [], "supervisorctl",
          vals["supervisorctl"])
    r.raw["startup"] = vals


# ---- 2. idle RSS / PSS ---------------------------------------------------------------------------
def s_rss(ctx):
    aot = aot_cache(ctx)
    r = ctx.res
    for count in (0, ctx.p["rss_count"]):
        vals = {}
        for rep in range(ctx.p["rss_reps"]):
            order = ["hero", "aot", "sup", "s6"]
            if rep % 2:
                order.reverse()
            for who in order:
                if who == "aot" and not aot:
                    continue
                inst = None
                try:
                    if who in ("hero", "aot"):
                        inst = hero_with_sleeps(ctx, count, aot=aot if who == "aot" else None)
                        pids = [inst.pid]
                    elif who == "sup":
                        inst = sup_with_sleeps(count)
                        pids = [inst.pid]
                    else:
                        inst = s6_with_sleeps(count)
                        pids = inst.pids()
                    time.sleep(ctx.p["rss_settle"])
                    rss = pss = 0
                    for pid in pids:
                        a, b = rss_pss(pid)
                        rss += a
                        pss += b
                    vals.setdefault(inst.label, ([], []))
                    vals[inst.label][0].append(rss / 2 ** 20)
                    vals[inst.label][1].append(pss / 2 ** 20)
                    log("rss count=%d %s: RSS %.1f MiB PSS %.1f MiB (%d pids)" % (count, inst.label, rss / 2 ** 20,
                                                                                 pss / 2 ** 20, len(pids)))
                finally:
                    stop_all(inst)
        for i, what in ((0, "RSS"), (1, "PSS")):
            m = "idle %s, %d services" % (what, count)
            for peer in ("supervisord", "s6"):
                r.add(2, m, "MiB", "hero-proc", vals["hero-proc"][i], peer + (" (whole tree)" if peer == "s6" else ""),
                      vals[peer][i])
            if aot:
                r.add(2, m, "MiB", "hero-proc+AOT", vals["hero-proc+AOT"][i], "supervisord", vals["supervisord"][i])
        r.raw["rss_%d" % count] = vals


# ---- 3. crash -> restarted -----------------------------------------------------------------------
class StampFile:
    def __init__(self, path):
        self.path = path
        self.off = 0
        self.buf = b""

    def next(self):
        """The next complete 'PID MICROS' line, or None."""
        try:
            with open(self.path, "rb") as f:
                f.seek(self.off)
                data = f.read()
        except FileNotFoundError:
            return None
        self.off += len(data)
        self.buf += data
        if b"\n" not in self.buf:
            return None
        line, self.buf = self.buf.split(b"\n", 1)
        pid, us = line.split()
        return int(pid), int(us) * 1000

    def wait(self, timeout, what):
        return wait_until(self.next, timeout, what, 0.001)


class EventFollowers:
    """Clients that follow hero-proc's event stream (SSE) on raw sockets, each read by a thread."""

    def __init__(self, port, count):
        import socket
        import threading
        self.count = count
        self.socks = []
        self.lines = [0] * count
        for i in range(count):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(b"GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
            self.socks.append(s)
            threading.Thread(target=self._read, args=(i, s), daemon=True).start()

    def _read(self, i, s):
        try:
            while True:
                data = s.recv(65536)
                if not data:
                    return
                self.lines[i] += data.count(b"\nid:")
        except OSError:
            return

    def events(self):
        return sum(self.lines)

    def close(self):
        for s in self.socks:
            try:
                s.close()
            except OSError:
                pass


def s_crash(ctx):
    n = ctx.p["crashes"]
    gap = 1.1e9  # s6-supervise spawns ./run at most once a second: never kill a younger process
    d = os.path.join(ctx.work, "crash")
    os.makedirs(d, exist_ok=True)
    files = {k: os.path.join(d, k + ".stamps") for k in ("hero-proc", "supervisord", "s6", "baseline", "tracking")}
    for f in files.values():
        if os.path.exists(f):
            os.unlink(f)
    h = sv = s6 = None
    try:
        h = HeroProc(ctx.java, ctx.jar)
        h.start()
        h.wait_ready()
        h.call("PUT", "/api/v1/actions/crash", {"interpreter": "exec", "kind": "process",
                                                 "script": "%s %s" % (CRASH_SH, files["hero-proc"])})
        h.call("PUT", "/api/v1/services/crash", {
            "actions": ["crash"], "wanted": "start",
            "restart": {"policy": "always", "backoff": {"initial": "1ms", "factor": 1, "max": "1ms", "jitter": 0}}})
        sv = Supervisord([("crash", "%s %s" % (CRASH_SH, files["supervisord"]),
                           dict(autostart="true", autorestart="true", startsecs="0"))])
        sv.start()
        sv.wait_ready()
        with open(CRASH_SH) as f:
            run = f.read().replace('"$1"', '"%s"' % files["s6"])
        s6 = S6([("crash", run)])
        s6.start()
        stamps = {k: StampFile(files[k]) for k in ("hero-proc", "supervisord", "s6")}
        last = {k: stamps[k].wait(60, "first start under " + k) for k in stamps}
        lat = {k: [] for k in stamps}
        order = list(stamps)
        for i in range(n):
            for k in (order if i % 2 == 0 else order[::-1]):
                pid, started = last[k]
                wait = started + gap - time.time_ns()
                if wait > 0:
                    time.sleep(wait / 1e9)
                t_kill = time.time_ns()
                os.kill(pid, 9)
                nxt = stamps[k].wait(30, "restart %d under %s" % (i + 1, k))
                if nxt[0] == pid:
                    raise BenchError("%s: same pid after restart?" % k)
                lat[k].append((nxt[1] - t_kill) / 1e6)
                last[k] = nxt
            if (i + 1) % max(1, n // 5) == 0:
                log("crash %d/%d: %s" % (i + 1, n, {k: "p50 %.2f ms" % pct(v, 50) for k, v in lat.items()}))
        # The same kills again with many clients following the event stream: they must not slow the loop.
        followers = EventFollowers(h.port, ctx.p["followers"])
        try:
            followed = []
            for _ in range(max(10, n // 4)):
                pid, started = last["hero-proc"]
                wait = started + gap - time.time_ns()
                if wait > 0:
                    time.sleep(wait / 1e9)
                t_kill = time.time_ns()
                os.kill(pid, 9)
                nxt = stamps["hero-proc"].wait(30, "restart with followers")
                followed.append((nxt[1] - t_kill) / 1e6)
                last["hero-proc"] = nxt
            lat["hero-proc with followers"] = followed
            log("with %d event followers (%d events read): p50 %.2f ms" % (followers.count, followers.events(),
                                                                           pct(followed, 50)))
        finally:
            followers.close()
        # The same kills under a hero-proc that tracks jobs by their marks instead of a cgroup each:
        # entering a cgroup costs the new process one RCU grace period (cgroup v2 migration).
        ht = HeroProc(ctx.java, ctx.jar, env={"HERO_PROC_PROCESS_CONTAINMENT": "tracking"})
        try:
            ht.start()
            ht.wait_ready()
            ht.call("PUT", "/api/v1/actions/crash", {"interpreter": "exec", "kind": "process",
                                                      "script": "%s %s" % (CRASH_SH, files["tracking"])})
            ht.call("PUT", "/api/v1/services/crash", {
                "actions": ["crash"], "wanted": "start",
                "restart": {"policy": "always", "backoff": {"initial": "1ms", "factor": 1, "max": "1ms",
                                                            "jitter": 0}}})
            tracked = StampFile(files["tracking"])
            last_t = tracked.wait(60, "first start under hero-proc (tracking)")
            lat["hero-proc (tracking)"] = []
            for _ in range(max(10, n // 4)):
                pid, started = last_t
                wait = started + gap - time.time_ns()
                if wait > 0:
                    time.sleep(wait / 1e9)
                t_kill = time.time_ns()
                os.kill(pid, 9)
                nxt = tracked.wait(30, "restart under hero-proc (tracking)")
                lat["hero-proc (tracking)"].append((nxt[1] - t_kill) / 1e6)
                last_t = nxt
            log("tracking containment: p50 %.2f ms" % pct(lat["hero-proc (tracking)"], 50))
        finally:
            stop_all(ht)
        # reference: the same script started directly by Python (fork/exec + bash start-up)
        base = StampFile(files["baseline"])
        for _ in range(max(20, n // 4)):
            t0 = time.time_ns()
            p = subprocess.Popen([CRASH_SH, files["baseline"]], start_new_session=True)
            st = base.wait(10, "baseline start")
            lat.setdefault("baseline", []).append((st[1] - t0) / 1e6)
            p.kill()
            p.wait()
    finally:
        stop_all(h, sv, s6)
    r = ctx.res
    for peer in ("supervisord", "s6"):
        for p in ("p50", "p99"):
            r.add(3, "crash → restarted %s (%d kills)" % (p, n), "ms", "hero-proc", lat["hero-proc"], peer, lat[peer],
                  stat=p)
    for p in ("p50", "p99"):
        r.add(3, "crash → restarted %s, %d clients following /api/v1/events" % (p, ctx.p["followers"]), "ms",
              "hero-proc", lat["hero-proc with followers"], "hero-proc alone", lat["hero-proc"], stat=p)
    for p in ("p50", "p99"):
        r.add(3, "crash → restarted %s, jobs tracked by marks instead of a cgroup each" % p, "ms",
              "hero-proc (tracking)", lat["hero-proc (tracking)"], "hero-proc (cgroup)", lat["hero-proc"], stat=p)
    r.add(3, "reference: Popen → script running p50", "ms", "—", [], "python fork/exec", lat["baseline"], stat="p50")
    r.raw["crash"] = {k: dict(p50=pct(v, 50), p90=pct(v, 90), p99=pct(v, 99), max=max(v), n=len(v))
                      for k, v in lat.items()}


# ---- 4./5. start N services, bulk status ------------------------------------------------------------
def s_many(ctx, do_start=True, do_bulk=True):
    n = ctx.p["many"]
    reps = ctx.p["many_reps"] if do_start else 1
    times = {"hero-proc": [], "supervisord": []}
    posts = []
    applies, manifest_times = [], []
    errors = []
    bulk = {"hero-proc": [], "supervisord": []}
    for rep in range(reps):
        last = rep == reps - 1
        order = ["hero", "sup"] if rep % 2 == 0 and not last else ["sup", "hero"]
        if do_start:
            # The same services through one manifest apply: one request, one transaction.
            hm = HeroProc(ctx.java, ctx.jar)
            try:
                hm.start()
                hm.wait_ready()
                manifest = {"actions": {"s%04d" % i: {"kind": "process", "interpreter": "exec",
                                                      "script": "sleep 100000"} for i in range(n)},
                            "services": {"s%04d" % i: {"actions": ["s%04d" % i], "wanted": "start"}
                                         for i in range(n)}}
                t0 = now()
                hm.call("POST", "/api/v1/manifests", manifest)
                applies.append((now() - t0) / 1e6)
                wait_until(lambda: hm.count_running() >= n, 300, "%d hero-proc manifest services running" % n,
                           0.02)
                manifest_times.append((now() - t0) / 1e6)
            finally:
                stop_all(hm)
        h = sv = None
        try:
            for who in order:
                if who == "hero":
                    h = HeroProc(ctx.java, ctx.jar)
                    h.start()
                    h.wait_ready()
                    t0 = now()
                    for i in range(n):
                        h.quick("s%04d" % i, "sleep 100000")
                    posts.append((now() - t0) / 1e6)
                    wait_until(lambda: h.count_running() >= n, 300, "%d hero-proc services running" % n, 0.05)
                    times["hero-proc"].append((now() - t0) / 1e6)
                    if h.errors:
                        errors.append("hero-proc bulk status failed %d times while %d services started, e.g. %s"
                                      % (len(h.errors), n, h.errors[0][:300]))
                        log(errors[-1])
                    if not last:
                        stop_all(h)
                        h = None
                else:
                    progs = [("s%04d" % i, "sleep 100000", dict(autostart="true", startsecs="0")) for i in range(n)]
                    sv = Supervisord(progs)
                    t0 = sv.start()

                    def all_running():
                        try:
                            return sv.count_running() >= n
                        except Exception:  # noqa: BLE001  (not listening yet)
                            if not sv.proc.alive():
                                raise BenchError("supervisord died:\n" + sv.proc.tail())
                            sv._rpc = None
                            return False
                    wait_until(all_running, 300, "%d supervisord programs RUNNING" % n, 0.05)
                    times["supervisord"].append((now() - t0) / 1e6)
                    if not last:
                        stop_all(sv)
                        sv = None
            log("start-many rep %d: %s" % (rep, {k: "%.0f ms" % v[-1] for k, v in times.items()}))
            if last and do_bulk:
                for i in range(ctx.p["bulk_calls"]):
                    for who in (("hero", "sup") if i % 2 == 0 else ("sup", "hero")):
                        t0 = now()
                        got = h.statuses() if who == "hero" else sv.infos()
                        dt = (now() - t0) / 1e6
                        if len(got) != n:
                            raise BenchError("bulk status of %s returned %d entries, not %d" % (who, len(got), n))
                        bulk["hero-proc" if who == "hero" else "supervisord"].append(dt)
                log("bulk status: %s" % {k: "p50 %.1f ms" % pct(v, 50) for k, v in bulk.items()})
        finally:
            stop_all(h, sv)
    r = ctx.res
    if do_start:
        r.add(4, "start %d services → all running" % n, "ms", "hero-proc", times["hero-proc"], "supervisord",
              times["supervisord"])
        r.add(4, "… of which the %d POST /quick-services calls" % n, "ms", "hero-proc", posts, "—", [])
        r.add(4, "start %d services through one manifest apply → all running" % n, "ms", "hero-proc",
              manifest_times, "supervisord (all programs in its config)", times["supervisord"])
        r.add(4, "… of which the one POST /manifests (%d services)" % n, "ms", "hero-proc", applies, "—", [])
        r.add(4, "one POST /quick-services (mean of %d)" % n, "ms", "hero-proc", [p / n for p in posts], "—", [])
    if do_bulk:
        for p in ("median", "p90"):
            r.add(5, "bulk status of %d services%s" % (n, "" if p == "median" else " p90"), "ms", "hero-proc",
                  bulk["hero-proc"], "supervisord getAllProcessInfo", bulk["supervisord"], stat=p)
    r.raw["many"] = dict(times=times, posts=posts, manifest=manifest_times, applies=applies, bulk=bulk, errors=errors)
    if errors:
        raise BenchError("; ".join(errors))


# ---- 6. log capture ------------------------------------------------------------------------------
def count_lines(chunks, expected):
    """Counts the numbered lines in order; returns (in-order lines, anything else)."""
    ok = bad = 0
    for line in chunks:
        if line[:10].isdigit() and int(line[:10]) == ok:
            ok += 1
        else:
            bad += 1
    return ok, bad


def read_times(path, timeout):
    wait_until(lambda: os.path.exists(path) and os.path.getsize(path) > 0, timeout, "log child to finish", 0.01)
    with open(path) as f:
        a, b, lines = f.read().split()
    return int(a), int(b), int(lines)


class PeakRss:
    """Samples a process's VmRSS every 20 ms on a thread of its own, until stopped; keeps the peak."""

    def __init__(self, pid):
        self.pid, self.peak, self.running = pid, 0, True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while self.running:
            try:
                self.peak = max(self.peak, rss_pss(self.pid)[0])
            except OSError:
                return
            time.sleep(0.02)

    def stop(self):
        self.running = False
        self.thread.join()
        return self.peak


def s_logs(ctx):
    size = ctx.p["log_bytes"]
    mb = size / 1e6
    d = os.path.join(ctx.work, "logs")
    os.makedirs(d, exist_ok=True)
    thr = {"baseline": [], "hero-proc": [], "hero-proc stored": [], "supervisord": [], "supervisord stored": []}
    lost = {"hero-proc": [], "supervisord": []}
    growth = {"hero-proc": [], "supervisord": []}
    timeout = 60 + size / 1e6 * 3
    for rep in range(ctx.p["log_reps"]):
        order = ["base", "hero", "sup"] if rep % 2 == 0 else ["sup", "hero", "base"]
        for who in order:
            tf = os.path.join(d, "%s-%d.times" % (who, rep))
            if os.path.exists(tf):
                os.unlink(tf)
            cmd = "%s %s %d %s" % (PY, LOGCHILD, size, tf)
            if who == "base":
                subprocess.run(["bash", "-c", cmd + " | cat > /dev/null"], check=True)
                a, b, _ = read_times(tf, 10)
                thr["baseline"].append(mb / ((b - a) / 1e9))
            elif who == "hero":
                h = HeroProc(ctx.java, ctx.jar, env=HERO_LOG_CAPS)
                try:
                    h.start()
                    h.wait_ready()
                    time.sleep(1)
                    idle = rss_pss(h.pid)[0]
                    peak = PeakRss(h.pid)
                    h.quick("chatty", cmd, kind="oneshot")
                    a, b, lines = read_times(tf, timeout)
                    thr["hero-proc"].append(mb / ((b - a) / 1e9))
                    jobs = h.call("GET", "/api/v1/jobs?service=chatty")
                    jobs = jobs if isinstance(jobs, list) else jobs.get("items", [])
                    job = jobs[0]["id"]
                    first = wait_until(lambda: h.call("GET", "/api/v1/jobs/%d/logs?after=0&limit=20" % job), 60,
                                       "first captured line", 0.01)
                    seq0 = next((e["seq"] for e in first if e["stream"] == "stdout"), first[0]["seq"])

                    def last_stored():
                        got = h.call("GET", "/api/v1/jobs/%d/logs?after=%d&limit=5" % (job, seq0 + lines - 2))
                        return any(e["line"].startswith("%010d" % (lines - 1)) for e in got)
                    try:
                        wait_until(last_stored, timeout, "last line stored", 0.02)
                        thr["hero-proc stored"].append(mb / ((time.time_ns() - a) / 1e9))
                    except BenchError as e:
                        log("hero-proc: %s" % e)
                    growth["hero-proc"].append((peak.stop() - idle) / 2 ** 20)

                    def pages():
                        after = 0
                        while True:
                            got = h.call("GET", "/api/v1/jobs/%d/logs?after=%d&limit=10000&stream=stdout"
                                         % (job, after))
                            if not got:
                                return
                            for e in got:
                                yield e["line"]
                            after = got[-1]["seq"]
                    ok, bad = count_lines(pages(), lines)
                    lost["hero-proc"].append(lines - ok)
                    log("hero-proc logs: %d/%d lines in order, %d other" % (ok, lines, bad))
                finally:
                    stop_all(h)
            else:
                out = "%s/chatty.log" % d
                for f in os.listdir(d):
                    if f.startswith("chatty.log"):
                        os.unlink(os.path.join(d, f))
                sv = Supervisord([("chatty", cmd, dict(autostart="false", autorestart="false", startsecs="0",
                                                       stdout_logfile=out))])
                try:
                    sv.start()
                    sv.wait_ready()
                    time.sleep(1)
                    idle = rss_pss(sv.pid)[0]
                    peak = PeakRss(sv.pid)
                    sv.rpc.supervisor.startProcess("chatty", False)
                    a, b, lines = read_times(tf, timeout)
                    thr["supervisord"].append(mb / ((b - a) / 1e9))

                    def files():
                        backups = sorted((f for f in os.listdir(d) if f.startswith("chatty.log.")),
                                         key=lambda f: -int(f.rsplit(".", 1)[1]))
                        return [os.path.join(d, f) for f in backups] + [out]

                    def stored():
                        return sum(os.path.getsize(f) for f in files() if os.path.exists(f)) >= size
                    try:
                        wait_until(stored, 30, "supervisord log files complete", 0.01)
                        thr["supervisord stored"].append(mb / ((time.time_ns() - a) / 1e9))
                    except BenchError as e:
                        log("supervisord: %s" % e)
                    growth["supervisord"].append((peak.stop() - idle) / 2 ** 20)

                    def flines():
                        rest = b""
                        for f in files():
                            with open(f, "rb") as fh:
                                while True:
                                    blk = fh.read(1 << 20)
                                    if not blk:
                                        break
                                    parts = (rest + blk).split(b"\n")
                                    rest = parts.pop()
                                    for p in parts:
                                        yield p.decode()
                        if rest:
                            yield rest.decode()
                    ok, bad = count_lines(flines(), lines)
                    lost["supervisord"].append(lines - ok)
                    log("supervisord logs: %d/%d lines in order, %d other" % (ok, lines, bad))
                finally:
                    stop_all(sv)
        log("logs rep %d: %s" % (rep, {k: "%.0f MB/s" % v[-1] for k, v in thr.items() if v}))
    r = ctx.res
    m = "%.0f MB of 100-byte lines: child write throughput" % mb
    r.add(6, m, "MB/s", "hero-proc", thr["hero-proc"], "baseline: pipe into cat > /dev/null", thr["baseline"], higher_better=True)
    r.add(6, m, "MB/s", "hero-proc", thr["hero-proc"], "supervisord", thr["supervisord"], higher_better=True)
    r.add(6, "… until the last line is stored (queryable)", "MB/s", "hero-proc", thr["hero-proc stored"],
          "supervisord (bytes in log files)", thr["supervisord stored"], higher_better=True)
    r.add(6, "lines lost", "lines", "hero-proc", lost["hero-proc"], "supervisord", lost["supervisord"])
    r.add(6, "supervisor RSS during the flood − its idle RSS", "MiB", "hero-proc", growth["hero-proc"], "supervisord",
          growth["supervisord"])
    r.raw["logs"] = dict(thr=thr, lost=lost, rss_growth_mib=growth)
    for k, v in lost.items():
        if any(v):
            raise BenchError("%s lost log lines: %s" % (k, v))
    if len(thr["hero-proc stored"]) < ctx.p["log_reps"]:
        raise BenchError("hero-proc did not store the last line in time")


# ---- 8. log queries -----------------------------------------------------------------------------
def timed(fn, reps):
    """Milliseconds of each of reps calls of fn (its result checked by fn itself)."""
    out = []
    for _ in range(reps):
        t = now()
        fn()
        out.append((now() - t) / 1e6)
    return out


def s_log_query(ctx):
    lines, reps = ctx.p["query_lines"], ctx.p["query_reps"]
    word = "needle%d" % os.getpid()
    d = os.path.join(ctx.work, "query")
    os.makedirs(d, exist_ok=True)
    cmd = "%s %s %d %s %s" % (PY, LOGCHILD, lines * 100, "%s", word)
    timeout = 60 + lines / 1e6 * 300
    tail, search = {}, {}
    h = HeroProc(ctx.java, ctx.jar, env=HERO_LOG_CAPS)
    sv = None
    try:
        h.start()
        h.wait_ready()
        tf = os.path.join(d, "hero.times")
        h.quick("big", cmd % tf, kind="oneshot")
        read_times(tf, timeout)
        jobs = h.call("GET", "/api/v1/jobs?service=big")
        job = (jobs if isinstance(jobs, list) else jobs.get("items", []))[0]["id"]
        wait_until(lambda: h.call("GET", "/api/v1/jobs/%d/logs?tail=1" % job)[0]["line"].startswith(
            "%010d" % (lines - 1)), timeout, "the last line stored", 0.05)

        def hero_tail():
            got = h.call("GET", "/api/v1/jobs/%d/logs?tail=100" % job)
            if len(got) != 100 or not got[-1]["line"].startswith("%010d" % (lines - 1)):
                raise BenchError("hero-proc tail returned %d lines ending %r" % (len(got), got[-1:]))

        def hero_search():
            got = h.call("GET", "/api/v1/logs/search?" + urllib.parse.urlencode({"q": word}))
            if len(got) != 1 or word not in got[0]["line"]:
                raise BenchError("hero-proc search found %r" % got)
        hero_tail(), hero_search()  # first calls: compiled paths, warm page cache
        tail["hero-proc"], search["hero-proc"] = timed(hero_tail, reps), timed(hero_search, reps)
    finally:
        stop_all(h)
    out = os.path.join(d, "big.log")
    try:
        tf = os.path.join(d, "sv.times")
        sv = Supervisord([("big", cmd % tf, dict(autostart="true", autorestart="false", startsecs="0",
                                                  stdout_logfile=out, stdout_logfile_maxbytes="0"))])
        sv.start()
        sv.wait_ready()
        read_times(tf, timeout)
        wait_until(lambda: os.path.getsize(out) >= lines * 100, timeout, "supervisord's log file complete", 0.05)

        def sv_tail():
            text = sv.rpc.supervisor.tailProcessStdoutLog("big", 0, 100 * 100)[0]
            if text.count("\n") != 100 or not text.splitlines()[-1].startswith("%010d" % (lines - 1)):
                raise BenchError("supervisord tail returned %r" % text[-200:])

        def grep():
            r = subprocess.run(["grep", "-F", "-c", word, out], capture_output=True, text=True)
            if r.stdout.strip() != "1":
                raise BenchError("grep found %r" % r.stdout)
        sv_tail(), grep()
        tail["supervisord"], search["grep"] = timed(sv_tail, reps), timed(grep, reps)
    finally:
        stop_all(sv)
    r = ctx.res
    n = "{:,}".format(lines)
    r.add(8, "tail: the last 100 lines of a %s-line job" % n, "ms", "hero-proc ?tail=100", tail["hero-proc"],
          "supervisord tailProcessStdoutLog (10,000 bytes)", tail["supervisord"])
    r.add(8, "tail p90", "ms", "hero-proc ?tail=100", tail["hero-proc"], "supervisord tailProcessStdoutLog",
          tail["supervisord"], stat="p90")
    r.add(8, "search a word found once in %s lines" % n, "ms", "hero-proc /logs/search", search["hero-proc"],
          "grep -F -c on supervisord's log file", search["grep"])
    r.add(8, "search p90", "ms", "hero-proc /logs/search", search["hero-proc"], "grep -F -c", search["grep"],
          stat="p90")
    r.raw["log_query"] = dict(tail=tail, search=search)


# ---- 7. idle CPU ---------------------------------------------------------------------------------
def s_idle_cpu(ctx):
    n, secs = ctx.p["idle_n"], ctx.p["idle_secs"]
    h = sv = s6 = None
    try:
        h = hero_with_sleeps(ctx, n)
        sv = sup_with_sleeps(n)
        s6 = s6_with_sleeps(n)
        time.sleep(ctx.p["idle_settle"])
        groups = {"hero-proc": [h.pid], "supervisord": [sv.pid], "s6": s6.pids()}

        def sample():
            got = {k: sum(cpu_ticks(p) for p in v) for k, v in groups.items()}
            got["hero-proc without JIT"] = got["hero-proc"] - jit_ticks(h.pid)
            return got
        windows = 6
        per = {k: [] for k in list(groups) + ["hero-proc without JIT"]}
        prev = sample()
        t_prev = now()
        for _ in range(windows):
            time.sleep(secs / windows)
            cur = sample()
            t = now()
            for k in per:
                # CPU ms per 60 s of wall time, for this window
                per[k].append((cur[k] - prev[k]) * 1000.0 / CLK_TCK * 60e9 / (t - t_prev))
            prev, t_prev = cur, t
        hero_up, sv_up = h.count_running(), sv.count_running()
    finally:
        stop_all(h, sv, s6)
    r = ctx.res
    if h.errors:
        r.failures.append("scenario 7 (idle-cpu): hero-proc bulk status failed %d times, e.g. %s"
                          % (len(h.errors), h.errors[0][:300]))
    if hero_up < n or sv_up < n:
        r.failures.append("scenario 7 (idle-cpu): after the idle window hero-proc reports %d of %d services "
                          "running, supervisord %d" % (hero_up, n, sv_up))
    for peer in ("supervisord", "s6"):
        r.add(7, "idle CPU with %d services (ms CPU per minute, %d windows of %.0f s, all three idle together)"
              % (n, windows, secs / windows), "ms/min", "hero-proc", per["hero-proc"],
              peer + (" (whole tree)" if peer == "s6" else ""), per[peer])
    r.add(7, "… hero-proc without its JIT compiler threads (a warm-up, which ends)", "ms/min",
          "hero-proc", per["hero-proc without JIT"], "supervisord", per["supervisord"])
    r.raw["idle_cpu"] = per
    log("idle CPU: %s" % {k: "%.0f ms/min" % statistics.median(v) for k, v in per.items()})

# ---- 9. one CLI call -----------------------------------------------------------------------------
def s_cli(ctx):
    """Wall time of one CLI process, start to exit, as a workflow script pays it per call."""
    n = ctx.p["cli_services"]
    h = s = None
    cache = os.path.join(ctx.work, "hero-proc-cli.aot")
    try:
        h = hero_with_sleeps(ctx, n)
        s = sup_with_sleeps(n)
        url = "http://127.0.0.1:%d" % h.port
        launcher_env = base_env({"HERO_PROC_URL": url, "HERO_PROC_APP": os.path.dirname(ctx.jar),
                                 "HERO_PROC_CLI_CACHE": cache, "JAVA_HOME": os.path.dirname(os.path.dirname(ctx.java))})
        plain_env = base_env({"HERO_PROC_URL": url})
        plain = [ctx.java, "@" + JVM_OPTIONS, "-jar", ctx.jar]
        ctl = ["supervisorctl", "-c", s.conf]

        def timed_run(argv, env, ok=(0,)):
            t0 = now()
            r = subprocess.run(argv, capture_output=True, env=env)
            took = (now() - t0) / 1e6
            if r.returncode not in ok:
                raise BenchError("%s -> exit %d: %s" % (" ".join(argv), r.returncode, r.stderr[-500:]))
            return took

        if os.path.exists(cache):
            os.remove(cache)
        first = timed_run([LAUNCHER, "version"], launcher_env)
        if not os.path.exists(cache):
            ctx.res.notes.append("scripts/hero-proc made no client AOT cache; its rows ran without one")
        vals = {}
        # (what, hero-proc's arguments for (repetition, contender), supervisorctl's arguments)
        calls = [("service list", lambda rep, who: ["service", "list"], ["status"]),
                 ("service status NAME", lambda rep, who: ["service", "status", "s0000"], ["status", "s0000"]),
                 ("quick NAME -- sleep", lambda rep, who: ["quick", "q%s%04d" % (who, rep), "--", "sleep", "100000"],
                  None)]
        for rep in range(ctx.p["cli_reps"]):
            for what, args, ctl_args in calls:
                runs = [("hero-proc (scripts/hero-proc)", [LAUNCHER] + args(rep, "l"), launcher_env),
                        ("hero-proc (java -jar, no cache)", plain + args(rep, "j"), plain_env)]
                if ctl_args:
                    runs.append(("supervisorctl", ctl + ctl_args, base_env()))
                if rep % 2:
                    runs.reverse()
                for label, argv, env in runs:
                    vals.setdefault((what, label), []).append(timed_run(argv, env, ok=(0, 3)))
        log("cli: %s" % {"%s / %s" % k: "%.0f ms" % statistics.median(v) for k, v in vals.items()})
        r = ctx.res
        r.add(9, "first call, trains the client's AOT cache (once per build)", "ms", "hero-proc (scripts/hero-proc)",
              [first], "—", [])
        for what, _, ctl_args in calls:
            peer = ("supervisorctl " + " ".join(ctl_args)) if ctl_args else "—"
            pv = vals.get((what, "supervisorctl"), [])
            for label in ("hero-proc (scripts/hero-proc)", "hero-proc (java -jar, no cache)"):
                r.add(9, "one CLI call: `%s` (%d services)" % (what, n), "ms", label, vals[(what, label)], peer, pv)
        r.raw["cli"] = {"%s / %s" % k: v for k, v in vals.items()}
    finally:
        stop_all(h, s)


SCENARIOS = [("1", "startup", s_startup), ("2", "rss", s_rss), ("3", "crash", s_crash),
             ("4", "start-many", lambda c: s_many(c, True, "5" in c.selected)),
             ("5", "bulk-status", lambda c: None if "4" in c.selected else s_many(c, False, True)),
             ("6", "logs", s_logs), ("7", "idle-cpu", s_idle_cpu), ("8", "log-query", s_log_query),
             ("9", "cli", s_cli)]


class Ctx:
    pass


def machine():
    cores = os.cpu_count()
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) / 2 ** 20
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = open("/proc/loadavg").read().split()[:3]
    return "%d cores (%s), %.1f GiB RAM, kernel %s, load avg %s at start" % (cores, model, mem, platform.release(),
                                                                          " ".join(load))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--java", required=True)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("scenarios", nargs="*")
    a = ap.parse_args()
    ctx = Ctx()
    ctx.java, ctx.jar, ctx.work = a.java, os.path.abspath(a.jar), os.path.abspath(a.work)
    os.makedirs(ctx.work, exist_ok=True)
    ctx.p = dict(QUICK if a.quick else FULL)
    # HERO_BENCH_SIZES="many=200,crashes=50" overrides single sizes (numbers only)
    for kv in filter(None, os.environ.get("HERO_BENCH_SIZES", "").split(",")):
        k, v = kv.split("=", 1)
        if k.strip() not in ctx.p:
            ap.error("HERO_BENCH_SIZES: unknown size %r (known: %s)" % (k, ", ".join(ctx.p)))
        ctx.p[k.strip()] = type(ctx.p[k.strip()])(float(v)) if not isinstance(ctx.p[k.strip()], bool) else v == "1"
    ctx.res = Results()
    ctx.aot_failed = False
    names = {k: k for k, _, _ in SCENARIOS}
    names.update({n: k for k, n, _ in SCENARIOS})
    try:
        ctx.selected = [names[s] for s in a.scenarios] if a.scenarios else [k for k, _, _ in SCENARIOS]
    except KeyError as e:
        ap.error("unknown scenario %s (known: %s)" % (e, ", ".join("%s|%s" % (k, n) for k, n, _ in SCENARIOS)))
    jdk = subprocess.run([ctx.java, "-version"], capture_output=True, text=True).stderr.strip().splitlines()
    sv = subprocess.run(["supervisord", "--version"], capture_output=True, text=True).stdout.strip()
    s6v = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "s6"], capture_output=True, text=True).stdout
    header = ["date: %s" % time.strftime("%Y-%m-%d %H:%M:%S %Z"), "machine: %s" % machine(),
              "JDK: %s" % (jdk[1] if len(jdk) > 1 else jdk), "supervisord %s, s6 %s, Python %s" % (
                  sv, s6v, platform.python_version()),
              "mode: %s, scenarios %s" % ("quick" if a.quick else "full", ",".join(ctx.selected))]
    for line in header:
        log(line)
    t_all = time.monotonic()
    for key, name, fn in SCENARIOS:
        if key not in ctx.selected:
            continue
        log("=== scenario %s: %s" % (key, name))
        t = time.monotonic()
        try:
            fn(ctx)
        except Exception as e:  # noqa: BLE001
            ctx.res.failures.append("scenario %s (%s): %s" % (key, name, e))
            log("FAILED: %s" % e)
            traceback.print_exc()
        finally:
            left = cleanup()
            if left:
                log("killed %d leftover processes" % left)
        log("scenario %s took %.0f s" % (key, time.monotonic() - t))
    print("\n".join("- " + h for h in header))
    print("- total time: %.0f s\n" % (time.monotonic() - t_all))
    print(ctx.res.table())
    for n in ctx.res.notes:
        print("\nnote: " + n)
    if ctx.res.failures:
        print("\n**FAILED:**\n" + "\n".join("- " + f for f in ctx.res.failures))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(header=header, rows=ctx.res.rows, raw=ctx.res.raw, failures=ctx.res.failures), f, indent=1,
                      default=str)
    sys.exit(1 if ctx.res.failures else 0)


if __name__ == "__main__":
    main()
