import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { runDirOf } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";

const SECRET = "w0rker-s3cret-9";

/** `make`'s undo prints, a secret among it, and reads the secret from the worker's environment; `boom` fails the run. */
const FLOWS = `
workflow loud {
  param key: secret
  step make {
    run: "echo made"
    rollback: """
      echo "undoing make on the worker"
      echo "with \${key}"
    """
  }
  step boom {
    needs: make
    run: "exit 2"
    rollback: none
  }
}

workflow fine {
  step tidy {
    run: "echo tidy"
    rollback: "echo tidying up on the worker"
  }
}
`;

/**
 * What the undo of a step that ran on a worker prints comes back with the
 * undo's outcome: the scheduler shows it under the step's name and keeps it
 * in the step's log after `── rollback ──`, as for a step undone here —
 * secrets masked on the worker and again here.
 */
describe("what an undo prints on a worker (real redis-server, workers)", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-undo-output-", FLOWS);

  it("the run's rollback shows it under the step's name and keeps it in the step's log", async () => {
    await cluster.worker(`wl-${cluster.tag}`, join(cluster.tmp(), "wl"), [], {
      MOMOFLOW_PARAM_KEY: SECRET,
    });
    const run = await startCli(
      [
        "run",
        "flow.momoflow",
        "--workflow",
        "loud",
        "--on",
        cluster.redis.url,
        "--param",
        `key=${SECRET}`,
      ],
      cluster.scheduler,
    ).done;
    assert.equal(run.code, 1, said(run));
    assert.ok(!run.stdout.includes(SECRET) && !run.stderr.includes(SECRET), said(run));
    assert.match(run.stdout, /^ {2}make +\| undoing make on the worker$/m, said(run));
    assert.match(run.stdout, /^ {2}make +\| with \*\*\*$/m, said(run));
    assert.ok(
      run.stdout.indexOf("undoing make on the worker") < run.stdout.indexOf("↶ make rolled_back"),
      said(run),
    );
    const log = readFileSync(join(runDirOf(cluster.scheduler), "logs", "make.log"), "utf8");
    assert.equal(
      log,
      `ran on worker wl-${cluster.tag}\nmade\n── rollback ──\nundoing make on the worker\nwith ***\n`,
    );
  });

  it("momoflow rollback of a run on workers shows it too", async () => {
    await cluster.worker(`wr-${cluster.tag}`, join(cluster.tmp(), "wr"), [], {
      MOMOFLOW_PARAM_KEY: SECRET,
    });
    const run = await startCli(
      ["run", "flow.momoflow", "--workflow", "fine", "--on", cluster.redis.url],
      cluster.scheduler,
    ).done;
    assert.equal(run.code, 0, said(run));
    const out = await startCli(
      ["rollback", "flow.momoflow", "--workflow", "fine"],
      cluster.scheduler,
      {
        MOMOFLOW_PARAM_KEY: SECRET,
      },
    ).done;
    assert.equal(out.code, 0, said(out));
    assert.match(out.stdout, /^ {2}tidy +\| tidying up on the worker$/m, said(out));
    const log = readFileSync(join(runDirOf(cluster.scheduler), "logs", "tidy.log"), "utf8");
    assert.match(log, /\n── rollback ──\ntidying up on the worker\n$/);
  });
});
