import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

describe("momoflow run: a wide run", () => {
  const tmp = useTempDir("momoflow-wide-");

  it("runs 30 steps at once without Node warning of a listener leak on the run's signal", async () => {
    const steps = Array.from(
      { length: 30 },
      (_, i) => `  step s${i} { run: sleep(duration: 50ms) }`,
    );
    writeFileSync(
      join(tmp(), "wide.momoflow"),
      ["workflow wide {", "  concurrency: 30", ...steps, "}", ""].join("\n"),
    );
    const run = await runCli(["run", "wide.momoflow"], tmp());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /100% of steps succeeded/);
    assert.doesNotMatch(run.stderr, /MaxListenersExceeded|memory leak/);
  });
});
