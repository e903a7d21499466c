import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { expectDead, isAlive } from "../support/process-liveness";
import { useTempDir } from "../support/temp-dir";
import { runShell, ShellError } from "../../src/commands/shell-process";

/** Alive means signalable and not a zombie (an orphan waits for init to reap it). */
/** Starts a script that prints `count` pids (one per line) and stays; resolves with them. */
function startPrintingPids(
  script: string,
  count: number,
  cwd: string,
  extra: { killGraceMs?: number } = {},
): { controller: AbortController; pids: Promise<number[]>; done: Promise<unknown> } {
  const controller = new AbortController();
  let text = "";
  let ready: (pids: number[]) => void;
  const pids = new Promise<number[]>((resolve) => (ready = resolve));
  const done = runShell(script, {
    cwd,
    signal: controller.signal,
    ...extra,
    onStdout: (chunk) => {
      text += chunk;
      const found = text.split("\n").filter((line) => /^\d+$/.test(line));
      if (found.length >= count) ready(found.map(Number));
    },
  }).catch((error: unknown) => error);
  return { controller, pids, done };
}

describe("runShell", () => {
  const dir = useTempDir("momoflow-shell-");

  it("gives stdout without its trailing newline as the output", async () => {
    const result = await runShell("printf 'a\\n\\n'; echo err >&2", { cwd: dir() });
    assert.equal(result.stdout, "a\n\n");
    assert.equal(result.output, "a\n");
    assert.equal(result.stderr, "err\n");
    assert.equal(result.exitCode, 0);
    assert.equal(result.signal, null);
    assert.equal((await runShell("printf 'no newline'", { cwd: dir() })).output, "no newline");
  });

  it("runs in the working directory with the given environment", async () => {
    const result = await runShell('pwd; printf "%s" "$GREETING"', {
      cwd: dir(),
      env: { PATH: process.env.PATH, GREETING: "hi there", UNSET: undefined },
    });
    assert.equal(result.output, `${dir()}\nhi there`);
  });

  it("fails a non-zero exit with its code and, when no line names an error, the last lines of stderr", async () => {
    const script = "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo line$i >&2; done; exit 3";
    const error = await runShell(script, { cwd: dir() }).catch((e: unknown) => e);
    assert.ok(error instanceof ShellError);
    assert.equal(error.exitCode, 3);
    assert.equal(error.aborted, false);
    assert.match(error.message, /^shell command "for i in .*" exited with code 3:\nline5\n/);
    assert.match(error.message, /line12$/);
    assert.doesNotMatch(error.message, /line4\n/);
  });

  it("says when the script died by a signal", async () => {
    await assert.rejects(runShell("kill -KILL $$", { cwd: dir() }), {
      message: /exited with code 137 \(SIGKILL\?\)/,
    });
  });

  it("closes stdin", async () => {
    const started = performance.now();
    const result = await runShell("cat; echo done", { cwd: dir() });
    assert.equal(result.output, "done");
    // A hang (stdin left open) would never settle; any scheduling delay is far below this.
    assert.ok(performance.now() - started < 10_000);
  });

  it("keeps large outputs whole, on both streams at once", async () => {
    const size = 3 * 1024 * 1024;
    const result = await runShell(
      `head -c ${size} /dev/zero | tr '\\0' x; head -c ${size} /dev/zero | tr '\\0' y >&2`,
      { cwd: dir() },
    );
    assert.equal(result.stdout.length, size);
    assert.equal(result.stderr.length, size);
    assert.ok(/^x+$/.test(result.stdout) && /^y+$/.test(result.stderr));
  });

  it("streams output to listeners, multibyte characters whole", async () => {
    const chunks: string[] = [];
    const result = await runShell("printf 'h\\303'; sleep 0.05; printf '\\251llo'", {
      cwd: dir(),
      onStdout: (chunk) => chunks.push(chunk),
    });
    assert.equal(result.output, "héllo");
    assert.equal(chunks.join(""), "héllo");
  });

  it("stops the whole process group, grandchildren included, on abort", async () => {
    const script = "sleep 30 & echo $!\nsleep 30 & echo $!\n(sleep 30; echo never) & echo $!\nwait";
    // A grace far beyond any scheduling delay: settling before it ends shows SIGTERM sufficed
    // (a loaded CI machine took over 1.5 s to settle with the 2 s default).
    const graceMs = 20_000;
    const { controller, pids, done } = startPrintingPids(script, 3, dir(), {
      killGraceMs: graceMs,
    });
    const grandchildren = await pids;
    assert.ok(grandchildren.every(isAlive));
    const started = performance.now();
    controller.abort(new Error("cancelled by test"));
    const error = await done;
    assert.ok(error instanceof ShellError);
    assert.equal(error.aborted, true);
    assert.match(error.message, /was stopped: cancelled by test/);
    const elapsed = performance.now() - started;
    assert.ok(
      elapsed < graceMs,
      `SIGTERM suffices: settled after ${Math.round(elapsed)} ms, not at the SIGKILL`,
    );
    await expectDead(grandchildren);
  });

  it("kills with SIGKILL what ignores SIGTERM, after the grace", async () => {
    // Ignored signals are inherited: the sleep ignores SIGTERM too.
    const script = "trap '' TERM\nsleep 30 & echo $!\nwait";
    const { controller, pids, done } = startPrintingPids(script, 1, dir(), { killGraceMs: 200 });
    const [pid] = await pids;
    const started = performance.now();
    controller.abort();
    assert.ok((await done) instanceof ShellError);
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 150 && elapsed < 10_000, `took ${elapsed} ms (the sleep lasts 30 s)`);
    await expectDead([pid!]);
  });

  it("gives the group its grace to shut down, even after the shell itself died", async () => {
    const cleaned = join(dir(), "cleaned.txt");
    // Short foreground sleeps: a child forked just as SIGTERM lands can miss it
    // (it still has the shell's trap handler until exec), and would then live until SIGKILL.
    const script = `trap 'sleep 0.3; echo done > ${cleaned}; exit 0' TERM\necho 1\nwhile :; do sleep 0.05; done`;
    const { controller, pids, done } = startPrintingPids(script, 1, dir());
    await pids;
    controller.abort();
    assert.ok((await done) instanceof ShellError);
    assert.equal(readFileSync(cleaned, "utf8"), "done\n");
  });

  it("reports a timeout as such", async () => {
    await assert.rejects(runShell("sleep 30", { cwd: dir(), signal: AbortSignal.timeout(100) }), {
      name: "ShellError",
      message: 'shell command "sleep 30" was stopped: timed out',
    });
  });

  it("does not start when the signal is already aborted", async () => {
    await assert.rejects(
      runShell(`touch ${join(dir(), "ran")}`, { cwd: dir(), signal: AbortSignal.abort() }),
      /was stopped before it started/,
    );
    assert.throws(() => readFileSync(join(dir(), "ran")), /ENOENT/);
  });

  it("does not wait for a background process left holding the output", async () => {
    const started = performance.now();
    const result = await runShell("sleep 30 & echo $!", { cwd: dir() });
    // Waiting for the background sleep would take 30 s; a loaded machine's delays stay far below.
    assert.ok(performance.now() - started < 10_000);
    const pid = Number(result.output);
    assert.ok(isAlive(pid), "left alone: it was not asked to stop");
    process.kill(pid, "SIGKILL");
  });

  it("refuses a working directory that does not exist", async () => {
    await assert.rejects(runShell("true", { cwd: join(dir(), "missing") }), /does not exist/);
  });

  it("reports the child's CPU time and peak memory on Linux", async function () {
    if (process.platform !== "linux") this.skip();
    const burn = "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done";
    const { childMetrics } = await runShell(
      `${burn}; head -c 20000000 /dev/zero | tail -c 1 >/dev/null`,
      {
        cwd: dir(),
      },
    );
    assert.ok(childMetrics.cpuUserMs! > 0, JSON.stringify(childMetrics));
    assert.ok(childMetrics.cpuSystemMs! >= 0);
    // `tail -c 1` of a pipe buffers a little; the shells alone are about 1 MB each.
    assert.ok(childMetrics.peakMemoryBytes! > 500_000, JSON.stringify(childMetrics));
  });

  it("reports metrics of a failed script too", async function () {
    if (process.platform !== "linux") this.skip();
    const error = (await runShell("i=0; while [ $i -lt 50000 ]; do i=$((i+1)); done; exit 1", {
      cwd: dir(),
    }).catch((e: unknown) => e)) as ShellError;
    assert.ok(error.childMetrics.cpuUserMs !== undefined);
  });
  it("reports its pid, the id of the script's process group, right after the spawn", async function () {
    if (process.platform !== "linux") this.skip(); // the group is read from /proc
    const reported: number[] = [];
    const result = await runShell("cut -d' ' -f5 /proc/$$/stat", {
      cwd: dir(),
      onSpawn: (pid) => reported.push(pid),
    });
    assert.equal(reported.length, 1);
    assert.equal(Number(result.output), reported[0]);
  });

  it("stops at once a script whose process could not be recorded", async () => {
    const started = performance.now();
    const error = await runShell("touch ran; sleep 30", {
      cwd: dir(),
      onSpawn: () => {
        throw new Error("disk full");
      },
    }).catch((e: unknown) => e);
    assert.ok(error instanceof ShellError);
    assert.match(error.message, /was stopped: its process could not be recorded: disk full/);
    assert.ok(performance.now() - started < 5000);
    assert.equal(existsSync(join(dir(), "ran")), false, "the script must not have run");
  });

  it("gives the script closed stdin also when it reports its pid", async () => {
    const result = await runShell("cat; echo end", { cwd: dir(), onSpawn: () => {} });
    assert.equal(result.output, "end");
  });
});
