import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCliWithin } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * `expect file <path> == …` of a path that is no file: a named pipe the run
 * made was read, waiting for a writer that never came — `momoflow test`
 * hung there for good, deaf to its test's timeout and to Ctrl+C — and a
 * folder failed with `it cannot be read (EISDIR: illegal operation on a
 * directory, read)`. Each says what the path is, not reading it.
 */
describe("momoflow test: expect file of a folder or a named pipe (the real CLI)", function () {
  this.timeout(60_000);
  const dir = useTempDir("momoflow-test-expect-kind-");

  it("fails the expectation saying what the path is, and ends", async () => {
    writeFileSync(
      join(dir(), "kinds.momoflow"),
      `workflow kinds {
  step make {
    run: "mkfifo pipe && mkdir folder"
    rollback: none
  }
}

test "not files" {
  workflow: kinds
  expect file "pipe" == "x"
  expect file "folder" contains "x"
  expect file "pipe" exists
}
`,
    );
    const out = await runCliWithin(["test", "kinds.momoflow", "--json"], dir(), 30_000);
    assert.equal(out.signal, null, "momoflow test hung reading the pipe");
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const report = JSON.parse(out.stdout) as { tests: { failures: { message: string }[] }[] };
    assert.deepEqual(
      report.tests[0]!.failures.map((f) => f.message),
      [
        'expected file pipe to be "x", but it is a named pipe (FIFO), not a file',
        'expected file folder to contain "x", but it is a folder, not a file',
      ],
    );
  });
});
