import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cliRuntime, runtimeSettingProblem } from "../src/cli-runtime";
import { runCliProcess } from "../src/testing/cli-process";
import { groupsOfTree, parseProcStat, type ProcessEntry } from "../src/testing/process-tree";
import { KeyedDebounce } from "../src/testing/keyed-debounce";
import { commandLineText, planInvocations, testCommandArgs } from "../src/testing/test-invocations";
import { waitFor, withKeptTestFolders } from "../../engine/test/support/cli-process";
import { processesWith } from "./helpers/processes-with";

const CLI = resolve(__dirname, "../../dist/cli.js");

/** Whether a process runs (a zombie, ended but not yet reaped, does not). */
function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("client: Testing panel processes and invocations", function () {
  this.timeout(30_000);

  describe("runCliProcess (real CLI)", () => {
    let dir = "";
    before(() => {
      if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
      dir = mkdtempSync(join(tmpdir(), "momoflow-client-process-"));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("streams stderr while it runs and returns stdout whole", async () => {
      const chunks: string[] = [];
      const result = await runCliProcess({
        runtime: cliRuntime(process.execPath, undefined, withKeptTestFolders(process.env)),
        args: testCommandArgs(CLI, {
          file: resolve(__dirname, "../../test-fixtures/tests/every-expectation.momoflow"),
          tests: [],
        }),
        cwd: dir,
        onStderr: (text) => chunks.push(text),
      });
      assert.equal(result.exitCode, 0, result.stderr);
      assert.equal(result.cancelled, false);
      assert.equal(chunks.join(""), result.stderr);
      assert.match(result.stderr, /✓ all forms hold/);
      assert.equal((JSON.parse(result.stdout) as { passed: number }).passed, 2);
    });

    it("stops the CLI and the shell steps it started (their own process groups) when cancelled", async function () {
      if (process.platform !== "linux") this.skip();
      // A marker no other process has: the sleeping step is found by it.
      const marker = `${40 + Math.floor(Math.random() * 1000) / 1000}`;
      const file = join(dir, "slow.momoflow");
      writeFileSync(
        file,
        [
          "workflow slow {",
          `  step wait { run: "sleep ${marker}" }`,
          "}",
          'test "waits" { workflow: slow  expect status == success }',
          "",
        ].join("\n"),
      );
      const abort = new AbortController();
      const started = Date.now();
      const running = runCliProcess({
        runtime: cliRuntime(process.execPath, undefined, withKeptTestFolders(process.env)),
        args: testCommandArgs(CLI, { file, names: ["waits"], tests: ["waits"] }),
        cwd: dir,
        signal: abort.signal,
        killGraceMs: 500,
      });
      await waitFor(() => processesWith(`sleep ${marker}`).length > 0, "the step's sleep");
      const sleepers = processesWith(`sleep ${marker}`);
      abort.abort();
      const result = await running;
      assert.equal(result.cancelled, true);
      assert.ok(Date.now() - started < 10_000);
      await waitFor(() => sleepers.every((pid) => !alive(pid)), "the sleep to end", 15_000);
      assert.deepEqual(processesWith(`sleep ${marker}`), []);
    });

    it("does not start when already cancelled", async () => {
      const abort = new AbortController();
      abort.abort();
      const result = await runCliProcess({
        runtime: cliRuntime(process.execPath, undefined, withKeptTestFolders(process.env)),
        args: [CLI, "--version"],
        cwd: dir,
        signal: abort.signal,
      });
      assert.deepEqual(result, {
        exitCode: null,
        signal: null,
        stdout: "",
        stderr: "",
        cancelled: true,
      });
    });
  });

  describe("process trees", () => {
    it("finds the groups of a process and all its descendants, never the caller's own", () => {
      const table: ProcessEntry[] = [
        { pid: 1, ppid: 0, pgid: 1 },
        { pid: 100, ppid: 1, pgid: 100 }, // the extension host
        { pid: 200, ppid: 100, pgid: 200 }, // the CLI, detached
        { pid: 201, ppid: 200, pgid: 201 }, // a shell step, in its own group
        { pid: 202, ppid: 201, pgid: 201 }, // what the shell started
        { pid: 203, ppid: 202, pgid: 100 }, // something that joined the host's group
        { pid: 300, ppid: 100, pgid: 300 }, // another child of the host
      ];
      assert.deepEqual(groupsOfTree(table, 200, 100), [200, 201]);
      assert.deepEqual(groupsOfTree(table, 200), [200, 201, 100]);
      // A root already gone: its own group still.
      assert.deepEqual(groupsOfTree(table, 999, 100), [999]);
    });

    it("reads /proc/<pid>/stat, whose command may hold spaces and parentheses", () => {
      assert.deepEqual(parseProcStat("4242 (node) S 17 4242 4242 0 -1 4194560 1"), {
        pid: 4242,
        ppid: 17,
        pgid: 4242,
      });
      assert.deepEqual(parseProcStat("77 (a (weird) name) R 5 6 6 0"), {
        pid: 77,
        ppid: 5,
        pgid: 6,
      });
      assert.equal(parseProcStat("garbage"), undefined);
      if (process.platform === "linux") {
        const self = parseProcStat(readFileSync("/proc/self/stat", "utf8"));
        assert.equal(self?.pid, process.pid);
        assert.equal(self?.ppid, process.ppid);
      }
    });
  });

  describe("invocations", () => {
    it("runs one process per file: a whole file with no selection, a subset by exact names", () => {
      assert.deepEqual(
        planInvocations([
          { file: "/a.momoflow", tests: ["one"], wholeFile: false },
          { file: "/b.momoflow", tests: ["x", "y"], wholeFile: true },
          { file: "/a.momoflow", tests: ["two", "one"], wholeFile: false },
          { file: "/c.momoflow", tests: [], wholeFile: true },
        ]),
        [
          { file: "/a.momoflow", names: ["one", "two"], tests: ["one", "two"] },
          { file: "/b.momoflow", tests: ["x", "y"] },
        ],
      );
      assert.deepEqual(
        planInvocations([
          { file: "/a.momoflow", tests: ["one"], wholeFile: false },
          { file: "/a.momoflow", tests: ["two"], wholeFile: true },
        ]),
        [{ file: "/a.momoflow", tests: ["one", "two"] }],
      );
    });

    it("builds the arguments: one --test=NAME per test, -- before the file", () => {
      assert.deepEqual(testCommandArgs("/ext/dist/cli.js", { file: "/w/a.momoflow", tests: [] }), [
        "/ext/dist/cli.js",
        "test",
        "--json",
        "--",
        "/w/a.momoflow",
      ]);
      assert.deepEqual(
        testCommandArgs("/ext/dist/cli.js", {
          file: "/w/-odd.momoflow",
          names: ["--json 'x'", "b"],
          tests: ["--json 'x'", "b"],
        }),
        [
          "/ext/dist/cli.js",
          "test",
          "--json",
          "--test=--json 'x'",
          "--test=b",
          "--",
          "/w/-odd.momoflow",
        ],
      );
      assert.equal(
        commandLineText("/usr/bin/code", [
          "/e/cli.js",
          "test",
          "--test=it's a test",
          "--",
          "/w/a b.momoflow",
        ]),
        `/usr/bin/code /e/cli.js test '--test=it'\\''s a test' -- '/w/a b.momoflow'`,
      );
    });

    it("says what is wrong with a momoflow.runtime that names no file, or a folder", () => {
      assert.match(
        runtimeSettingProblem("/nonexistent/bin/node") ?? "",
        /^The setting momoflow\.runtime names \/nonexistent\/bin\/node, which does not exist: /,
      );
      assert.match(runtimeSettingProblem(tmpdir()) ?? "", /, a folder: /);
      assert.equal(runtimeSettingProblem(process.execPath), undefined);
      // A bare name is looked for on the PATH as the process starts; empty is VS Code's runtime.
      assert.equal(runtimeSettingProblem("node"), undefined);
      assert.equal(runtimeSettingProblem("  "), undefined);
      assert.equal(runtimeSettingProblem(undefined), undefined);
    });

    it("uses VS Code's runtime as Node unless momoflow.runtime names one", () => {
      const env = { PATH: "/bin" };
      assert.deepEqual(cliRuntime("/opt/code/code", undefined, env), {
        command: "/opt/code/code",
        env: { PATH: "/bin", ELECTRON_RUN_AS_NODE: "1" },
      });
      assert.deepEqual(cliRuntime("/opt/code/code", "  ", env).command, "/opt/code/code");
      assert.deepEqual(cliRuntime("/opt/code/code", " /usr/bin/node ", env), {
        command: "/usr/bin/node",
        env: { PATH: "/bin" },
      });
      assert.deepEqual(env, { PATH: "/bin" }); // not modified
    });
  });

  it("debounces per key", async () => {
    const calls: string[] = [];
    const debounce = new KeyedDebounce<string>(30, (key) => calls.push(key));
    debounce.schedule("a");
    debounce.schedule("b");
    debounce.schedule("a");
    await new Promise((r) => setTimeout(r, 10));
    debounce.schedule("a");
    debounce.schedule("c");
    debounce.cancel("c");
    assert.equal(debounce.pending, 2);
    await new Promise((r) => setTimeout(r, 80));
    assert.deepEqual(calls.sort(), ["a", "b"]);
    debounce.schedule("d");
    debounce.dispose();
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(calls.sort(), ["a", "b"]);
  });
});
