import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { filesHolding } from "../support/files-holding";
import { latestResult, runDirOf } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";
import type { WorkerProcess } from "../support/worker-process";
import {
  calledSecretFlow,
  CALLED_SECRET_TOKEN as TOKEN,
  CALLER_KEY as KEY,
} from "../support/called-secret-flow";

/**
 * `ship` has a secret `key` of its own, and hands `release` — whose secret
 * param is also called `key` — the output of its step `login`, another
 * value, known only during the run. The called step's undo, on the worker
 * that ran it, must get the value it ran with, never the run's `key`.
 */
const FLOW = calledSecretFlow({ undoSays: true, boom: "exit" });

/**
 * A call made once per item whose called step is a js() step (run in a
 * step thread of the worker): each instance's secret is its own
 * (`param.deploy[0]/key`, `param.deploy[1]/key`).
 */
const PER_ITEM = `
workflow stamp {
  param key: secret
  step upload {
    run: js("./stamp.mjs", "stamp", key: key)
    rollback: "echo undo-upload-\${key} >> ops.log"
  }
}

workflow fleet {
  param key: secret
  concurrency: 1
  step login {
    run: "echo token-5e1b9c"
    rollback: none
  }
  step deploy {
    needs: login
    for_each: region in ["eu", "us"]
    run: workflow stamp(key: "\${steps.login.output}-\${region}")
  }
  step boom {
    needs: deploy
    run: "exit 3"
    rollback: none
  }
}
`;

const STAMP = `import { appendFileSync } from "node:fs";
import { join } from "node:path";
export function stamp(args, context) { appendFileSync(join(context.workingDirectory, "ops.log"), "upload-" + args.key + "\\n"); }
`;

describe("a called workflow's secret param fed by a step's output, undone on workers (real redis-server, workers)", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-call-secret-undo-", FLOW + PER_ITEM);

  const ops = (worker: WorkerProcess): string[] =>
    readFileSync(join(worker.workdir, "ops.log"), "utf8").trim().split("\n");

  /** One worker, given the run's own `key` (a secret param is never sent through Redis). */
  function worker(env: Record<string, string> = {}): Promise<WorkerProcess> {
    return cluster.worker(`wk-${cluster.tag}`, join(cluster.tmp(), "wk"), [], {
      MOMOFLOW_PARAM_KEY: KEY,
      ...env,
    });
  }

  function run(extra: string[] = [], workflow = "ship"): Promise<CliOutcome> {
    return startCli(
      ["run", "flow.momoflow", "--workflow", workflow, "--on", cluster.redis.url, ...extra],
      cluster.scheduler,
      { MOMOFLOW_PARAM_KEY: KEY },
    ).done;
  }

  it("the run's own rollback undoes the called step on its worker with the output it ran with", async () => {
    const w = await worker();
    const out = await run();
    assert.equal(out.code, 1, said(out));
    assert.deepEqual(ops(w), [`upload-${TOKEN}`, `undo-upload-${TOKEN}`], said(out));
    assert.equal(latestResult(cluster.scheduler).status, "rolled_back", said(out));
  });

  /** Runs `ship` on the workers without its rollback; the record holds neither value. */
  async function ranWithoutRollback(): Promise<string> {
    const out = await run(["--no-rollback"]);
    assert.equal(out.code, 1, said(out));
    const runDir = runDirOf(cluster.scheduler);
    assert.deepEqual(filesHolding(runDir, TOKEN), [], "the scheduler's record holds no secret");
    return runDir;
  }

  it("momoflow rollback while the worker that ran it still runs: undone with the output it ran with", async () => {
    const w = await worker();
    const runDir = await ranWithoutRollback();
    const out = await startCli(["rollback", runDir], cluster.scheduler, {
      MOMOFLOW_PARAM_KEY: KEY,
    }).done;
    assert.equal(out.code, 0, said(out));
    assert.deepEqual(ops(w), [`upload-${TOKEN}`, `undo-upload-${TOKEN}`], said(out));
    // What the undo printed, masked on the worker with the value it undid with.
    assert.match(out.stdout, /undoing with \*\*\*/, said(out));
    assert.ok(!said(out).includes(TOKEN), said(out));
    assert.deepEqual(filesHolding(runDir, TOKEN), [], "nor in the step's log");
    // On the worker, only what the steps wrote holds it: not its journal nor the step's log there.
    assert.deepEqual(filesHolding(w.workdir, TOKEN), [join(w.workdir, "ops.log")]);
  });

  it("momoflow rollback after the worker started again: never with the run's `key`; with MOMOFLOW_PARAM_RELEASE__KEY in the worker's environment", async () => {
    const first = await worker();
    const runDir = await ranWithoutRollback();
    await first.stop();
    const again = await worker();
    const without = await startCli(["rollback", runDir], cluster.scheduler, {
      MOMOFLOW_PARAM_KEY: KEY,
    }).done;
    assert.equal(without.code, 1, said(without));
    assert.ok(
      said(without).includes(
        `on worker ${again.name}: it reads the secret param \`release/key\`, which its journal does not keep: start worker ${again.name} with MOMOFLOW_PARAM_RELEASE__KEY in its environment (a value given to momoflow rollback is not sent through Redis)`,
      ),
      said(without),
    );
    assert.deepEqual(ops(again), [`upload-${TOKEN}`], said(without));
    await again.stop();

    const given = await worker({ MOMOFLOW_PARAM_RELEASE__KEY: TOKEN });
    const out = await startCli(["rollback", runDir], cluster.scheduler, {
      MOMOFLOW_PARAM_KEY: KEY,
    }).done;
    assert.equal(out.code, 0, said(out));
    assert.deepEqual(ops(given), [`upload-${TOKEN}`, `undo-upload-${TOKEN}`], said(out));
    assert.ok(!said(out).includes(TOKEN), "the value is masked in what the rollback says");
  });

  it("momoflow rollback --param release/key=... is refused, saying where the value goes: the worker's environment", async () => {
    const w = await worker();
    const runDir = await ranWithoutRollback();
    const out = await startCli(
      ["rollback", runDir, "--param", `release/key=${TOKEN}`],
      cluster.scheduler,
      { MOMOFLOW_PARAM_KEY: KEY },
    ).done;
    assert.equal(out.code, 2, said(out));
    assert.match(
      out.stderr,
      /the run has no param `release\/key` \(its params: key\); its steps ran on workers, which are given no --param \(a secret is not sent through Redis\): start the worker that ran the step with MOMOFLOW_PARAM_RELEASE__KEY in its environment; nothing was undone/,
    );
    assert.deepEqual(ops(w), [`upload-${TOKEN}`], said(out));
    // A typo of the run's own param is said as a typo, workers or not.
    const typo = await startCli(["rollback", runDir, "--param", "kye=x"], cluster.scheduler, {
      MOMOFLOW_PARAM_KEY: KEY,
    }).done;
    assert.equal(typo.code, 2, said(typo));
    assert.match(
      typo.stderr,
      /the run has no param `kye`; did you mean `key`\? \(its params: key\); nothing was undone/,
    );
  });

  it("a call made once per item, its called step run in a step thread: each instance undone with its own value", async () => {
    writeFileSync(join(cluster.scheduler, "stamp.mjs"), STAMP);
    const w = await worker();
    const out = await run([], "fleet");
    assert.equal(out.code, 1, said(out));
    assert.deepEqual(
      ops(w),
      [
        `upload-${TOKEN}-eu`,
        `upload-${TOKEN}-us`,
        `undo-upload-${TOKEN}-us`,
        `undo-upload-${TOKEN}-eu`,
      ],
      said(out),
    );
    assert.equal(latestResult(cluster.scheduler).status, "rolled_back", said(out));
  });
});
