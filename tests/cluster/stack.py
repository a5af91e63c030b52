"""The pieces of a beian-bot deployment as operators run it, on 127.0.0.1.

A throw-away PostgreSQL (scripts/pg-scratch), N `beian-bot serve` processes
on fixed loopback ports sharing one database through BEIAN_DB, and Debian's
nginx in front with deploy/nginx/beian-bot-cluster.conf (scripts/front-nginx).
Used by tests/cluster/cluster.py and scripts/bench-cluster. Python 3 stdlib
only; PostgreSQL is queried through psql.

Everything lives under one temporary folder and is stopped by Cluster.stop()
(also when a start fails half-way). Not thread-safe: one thread drives it.
"""
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLUSTER_CONF = os.path.join(ROOT, "deploy", "nginx", "beian-bot-cluster.conf")
SINGLE_CONF = os.path.join(ROOT, "deploy", "nginx", "beian-bot.conf")

# The same on every instance: the keyed hashes of ID and phone numbers must
# match whichever instance computed them (README "Scaling out").
HASH_SECRET = "cluster-test-secret-0123456789abcdef"
ADMIN_TOKEN = "cluster-admin-token"


class StackError(RuntimeError):
    """A piece of the stack did not start; the message says which and why."""


class NoPostgresBackend(StackError):
    """The binary took BEIAN_DB=postgresql://… but does not use PostgreSQL."""


def hide_password(text):
    """`text` with the password of every postgresql:// URL in it replaced by ***."""
    return re.sub(r"(postgres(?:ql)?://[^:/@\s]*:)[^@\s]*@", r"\1***@", text)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin_dir():
    """Where initdb and pg_ctl are, found as scripts/pg-scratch finds them; None if nowhere."""
    candidates = [os.environ.get("BEIAN_PG_BINDIR", "")]
    try:
        candidates.append(subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip())
    except OSError:
        pass
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(d.split("/")[4]), reverse=True)
    candidates += os.environ.get("PATH", "").split(":")
    for d in candidates:
        if d and all(os.access(os.path.join(d, p), os.X_OK) for p in ("initdb", "pg_ctl")):
            return d
    return None


def missing_tools(backend):
    """The programs `backend` ("postgresql" or "sqlite") needs that are not installed."""
    missing = [p for p in ("nginx", "curl") if shutil.which(p) is None]
    if backend == "postgresql":
        if pg_bin_dir() is None:
            missing.append("initdb/pg_ctl (Debian package postgresql)")
        if shutil.which("psql") is None:
            missing.append("psql (Debian package postgresql-client)")
    return missing


def get(port, path, timeout=5):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as r:
        return r.status, r.read()


def wait_healthy(port, alive, timeout=30):
    """True once GET /healthz answers 200; False when `alive()` turns false or time is up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            return False
        try:
            if get(port, "/healthz", timeout=2)[0] == 200:
                return True
        except OSError:
            pass
        time.sleep(0.02)
    return False


def tail(path, lines=20):
    try:
        with open(path, "rb") as f:
            return b"\n".join(f.read().splitlines()[-lines:]).decode("utf-8", "replace")
    except OSError:
        return ""


# ---------------------------------------------------------------- PostgreSQL
class Postgres:
    """A scratch server (scripts/pg-scratch: fsync off, NOT crash-safe)."""

    def __init__(self):
        # pg-scratch wants a new folder the postgres user can reach: under /tmp itself.
        self.dir = os.path.join("/tmp", "beian-cluster-pg-" + os.urandom(6).hex())
        run = subprocess.run([os.path.join(ROOT, "scripts", "pg-scratch"), "start", self.dir],
                             capture_output=True, text=True)
        if run.returncode != 0:
            raise StackError("scripts/pg-scratch start failed:\n" + run.stderr)
        self.url = run.stdout.strip()
        self.databases = 0

    def psql(self, sql, url=None):
        """The result of one SQL statement as text (rows on lines, columns split by |)."""
        run = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url or self.url,
                              "-c", sql], capture_output=True, text=True, env=dict(os.environ, PGCONNECT_TIMEOUT="5"))
        if run.returncode != 0:
            raise StackError(f"psql: {sql}: {run.stderr.strip()}")
        return run.stdout.strip()

    def new_database(self, name=None):
        """A new empty database; returns its URL."""
        self.databases += 1
        name = name or f"beian_{self.databases}"
        self.psql(f"CREATE DATABASE {name}")
        return re.sub(r"/[^/]*$", "/" + name, self.url)

    def tables(self, url):
        return int(self.psql("SELECT count(*) FROM information_schema.tables "
                             "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')", url))

    def transactions(self, url):
        """Transactions committed and rolled back in `url`'s database so far.

        The statistics reach pg_stat_database when a backend goes idle (at most
        about a second later): call after the load has stopped for a second.
        """
        return int(self.psql("SELECT xact_commit + xact_rollback FROM pg_stat_database "
                             "WHERE datname = current_database()", url))

    def connections(self, url):
        return int(self.psql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()", url))

    def stop(self):
        subprocess.run([os.path.join(ROOT, "scripts", "pg-scratch"), "stop", self.dir], capture_output=True)


# ---------------------------------------------------------------- beian-bot serve
class Instance:
    """One `beian-bot serve` on 127.0.0.1:port, its log at `log_path`."""

    def __init__(self, binary, name, port, env, workdir):
        self.binary, self.name, self.port, self.env = binary, name, port, env
        self.workdir = workdir  # its working folder: a file it makes by mistake lands here
        os.makedirs(workdir, exist_ok=True)
        self.log_path = os.path.join(workdir, "serve.log")
        self.proc = None
        self.starts = 0

    def start(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("BEIAN_")}
        env.update(self.env)
        self.starts += 1
        with open(self.log_path, "ab") as log:
            log.write(f"---- start {self.starts}\n".encode())
            log.flush()
            self.proc = subprocess.Popen([self.binary, "serve", "--listen", f"127.0.0.1:{self.port}"],
                                         cwd=self.workdir, env=env, stdout=log, stderr=log)
        if not wait_healthy(self.port, self.alive):
            code = self.proc.poll()
            self.stop()
            raise StackError(f"{self.name} (port {self.port}) did not start"
                             + (f" (exit {code})" if code is not None else "") + ":\n" + tail(self.log_path))

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- nginx
class Nginx:
    """Debian's nginx with `conf` (scripts/front-nginx), its files under `workdir`."""

    def __init__(self, port, upstream_ports, workdir, conf=CLUSTER_CONF, exempt=()):
        self.port, self.dir = port, workdir
        args = [os.path.join(ROOT, "scripts", "front-nginx"), "--conf", conf, "--listen", f"127.0.0.1:{port}",
                "--dir", workdir]
        for p in upstream_ports:
            args += ["--upstream", f"127.0.0.1:{p}"]
        for a in exempt:
            args += ["--exempt", a]
        run = subprocess.run(args, capture_output=True, text=True)
        if run.returncode != 0:
            raise StackError("scripts/front-nginx failed:\n" + run.stdout + run.stderr)

    def pid(self):
        with open(os.path.join(self.dir, "nginx.pid")) as f:
            return int(f.read())

    def stop(self):
        subprocess.run([os.path.join(ROOT, "scripts", "front-nginx"), "--stop", "--dir", self.dir],
                       capture_output=True)


# ---------------------------------------------------------------- the whole
class Cluster:
    """PostgreSQL (or one SQLite file), `instances` serve processes, nginx in front.

    backend "postgresql": every instance gets BEIAN_DB=<a new database's URL>
    (pass `postgres` to share one server between setups, else one is started);
    "sqlite": BEIAN_DB=<workdir>/bot.db (one instance only: the file is
    locked against a second server). `env` is added to every instance's
    environment. targets() lists (label, port) of each instance and nginx.
    """

    def __init__(self, binary, backend="postgresql", instances=3, env=None, postgres=None, nginx=True,
                 nginx_exempt=(), label="cluster"):
        if backend not in ("postgresql", "sqlite"):
            raise ValueError(backend)
        if backend == "sqlite" and instances != 1:
            raise StackError("a SQLite file serves one instance (its serve lock): use --instances 1")
        self.backend = backend
        self.workdir = tempfile.mkdtemp(prefix=f"beian-{label}-")
        self.owns_postgres = postgres is None and backend == "postgresql"
        self.postgres = postgres
        self.instances = []
        self.nginx = None
        try:
            if self.owns_postgres:
                self.postgres = Postgres()
            self.db = self.postgres.new_database() if backend == "postgresql" else os.path.join(self.workdir, "bot.db")
            base = {
                "BEIAN_DB": self.db,
                "BEIAN_HASH_SECRET": HASH_SECRET,
                "BEIAN_ADMIN_TOKEN": ADMIN_TOKEN,
                "BEIAN_TRUSTED_PROXIES": "127.0.0.1,::1",
            }
            base.update(env or {})
            for i in range(instances):
                inst = Instance(binary, f"instance {i + 1}", free_port(), dict(base),
                                os.path.join(self.workdir, f"instance{i + 1}"))
                self.instances.append(inst)
                try:
                    inst.start()
                except StackError as e:
                    if i == 0 and backend == "postgresql":
                        self.check_postgres_backend(inst, hide_password(str(e)))
                    raise
                if i == 0 and backend == "postgresql":
                    self.check_postgres_backend(inst)
            if nginx:
                self.nginx = Nginx(free_port(), [i.port for i in self.instances], os.path.join(self.workdir, "nginx"),
                                   exempt=nginx_exempt)
        except BaseException:
            self.stop()
            raise

    def check_postgres_backend(self, inst, failure=None):
        """Raises NoPostgresBackend unless the first instance created its schema in PostgreSQL.

        `failure`: why it did not start, if it did not.
        """
        if self.postgres.tables(self.db) > 0:
            return
        strays = [f for f in os.listdir(inst.workdir) if f != "serve.log"]
        raise NoPostgresBackend(
            f"`beian-bot serve` with BEIAN_DB={hide_password(self.db)} "
            + ("did not start" if failure else "answers /healthz")
            + " and created no table in that PostgreSQL database: this binary has no PostgreSQL storage "
            "yet (issue #23)" + (f"; it wrote {strays} in its working folder {inst.workdir}" if strays else "")
            + ".\n" + (failure or "Its log:\n" + hide_password(tail(inst.log_path, 5))))

    def targets(self):
        out = [(i.name, i.port) for i in self.instances]
        if self.nginx:
            out.append(("nginx", self.nginx.port))
        return out

    def stop(self, keep=False):
        if self.nginx:
            self.nginx.stop()
        for inst in self.instances:
            inst.stop()
        if self.owns_postgres and self.postgres:
            self.postgres.stop()
        if not keep:
            shutil.rmtree(self.workdir, ignore_errors=True)


def server_blocks_differ(single=SINGLE_CONF, cluster=CLUSTER_CONF):
    """'' when the cluster file's server block is the single-instance file's
    but for the failover lines (proxy_next_upstream*); else the first
    differing lines."""
    def block(path):
        text = open(path, encoding="utf-8").read()
        text = text[text.index("\nserver {"):]
        text = re.sub(r"[ \t]*proxy_next_upstream[^;]*;", "", text)
        lines = [re.sub(r"\s*#.*", "", line).rstrip() for line in text.splitlines()]
        return [line for line in lines if line.strip()]
    a, b = block(single), block(cluster)
    for x, y in zip(a, b):
        if x != y:
            return f"beian-bot.conf: {x.strip()!r} / beian-bot-cluster.conf: {y.strip()!r}"
    if len(a) != len(b):
        return f"{len(a)} lines against {len(b)}"
    return ""
