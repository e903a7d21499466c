import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * `fail:` naming a step its run skipped (its `when` was false, or the step
 * calling it or fanning it out was skipped) injected nothing: the test fails,
 * saying so, instead of passing on what it expects of a failure that never was.
 */
describe("momoflow test: fail: naming a step the run skipped (the real CLI)", function () {
  this.timeout(60_000);
  const dir = useTempDir("momoflow-test-fail-skipped-");

  const FLOW = `workflow inner {
  step bump {
    run: "echo bump"
    rollback: none
  }
}

workflow w {
  param n: int = 1
  step a {
    run: "echo a"
    rollback: none
  }
  step b {
    needs: a
    when: n > 5
    run: "echo b"
    rollback: none
  }
  step rel {
    when: n > 5
    run: workflow inner()
  }
  step conv {
    when: n > 5
    for_each: x in ["p", "q"]
    run: "echo \${x}"
    rollback: none
  }
}

test "skipped step" {
  workflow: w
  fail: b
  expect status == success
}

test "skipped call and instance" {
  workflow: w
  fail: [rel/bump, conv[1]]
  expect status == success
}

test "not skipped" {
  workflow: w
  params: { n: 9 }
  fail: b
  expect status == failed
}
`;

  interface Report {
    tests: {
      name: string;
      status: string;
      failures: { message: string; range: { start: { line: number; character: number } } }[];
    }[];
  }

  it("fails the test at the fail: item, naming the skipped step and why it was skipped", async () => {
    writeFileSync(join(dir(), "flow.momoflow"), FLOW);
    const out = await runCli(["test", "flow.momoflow", "--json"], dir());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const report = JSON.parse(out.stdout) as Report;
    const byName = new Map(report.tests.map((t) => [t.name, t]));
    const skipped = byName.get("skipped step")!;
    assert.equal(skipped.status, "failed");
    assert.deepEqual(
      skipped.failures.map((f) => [f.message, f.range.start.line, f.range.start.character]),
      [["fail: b failed no step: step b was skipped (when: n > 5 is false)", 33, 8]],
    );
    const called = byName.get("skipped call and instance")!;
    assert.deepEqual(
      called.failures.map((f) => f.message),
      [
        "fail: rel/bump failed no step: step rel was skipped (when: n > 5 is false)",
        "fail: conv[1] failed no step: step conv was skipped (every instance was skipped by its when)",
      ],
    );
    assert.equal(byName.get("not skipped")!.status, "passed");
  });
});
