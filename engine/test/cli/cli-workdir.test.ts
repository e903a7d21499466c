import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENGINE_URL, startCli, type CliOutcome } from "../support/cli-process";
import { expectDead } from "../support/process-liveness";
import { useTempDir } from "../support/temp-dir";
import { useTmpfsMount } from "../support/tmpfs-mount";

/** Longer than any refusal takes; a CLI still running then is stuck (as `mkdir -p` in /proc was). */
const STUCK_AFTER_MS = 15_000;

/** Runs the CLI; kills it (and says so in `stuck`) when it is still running after STUCK_AFTER_MS. */
async function runCliOrKill(args: string[], cwd: string): Promise<CliOutcome & { stuck: boolean }> {
  const { child, done } = startCli(args, cwd);
  let stuck = false;
  const timer = setTimeout(() => {
    stuck = true;
    child.kill("SIGKILL");
  }, STUCK_AFTER_MS);
  try {
    return { ...(await done), stuck };
  } finally {
    clearTimeout(timer);
    await expectDead([child.pid!]);
  }
}

/** Exit 2, the message alone on stderr (no stack trace), nothing on stdout. */
function assertRefused(out: CliOutcome & { stuck: boolean }, message: string): void {
  assert.equal(out.stuck, false, "the CLI kept running");
  assert.equal(out.code, 2, out.stderr);
  assert.equal(out.stderr, `momoflow: ${message}\n`);
  assert.equal(out.stdout, "");
}

const pseudo = (path: string): string =>
  `${path} lies in /proc, a pseudo file system where run records cannot live`;

describe("CLI: a --workdir that cannot be used", function () {
  this.timeout(STUCK_AFTER_MS + 10_000);
  const tmp = useTempDir("momoflow-cli-workdir-");
  const workflow = (): string => {
    const file = join(tmp(), "hello.momoflow");
    writeFileSync(file, 'workflow hello {\n  step say { run: "echo hello" }\n}\n');
    return file;
  };

  it("run --workdir /proc/self exits 2 at once", async function () {
    if (process.platform !== "linux") this.skip(); // /proc is Linux's
    const out = await runCliOrKill(["run", workflow(), "--workdir", "/proc/self"], tmp());
    assertRefused(out, `--workdir: ${pseudo("/proc/self")}`);
  });

  it("run --workdir /proc/self/fd exits 2 at once", async function () {
    if (process.platform !== "linux") this.skip(); // /proc is Linux's
    const out = await runCliOrKill(["run", workflow(), "--workdir", "/proc/self/fd"], tmp());
    assertRefused(out, `--workdir: ${pseudo("/proc/self/fd")}`);
  });

  it("run of a module in /proc without --workdir names the current directory", async function () {
    if (process.platform !== "linux") this.skip(); // /proc is Linux's
    // A module's default working directory is the current one (a .momoflow file's is its folder).
    const module = join(tmp(), "hello.mjs");
    writeFileSync(
      module,
      `import { WorkflowDefinition } from ${JSON.stringify(ENGINE_URL)};\n` +
        `export default new WorkflowDefinition({ id: "hello", steps: [] });\n`,
    );
    const out = await runCliOrKill(["run", module], "/proc");
    assertRefused(out, `the current directory: ${pseudo("/proc")}`);
  });

  it("run --workdir naming a file exits 2", async () => {
    const file = workflow();
    const out = await runCliOrKill(["run", file, "--workdir", "hello.momoflow"], tmp());
    assertRefused(out, `--workdir hello.momoflow: ${file} is a file, not a folder`);
  });

  describe("on a read-only file system", () => {
    useTmpfsMount(() => join(tmp(), "ro"), "ro,size=16k");

    it("run --workdir on it exits 2", async () => {
      const ro = join(tmp(), "ro");
      const out = await runCliOrKill(["run", workflow(), "--workdir", ro], tmp());
      assertRefused(out, `--workdir: the folder ${ro} is not writable (read-only file system)`);
    });

    it("run --workdir of a folder to create on it exits 2", async () => {
      const sub = join(tmp(), "ro", "runs");
      const out = await runCliOrKill(["run", workflow(), "--workdir", sub], tmp());
      assertRefused(
        out,
        `--workdir: the folder ${sub} cannot be created: ${join(tmp(), "ro")} is not writable (read-only file system)`,
      );
    });
  });

  it("rollback --workdir of a missing folder exits 2 and creates nothing", async () => {
    const missing = join(tmp(), "nowhere");
    const out = await runCliOrKill(["rollback", workflow(), "--workdir", missing], tmp());
    assertRefused(out, `--workdir: there is no folder ${missing} (so no runs to roll back)`);
    assert.equal(existsSync(missing), false);
  });

  it("rollback --workdir /proc/self exits 2", async function () {
    if (process.platform !== "linux") this.skip(); // /proc is Linux's
    const out = await runCliOrKill(["rollback", workflow(), "--workdir", "/proc/self"], tmp());
    assertRefused(out, `--workdir: ${pseudo("/proc/self")}`);
  });

  it("bench --workdir naming a file exits 2 before measuring anything", async () => {
    const file = workflow();
    const out = await runCliOrKill(["bench", "--quick", "--workdir", file], tmp());
    assertRefused(out, `--workdir: ${file} is a file, not a folder`);
  });
});
