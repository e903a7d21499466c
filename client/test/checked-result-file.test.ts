import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listRuns, runRecordPaths } from "@momoflow/record";
import { readCheckedResultFile } from "@momoflow/record";
import { gatherMetrics, runsDirOfRoot } from "../src/webview/metrics-data";
import { cli, REPO } from "./helpers/metrics-workspace";

/** JSON a hand-edited, half-copied or foreign result.json may hold, built from a real one. */
function damagedVariants(good: Record<string, unknown>): Record<string, unknown> {
  const steps = good.steps as Record<string, unknown>[];
  return {
    "an empty object": {},
    "a list": [],
    "a status only": { status: "failed" },
    "no metrics": { ...good, metrics: undefined },
    "steps that are null": { ...good, steps: null },
    "steps without metrics": { ...good, steps: steps.map((s) => ({ ...s, metrics: undefined })) },
    "a step that is null": { ...good, steps: [null] },
    "no workflow": { ...good, workflow: undefined },
    "a status that is a number": { ...good, status: 5 },
    "an error that is a number": { ...good, steps: steps.map((s) => ({ ...s, error: 3 })) },
  };
}

describe("damaged run records (result.json of another shape)", function () {
  this.timeout(30_000);
  let root: string;
  let source: string;
  let resultFile: string;
  let good: Record<string, unknown>;

  before(() => {
    root = mkdtempSync(join(tmpdir(), "momoflow-damaged-"));
    source = join(root, "publish-site.momoflow");
    copyFileSync(join(REPO, "test-fixtures", "valid", "publish-site.momoflow"), source);
    assert.equal(cli(["run", source, "--workdir", root], root), 0);
    assert.equal(cli(["run", source, "--workdir", root], root), 0);
    const newest = listRuns(runsDirOfRoot(root)).pop()!;
    resultFile = runRecordPaths(newest.dir).result;
    good = JSON.parse(readFileSync(resultFile, "utf8")) as Record<string, unknown>;
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it("a real result is read as it is; no file is nothing, not a problem", () => {
    assert.deepEqual(readCheckedResultFile(resultFile), { result: good });
    assert.deepEqual(readCheckedResultFile(join(root, "no-such-result.json")), {});
  });

  it("each damaged shape is a problem, never a result the editor would throw on", () => {
    for (const [name, value] of Object.entries(damagedVariants(good))) {
      writeFileSync(resultFile, JSON.stringify(value));
      const read = readCheckedResultFile(resultFile);
      assert.equal(read.result, undefined, name);
      assert.equal(typeof read.problem, "string", name);
    }
  });

  it("the metrics panel says which run is damaged and still shows the others", async () => {
    for (const [name, value] of Object.entries(damagedVariants(good))) {
      writeFileSync(resultFile, JSON.stringify(value));
      const data = await gatherMetrics({ root, source });
      assert.equal(data.history.length, 2, name);
      assert.equal(data.history[1]!.status, "damaged", `${name}: not "killed"`);
      assert.equal(data.history[1]!.damaged?.file, resultFile, name);
      assert.equal(typeof data.history[1]!.damaged?.problem, "string", name);
      assert.equal(data.history[0]!.status, "success", name);
      assert.equal(data.run?.status, "success", `${name}: the Run tab shows the readable run`);
      assert.equal(data.problems.length, 1, `${name}: ${JSON.stringify(data.problems)}`);
      assert.match(data.problems[0]!, /result\.json is damaged/, name);
    }
    writeFileSync(resultFile, JSON.stringify(good));
  });

  it("listing runs skips a journal whose first line names no run, and a status that is not text", () => {
    const runs = listRuns(runsDirOfRoot(root));
    const [older] = runs;
    writeFileSync(resultFile, JSON.stringify({ ...good, status: 5 }));
    writeFileSync(runRecordPaths(older!.dir).journal, '{"type":"run_started"}\n');
    const listed = listRuns(runsDirOfRoot(root));
    assert.deepEqual(
      listed.map((r) => [r.runId, r.status]),
      [[runs[1]!.runId, undefined]],
    );
  });
});
