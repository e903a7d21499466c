import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { paramsToAskFor, secretParamNames, secretParamsToAskFor } from "../src/run/param-input";
import { paramInputBox, runSecretInputProblem } from "../src/run/param-input";
import { runSecretsInEnvironment, secretsInEnvironment } from "../src/run/secrets-in-environment";
import { cliInvocation, type MomoflowTaskDefinition } from "../src/run/task-definition";
import type { ParamOutline } from "../src/outline/document-outline";
import { CLI } from "../../engine/test/support/cli-process";
import { useTempDir } from "../../engine/test/support/temp-dir";
import { writeWorkflow } from "../../engine/test/support/workflow-files";

/** `sign` needs the secret `api_key`; its step writes the value's SHA-256, never the value. */
const FLOW = `workflow sign {
  param api_key: secret
  step measure {
    env: { KEY: api_key }
    run: "printf %s \\"$KEY\\" | sha256sum | cut -c1-64 > key.sha256"
  }
}
`;
const KEY = "env-key-3b7d91";

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The outline of `sign`'s param, as the language server gives it. */
const API_KEY: ParamOutline = {
  name: "api_key",
  type: "secret",
  required: true,
  nameRange: { start: { line: 1, character: 8 }, end: { line: 1, character: 15 } },
  range: { start: { line: 1, character: 2 }, end: { line: 1, character: 23 } },
};

describe("▶ Run of a secret the extension host's environment gives (real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-client-run-secrets-");

  it("asks for nothing, and the run's task (whose terminal lacks the variable) runs with the value", () => {
    // The editor runs a file in its own folder (see runWorkdir).
    const { file } = writeWorkflow(tmp(), "flow", FLOW);
    const workdir = dirname(file);
    // As the run controller does: the secrets the environment gives first, then what is left to ask.
    const given = secretsInEnvironment(secretParamsToAskFor([API_KEY]), {
      MOMOFLOW_PARAM_API_KEY: KEY,
    });
    assert.deepEqual(paramsToAskFor([API_KEY], given), [], "nothing asked");
    const definition: MomoflowTaskDefinition = {
      type: "momoflow",
      action: "run",
      file,
      workflow: "sign",
      params: given,
      secrets: secretParamNames([API_KEY], given),
    };
    const invocation = cliInvocation(definition, workdir, {
      cliPath: CLI,
      execPath: process.execPath,
    });
    assert.ok(!invocation.args.join(" ").includes(KEY), invocation.args.join(" "));
    assert.equal(invocation.env.MOMOFLOW_PARAM_API_KEY, KEY);
    const out = spawnSync(invocation.command, invocation.args, {
      cwd: invocation.cwd,
      // VS Code's task terminal has its server process's environment: the variable is not in it.
      env: { ...process.env, NO_COLOR: "1", MOMOFLOW_PARAM_API_KEY: undefined, ...invocation.env },
      encoding: "utf8",
    });
    assert.equal(out.status, 0, out.stdout + out.stderr);
    assert.equal(readFileSync(join(workdir, "key.sha256"), "utf8").trim(), sha256(KEY));
    assert.ok(!(out.stdout + out.stderr).includes(KEY), "never in what the run says");
  });

  it("too short for a secret, it is not handed on but asked for, in the words the CLI refuses it with (exit 2)", () => {
    // The editor runs a file in its own folder (see runWorkdir).
    const { file } = writeWorkflow(tmp(), "flow", FLOW);
    const workdir = dirname(file);
    const short = "k9";
    const { given, refused } = runSecretsInEnvironment(secretParamsToAskFor([API_KEY]), {
      MOMOFLOW_PARAM_API_KEY: short,
    });
    assert.deepEqual(given, {});
    assert.deepEqual(
      paramsToAskFor([API_KEY], given).map((p) => p.name),
      ["api_key"],
      "asked for",
    );
    const why = refused.api_key!;
    assert.match(why, /^MOMOFLOW_PARAM_API_KEY: the secret `api_key` is 2 characters long/);
    // What the CLI says when it is handed on, as the editor did before.
    const out = spawnSync(process.execPath, [CLI, "run", file], {
      cwd: workdir,
      env: { ...process.env, NO_COLOR: "1", MOMOFLOW_PARAM_API_KEY: short },
      encoding: "utf8",
    });
    assert.equal(out.status, 2, out.stdout + out.stderr);
    const said = why.slice("MOMOFLOW_PARAM_API_KEY: ".length);
    assert.ok(out.stderr.includes(said), `${out.stderr}\nhas not\n${said}`);
    // Typed into the box, the same words (capitalized) refuse it; four characters pass.
    assert.equal(
      runSecretInputProblem("api_key", short),
      said.charAt(0).toUpperCase() + said.slice(1),
    );
    assert.equal(runSecretInputProblem("api_key", "k9x2"), undefined);
    assert.ok(
      paramInputBox(API_KEY, undefined, why).prompt.endsWith(`; ${why}`),
      "its box says why",
    );
    // A rollback's undos take any value: its environment secrets are not held to it.
    assert.deepEqual(secretsInEnvironment(["api_key"], { MOMOFLOW_PARAM_API_KEY: short }), {
      api_key: short,
    });
  });
});
