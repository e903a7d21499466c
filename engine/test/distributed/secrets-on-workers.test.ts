import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import type { RunResultFile } from "../../src/record/result-file";
import { journalText, startCli } from "../support/cli-process";
import { latestResult, runDirOf } from "../support/run-record-files";
import { filesHolding } from "../support/files-holding";
import { useWorkerCluster } from "../support/worker-cluster";
import {
  callSecretWorkflows,
  DYNAMIC_KEY,
  terminalFromCall,
} from "../support/call-secret-workflows";

const SECRET = "s3cr3t-api-key-4711";

/** A step that prints a secret param, and one that reads its output. */
const FLOWS = `
workflow sec {
  param api_key: secret
  param plain: string = "a b'c"
  step one {
    run: "echo key=\${api_key} plain=\${plain}"
    rollback: "echo undo \${api_key} > undone.txt"
  }
  step two { needs: [one] run: "echo got \${steps.one.output}; exit 4" }
}
`;

/** Every key of the Redis and what it holds, as text: what anyone who can reach it reads. */
async function dumpRedis(url: string): Promise<string> {
  const client = new Redis(url);
  try {
    let text = "";
    for (const key of await client.keys("*")) {
      const type = await client.type(key);
      text += `${key} `;
      if (type === "string") text += await client.get(key);
      else if (type === "hash") text += JSON.stringify(await client.hgetall(key));
      else if (type === "list") text += JSON.stringify(await client.lrange(key, 0, -1));
      else if (type === "set") text += JSON.stringify(await client.smembers(key));
      else if (type === "zset") text += JSON.stringify(await client.zrange(key, 0, -1));
      else if (type === "stream") text += JSON.stringify(await client.xrange(key, "-", "+"));
      text += "\n";
    }
    return text;
  } finally {
    client.disconnect();
  }
}

function latestRun(workdir: string): { dir: string; result: RunResultFile } {
  return { dir: runDirOf(workdir), result: latestResult(workdir) };
}

describe("secret params on workers: never in Redis in the clear", function () {
  this.timeout(90_000);
  const cluster = useWorkerCluster("momoflow-dist-secrets-", FLOWS);

  it("each worker reads a secret from its own environment; jobs, outcomes and the record hold only ***, and the undo on the worker has it", async () => {
    const worker = await cluster.worker(`ws-${cluster.tag}`, join(cluster.tmp(), "ws"), [], {
      MOMOFLOW_PARAM_API_KEY: SECRET,
    });
    // Given on the command line to the scheduler: it masks with it, and never sends it.
    const run = await startCli(
      ["run", "flow.momoflow", "--on", cluster.redis.url, "--param", `api_key=${SECRET}`],
      cluster.scheduler,
    ).done;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const { dir, result } = latestRun(cluster.scheduler);
    const one = result.steps.find((s) => s.id === "one")!;
    assert.equal(one.status, "rolled_back", JSON.stringify(result));
    assert.equal(String(one.output).trim(), "key=*** plain=a b'c");
    // The undo ran on the worker with the real value, read from its environment.
    assert.equal(readFileSync(join(worker.workdir, "undone.txt"), "utf8"), `undo ${SECRET}\n`);
    const two = result.steps.find((s) => s.id === "two")!;
    assert.match(two.error ?? "", /exited with code 4/);
    const redis = await dumpRedis(cluster.redis.url);
    assert.match(redis, /key=\*\*\*/, "the outcome is in Redis, masked");
    assert.equal(redis.includes(SECRET), false, `the secret is in Redis:\n${redis}`);
    for (const file of ["journal.jsonl", "result.json"])
      assert.equal(readFileSync(join(dir, file), "utf8").includes(SECRET), false, file);
    for (const log of readdirSync(join(dir, "logs")))
      assert.equal(readFileSync(join(dir, "logs", log), "utf8").includes(SECRET), false, log);
    assert.equal((run.stdout + run.stderr).includes(SECRET), false);
  });

  it("a worker without the secret in its environment fails the step, naming the variable to set there", async () => {
    await cluster.worker(`wn-${cluster.tag}`, join(cluster.tmp(), "wn"), [], {
      MOMOFLOW_PARAM_API_KEY: undefined,
    });
    const run = await startCli(
      ["run", "flow.momoflow", "--on", cluster.redis.url],
      cluster.scheduler,
      {
        MOMOFLOW_PARAM_API_KEY: SECRET,
      },
    ).done;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /the secret param `api_key` is not sent through Redis: start this worker with MOMOFLOW_PARAM_API_KEY in its environment/,
    );
    assert.equal((await dumpRedis(cluster.redis.url)).includes(SECRET), false);
  });
});

/**
 * A called workflow's secret param given a step's output: on workers the
 * scheduler binds no call itself, and a job runs one step, so only the jobs
 * of the called steps masked it. The scheduler now masks it from the call on,
 * and tells each later job which calls made secrets of what it carries.
 */
describe("a called workflow's secret param given a value known only during the run, on workers", function () {
  this.timeout(90_000);
  const KEY = DYNAMIC_KEY;
  // login and the call on one worker (queue default), announce on another: its job never binds the call.
  const cluster = useWorkerCluster(
    "momoflow-dist-call-secret-",
    `${callSecretWorkflows("second")}
workflow quiet_release {
  param key: secret
  step upload {
    run: "echo uploaded"
    rollback: none
  }
}

// Its called step prints no secret: a resumed run takes it over, and never sends it.
workflow quiet {
  step login {
    run: "echo ${KEY}"
    rollback: none
  }
  step ship {
    needs: login
    run: workflow quiet_release(key: steps.login.output)
  }
  step announce {
    needs: ship
    runs_on: "second"
    run: "echo used \${steps.login.output}; exit 3"
    rollback: none
  }
}

workflow store_release {
  param key: secret
  step put {
    run: "printf %s \${key} > got.txt"
    rollback: none
  }
}

// login's output is known to be a secret before it runs: held back on its worker and the scheduler.
workflow stored {
  step login {
    run: "echo logging in >&2; echo ${KEY}"
    rollback: none
  }
  step ship {
    needs: login
    run: workflow store_release(key: steps.login.output)
  }
}
`,
  );

  it("the step that makes the value shows *** from its start, on its worker and the scheduler; the called step on a worker gets the value", async () => {
    const first = await cluster.worker(`first-${cluster.tag}`, join(cluster.tmp(), "first"));
    const run = await startCli(
      ["run", "flow.momoflow", "--workflow", "stored", "--on", cluster.redis.url],
      cluster.scheduler,
    ).done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.ok(!(run.stdout + run.stderr).includes(KEY), run.stdout + run.stderr);
    assert.match(run.stdout + run.stderr, /login +\| \*\*\*/);
    assert.match(run.stdout + run.stderr, /login +\| logging in/);
    assert.deepEqual(filesHolding(join(cluster.scheduler, ".momoflow"), KEY), []);
    // On the worker, only the file the called step wrote holds it: not login's log nor the journal there.
    const held = filesHolding(first.workdir, KEY).map((path) =>
      path.slice(first.workdir.length + 1),
    );
    assert.deepEqual(held, ["got.txt"]);
    assert.equal(readFileSync(join(first.workdir, "got.txt"), "utf8"), KEY);
    assert.equal(
      latestRun(cluster.scheduler).result.steps.find((s) => s.id === "login")?.output,
      "***",
    );
  });

  it("the step that makes the value, failing on its worker after printing it: its stdout is one line of *** there and on the scheduler, its stderr shown", async () => {
    const first = await cluster.worker(`first-${cluster.tag}`, join(cluster.tmp(), "first"));
    const flow = readFileSync(join(cluster.scheduler, "flow.momoflow"), "utf8");
    const failing = flow.replace(
      `run: "echo logging in >&2; echo ${KEY}"`,
      `run: "echo logging in >&2; echo ${KEY}; exit 4"`,
    );
    assert.notEqual(failing, flow);
    writeFileSync(join(cluster.scheduler, "failing.momoflow"), failing);
    const run = await startCli(
      ["run", "failing.momoflow", "--workflow", "stored", "--on", cluster.redis.url],
      cluster.scheduler,
    ).done;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const terminal = run.stdout + run.stderr;
    assert.ok(!terminal.includes(KEY), terminal);
    assert.match(terminal, /login +\| logging in/);
    assert.match(terminal, /login +\| \*\*\* \(stdout not shown/);
    assert.deepEqual(filesHolding(join(cluster.scheduler, ".momoflow"), KEY), []);
    assert.deepEqual(filesHolding(first.workdir, KEY), []);
  });

  it("is *** from the call on: in later steps run by another worker, their record there, the scheduler's terminal, summary, journal and result.json", async () => {
    const first = await cluster.worker(`first-${cluster.tag}`, join(cluster.tmp(), "first"));
    const second = await cluster.worker(`second-${cluster.tag}`, join(cluster.tmp(), "second"), [
      "--queue",
      "second",
    ]);
    const run = await startCli(
      ["run", "flow.momoflow", "--workflow", "deploy", "--on", cluster.redis.url],
      cluster.scheduler,
    ).done;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const afterCall = terminalFromCall(run.stdout + run.stderr);
    // Nor a part of it, cut in a message quoting the command line on the worker.
    assert.ok(!afterCall.includes(KEY.slice(0, 12)), afterCall);
    // login's output was a secret from its start: neither the scheduler's record nor login's worker hold it.
    const { dir, result } = latestRun(cluster.scheduler);
    assert.deepEqual(filesHolding(dir, KEY), []);
    assert.deepEqual(filesHolding(first.workdir, KEY), []);
    const laterEvents = journalText(cluster.scheduler)
      .split("\n")
      .filter((line) => /"(ship|announce)/.test(line) && line.includes(KEY));
    assert.deepEqual(laterEvents, []);
    assert.equal(result.steps.find((s) => s.id === "login")?.output, "***");
    assert.match(result.steps.find((s) => s.id === "announce")?.error ?? "", /exited with code 3/);
    // The worker that ran only announce: its journal and log hold *** too.
    assert.ok(filesHolding(second.workdir, "used ***").length > 0, "announce's log on its worker");
    assert.deepEqual(filesHolding(second.workdir, KEY), []);
    assert.deepEqual(filesHolding(second.workdir, KEY.slice(0, 12)), []);
  });

  it("is *** in a resumed run too, whose call was taken over and never sent: in the later step on its worker and the scheduler's terminal", async () => {
    await cluster.worker(`first-${cluster.tag}`, join(cluster.tmp(), "first"));
    const second = await cluster.worker(`second-${cluster.tag}`, join(cluster.tmp(), "second"), [
      "--queue",
      "second",
    ]);
    const args = ["run", "flow.momoflow", "--workflow", "quiet", "--on", cluster.redis.url];
    const failed = await startCli([...args, "--no-rollback"], cluster.scheduler).done;
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    const resumed = await startCli([...args, "--resume"], cluster.scheduler).done;
    assert.equal(resumed.code, 1, resumed.stdout + resumed.stderr);
    const terminal = resumed.stdout + resumed.stderr;
    assert.match(terminal, /announce +\| used \*\*\*/);
    assert.ok(!terminal.includes(KEY.slice(0, 12)), terminal);
    // Both runs' announce ran on the second worker: neither left the value there.
    assert.equal(filesHolding(second.workdir, "used ***").length > 0, true);
    assert.deepEqual(filesHolding(second.workdir, KEY.slice(0, 12)), []);
  });
});
