import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { runsDirFor } from "../src/run-records/run-history";
import { undoSecretsOf } from "../src/run-records/undo-secrets";
import { cliInvocation } from "../src/run/task-definition";
import { secretsInEnvironment } from "../src/run/secrets-in-environment";
import { undoSecretInputBox, undoSecretOwner } from "../src/run/undo-secret-input";
import { CLI, startCli } from "../../engine/test/support/cli-process";
import { said } from "../../engine/test/support/cli-said";
import { useTempDir } from "../../engine/test/support/temp-dir";
import { writeWorkflow } from "../../engine/test/support/workflow-files";
import {
  calledSecretFlow,
  CALLED_SECRET_TOKEN as TOKEN,
  CALLER_KEY as KEY,
} from "../../engine/test/support/called-secret-flow";

/**
 * `ship` hands the workflow it calls, `release`, the output of its step
 * `login` as the secret `key`: the record keeps it as `param.release/key`,
 * with no value, so a rollback must be given it; `ship`'s own secret `key`
 * (another value) is not what that undo reads.
 */
const FLOW = calledSecretFlow();

describe("the secrets a rollback from the editor asks for (real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-client-undo-secrets-");

  /** Runs `workflow` of `text` with --no-rollback, as failing; resolves with its folders and run. */
  async function failedRun(
    text: string,
    workflow = "ship",
  ): Promise<{ file: string; workdir: string; runDir: string }> {
    const dir = mkdtempSync(join(tmp(), "run-"));
    // The editor runs (and rolls back) a file in its own folder (see runWorkdir).
    const { file } = writeWorkflow(dir, "flow", text);
    const workdir = dir;
    const ran = await startCli(
      ["run", file, "--workdir", workdir, "--workflow", workflow, "--no-rollback"],
      workdir,
      { MOMOFLOW_PARAM_KEY: KEY },
    ).done;
    assert.equal(ran.code, 1, said(ran));
    const runs = runsDirFor(workdir);
    const [id] = readdirSync(runs, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    return { file, workdir, runDir: join(runs, id!) };
  }

  const ops = (workdir: string): string[] =>
    readFileSync(join(workdir, "ops.log"), "utf8").trim().split("\n");

  it("asks for a called workflow's secret under its name in the call, not for the run's own same-named one", async () => {
    const { runDir } = await failedRun(FLOW);
    assert.deepEqual(await undoSecretsOf(runDir), ["release/key"]);
  });

  it("asks for the run's own secret its undo reads, and for each instance of a call made per item", async () => {
    const own = FLOW.replace(
      'run: "echo token-5e1b9c"\n    rollback: none',
      'run: "echo token-5e1b9c"\n    rollback: "echo undo-login-${key} >> ops.log"',
    );
    assert.deepEqual(await undoSecretsOf((await failedRun(own)).runDir), ["release/key", "key"]);

    const perItem = FLOW.replace(
      "  step release {\n    needs: login\n    run: workflow release(key: steps.login.output)\n  }",
      '  step deploy {\n    needs: login\n    for_each: region in ["eu", "us"]\n    run: workflow release(key: "${steps.login.output}-${region}")\n  }',
    ).replace("needs: release", "needs: deploy");
    assert.deepEqual((await undoSecretsOf((await failedRun(perItem)).runDir)).sort(), [
      "deploy[0]/key",
      "deploy[1]/key",
    ]);
  });

  it("asks for nothing when no undo left reads a secret (rolled back already)", async () => {
    const { file, workdir, runDir } = await failedRun(FLOW);
    const done = await startCli(
      ["rollback", file, "--workdir", workdir, "--workflow", "ship"],
      workdir,
      { MOMOFLOW_PARAM_RELEASE__KEY: TOKEN },
    ).done;
    assert.equal(done.code, 0, said(done));
    assert.deepEqual(await undoSecretsOf(runDir), []);
  });

  it("asks only for what the undos left read: after a rollback given one of two secrets, the other", async () => {
    const own = FLOW.replace(
      'run: "echo token-5e1b9c"\n    rollback: none',
      'run: "echo token-5e1b9c"\n    rollback: "echo undo-login-${key} >> ops.log"',
    );
    const { file, workdir, runDir } = await failedRun(own);
    const partial = await startCli(
      ["rollback", file, "--workdir", workdir, "--workflow", "ship"],
      workdir,
      { MOMOFLOW_PARAM_KEY: undefined, MOMOFLOW_PARAM_RELEASE__KEY: TOKEN },
    ).done;
    assert.equal(partial.code, 1, said(partial));
    assert.deepEqual(ops(workdir), [`upload-${TOKEN}`, `undo-upload-${TOKEN}`], said(partial));
    assert.deepEqual(await undoSecretsOf(runDir), ["key"]);
  });

  it("asks for none that the extension host's environment gives (the task inherits it, the CLI reads it), an empty one aside", async () => {
    const own = FLOW.replace(
      'run: "echo token-5e1b9c"\n    rollback: none',
      'run: "echo token-5e1b9c"\n    rollback: "echo undo-login-${key} >> ops.log"',
    );
    const { file, workdir, runDir } = await failedRun(own);
    const names = await undoSecretsOf(runDir);
    assert.deepEqual(names, ["release/key", "key"]);
    assert.deepEqual(
      secretsInEnvironment(names, { MOMOFLOW_PARAM_RELEASE__KEY: TOKEN, PATH: "/bin" }),
      { "release/key": TOKEN },
      "the called workflow's secret, under its name in the call",
    );
    assert.deepEqual(
      secretsInEnvironment(names, { MOMOFLOW_PARAM_KEY: KEY, MOMOFLOW_PARAM_RELEASE__KEY: "" }),
      { key: KEY },
      "the run's own; an empty one is asked for",
    );
    assert.deepEqual(secretsInEnvironment(names, { MOMOFLOW_PARAM_RELEASE_KEY: TOKEN }), {});

    // Given both by the environment: nothing is asked, and the rollback's task undoes with them.
    const env = { MOMOFLOW_PARAM_KEY: KEY, MOMOFLOW_PARAM_RELEASE__KEY: TOKEN };
    const given = secretsInEnvironment(names, env);
    assert.deepEqual(
      names.filter((name) => !Object.hasOwn(given, name)),
      [],
    );
    const invocation = cliInvocation(
      {
        type: "momoflow",
        action: "rollback",
        file,
        workflow: "ship",
        params: given,
        secrets: Object.keys(given),
      },
      workdir,
      { cliPath: CLI, execPath: process.execPath },
    );
    const out = spawnSync(invocation.command, invocation.args, {
      cwd: invocation.cwd,
      env: { ...process.env, NO_COLOR: "1", ...env, ...invocation.env },
      encoding: "utf8",
    });
    assert.equal(out.status, 0, out.stdout + out.stderr);
    assert.deepEqual(ops(workdir), [
      `upload-${TOKEN}`,
      `undo-upload-${TOKEN}`,
      `undo-login-${KEY}`,
    ]);
  });

  it("the password box says which call and param, and the variable that gives it instead", () => {
    assert.deepEqual(undoSecretOwner("release/key"), { param: "key", callingStep: "release" });
    assert.deepEqual(undoSecretOwner("deploy[0]/sign/key"), {
      param: "key",
      callingStep: "deploy[0]/sign",
    });
    assert.deepEqual(undoSecretOwner("key"), { param: "key" });
    const box = undoSecretInputBox("release/key", "ship");
    assert.equal(box.password, true);
    assert.equal(box.value, "", "never a value typed before");
    assert.match(box.prompt, /secret param key of the workflow that step release of ship calls/);
    assert.match(box.prompt, /MOMOFLOW_PARAM_RELEASE__KEY/);
    assert.match(
      undoSecretInputBox("key", "ship").prompt,
      /^secret param key of ship: .*MOMOFLOW_PARAM_KEY$/,
    );
  });

  it("the rollback task gives it to the CLI in its environment, not on its command line, and the undo runs with it", async () => {
    const { file, workdir } = await failedRun(FLOW);
    const invocation = cliInvocation(
      {
        type: "momoflow",
        action: "rollback",
        file,
        workflow: "ship",
        params: { "release/key": TOKEN },
        secrets: ["release/key"],
      },
      workdir,
      // This Node stands in for VS Code's runtime (which ELECTRON_RUN_AS_NODE=1 turns into Node).
      { cliPath: CLI, execPath: process.execPath },
    );
    assert.ok(!invocation.args.join(" ").includes(TOKEN), invocation.args.join(" "));
    assert.equal(invocation.env.MOMOFLOW_PARAM_RELEASE__KEY, TOKEN);
    const out = spawnSync(invocation.command, invocation.args, {
      cwd: invocation.cwd,
      // The rollback's environment has the run's own key too: the undo must not take it.
      env: { ...process.env, NO_COLOR: "1", MOMOFLOW_PARAM_KEY: KEY, ...invocation.env },
      encoding: "utf8",
    });
    assert.equal(out.status, 0, out.stdout + out.stderr);
    assert.deepEqual(ops(workdir), [`upload-${TOKEN}`, `undo-upload-${TOKEN}`]);
    assert.ok(!(out.stdout + out.stderr).includes(TOKEN), "masked in what the rollback says");
  });
});
