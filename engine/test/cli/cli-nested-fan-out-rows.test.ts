import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestRunDir } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";
import type { RunResultFile } from "../../src/record/result-file";

/**
 * `outer` calls `inner` once per region, and `inner` fans out over its
 * parts: `deploy[0]/parts[1]` is an instance of an instance's called step.
 * `us`'s second part fails, so the run is rolled back.
 */
const FLOWS = `workflow inner {
  param r: string
  param parts: list = ["p1", "p2"]
  step parts {
    for_each: p in parts
    run: "echo \${r}-\${p} && test \${r}-\${p} != us-p2"
    rollback: "echo undo \${r}-\${p} >> ops.log"
  }
}

workflow outer {
  param rs: list = ["eu", "us"]
  step deploy {
    for_each: r in rs
    run: workflow inner(r: r)
  }
}
`;

/** Each instance right after its step, each instance's called steps right before the instance. */
const IN_RUN_ORDER = [
  "deploy",
  "deploy[0]/parts",
  "deploy[0]/parts[0]",
  "deploy[0]/parts[1]",
  "deploy[0]",
  "deploy[1]/parts",
  "deploy[1]/parts[0]",
  "deploy[1]/parts[1]",
  "deploy[1]",
];

/** The step ids of a summary's rows, top down. */
function summaryRows(text: string): string[] {
  const lines = text.split("\n");
  const header = lines.findIndex((l) => /^ {2}step +status +tries/.test(l));
  assert.ok(header >= 0, text);
  const rows: string[] = [];
  for (const line of lines.slice(header + 1)) {
    const match = /^ {2}(\S+) +(success|failed|rolled_back|not_run|skipped|cancelled)\b/.exec(line);
    if (!match) break;
    rows.push(match[1]!);
  }
  return rows;
}

describe("a fan-out inside a call made once per item: its instances' rows", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-nested-fan-out-rows-");

  it("come right after their step in run's summary, run --json and momoflow runs <run>, none left out", async () => {
    const { file, workdir } = writeWorkflow(tmp(), "outer", FLOWS);
    const run = await runCli(
      ["run", file, "--workflow", "outer", "--workdir", workdir, "--json"],
      workdir,
    );
    assert.equal(run.code, 1, said(run));
    const json = JSON.parse(run.stdout) as RunResultFile;
    assert.equal(json.status, "rolled_back", said(run));
    assert.deepEqual(
      json.steps.map((s) => s.id),
      IN_RUN_ORDER,
    );
    const shown = await runCli(["run", file, "--workflow", "outer", "--workdir", workdir], workdir);
    assert.equal(shown.code, 1, said(shown));
    assert.deepEqual(summaryRows(shown.stdout), IN_RUN_ORDER, said(shown));

    const runDir = latestRunDir(workdir)!;
    const detail = await runCli(["runs", join(runDir)], workdir);
    assert.equal(detail.code, 0, said(detail));
    assert.deepEqual(summaryRows(detail.stdout), IN_RUN_ORDER, said(detail));
  });
});
