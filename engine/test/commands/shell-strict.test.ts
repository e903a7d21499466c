import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { useTempDir } from "../support/temp-dir";
import { findBash, shellCommandLine } from "../../src/commands/shell-choice";
import { runShell, ShellError } from "../../src/commands/shell-process";

/** The rejection of a script that must fail. */
async function failure(promise: Promise<unknown>): Promise<ShellError> {
  const error = await promise.then(
    () => assert.fail("the script should have failed"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ShellError, String(error));
  return error;
}

describe("runShell: strict shells and $MOMOFLOW_OUTPUT", function () {
  this.timeout(20_000);
  const dir = useTempDir("momoflow-strict-shell-");

  for (const shell of ["auto", "bash", "sh"] as const) {
    describe(`shell ${shell}`, () => {
      before(function () {
        if (shell !== "sh" && !findBash()) this.skip(); // bash is not installed here
      });

      it("stops a multi-line script at a failed command in its middle", async () => {
        const script = "echo start\ncp missing-file copy\necho after > after.txt\n";
        const error = await failure(runShell(script, { cwd: dir(), shell }));
        assert.notEqual(error.exitCode, 0);
        // bash's ERR trap names the failing line; sh (dash) has none.
        const where =
          shell !== "sh" && findBash() ? " at line 2 of the script, `cp missing-file copy`" : "";
        assert.ok(
          error.message.startsWith(`shell command "echo start …" exited with code 1${where}: `),
          error.message,
        );
        assert.match(error.message, /missing-file/);
        assert.equal(error.stdout, "start\n");
        assert.equal(existsSync(join(dir(), "after.txt")), false, "the rest must not run");
      });

      it("stops also when a recorded process gates the script", async () => {
        const pids: number[] = [];
        const script = "false\necho after > after.txt";
        const error = await failure(
          runShell(script, { cwd: dir(), shell, onSpawn: (pid) => pids.push(pid) }),
        );
        assert.equal(error.exitCode, 1);
        assert.equal(pids.length, 1);
        assert.equal(existsSync(join(dir(), "after.txt")), false);
      });
    });
  }

  describe("bash (the default when found)", () => {
    before(function () {
      if (!findBash()) this.skip(); // bash is not installed here
    });

    it("runs bash by default, without profile or rc files", async () => {
      const result = await runShell('printf "%s" "${BASH_VERSION:-none}"', { cwd: dir() });
      assert.match(result.output, /^\d+\.\d+/);
      assert.deepEqual(shellCommandLine("auto").slice(1), [
        "--noprofile",
        "--norc",
        "-euo",
        "pipefail",
        "-O",
        "inherit_errexit",
        "-c",
      ]);
    });

    it("fails a pipe whose first stage fails (pipefail)", async () => {
      const error = await failure(runShell("false | true", { cwd: dir() }));
      assert.equal(error.exitCode, 1);
    });

    it("fails on an unset variable (-u), naming it", async () => {
      const error = await failure(runShell('echo "$MOMOFLOW_SURELY_UNSET"', { cwd: dir() }));
      assert.match(error.message, /MOMOFLOW_SURELY_UNSET: unbound variable/);
    });

    it("lets a script opt out of strictness explicitly", async () => {
      const result = await runShell("set +eu +o pipefail\nfalse | true\nfalse\necho $NOPE_X.", {
        cwd: dir(),
      });
      assert.equal(result.output, ".");
    });
  });

  describe("sh", () => {
    it("runs /bin/sh, not bash, with -e", async () => {
      const result = await runShell('printf "[%s][%s]" "${BASH_VERSION:-}" "$-"', {
        cwd: dir(),
        shell: "sh",
      });
      const [, bashVersion, flags] = /^\[(.*)\]\[(.*)\]$/.exec(result.output)!;
      assert.equal(bashVersion, "", "BASH_VERSION must be empty under /bin/sh");
      assert.match(flags!, /e/);
    });

    it("does not fail an unset variable (sh has no -u)", async () => {
      const result = await runShell('echo "[$MOMOFLOW_SURELY_UNSET]"', {
        cwd: dir(),
        shell: "sh",
      });
      assert.equal(result.output, "[]");
    });
  });

  it("refuses an unknown shell with the allowed names", async () => {
    const error = await failure(runShell("echo hi", { cwd: dir(), shell: "zsh" as "sh" }));
    assert.match(error.message, /unknown shell "zsh": it must be "auto", "bash" or "sh"/);
  });

  describe("$MOMOFLOW_OUTPUT", () => {
    it("is the output when written, and stdout is only log", async () => {
      const script = 'echo noise\necho "more noise"\nprintf "ready\\n" > "$MOMOFLOW_OUTPUT"';
      const result = await runShell(script, { cwd: dir() });
      assert.equal(result.output, "ready");
      assert.equal(result.stdout, "noise\nmore noise\n");
    });

    it("keeps stdout as the output when nothing was written", async () => {
      const result = await runShell('test -f "$MOMOFLOW_OUTPUT"; echo plain', { cwd: dir() });
      assert.equal(result.output, "plain");
    });

    it("is an empty file of its own, removed once the script ended", async () => {
      const seen = await runShell('printf "%s" "$MOMOFLOW_OUTPUT"; test ! -s "$MOMOFLOW_OUTPUT"', {
        cwd: dir(),
        shell: "sh",
      });
      const path = seen.output;
      assert.ok(path.length > 0);
      assert.equal(existsSync(path), false, "the output file must be removed");
      const again = await runShell('printf "%s" "$MOMOFLOW_OUTPUT"', { cwd: dir() });
      assert.notEqual(again.output, path, "each run gets its own file");
    });

    it("replaces a MOMOFLOW_OUTPUT given in the environment", async () => {
      const outer = join(dir(), "outer-output");
      writeFileSync(outer, "");
      const result = await runShell('echo inner > "$MOMOFLOW_OUTPUT"', {
        cwd: dir(),
        env: { PATH: process.env.PATH, MOMOFLOW_OUTPUT: outer },
      });
      assert.equal(result.output, "inner");
      assert.equal(existsSync(outer), true);
    });

    it("is removed also when the script fails", async () => {
      const error = await failure(
        runShell('printf "%s" "$MOMOFLOW_OUTPUT"; echo x > "$MOMOFLOW_OUTPUT"; exit 4', {
          cwd: dir(),
        }),
      );
      assert.equal(error.exitCode, 4);
      assert.equal(existsSync(error.stdout), false);
    });
  });
});
