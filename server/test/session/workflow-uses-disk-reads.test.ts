import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { type LspTestClient, uriOf } from "../support/lsp-client";
import { unwatchingClient } from "../support/unwatching-client";

/**
 * A step's own MF022 is a hint while the workspace only calls its workflow
 * (called-only-bound.ts), which needs the uses of every file of the
 * workspace. For a client that does not watch files, the server reads the
 * disk again at each edit; the uses of the files that are not open are kept
 * between keystrokes all the same, and found again once the disk changed
 * (`workspace/didChangeWatchedFiles`, or a file a kept check read changed
 * its time or size) or a document is opened. The server's reads are counted
 * by its test hook's log lines (`momoflow: read <path>`).
 */

/** `convert_all` runs 2 instances at once above its concurrency of 1: its own MF022 (line 5). */
const LIB = `workflow convert_all {
  concurrency: 1
  step convert {
    for_each: part in ["a", "b"]
    max_parallel: 2
    run: "echo \${part}"
    rollback: none
  }
}
`;

/** Only ever calls it: its MF022 is a hint. */
const CALLER = `import "./lib.momoflow"

workflow ship {
  concurrency: 4
  step all {
    run: workflow convert_all()
  }
}
`;

/** Runs it on its own: its MF022 is a warning again. */
const ON_ITS_OWN = `import "../lib.momoflow"

test "converts on its own" {
  workflow: convert_all
}
`;

const unrelated = (n: number): string =>
  `workflow other_${n} {\n  step a {\n    run: "echo ${n}"\n    rollback: none\n  }\n}\n`;

const SEVERITY: Record<number, string> = { 1: "error", 2: "warning", 3: "information", 4: "hint" };

const mf022 = (diagnostics: Diagnostic[]): string[] =>
  diagnostics.filter((d) => d.code === "MF022").map((d) => SEVERITY[d.severity!]!);

describe("language server: the workspace's uses of a workflow, kept between keystrokes for a client that does not watch files (real LSP over stdio)", function () {
  this.timeout(30_000);
  let dir: string;
  let client: LspTestClient;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "momoflow-uses-reads-"));
    writeFileSync(join(dir, "lib.momoflow"), LIB);
    writeFileSync(join(dir, "caller.momoflow"), CALLER);
    for (const n of [1, 2, 3]) writeFileSync(join(dir, `other${n}.momoflow`), unrelated(n));
    // No file watching, no dynamic registration (Neovim 0.7, Helix).
    client = await unwatchingClient(dir, { MOMOFLOW_TEST_LOG_DISK_READS: "1" });
  });

  afterEach(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** How many times the server read `name` (in the folder) from disk since log line `from`. */
  const reads = (name: string, from: number): number =>
    client.logs.slice(from).filter((line) => line === `momoflow: read ${join(dir, name)}`).length;

  it("reads the files that are not open once, not at each keystroke, and the hint holds at each", async () => {
    const lib = uriOf(join(dir, "lib.momoflow"));
    await client.open(lib, LIB);
    assert.deepEqual(mf022(await client.waitForDiagnostics(lib, 1)), ["hint"]);
    assert.equal(reads("other1.momoflow", 0), 1, client.logs.join("\n"));
    const mark = client.logs.length;
    const lines = LIB.split("\n").length - 1;
    for (const [i, key] of [..."// note"].entries()) {
      const at = { line: lines, character: i };
      const version = await client.change(lib, [{ range: { start: at, end: at }, text: key }]);
      assert.deepEqual(mf022(await client.waitForDiagnostics(lib, version)), ["hint"], key);
    }
    for (const name of ["other1.momoflow", "other2.momoflow", "other3.momoflow"])
      assert.equal(
        reads(name, mark),
        0,
        `${name} read again:\n${client.logs.slice(mark).join("\n")}`,
      );
  });

  it("finds the uses again when the disk changed (didChangeWatchedFiles) and when a document is opened", async () => {
    const lib = uriOf(join(dir, "lib.momoflow"));
    await client.open(lib, LIB);
    assert.deepEqual(mf022(await client.waitForDiagnostics(lib, 1)), ["hint"]);
    const published = client.publishCount(lib);

    // A folder no open document reads, so the server's own watch does not see it: the client says so.
    mkdirSync(join(dir, "checks"));
    const test = join(dir, "checks", "own.momoflow");
    writeFileSync(test, ON_ITS_OWN);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", {
      changes: [{ uri: uriOf(test), type: 1 }],
    });
    const after = await client.waitForPublish(lib, published, 10_000);
    assert.deepEqual(mf022(after.diagnostics), ["warning"], "a test runs it on its own now");

    // Deleted on disk, unannounced: the uses kept still hold it until a document is opened.
    rmSync(test);
    const other = uriOf(join(dir, "other1.momoflow"));
    const count = client.publishCount(lib);
    await client.open(other, unrelated(1));
    const reopened = await client.waitForPublish(lib, count, 10_000);
    assert.deepEqual(mf022(reopened.diagnostics), ["hint"], "the test is gone");
  });

  it("sees a closed file changed on disk, unannounced, at the next edit of a document whose hint depends on it", async () => {
    // A folder no open document reads (the server's own watch does not see it), known from the start.
    mkdirSync(join(dir, "checks"));
    const own = join(dir, "checks", "own.momoflow");
    const unrelatedTest = 'import "../other1.momoflow"\n\ntest "other" {\n  workflow: other_1\n}\n';
    // As long as the test that runs it on its own: changed to it, only its time tells.
    const sameSize = `${unrelatedTest.trimEnd().padEnd(ON_ITS_OWN.length - 1)}\n`;
    assert.equal(sameSize.length, ON_ITS_OWN.length);
    writeFileSync(own, sameSize);
    await client.close();
    client = await unwatchingClient(dir, { MOMOFLOW_TEST_LOG_DISK_READS: "1" });

    const lib = uriOf(join(dir, "lib.momoflow"));
    await client.open(lib, LIB);
    assert.deepEqual(mf022(await client.waitForDiagnostics(lib, 1)), ["hint"]);
    const lines = LIB.split("\n").length - 1;
    let typed = 0;
    /** Types one more character at the end of lib.momoflow; its MF022 severities then. */
    const keystroke = async (): Promise<string[]> => {
      const at = { line: lines, character: typed++ };
      const version = await client.change(lib, [{ range: { start: at, end: at }, text: "/" }]);
      return mf022(await client.waitForDiagnostics(lib, version));
    };
    const mark = client.logs.length;
    assert.deepEqual(await keystroke(), ["hint"]);
    assert.equal(reads("checks/own.momoflow", mark), 0, "unchanged: kept, not read again");

    // Edited outside the editor, nothing announced, its size the same: the next keystroke sees it.
    const { mtimeMs } = statSync(own);
    writeFileSync(own, ON_ITS_OWN);
    // A later time, as a write a moment later has (two writes within a clock tick may share one).
    const later = new Date(mtimeMs + 10_000);
    utimesSync(own, later, later);
    assert.deepEqual(await keystroke(), ["warning"], "a test runs it on its own now");
    // And back, shorter: a hint again.
    writeFileSync(own, unrelatedTest);
    assert.deepEqual(await keystroke(), ["hint"], "the test runs something else again");
    const still = client.logs.length;
    assert.deepEqual(await keystroke(), ["hint"]);
    assert.equal(reads("checks/own.momoflow", still), 0, "unchanged again: kept");
  });
});
