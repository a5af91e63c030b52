#!/usr/bin/env python3
"""Many `serve` instances on one PostgreSQL behind nginx, tested as operators run them (issue #23).

  tests/cluster/cluster.py [--bin build/beian-bot] [--backend postgresql|sqlite] [--instances 3]
                           [--users 200] [--figures 1] [--seed N] [--keep]

Starts a scratch PostgreSQL (scripts/pg-scratch), --instances `beian-bot
serve` on 127.0.0.1 with the same BEIAN_DB, BEIAN_HASH_SECRET and admin
token, and nginx in front with deploy/nginx/beian-bot-cluster.conf
(scripts/front-nginx). A fake Feishu API on 127.0.0.1 takes the replies
that go through the outbox. Through POST /v1/messages (each simulated user
from its own loopback address, so nginx's per-address limits stay as
shipped):

 walk   --users users walk the form of scripts/loadtest (开始备案, valid
        answers, pasted errors), each a random number of steps, every message
        to a random target (an instance directly, or nginx); every reply must
        equal the reply a single user gets on instance 1 at that step, and at
        the end every user's 进度 reply must be the one after exactly its own
        messages.
 triple every fourth user delivers each message 3× at once, with the same
        message id, to three different targets: the three replies are the
        same and the conversation moves once (both follow from the checks
        above).
 kill   one instance is killed with -9 a third of the way into the walk and
        restarted: a delivery that fails is retried with the same id (as the
        platforms do), errors are allowed only while it is down and never
        through nginx (it passes them to the other instances) unless the
        killed instance had begun its answer (cut short), and every
        message answered 200 is in the final state. Feishu messages delivered
        (3× each) just before the kill, while the fake API fails, must each
        be replied to exactly once after it recovers.
 teach  staff teach a phrasing on instance 1 (admin API: items → teach); every
        other instance and nginx must answer it within 1 s (--figures 0: 5 s,
        for sanitizer builds).

--backend sqlite --instances 1 runs all of it against one instance on a
SQLite file (only the multi-instance part is then trivial): the harness
itself, usable before the PostgreSQL backend exists. Exit 0 when every check
holds, 1 when one fails, 3 when the binary has no PostgreSQL backend, 77 when
nginx / PostgreSQL are not installed (ctest reports a skip).
"""
import argparse
import asyncio
import importlib.machinery
import importlib.util
import json
import os
import random
import re
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stack  # noqa: E402


def load_loadtest():
    """scripts/loadtest as a module: its walk script and fake Feishu API."""
    path = os.path.join(stack.ROOT, "scripts", "loadtest")
    loader = importlib.machinery.SourceFileLoader("loadtest", path)
    spec = importlib.util.spec_from_loader("loadtest", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


loadtest = load_loadtest()
SCRIPT = loadtest.SCRIPT
TEACH_TEXT = "门脸儿那个位置写哪"  # not answered by the shipped knowledge base (tests/bot/admin_api_test.cc)
TEACH_ENTRY = "field.host.mail-address"


# ---------------------------------------------------------------- HTTP client
def client_address(user):
    """Each simulated user's own loopback address: 127.0.1.1, 127.0.1.2, …"""
    return f"127.0.{1 + user // 250}.{1 + user % 250}"


async def request(port, method, path, body=None, source="127.0.0.1", headers=None, timeout=20):
    """One HTTP/1.1 request on a new connection; returns (status, body bytes).

    Raises OSError (asyncio.TimeoutError included) when the connection fails
    or closes before a whole answer.
    """
    data = b"" if body is None else json.dumps(body, ensure_ascii=False).encode()
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    for k, v in (headers or {}).items():
        head += f"{k}: {v}\r\n"
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0)), timeout)
    try:
        writer.write(head.encode() + b"\r\n" + data)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    except asyncio.TimeoutError as e:
        raise OSError("timed out") from e
    finally:
        writer.close()
    header, sep, payload = raw.partition(b"\r\n\r\n")
    if not sep or not header.startswith(b"HTTP/1."):
        raise ConnectionResetError("no whole answer")
    status = int(header.split()[1])
    for line in header.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and len(payload) < int(value):
            raise ConnectionResetError("answer cut short")
    return status, payload


def reply_text(payload):
    return "\n".join(r["text"] for r in json.loads(payload)["replies"])


def same_reply(a, b):
    """Equal, or equal but for numbers masked in one of them: a repeated
    delivery gets the stored reply, whose echoed numbers are masked like
    everything stored (bot/core/engine.cc, Engine::Commit)."""
    return len(a) == len(b) and all(x == y or "*" in (x, y) for x, y in zip(a, b))


# ---------------------------------------------------------------- the run
class Run:
    def __init__(self, args, cluster):
        self.args = args
        self.cluster = cluster
        self.rng = random.Random(args.seed)
        self.tag = f"{args.seed}"
        self.failures = []
        self.errors = []  # (monotonic time, target, what) of failed deliveries
        self.down = None  # (from, until) monotonic: the killed instance's outage
        self.acked = 0
        self.sent = 0
        self.masked = 0  # messages answered with the masked copy of the reference reply

    def fail(self, what):
        self.failures.append(what)
        if len(self.failures) <= 5:
            print("FAILED:", what, flush=True)
        elif len(self.failures) == 6:
            print("FAILED: … (more failures, counted at the end)", flush=True)

    async def say(self, port, chat, user, text, message_id=None, source="127.0.0.1"):
        body = {"chat_id": chat, "user_id": user, "text": text}
        if message_id:
            body["message_id"] = message_id
        return await request(port, "POST", "/v1/messages", body, source)

    # -------------------------------------------------------- reference
    async def reference(self):
        """replies[k]: the reply to SCRIPT[k]; progress[k]: 进度 after k messages (instance 1 alone)."""
        port = self.cluster.instances[0].port
        chat, user = f"ref-{self.tag}", "ref"
        replies, progress = [], []

        async def progress_now():
            status, payload = await self.say(port, chat, user, "进度")
            if status != 200:
                raise stack.StackError(f"reference 进度 answered {status}: {payload[:200]!r}")
            return reply_text(payload)

        progress.append(await progress_now())
        for k, text in enumerate(SCRIPT):
            status, payload = await self.say(port, chat, user, text, f"ref-{self.tag}-{k}")
            if status != 200:
                raise stack.StackError(f"reference step {k} answered {status}: {payload[:200]!r}")
            replies.append(reply_text(payload))
            progress.append(await progress_now())
        if len(set(progress)) < len(loadtest.WALK) // 2:
            self.fail("the reference 进度 replies do not tell the steps apart")
        return replies, progress

    # -------------------------------------------------------- walk, triple, kill
    async def deliver(self, user, k, port, label, replies):
        """Delivers message k of `user` to one target until it is answered 200; returns the reply."""
        chat, source = f"c{user}-{self.tag}", client_address(user)
        mid = f"m-{self.tag}-{user}-{k}"
        targets = self.cluster.targets()
        while True:
            self.sent += 1
            try:
                status, payload = await self.say(port, chat, f"u{user}", SCRIPT[k], mid, source)
                if status == 200:
                    return reply_text(payload)
                what = f"HTTP {status} {payload[:120]!r}"
            except OSError as e:
                what = f"{type(e).__name__}: {e}"
            self.errors.append((time.monotonic(), label, what))
            # The platform's retry: the same message id, another target, a moment later.
            label, port = self.rng.choice([t for t in targets if t[1] != port] or targets)
            await asyncio.sleep(0.05)

    async def walk(self, user, steps, triple, replies, state):
        targets = self.cluster.targets()
        for k in range(steps):
            if triple:
                chosen = self.rng.sample(targets, 3) if len(targets) >= 3 else [
                    targets[i % len(targets)] for i in range(3)]
                got = await asyncio.gather(*(self.deliver(user, k, p, lab, replies) for lab, p in chosen))
            else:
                label, port = self.rng.choice(targets)
                got = [await self.deliver(user, k, port, label, replies)]
            self.acked += 1
            state[user] = k + 1
            if not all(same_reply(g, replies[k]) for g in got):
                wrong = next(g for g in got if not same_reply(g, replies[k]))
                self.fail(f"user {user} message {k} ({SCRIPT[k]}): of {len(got)} deliveries, one got a reply "
                          f"that is not the single-instance one:\n  got      {wrong[:300]!r}\n"
                          f"  expected {replies[k][:300]!r}")
            elif len(set(got)) > 1 or got[0] != replies[k]:
                self.masked += 1

    async def kill_and_restart(self, total, feishu):
        """Waits for a third of the walk, delivers the Feishu messages, kills -9 one instance, restarts it."""
        while self.acked < total // 3:
            await asyncio.sleep(0.01)
        await self.feishu_messages(feishu)
        victim = self.cluster.instances[1 if len(self.cluster.instances) > 1 else 0]
        start = time.monotonic()
        victim.kill9()
        print(f"kill: {victim.name} killed with -9 after {self.acked}/{total} messages", flush=True)
        await asyncio.sleep(0.5)
        await asyncio.get_running_loop().run_in_executor(None, victim.start)
        self.down = (start, time.monotonic())
        print(f"kill: {victim.name} back after {self.down[1] - start:.1f} s", flush=True)
        feishu.fail = False  # the platform's API recovers

    async def feishu_messages(self, feishu):
        """Feishu messages whose replies the (failing) fake API refuses: they wait in the outbox."""
        targets = self.cluster.targets()
        self.feishu_ids = [f"om_{self.tag}_{i}" for i in range(self.args.feishu)]

        async def one(mid):
            chosen = self.rng.sample(targets, 3) if len(targets) >= 3 else [targets[i % len(targets)]
                                                                            for i in range(3)]
            body = json.loads(loadtest.feishu_event(mid, "验证码不正确"))
            results = await asyncio.gather(*(request(p, "POST", "/feishu", body) for _, p in chosen),
                                           return_exceptions=True)
            bad = [r for r in results if isinstance(r, Exception) or r[0] != 200]
            if bad:
                self.fail(f"feishu message {mid}: deliveries not answered 200: {bad!r}"[:400])
        await asyncio.gather(*(one(m) for m in self.feishu_ids))

    async def walk_all(self, replies, progress, feishu):
        users = self.args.users
        steps = [self.rng.randint(1, len(SCRIPT)) for _ in range(users)]
        triple = [u % 4 == 0 for u in range(users)]
        total = sum(steps)
        state = {}
        t0 = time.monotonic()
        killer = asyncio.create_task(self.kill_and_restart(total, feishu))
        await asyncio.gather(*(self.walk(u, steps[u], triple[u], replies, state) for u in range(users)))
        await killer
        elapsed = time.monotonic() - t0
        print(f"walk: {users} users, {total} messages answered 200 ({sum(triple)} users delivering each 3×), "
              f"{self.sent} deliveries in {elapsed:.1f} s; replies compared with the single-instance ones "
              f"({self.masked} matched with their echoed numbers masked: a repeated delivery's stored copy)", flush=True)
        grace = 2.0  # connections accepted just before the kill fail a moment after it
        outside = [e for e in self.errors if not (self.down and self.down[0] <= e[0] <= self.down[1] + grace)]
        print(f"kill: {len(self.errors) - len(outside)} failed deliveries while an instance was down, "
              f"all retried until answered", flush=True)
        if outside:
            self.fail(f"{len(outside)} deliveries failed while every instance was up, e.g. {outside[:3]!r}")
        # With another instance to take them, nginx passes on what the killed one dropped, except
        # an answer the killed instance had begun to send (nginx has passed its head on already):
        # that delivery is cut short, and the platform's retry gets the stored reply.
        through_nginx = [e for e in self.errors if e[1] == "nginx" and "answer cut short" not in e[2]]
        cut_short = sum(1 for e in self.errors if e[1] == "nginx") - len(through_nginx)
        if cut_short:
            print(f"kill: {cut_short} answer(s) through nginx cut short: the killed instance had begun "
                  f"to send them; retried and answered", flush=True)
        if len(self.cluster.instances) > 1 and through_nginx:
            self.fail(f"{len(through_nginx)} deliveries through nginx failed although other instances were up, "
                      f"e.g. {through_nginx[:3]!r}")
        # Every user's own 进度, asked through a random target.
        bad = 0
        for u in range(users):
            label, port = self.rng.choice(self.cluster.targets())
            status, payload = await self.say(port, f"c{u}-{self.tag}", f"u{u}", "进度", source=client_address(u))
            if status != 200 or reply_text(payload) != progress[steps[u]]:
                bad += 1
                if bad <= 3:
                    self.fail(f"user {u}: 进度 through {label} is not the state after its {steps[u]} messages")
        print(f"walk: {users - bad}/{users} users exactly where their own messages put them", flush=True)

    # -------------------------------------------------------- outbox
    async def outbox_check(self, feishu):
        deadline = time.monotonic() + self.args.outbox_wait
        while time.monotonic() < deadline and not set(self.feishu_ids) <= set(feishu.replies):
            await asyncio.sleep(0.1)
        await asyncio.sleep(3)  # a second sending would arrive by now
        counts = {m: feishu.replies.count(m) for m in self.feishu_ids}
        once = sum(1 for c in counts.values() if c == 1)
        print(f"outbox: {once}/{len(counts)} Feishu replies sent exactly once after the kill", flush=True)
        if once != len(counts):
            self.fail("Feishu replies not sent exactly once: "
                      + ", ".join(f"{m}: {c}" for m, c in counts.items() if c != 1))

    # -------------------------------------------------------- teach
    async def admin(self, port, method, path, body=None):
        status, payload = await request(port, method, "/admin/api/" + path, body,
                                        headers={"Authorization": "Bearer " + stack.ADMIN_TOKEN})
        return status, json.loads(payload) if payload else None

    async def top_entry(self, port, text):
        status, payload = await request(port, "GET", "/v1/lookup?q=" + urllib.parse.quote(text))
        matches = json.loads(payload).get("matches", []) if status == 200 else []
        return matches[0]["id"] if matches else None

    async def teach(self):
        first = self.cluster.instances[0].port
        others = [t for t in self.cluster.targets() if t[1] != first]
        for label, port in self.cluster.targets():
            if await self.top_entry(port, TEACH_TEXT) == TEACH_ENTRY:
                self.fail(f"{label} answers {TEACH_TEXT!r} with {TEACH_ENTRY} before it is taught")
                return
        await self.say(first, f"teach-{self.tag}", "asker", TEACH_TEXT, f"teach-{self.tag}")
        status, items = await self.admin(first, "GET", "items?status=open")
        item = next((i for i in items or [] if i.get("text") == TEACH_TEXT), None) if status == 200 else None
        if item is None:
            self.fail(f"the admin API lists no open item for {TEACH_TEXT!r} (status {status})")
            return
        status, out = await self.admin(first, "POST", f"items/{item['id']}/teach", {"entry_id": TEACH_ENTRY})
        taught_at = time.monotonic()
        if status != 200:
            self.fail(f"teach answered {status}: {out!r}")
            return
        limit = 1.0 if self.args.figures else 5.0
        delays = {}

        async def wait(label, port):
            while time.monotonic() - taught_at < limit + 4:
                if await self.top_entry(port, TEACH_TEXT) == TEACH_ENTRY:
                    delays[label] = time.monotonic() - taught_at
                    return
                await asyncio.sleep(0.02)
        await asyncio.gather(*(wait(label, port) for label, port in others))
        shown = ", ".join(f"{label} {delays[label]:.2f} s" if label in delays else f"{label} never"
                          for label, _ in others)
        print(f"teach: taught on instance 1; answered elsewhere after: {shown} (limit {limit:g} s)", flush=True)
        late = [label for label, _ in others if delays.get(label, limit + 1) > limit]
        if late:
            self.fail(f"the taught phrasing did not reach {', '.join(late)} within {limit:g} s")
        # And in a conversation, with the same reply everywhere.
        texts = set()
        for label, port in self.cluster.targets():
            status, payload = await self.say(port, f"taught-{self.tag}-{port}", "u", TEACH_TEXT,
                                             f"taught-{self.tag}-{port}")
            texts.add(reply_text(payload) if status == 200 else f"HTTP {status}")
        if len(texts) != 1:
            self.fail(f"the taught phrasing gets different replies on different targets: {texts!r}"[:600])


async def run_checks(run, feishu):
    replies, progress = await run.reference()
    await run.walk_all(replies, progress, feishu)
    await run.outbox_check(feishu)
    await run.teach()


def check_logs_hide_password(run, cluster):
    """No instance writes the database's password to its log (the start-up line shows the URL)."""
    password = re.search(r"://[^:/@\s]*:([^@\s]+)@", cluster.db)
    if not password:
        run.fail("the cluster's database URL has no password to look for")
        return
    for instance in cluster.instances:
        with open(instance.log_path, encoding="utf-8", errors="replace") as log:
            if password.group(1) in log.read():
                run.fail(f"{instance.name}'s log holds the database password")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(stack.ROOT, "build", "beian-bot"))
    ap.add_argument("--backend", choices=["postgresql", "sqlite"], default="postgresql")
    ap.add_argument("--instances", type=int, default=3)
    ap.add_argument("--users", type=int, default=200)
    ap.add_argument("--feishu", type=int, default=12, help="Feishu messages whose replies go through the outbox")
    ap.add_argument("--outbox-wait", type=float, default=60, help="seconds the outbox may take after the kill")
    ap.add_argument("--figures", type=int, default=1, help="0: the teach limit is 5 s, not 1 s (sanitizers)")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, database)")
    args = ap.parse_args()
    if args.seed is None:
        args.seed = random.randrange(1_000_000)
    missing = stack.missing_tools(args.backend)
    if missing:
        print("cluster: SKIPPED: not installed: " + ", ".join(missing) + " (scripts/install-deps.sh installs them)")
        return 77
    print(f"cluster: {args.instances} instance(s) on {args.backend} behind nginx, seed {args.seed}", flush=True)
    if differs := stack.server_blocks_differ():
        print("FAILED: deploy/nginx/beian-bot-cluster.conf's server block is no longer beian-bot.conf's: " + differs)
        return 1
    feishu = loadtest.FakeFeishu()
    env = {
        # The simulated users type far faster than people (scripts/loadtest does the same).
        "BEIAN_USER_RATE": "0", "BEIAN_CHAT_RATE": "0",
        # Room for every simulated user at once on one instance.
        "BEIAN_THREADS": "1024",
        "BEIAN_FEISHU_VERIFICATION_TOKEN": "v", "BEIAN_FEISHU_APP_ID": "cli_cluster",
        "BEIAN_FEISHU_APP_SECRET": "s", "BEIAN_FEISHU_API_BASE": f"http://127.0.0.1:{feishu.port}",
    }
    t0 = time.monotonic()
    try:
        cluster = stack.Cluster(args.bin, args.backend, args.instances, env)
    except stack.NoPostgresBackend as e:
        print(f"FAILED: {e}")
        return 3
    except stack.StackError as e:
        print(f"FAILED: {e}")
        return 1
    print("cluster: up in {:.1f} s: {}".format(
        time.monotonic() - t0, ", ".join(f"{label} :{port}" for label, port in cluster.targets())), flush=True)
    run = Run(args, cluster)
    try:
        asyncio.run(run_checks(run, feishu))
        if args.backend == "postgresql":
            print(f"postgresql: {cluster.postgres.connections(cluster.db)} connections open from the instances",
                  flush=True)
            check_logs_hide_password(run, cluster)
    except stack.StackError as e:
        run.fail(str(e))
    finally:
        dead = [i.name for i in cluster.instances if not i.alive()]
        if dead:
            run.fail(f"{', '.join(dead)} died; logs under {cluster.workdir}")
        keep = args.keep or bool(run.failures)
        cluster.stop(keep=keep)
        feishu.httpd.shutdown()
    print(f"cluster: {time.monotonic() - t0:.0f} s in all")
    if run.failures:
        print(f"FAILED: {len(run.failures)} check(s); seed {args.seed}; logs kept in {cluster.workdir}")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
