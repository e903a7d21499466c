import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { readProcessIdentity } from "../../src/commands/linux-proc";
import { ownProcessStamp } from "../../src/record/process-liveness";
import { acquireRunLock, RunLockBusyError, type LockOwner } from "../../src/record/run-lock";
import { expectDead } from "../support/process-liveness";
import { useTempDir } from "../support/temp-dir";
import { mountTmpfsOrSkip, unmountTmpfs } from "../support/tmpfs-mount";

const repoRoot = resolve(__dirname, "../../..");
const contender = resolve(__dirname, "../support/run-lock-contender.ts");
const linux = process.platform === "linux";

describe("acquireRunLock", () => {
  const tempDir = useTempDir("momoflow-lock-");
  const lockOf = (): string => join(tempDir(), "rollback.lock");

  it("writes the owner's pid, start time and run into the lock; release removes it", async () => {
    const lock = lockOf();
    const release = await acquireRunLock(lock, { runId: "run-1" });
    const owner = JSON.parse(readFileSync(lock, "utf8")) as LockOwner;
    assert.equal(owner.pid, process.pid);
    assert.equal(owner.startTicks, ownProcessStamp().startTicks);
    assert.equal(owner.runId, "run-1");
    assert.match(owner.token, /^[0-9a-f]{16}$/);
    assert.deepEqual(readdirSync(tempDir()), ["rollback.lock"]); // no draft left beside it
    release();
    assert.equal(existsSync(lock), false);
    release(); // a second release does nothing
  });

  it("release leaves a lock that is no longer this holder's", async () => {
    const lock = lockOf();
    const release = await acquireRunLock(lock);
    const other = JSON.stringify({ pid: process.pid, token: "someone-else" });
    writeFileSync(lock, other);
    release();
    assert.equal(readFileSync(lock, "utf8"), other);
  });

  describe("a stale lock is taken over", () => {
    const cases: [string, () => string][] = [
      ["an empty file", () => ""],
      ["garbage", () => "\u0000\u0001 not a lock {"],
      ["a lock naming pid 0 (an empty pid field read as a number)", () => "0"],
      ["a bare pid of a process that ended (an earlier version's lock)", () => String(deadPid())],
      ["a JSON lock of a process that ended", () => JSON.stringify({ pid: deadPid(), token: "x" })],
    ];
    for (const [what, content] of cases) {
      it(what, async () => {
        const lock = lockOf();
        writeFileSync(lock, content());
        const release = await acquireRunLock(lock, { wait: false });
        assert.equal((JSON.parse(readFileSync(lock, "utf8")) as LockOwner).pid, process.pid);
        release();
      });
    }

    it("a lock whose pid now belongs to a later process (start time differs)", async function () {
      if (!linux) this.skip(); // start times come from /proc
      const lock = lockOf();
      const ticks = readProcessIdentity(process.pid)!.startTicks;
      // Our own pid, but started at another time: the owner died and the pid was reused.
      writeFileSync(
        lock,
        JSON.stringify({ pid: process.pid, startTicks: ticks - 1, token: "old" }),
      );
      const release = await acquireRunLock(lock, { wait: false });
      const owner = JSON.parse(readFileSync(lock, "utf8")) as LockOwner;
      assert.equal(owner.startTicks, ticks);
      assert.notEqual(owner.token, "old");
      release();
    });
  });

  describe("a lock held by a live process", () => {
    let sleeper: ChildProcess | undefined;
    afterEach(async () => {
      if (sleeper?.pid !== undefined && sleeper.exitCode === null) {
        sleeper.kill("SIGKILL");
        await expectDead([sleeper.pid]);
      }
      sleeper = undefined;
    });

    /** A lock held by a live `sleep` process. */
    function lockHeldByLiveProcess(): { lock: string; pid: number } {
      sleeper = spawn("sleep", ["30"]);
      const pid = sleeper.pid!;
      const startTicks = linux ? readProcessIdentity(pid)!.startTicks : undefined;
      const lock = lockOf();
      writeFileSync(lock, JSON.stringify({ pid, startTicks, token: "sleeper" }));
      return { lock, pid };
    }

    it("with wait: false, throws an error naming the owner's pid", async () => {
      const { lock, pid } = lockHeldByLiveProcess();
      await assert.rejects(acquireRunLock(lock, { wait: false, runId: "r7" }), (error: Error) => {
        assert.ok(error instanceof RunLockBusyError);
        assert.equal(error.message, `run r7 is already being rolled back (pid ${pid})`);
        assert.equal(error.owner.pid, pid);
        return true;
      });
      assert.equal((JSON.parse(readFileSync(lock, "utf8")) as LockOwner).token, "sleeper");
    });

    it("waits (telling onWait once) until the owner is gone, then takes the lock", async () => {
      const { lock, pid } = lockHeldByLiveProcess();
      const waits: LockOwner[] = [];
      let taken = false;
      const acquiring = acquireRunLock(lock, { pollMs: 10, onWait: (o) => waits.push(o) }).then(
        (release) => {
          taken = true;
          return release;
        },
      );
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(taken, false, "took a lock whose owner is alive");
      sleeper!.kill("SIGKILL");
      const release = await acquiring;
      assert.equal(waits.length, 1);
      assert.equal(waits[0]!.pid, pid);
      assert.equal((JSON.parse(readFileSync(lock, "utf8")) as LockOwner).pid, process.pid);
      release();
    });

    it("stops waiting when the signal is aborted, leaving the owner's lock alone", async () => {
      const { lock } = lockHeldByLiveProcess();
      const controller = new AbortController();
      const acquiring = acquireRunLock(lock, { pollMs: 10, signal: controller.signal });
      setTimeout(() => controller.abort(new Error("the user cancelled")), 50);
      await assert.rejects(acquiring, /the user cancelled/);
      assert.equal((JSON.parse(readFileSync(lock, "utf8")) as LockOwner).token, "sleeper");
      assert.deepEqual(readdirSync(tempDir()), ["rollback.lock"]);
    });
  });

  it("two holders in one process wait for each other", async () => {
    const lock = lockOf();
    const first = await acquireRunLock(lock);
    let secondTaken = false;
    const second = acquireRunLock(lock, { pollMs: 10 }).then((release) => {
      secondTaken = true;
      return release;
    });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(secondTaken, false);
    first();
    (await second)();
    assert.equal(existsSync(lock), false);
  });

  describe("a release and a takeover in progress", () => {
    // A taker reads the lock, then asks whether its owner lives: a release
    // between the two (the owner leaves and exits, a new owner comes) must not
    // happen, or the new owner's lock is judged by the old owner's death.
    it("a release waits while another process holds the takeover guard", async () => {
      const lock = lockOf();
      const log = join(tempDir(), "critical.log");
      const holder = spawn(
        process.execPath,
        ["--require", "tsx/cjs", contender, lock, log, join(tempDir(), "go"), "200"],
        { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] },
      );
      try {
        await readyLine(holder);
        writeFileSync(join(tempDir(), "go"), "");
        await waitUntil(() => readLog(log).includes(`enter ${holder.pid}`));
        // A taker (this process, alive) holds the guard while the holder is inside.
        const guard = `${lock}.takeover`;
        writeFileSync(guard, JSON.stringify({ ...ownProcessStamp(), token: "taker" }));
        await waitUntil(() => readLog(log).includes(`leave ${holder.pid}`));
        await pause(300);
        assert.equal(holder.exitCode, null, "the holder is still waiting to release");
        assert.equal(existsSync(lock), true, "the lock stays while the guard is held");
        rmSync(guard);
        await waitUntil(() => holder.exitCode !== null);
        assert.equal(holder.exitCode, 0);
        assert.equal(existsSync(lock), false, "released once the guard was gone");
      } finally {
        if (holder.exitCode === null) holder.kill("SIGKILL");
        await expectDead([holder.pid!]);
      }
    });

    it("a guard held by a stopped process delays a release only for a while", async () => {
      const lock = lockOf();
      const release = await acquireRunLock(lock);
      // A live process (this one) that never lets go of the guard.
      writeFileSync(`${lock}.takeover`, JSON.stringify({ ...ownProcessStamp(), token: "stuck" }));
      release();
      assert.equal(existsSync(lock), false);
    });
  });

  describe("ten processes at once", function () {
    this.timeout(60_000);
    const starts: [string, () => string | undefined][] = [
      ["no lock", () => undefined],
      ["a stale lock of a dead process that all of them find", () => String(deadPid())],
      ["an empty stale lock that all of them find", () => ""],
    ];
    for (const [what, stale] of starts) {
      it(`take the lock one after another, each once (${what})`, async () => {
        const lock = lockOf();
        const log = join(tempDir(), "critical.log");
        const content = stale();
        if (content !== undefined) writeFileSync(lock, content);
        const pids = await runContenders(10, lock, log, join(tempDir(), "go"), 30);
        assertOneAtATime(readFileSync(log, "utf8"), pids);
        assert.equal(existsSync(lock), false, "the last holder released the lock");
      });
    }
  });

  describe("on a full disk (a tiny tmpfs)", () => {
    let mountPoint = "";
    let mounted = false;
    beforeEach(function () {
      mountPoint = join(tempDir(), "tiny");
      mkdirSync(mountPoint);
      mountTmpfsOrSkip(this, mountPoint, "size=4k");
      mounted = true;
      fillUp(join(mountPoint, "filler"));
    });
    afterEach(() => {
      if (mounted) unmountTmpfs(mountPoint);
      mounted = false;
    });

    it("takes the lock as a symbolic link holding the owner's stamp, and releases it", async () => {
      const lock = join(mountPoint, "rollback.lock");
      const release = await acquireRunLock(lock, { wait: false });
      assert.ok(lstatSync(lock).isSymbolicLink(), "a lock with content needs a data block");
      assert.match(readlinkSync(lock), new RegExp(`^momoflow-lock:${process.pid}:\\d*:[0-9a-f]+$`));
      // A second taker sees a live owner, not a stale lock.
      await assert.rejects(
        acquireRunLock(lock, { wait: false }),
        new RegExp(`\\(pid ${process.pid}\\)`),
      );
      release();
      assert.deepEqual(readdirSync(mountPoint), ["filler"]);
    });

    it("an empty lock a rollback left there is stale: taken over at once, disk still full", async () => {
      const lock = join(mountPoint, "rollback.lock");
      writeFileSync(lock, ""); // an empty file needs no data block
      const release = await acquireRunLock(lock, { wait: false });
      assert.ok(lstatSync(lock).isSymbolicLink());
      release();
      assert.deepEqual(readdirSync(mountPoint), ["filler"]);
    });

    it("a symbolic-link lock whose owner died is stale", async () => {
      const lock = join(mountPoint, "rollback.lock");
      symlinkSync(`momoflow-lock:${deadPid()}::abc`, lock);
      const release = await acquireRunLock(lock, { wait: false });
      assert.match(readlinkSync(lock), new RegExp(`^momoflow-lock:${process.pid}:`));
      release();
    });
  });

  it("names the errno when the lock cannot be written for another reason (read-only file system)", async function () {
    const mountPoint = join(tempDir(), "readonly");
    mkdirSync(mountPoint);
    mountTmpfsOrSkip(this, mountPoint, "ro,size=4k");
    try {
      const lock = join(mountPoint, "rollback.lock");
      await assert.rejects(
        acquireRunLock(lock),
        new RegExp(
          `^RunLockWriteError: the rollback lock could not be written: EROFS \\(.*\\) at ${lock}$`,
        ),
      );
    } finally {
      unmountTmpfs(mountPoint);
    }
  });
});

/** The pid of a process that ran and ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "0"]);
  return child.pid!;
}

/**
 * Starts `n` contender processes, lets them all go at once once every one is
 * ready, and waits for them to end.
 * @returns their pids.
 */
async function runContenders(
  n: number,
  lock: string,
  log: string,
  go: string,
  holdMs: number,
): Promise<number[]> {
  const children = Array.from({ length: n }, () =>
    spawn(process.execPath, ["--require", "tsx/cjs", contender, lock, log, go, String(holdMs)], {
      cwd: repoRoot,
    }),
  );
  try {
    const outcomes = children.map(
      (child) =>
        new Promise<{ code: number | null; stderr: string }>((resolvePromise) => {
          let stderr = "";
          child.stderr.on("data", (d) => (stderr += d));
          child.on("close", (code) => resolvePromise({ code, stderr }));
        }),
    );
    await Promise.all(children.map((child) => readyLine(child)));
    writeFileSync(go, "");
    for (const { code, stderr } of await Promise.all(outcomes)) assert.equal(code, 0, stderr);
    return children.map((c) => c.pid!);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    await expectDead(children.map((c) => c.pid!));
  }
}

function readyLine(child: ChildProcess): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("ready\n")) resolvePromise();
    });
    child.on("close", (code) => reject(new Error(`a contender ended early (${code})`)));
  });
}

/** Every pid entered once, and nobody entered before the one inside had left. */
function assertOneAtATime(log: string, pids: number[]): void {
  const lines = log.trim().split("\n");
  let inside: string | undefined;
  const entered: string[] = [];
  for (const line of lines) {
    const [what, pid] = line.split(" ");
    if (what === "enter") {
      assert.equal(inside, undefined, `${pid} entered while ${inside} was inside:\n${log}`);
      inside = pid;
      entered.push(pid!);
    } else {
      assert.equal(what, "leave", line);
      assert.equal(pid, inside, `${pid} left but ${inside} was inside:\n${log}`);
      inside = undefined;
    }
  }
  assert.equal(inside, undefined);
  assert.deepEqual(entered.map(Number).sort(), [...pids].sort());
}

/** Writes to `file` until the file system is full. */
function fillUp(file: string): void {
  try {
    for (;;) writeFileSync(file, Buffer.alloc(1024), { flag: "a" });
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, "ENOSPC");
  }
}

function readLog(log: string): string {
  return existsSync(log) ? readFileSync(log, "utf8") : "";
}

function pause(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}

/** Polls `condition` every 10 ms, failing after 20 s. */
async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(condition)}`);
    await pause(10);
  }
}
