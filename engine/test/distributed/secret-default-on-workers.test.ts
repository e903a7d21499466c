import assert from "node:assert/strict";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { latestResult } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";

/** A secret read from the environment by its default, as README's `= env.DEPLOY_TOKEN`. */
const FLOWS = `
workflow deploy {
  param token: secret = env.MF_TEST_DEPLOY_TOKEN
  step push { run: "echo pushing with \${token}" rollback: none }
}
`;

describe("a secret param whose default reads the environment, on a worker without that variable", function () {
  this.timeout(90_000);
  const cluster = useWorkerCluster("momoflow-dist-secret-default-", FLOWS);

  it("fails the step naming the worker and the variables to set there, not the --param a worker cannot be given", async () => {
    const name = `nt-${cluster.tag}`;
    await cluster.worker(name, join(cluster.tmp(), "nt"), [], {
      MF_TEST_DEPLOY_TOKEN: undefined,
      MOMOFLOW_PARAM_TOKEN: undefined,
    });
    const run = await startCli(
      ["run", "flow.momoflow", "--on", cluster.redis.url],
      cluster.scheduler,
      {
        MF_TEST_DEPLOY_TOKEN: "s3cr3t-deploy-token",
      },
    ).done;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const push = latestResult(cluster.scheduler).steps.find((s) => s.id === "push")!;
    assert.match(
      push.error ?? "",
      new RegExp(
        `^on worker ${name}: the secret param \`token\` is not sent through Redis, and its default reads the environment variable MF_TEST_DEPLOY_TOKEN, which is not set on this worker: start this worker with MF_TEST_DEPLOY_TOKEN or MOMOFLOW_PARAM_TOKEN in its environment`,
      ),
      push.error,
    );
    assert.doesNotMatch(run.stdout + run.stderr, /give it with --param/);
  });
});
