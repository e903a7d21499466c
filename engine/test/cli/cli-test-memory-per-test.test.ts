import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * `expect memory` reads the peak of its own test's run. The tests of one
 * `momoflow test` share a process, whose peak resident memory is a
 * high-water mark: a light test after a heavy one read the heavy one's
 * peak, failing after it and passing alone.
 */
describe("momoflow test: expect memory after a heavier test (the real CLI)", function () {
  this.timeout(60_000);
  const dir = useTempDir("momoflow-test-memory-");

  it("reads the peak of its own run, not of a test before it", async () => {
    writeFileSync(
      join(dir(), "hog.mjs"),
      `import v8 from "node:v8";
import vm from "node:vm";

export function hog() {
  const held = Buffer.alloc(400 * 1024 * 1024, 1);
  return String(held[7]);
}

/** Frees what hog held, so that the next test starts as light as it can. */
export function release() {
  v8.setFlagsFromString("--expose-gc");
  vm.runInNewContext("gc")();
  return "released";
}
`,
    );
    writeFileSync(
      join(dir(), "memory.momoflow"),
      `workflow heavy {
  step hog {
    run: js("./hog.mjs", "hog")
    rollback: none
  }
  step release {
    needs: hog
    run: js("./hog.mjs", "release")
    rollback: none
  }
}

workflow light {
  step a {
    run: "echo a"
    rollback: none
  }
}

test "heavy" {
  workflow: heavy
  expect output hog == 1
}

test "light" {
  workflow: light
  expect memory < 300MB
}
`,
    );
    const out = await runCli(["test", "memory.momoflow", "--json"], dir());
    const report = JSON.parse(out.stdout) as {
      tests: { name: string; status: string; failures: { message: string }[] }[];
    };
    assert.deepEqual(
      report.tests.map((t) => [t.name, t.status, t.failures.map((f) => f.message)]),
      [
        ["heavy", "passed", []],
        ["light", "passed", []],
      ],
    );
    assert.equal(out.code, 0, out.stderr);
  });
});
