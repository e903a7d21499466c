import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestResult } from "../support/run-record-files";
import type { RunResultFile } from "../../src/record/result-file";
import { useWorkerCluster } from "../support/worker-cluster";

/**
 * A step that calls `release` once per region, on workers: each called step
 * appends to ops.log in the worker's folder; `announce` fails, so every
 * call is undone on the worker that ran it. `tolerant` calls `checks` once
 * per region and once more: its `risky` fails with continue_on_error after
 * doing part of its work, and each call goes on after it.
 */
const FLOWS = `
workflow release {
  param region: string
  step bump {
    run: "echo bump-\${region} >> ops.log"
    rollback: "echo undo-bump-\${region} >> ops.log"
  }
  step tag {
    needs: bump
    run: "echo tag-\${region} >> ops.log && echo v-\${region}"
    rollback: "echo undo-tag-\${region} >> ops.log"
  }
}

workflow checks {
  param region: string
  step risky {
    run: "echo risky-\${region} >> ops.log; exit 3"
    rollback: "echo undo-risky-\${region} >> ops.log"
    continue_on_error: true
  }
  step fine {
    run: "echo fine-\${region} >> ops.log && echo fine-out-\${region}"
    rollback: "echo undo-fine-\${region} >> ops.log"
  }
}

workflow tolerant {
  concurrency: 1
  step checked {
    for_each: region in ["eu", "us"]
    run: workflow checks(region: region)
  }
  step once {
    needs: checked
    run: workflow checks(region: "x")
  }
}

workflow ship {
  step deploy {
    for_each: region in ["eu", "us"]
    run: workflow release(region: region)
  }
  step announce {
    needs: deploy
    run: "echo \${steps.deploy.outputs} > announced.txt; exit 3"
    rollback: none
  }
}
`;

/** Each row's status, by step id. */
const statuses = (file: RunResultFile): Record<string, string> =>
  Object.fromEntries(file.steps.map((s) => [s.id, s.status]));

describe("for_each on a step that calls a workflow, on workers", function () {
  this.timeout(90_000);
  const cluster = useWorkerCluster("momoflow-dist-fan-out-calls-", FLOWS);

  it("runs each called step of each instance on a worker, and undoes each call there as one unit", async () => {
    const worker = await cluster.worker(`wf-${cluster.tag}`, join(cluster.tmp(), "wf"));
    const run = await runCli(
      ["run", "flow.momoflow", "--workflow", "ship", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(run.code, 1, said(run));
    const result = latestResult(cluster.scheduler);
    assert.equal(result.status, "rolled_back", said(run));
    const announced = join(worker.workdir, "announced.txt");
    assert.ok(existsSync(announced), said(run));
    assert.equal(readFileSync(announced, "utf8").trim(), "v-eu v-us");
    const ops = readFileSync(join(worker.workdir, "ops.log"), "utf8").trim().split("\n");
    assert.deepEqual(ops, [
      "bump-eu",
      "tag-eu",
      "bump-us",
      "tag-us",
      "undo-tag-us",
      "undo-bump-us",
      "undo-tag-eu",
      "undo-bump-eu",
    ]);
  });

  it("a called step that fails with continue_on_error does not hold a call made per item: each call ends success, as a call made once, in --json and result.json", async () => {
    const worker = await cluster.worker(`wt-${cluster.tag}`, join(cluster.tmp(), "wt"));
    const run = await runCli(
      ["run", "flow.momoflow", "--workflow", "tolerant", "--on", cluster.redis.url, "--json"],
      cluster.scheduler,
    );
    assert.equal(run.code, 0, said(run));
    const shown = statuses(JSON.parse(run.stdout) as RunResultFile);
    assert.deepEqual(statuses(latestResult(cluster.scheduler)), shown);
    for (const call of ["checked[0]", "checked[1]", "once"]) {
      assert.equal(shown[call], "success", JSON.stringify(shown));
      assert.equal(shown[`${call}/risky`], "rolled_back", JSON.stringify(shown));
      assert.equal(shown[`${call}/fine`], "success", JSON.stringify(shown));
    }
    assert.equal(shown["checked"], "success", JSON.stringify(shown));
    const ops = readFileSync(join(worker.workdir, "ops.log"), "utf8").trim().split("\n");
    assert.deepEqual(
      ops,
      ["eu", "us", "x"].flatMap((r) => [`risky-${r}`, `undo-risky-${r}`, `fine-${r}`]),
    );
  });
});
