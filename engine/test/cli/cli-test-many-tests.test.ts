import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * Each test listened to the Ctrl+C signals of `momoflow test` and never
 * stopped: a file of more than 10 tests printed Node's
 * `MaxListenersExceededWarning: Possible EventTarget memory leak detected`
 * on stderr. A test's listeners go with it.
 */
describe("momoflow test: a file of many tests (the real CLI)", function () {
  this.timeout(60_000);
  const dir = useTempDir("momoflow-test-many-");

  it("runs 25 tests with nothing on stderr", async () => {
    const tests = Array.from(
      { length: 25 },
      (_, i) => `test "t${i}" {\n  workflow: w\n  timeout: 1m\n}\n`,
    );
    writeFileSync(
      join(dir(), "many.momoflow"),
      `workflow w {\n  step a {\n    run: "true"\n    rollback: none\n  }\n}\n\n${tests.join("\n")}`,
    );
    const out = await runCli(["test", "many.momoflow"], dir());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /\n25 passed, 0 failed\n$/);
    assert.equal(out.stderr, "");
  });
});
