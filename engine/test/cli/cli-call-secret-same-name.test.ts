import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";
import {
  calledSecretFlow,
  CALLED_SECRET_TOKEN as TOKEN,
  CALLER_KEY as KEY,
} from "../support/called-secret-flow";

/**
 * `ship` has a secret `key` of its own, and hands `release` — whose secret
 * param is also called `key` — the output of its step `login`, another
 * value. The record keeps neither value. The called step's undo must get the
 * value it ran with (the output), never the run's `key`: run with the
 * run's `key` it would undo something else (delete another resource).
 */
const FLOW = calledSecretFlow();

describe("a called workflow's secret param fed by a step's output, named like the run's own param", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-call-secret-same-name-");

  const ops = (workdir: string): string[] =>
    readFileSync(join(workdir, "ops.log"), "utf8").trim().split("\n");

  function journalOf(workdir: string): string {
    const runs = join(workdir, ".momoflow", "runs");
    const id = readFileSync(join(runs, "latest"), "utf8").trim();
    return readFileSync(join(runs, id, "journal.jsonl"), "utf8");
  }

  it("the run's own rollback undoes the called step with the output it ran with", async () => {
    const { file, workdir } = writeWorkflow(tmp(), "flow", FLOW);
    const out = await startCli(["run", file, "--workdir", workdir, "--workflow", "ship"], workdir, {
      MOMOFLOW_PARAM_KEY: KEY,
    }).done;
    assert.equal(out.code, 1, said(out));
    assert.deepEqual(ops(workdir), [`upload-${TOKEN}`, `undo-upload-${TOKEN}`], said(out));
  });

  it("momoflow rollback after --no-rollback never gives it the run's `key`: it asks for the call's own, and undoes with it", async () => {
    const { file, workdir } = writeWorkflow(tmp(), "flow", FLOW);
    const args = ["--workdir", workdir, "--workflow", "ship"];
    const ran = await startCli(["run", file, ...args, "--no-rollback"], workdir, {
      MOMOFLOW_PARAM_KEY: KEY,
    }).done;
    assert.equal(ran.code, 1, said(ran));
    const journal = journalOf(workdir);
    assert.ok(!journal.includes(KEY) && !journal.includes(TOKEN), "the record holds no secret");

    // The run's `key` alone is not the called workflow's: the undo is not run with it.
    const without = await startCli(["rollback", file, ...args], workdir, {
      MOMOFLOW_PARAM_KEY: KEY,
    }).done;
    assert.equal(without.code, 1, said(without));
    assert.match(said(without), /give it with --param release\/key=\.\.\./);
    assert.deepEqual(ops(workdir), [`upload-${TOKEN}`], said(without));

    const given = await startCli(
      ["rollback", file, ...args, "--param", `release/key=${TOKEN}`],
      workdir,
      { MOMOFLOW_PARAM_KEY: KEY },
    ).done;
    assert.equal(given.code, 0, said(given));
    assert.deepEqual(ops(workdir), [`upload-${TOKEN}`, `undo-upload-${TOKEN}`], said(given));
    assert.ok(!said(given).includes(TOKEN), "the value given is masked in what the rollback says");
  });

  it("momoflow rollback after a kill takes it from MOMOFLOW_PARAM_RELEASE__KEY too", async () => {
    const { file, workdir } = writeWorkflow(
      tmp(),
      "flow",
      FLOW.replace('fail(message: "stop here")', '"sleep 30"\n    rollback: none'),
    );
    const args = ["--workdir", workdir, "--workflow", "ship"];
    const killed = await startCli(["run", file, ...args], workdir, {
      MOMOFLOW_PARAM_KEY: KEY,
      MOMOFLOW_TEST_KILL_AFTER_LINE_WITH: '"step":"boom","attempt":1',
    }).done;
    assert.equal(killed.signal, "SIGKILL", said(killed));
    const out = await startCli(["rollback", file, ...args], workdir, {
      MOMOFLOW_PARAM_KEY: KEY,
      MOMOFLOW_PARAM_RELEASE__KEY: TOKEN,
    }).done;
    assert.equal(out.code, 0, said(out));
    assert.deepEqual(ops(workdir), [`upload-${TOKEN}`, `undo-upload-${TOKEN}`], said(out));
  });

  it("a call made once per item keeps each instance's apart: param.deploy[1]/key, MOMOFLOW_PARAM_DEPLOY_1__KEY", async () => {
    const perItem = FLOW.replace(
      `  step release {
    needs: login
    run: workflow release(key: steps.login.output)
  }`,
      `  step deploy {
    needs: login
    for_each: region in ["eu", "us"]
    run: workflow release(key: "\${steps.login.output}-\${region}")
  }`,
    )
      .replace("needs: release", "needs: deploy")
      // One call after the other: the order of ops.log is known.
      .replace("workflow ship {\n", "workflow ship {\n  concurrency: 1\n");
    const { file, workdir } = writeWorkflow(tmp(), "flow", perItem);
    const args = ["--workdir", workdir, "--workflow", "ship"];
    const ran = await startCli(["run", file, ...args, "--no-rollback"], workdir, {
      MOMOFLOW_PARAM_KEY: KEY,
    }).done;
    assert.equal(ran.code, 1, said(ran));
    assert.match(journalOf(workdir), /\{"\$ref":"param\.deploy\[1\]\/key"\}/);
    const out = await startCli(
      ["rollback", file, ...args, "--param", `deploy[0]/key=${TOKEN}-eu`],
      workdir,
      {
        MOMOFLOW_PARAM_KEY: KEY,
        MOMOFLOW_PARAM_DEPLOY_1__KEY: `${TOKEN}-us`,
      },
    ).done;
    assert.equal(out.code, 0, said(out));
    assert.deepEqual(
      ops(workdir),
      [
        `upload-${TOKEN}-eu`,
        `upload-${TOKEN}-us`,
        `undo-upload-${TOKEN}-us`,
        `undo-upload-${TOKEN}-eu`,
      ],
      said(out),
    );
  });
});
