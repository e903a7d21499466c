import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/** `momoflow run --json` prints the run as result.json keeps it (the real CLI). */
describe("momoflow run --json: the shape and values of result.json", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-json-result-");

  it("cuts a step output longer than 8 KB as result.json does, saying how much was left out", async () => {
    const file = join(tmp(), "long.momoflow");
    writeFileSync(
      file,
      `workflow long {
  step big { run: "head -c 10000 /dev/zero | tr '\\\\0' a" }
  step small { run: "echo short" }
}
`,
    );
    const out = await runCli(["run", file, "--json"], tmp());
    assert.equal(out.code, 0, out.stderr);
    const printed = JSON.parse(out.stdout);
    const record = JSON.parse(readFileSync(join(printed.runDir, "result.json"), "utf8"));
    const outputs = (r: { steps: { output?: unknown }[] }): unknown[] =>
      r.steps.map((s) => s.output);
    assert.deepEqual(outputs(printed), outputs(record));
    assert.equal(printed.steps[0].output, `${"a".repeat(8192)}… (1808 more characters)`);
    assert.equal(printed.steps[1].output, "short");
  });
});
