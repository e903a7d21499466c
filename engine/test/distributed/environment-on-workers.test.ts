import assert from "node:assert/strict";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { latestResult } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";

/** A param read from the environment by default, one given, and a step that prints both and the variable itself. */
const FLOWS = `
workflow where {
  param region: string = env.MF_TEST_REGION
  param zone: string = env.MF_TEST_ZONE
  step show { run: "echo region=\${region} zone=\${zone} env=\${env.MF_TEST_REGION}" }
}
`;

describe("the environment on workers: each machine's own, --param shared", function () {
  this.timeout(90_000);
  const cluster = useWorkerCluster("momoflow-dist-env-", FLOWS);

  it("a param's default and ${env.NAME} are read on the worker; a --param travels with the job", async () => {
    await cluster.worker(`we-${cluster.tag}`, join(cluster.tmp(), "we"), [], {
      MF_TEST_REGION: "worker-region",
      MF_TEST_ZONE: "worker-zone",
    });
    const run = await startCli(
      ["run", "flow.momoflow", "--on", cluster.redis.url, "--param", "zone=given-zone"],
      cluster.scheduler,
      { MF_TEST_REGION: "scheduler-region", MF_TEST_ZONE: "scheduler-zone" },
    ).done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const result = latestResult(cluster.scheduler);
    const show = result.steps.find((s) => s.id === "show")!;
    assert.equal(
      String(show.output).trim(),
      "region=worker-region zone=given-zone env=worker-region",
      JSON.stringify(show),
    );
  });
});
