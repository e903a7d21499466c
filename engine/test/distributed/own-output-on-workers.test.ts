import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestResult } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";

/**
 * Steps whose rollback reads their own output, on a worker: a plain step and
 * each instance of a fan-out step make a file and print its name; the
 * rollback removes the file named. `last` fails.
 */
const FLOWS = `
workflow made {
  step plain {
    run: "touch made-plain.txt && echo made-plain.txt"
    rollback: "rm \${steps.plain.output}"
  }
  step make {
    for_each: name in ["a", "b", "c"]
    run: "touch made-\${name}.txt && echo made-\${name}.txt"
    rollback: "rm \${steps.make.output}"
  }
  step last {
    needs: [plain, make]
    run: "exit 4"
    rollback: none
  }
}
`;

describe("a rollback reading its own step's output, on a worker", function () {
  this.timeout(90_000);
  const cluster = useWorkerCluster("momoflow-dist-own-output-", FLOWS);

  it("undoes a plain step and each fan-out instance with the output it gave on the worker", async () => {
    const worker = await cluster.worker(`wo-${cluster.tag}`, join(cluster.tmp(), "wo"));
    const run = await runCli(
      ["run", "flow.momoflow", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(run.code, 1, said(run));
    const result = latestResult(cluster.scheduler);
    assert.equal(result.status, "rolled_back", said(run));
    assert.deepEqual(
      readdirSync(worker.workdir).filter((f) => f.startsWith("made-")),
      [],
      "each file was removed on the worker",
    );
  });
});
