import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCliWithin } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * `momoflow test` ends once its tests are done, as `momoflow run` does, also
 * when a `js()` step left work running in its process (a `setInterval` it
 * never cleared): it printed its last line and then never exited, holding
 * the editor's Testing panel and a CI job until killed.
 */
describe("momoflow test: a js() step that leaves a timer running (the real CLI)", function () {
  this.timeout(90_000);
  const dir = useTempDir("momoflow-test-work-left-");

  it("exits with the tests' code once they are done", async () => {
    writeFileSync(
      join(dir(), "left.mjs"),
      `export function leave() {
  setInterval(() => {}, 1000);
  return "ok";
}
`,
    );
    writeFileSync(
      join(dir(), "left.momoflow"),
      `workflow left {
  step a {
    run: js("./left.mjs", "leave")
    rollback: none
  }
}

test "leaves a timer" {
  workflow: left
  expect output a == "ok"
}
`,
    );
    // It exits a moment after its last line: killed at 30 s, the CLI fails the test of this.
    const out = await runCliWithin(["test", "left.momoflow"], dir(), 30_000);
    assert.equal(out.signal, null, `momoflow test was still running after 30 s\n${out.stdout}`);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /\n1 passed, 0 failed\n$/);
  });
});
