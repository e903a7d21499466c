import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { readProcessIdentity } from "../../src/commands/linux-proc";
import { isProcessAlive, ownProcessStamp, processStamp } from "../../src/record/process-liveness";
import { expectDead } from "../support/process-liveness";

const linux = process.platform === "linux";
const repoRoot = resolve(__dirname, "../../..");

describe("isProcessAlive", () => {
  it("says this process is alive, also with its own start time", () => {
    assert.equal(isProcessAlive(process.pid), true);
    assert.equal(isProcessAlive(process.pid, ownProcessStamp().startTicks), true);
  });

  it("never takes a pid that is not a positive integer for a live process", () => {
    // Number("") is 0, and kill(0, 0) would signal our own process group.
    for (const pid of [Number(""), 0, -1, -process.pid, 1.5, Number.NaN, Infinity]) {
      assert.equal(isProcessAlive(pid), false, `pid ${pid}`);
    }
  });

  it("says a process that ended is not alive", async () => {
    const child = spawnSync(process.execPath, ["-e", "0"]);
    assert.equal(child.status, 0);
    await expectDead([child.pid!]);
    assert.equal(isProcessAlive(child.pid!), false);
  });

  it("tells a reused pid by its start time (Linux)", function () {
    if (!linux) this.skip(); // start times come from /proc
    const ticks = readProcessIdentity(process.pid)!.startTicks;
    assert.equal(isProcessAlive(process.pid, ticks), true);
    assert.equal(isProcessAlive(process.pid, ticks + 1), false);
    assert.equal(isProcessAlive(process.pid, ticks - 1), false);
  });

  it("says an exited process that is not reaped yet (a zombie) is not alive (Linux)", async function () {
    if (!linux) this.skip(); // the process state comes from /proc
    // The parent starts `true` and then blocks its event loop, so libuv never
    // reaps the child: it stays a zombie. (A shell is no good parent here: bash
    // reaps a background job as soon as it ends.)
    const parent = spawn(process.execPath, [
      "-e",
      `const child = require("node:child_process").spawn("true");
       require("node:fs").writeSync(1, child.pid + "\\n");
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);`,
    ]);
    try {
      const zombie = Number(await firstLine(parent));
      await waitUntil(() => readProcessIdentity(zombie)?.state === "Z", "the child to be a zombie");
      assert.doesNotThrow(() => process.kill(zombie, 0)); // kill alone would call it alive
      assert.equal(isProcessAlive(zombie), false);
      assert.equal(isProcessAlive(parent.pid!), true);
    } finally {
      parent.kill("SIGKILL");
      await expectDead([parent.pid!]);
    }
  });

  it("counts a process it may not signal (EPERM) as alive", function () {
    if (process.getuid?.() !== 0) this.skip(); // needs root to start a process as another user
    const probe = spawnSync(
      process.execPath,
      [
        "--require",
        "tsx/cjs",
        "-e",
        `const { isProcessAlive } = require("./engine/src/record/process-liveness");
         let code = "none";
         try { process.kill(${process.pid}, 0); } catch (e) { code = e.code; }
         process.stdout.write(JSON.stringify({ code, alive: isProcessAlive(${process.pid}) }));`,
      ],
      {
        cwd: repoRoot,
        uid: 65534,
        gid: 65534,
        encoding: "utf8",
        env: { ...process.env, HOME: "/tmp" },
      },
    );
    if (probe.status !== 0 && /EACCES|permission denied/i.test(probe.stderr)) {
      this.skip(); // the user "nobody" cannot read the sources here
    }
    assert.equal(probe.status, 0, probe.stderr);
    assert.deepEqual(JSON.parse(probe.stdout), { code: "EPERM", alive: true });
  });
});

describe("ownProcessStamp", () => {
  it("gives this process's pid and, on Linux, its start time", () => {
    const stamp = ownProcessStamp();
    assert.equal(stamp.pid, process.pid);
    if (linux) assert.equal(stamp.startTicks, readProcessIdentity(process.pid)!.startTicks);
    else assert.equal(stamp.startTicks, undefined);
  });
});

describe("processStamp", () => {
  it("stamps a live process as ownProcessStamp does its own, and that stamp is alive", () => {
    const stamp = processStamp(process.pid);
    assert.deepEqual(stamp, ownProcessStamp());
    assert.equal(isProcessAlive(stamp!.pid, stamp!.startTicks), true);
  });

  it("gives no stamp for a process that ended", async () => {
    const child = spawnSync(process.execPath, ["-e", "0"]);
    await expectDead([child.pid!]);
    assert.equal(processStamp(child.pid!), undefined);
  });

  it("gives a stamp that a later process with the same pid does not match (Linux)", function () {
    if (!linux) this.skip(); // start times come from /proc
    const stamp = processStamp(process.pid)!;
    // What a process given this pid after this one ended looks like: a later start.
    assert.equal(isProcessAlive(stamp.pid, stamp.startTicks! + 1), false);
  });
});

function firstLine(child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let text = "";
    child.stdout!.on("data", (d: Buffer) => {
      text += d.toString();
      const end = text.indexOf("\n");
      if (end >= 0) resolvePromise(text.slice(0, end));
    });
    child.on("error", reject);
  });
}

async function waitUntil(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
