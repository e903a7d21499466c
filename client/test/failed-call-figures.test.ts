import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readResultFile, runRecordPaths } from "@momoflow/record";
import { runCli } from "../../engine/test/support/cli-process";
import { latestRunDir } from "../../engine/test/support/run-record-files";
import type { StepOutline } from "../src/outline/document-outline";
import { stepDefinitions } from "../src/metrics/metrics-staleness";
import { workflowMetricsView } from "../src/metrics/workflow-metrics";

/** `deploy` calls `release` once per region; its `tag` fails, so the first call fails and the second never starts. */
const FLOW = `workflow release {
  step bump {
    run: "sleep 0.2; echo bump"
    rollback: "echo unbump"
  }
  step tag {
    needs: [bump]
    run: "exit 3"
    rollback: none
  }
}

workflow fan {
  concurrency: 1
  step deploy {
    for_each: r in ["eu", "us"]
    run: workflow release()
  }
}
`;

const deploy: StepOutline = {
  name: "deploy",
  nameRange: { start: { line: 14, character: 7 }, end: { line: 14, character: 13 } },
  range: { start: { line: 14, character: 2 }, end: { line: 17, character: 3 } },
  definition: "run: workflow release()",
  definitionDigest: "digest of deploy",
  legacyDefinitionDigest: "legacy digest of deploy",
  needs: [],
  rollback: "absent",
};

/**
 * A call that failed was recorded with no try and no time: the editor's
 * figures of a step calling a workflow once per item left it out of their
 * longest time, and its hover line said no time of a call that ran.
 */
describe("the editor's figures of a call that failed", function () {
  this.timeout(60_000);
  let root = "";
  before(() => (root = mkdtempSync(join(tmpdir(), "momoflow-failed-call-figures-"))));
  after(() => rmSync(root, { recursive: true, force: true }));

  it("time it, in the figures of the step that made the calls and in its hover", async () => {
    writeFileSync(join(root, "flow.momoflow"), FLOW);
    const run = await runCli(["run", "flow.momoflow", "--workflow", "fan"], root);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const result = readResultFile(runRecordPaths(latestRunDir(root)!).result)!;
    const defs = stepDefinitions([deploy]);
    const [item] = workflowMetricsView(result, [deploy], defs, defs).items;
    assert.match(item!.view.text, /^1 ✗ 1 ○ · longest (\d{3} ms|[\d.]+ s) · /, item!.view.text);
    assert.match(item!.view.hover, /`deploy\[0\]` ✗ failed · \d/, item!.view.hover);
  });
});
