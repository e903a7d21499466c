import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * `files: env.NAME` with NAME not set (or set empty) read as "", which named
 * the test file's own folder: the test copied all of it and passed, where
 * `files: ""` written out is refused (MF007). It fails the test, naming the
 * variable, as a fixture that is not there does.
 */
describe("momoflow test: files: env.NAME with NAME unset or empty (the real CLI)", function () {
  this.timeout(60_000);
  const dir = useTempDir("momoflow-test-fixture-env-");

  const FLOW = `workflow w {
  step list {
    run: "ls"
    rollback: none
  }
}

test "fixture from the environment" {
  workflow: w
  files: env.MOMOFLOW_TEST_FIXTURE
  expect output list contains "in.txt"
}
`;

  async function run(value: string | undefined) {
    mkdirSync(join(dir(), "fx"));
    writeFileSync(join(dir(), "fx", "in.txt"), "data");
    writeFileSync(join(dir(), "flow.momoflow"), FLOW);
    const { done } = startCli(["test", "flow.momoflow", "--json"], dir(), {
      MOMOFLOW_TEST_FIXTURE: value,
    });
    const out = await done;
    const report = JSON.parse(out.stdout) as {
      tests: {
        status: string;
        failures: { message: string; range: { start: { line: number } } }[];
      }[];
    };
    return { out, test: report.tests[0]! };
  }

  for (const [state, value] of [
    ["not set", undefined],
    ["set empty", ""],
  ] as const) {
    it(`fails the test at files: when the variable is ${state}`, async () => {
      const { out, test } = await run(value);
      assert.equal(out.code, 1, out.stdout + out.stderr);
      assert.deepEqual(
        test.failures.map((f) => [f.message, f.range.start.line]),
        [
          [
            `files: env.MOMOFLOW_TEST_FIXTURE is empty (the environment variable MOMOFLOW_TEST_FIXTURE is ${state}): name a folder or a file`,
            9,
          ],
        ],
      );
    });
  }

  it("copies the fixture the variable names", async () => {
    const { out, test } = await run("fx");
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(test.status, "passed");
  });
});
