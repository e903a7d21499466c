import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Queue } from "bullmq";
import { stepQueueName } from "../../src/distributed/queue-names";
import { runCli, startCli, waitFor } from "../support/cli-process";
import Ajv from "ajv";
import { journalEvents, latestResult, runDirOf } from "../support/run-record-files";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import resultSchema from "../../../schemas/run-result.schema.json";
import { useWorkerCluster } from "../support/worker-cluster";

/** A step a worker runs, then one for a queue no worker serves: its job waits. */
const FLOWS = `
workflow spread {
  step first {
    run: "touch first.txt"
    rollback: "rm -f first.txt"
  }
  step waits {
    needs: first
    runs_on: "nobody-serves"
    run: "touch ran.txt"
    rollback: "rm -f ran.txt"
  }
}
`;

/**
 * A scheduler killed (SIGKILL) while a step's job waited for a worker leaves
 * that job in Redis with no marker in its record: the record alone cannot
 * tell it from a step a worker ran. `momoflow rollback` takes the job off
 * the queue and says the step was never taken, rather than only listing it
 * among the steps it rolled back.
 */
describe("momoflow rollback of a run whose scheduler was killed: the steps no worker took", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-untaken-", FLOWS);

  /** Runs `spread` and kills its scheduler (SIGKILL) once the job of `waits` waits on `queue`. */
  async function killSchedulerWhileJobWaits(queue: Queue): Promise<void> {
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", "spread", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    try {
      while ((await queue.getWaitingCount()) === 0) {
        assert.equal(child.exitCode, null, "the run ended before its job waited");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      child.kill("SIGKILL");
      await done;
    }
  }

  it("names the step whose job no worker took (text and --json), takes its job off the queue, and undoes the step a worker ran", async () => {
    const w = await cluster.worker(`first-${cluster.tag}`, join(cluster.tmp(), "w"));
    const queue = new Queue(stepQueueName("nobody-serves"), {
      connection: { host: "127.0.0.1", port: cluster.redis.port },
    });
    try {
      await killSchedulerWhileJobWaits(queue);
      assert.ok(existsSync(join(w.workdir, "first.txt")), "first ran on the worker");
      const runDir = runDirOf(cluster.scheduler);
      const rollback = await runCli(["rollback", runDir], cluster.scheduler);
      assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
      assert.match(
        rollback.stdout,
        /never taken by any worker \(nothing of them ran; their jobs are off the queue now\): waits\n/,
      );
      assert.equal(existsSync(join(w.workdir, "first.txt")), false, "first undone on its worker");
      assert.equal(await queue.getWaitingCount(), 0, "no worker can take it now");
    } finally {
      await queue.close();
    }
  });

  it("--json gives them as neverTaken", async () => {
    await cluster.worker(`first-${cluster.tag}`, join(cluster.tmp(), "w"));
    const queue = new Queue(stepQueueName("nobody-serves"), {
      connection: { host: "127.0.0.1", port: cluster.redis.port },
    });
    try {
      await killSchedulerWhileJobWaits(queue);
      const rollback = await runCli(
        ["rollback", runDirOf(cluster.scheduler), "--json"],
        cluster.scheduler,
      );
      assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
      const report = JSON.parse(rollback.stdout) as { neverTaken?: string[]; rolledBack: string[] };
      assert.deepEqual(report.neverTaken, ["waits"]);
      assert.ok(report.rolledBack.includes("first"), rollback.stdout);
    } finally {
      await queue.close();
    }
  });

  it("the record says the step never ran (not_run, never rolled_back), as the report does; a second rollback agrees", async () => {
    await cluster.worker(`first-${cluster.tag}`, join(cluster.tmp(), "w"));
    const queue = new Queue(stepQueueName("nobody-serves"), {
      connection: { host: "127.0.0.1", port: cluster.redis.port },
    });
    try {
      await killSchedulerWhileJobWaits(queue);
      const runDir = runDirOf(cluster.scheduler);
      const rollback = await runCli(["rollback", runDir, "--json"], cluster.scheduler);
      assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
      const report = JSON.parse(rollback.stdout) as { neverTaken?: string[]; rolledBack: string[] };
      assert.deepEqual(report.neverTaken, ["waits"]);
      assert.deepEqual(
        report.rolledBack,
        ["first"],
        "nothing of waits ran: it was not rolled back",
      );
      const result = latestResult(cluster.scheduler);
      const ajv = new Ajv({ allErrors: true, strict: false });
      ajv.addSchema(journalSchema);
      const validResult = ajv.compile(resultSchema);
      assert.ok(validResult(result), ajv.errorsText(validResult.errors));
      const validEvent = ajv.getSchema(journalSchema.$id)!;
      for (const event of journalEvents(runDir))
        assert.ok(
          validEvent(event),
          `${JSON.stringify(event)}: ${ajv.errorsText(validEvent.errors)}`,
        );
      const waits = result.steps.find((s) => s.id === "waits")!;
      assert.equal(waits.status, "not_run");
      assert.match(waits.error ?? "", /never started/);
      assert.equal(result.steps.find((s) => s.id === "first")!.status, "rolled_back");
      assert.deepEqual(result.rolledBackSteps, ["first"]);
      assert.equal(result.status, "rolled_back");
      // Read again from the record: nothing left, nothing said differently.
      const again = await runCli(["rollback", runDir, "--json"], cluster.scheduler);
      assert.equal(again.code, 0, again.stdout + again.stderr);
      const second = JSON.parse(again.stdout) as { rolledBack: string[]; alreadyUndone: string[] };
      assert.deepEqual(second.rolledBack, []);
      assert.deepEqual(second.alreadyUndone, ["first"]);
      assert.equal(
        latestResult(cluster.scheduler).steps.find((s) => s.id === "waits")!.status,
        "not_run",
      );
    } finally {
      await queue.close();
    }
  });

  it("a worker of that queue started before the rollback runs the waiting job; the rollback undoes it there and does not call it never taken", async () => {
    await cluster.worker(`first-${cluster.tag}`, join(cluster.tmp(), "w"));
    const queue = new Queue(stepQueueName("nobody-serves"), {
      connection: { host: "127.0.0.1", port: cluster.redis.port },
    });
    try {
      await killSchedulerWhileJobWaits(queue);
      const late = await cluster.worker(`late-${cluster.tag}`, join(cluster.tmp(), "late"), [
        "--queue",
        "nobody-serves",
      ]);
      await waitFor(
        () => existsSync(join(late.workdir, "ran.txt")),
        "the late worker to run it",
        30_000,
      );
      const rollback = await runCli(["rollback", runDirOf(cluster.scheduler)], cluster.scheduler);
      assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
      assert.doesNotMatch(rollback.stdout, /never taken/);
      assert.equal(existsSync(join(late.workdir, "ran.txt")), false, "undone on the late worker");
    } finally {
      await queue.close();
    }
  });
});
