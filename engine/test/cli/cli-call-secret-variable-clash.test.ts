import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";

/**
 * `ship` calls `release`, whose secret `key` is fed by a step's output: an
 * undo after a crash reads it as `release/key`, from
 * `MOMOFLOW_PARAM_RELEASE__KEY`. `ship`'s own secret `param` (written in
 * place of `PARAM`) reads `MOMOFLOW_PARAM_<ITS NAME>`: named `release__key`,
 * one variable would give both, and one of the undos would run with the
 * other's value.
 */
const flow = (param: string, call = "release"): string => `workflow release {
  param key: secret
  step upload {
    run: "echo upload-\${key} >> ops.log"
    rollback: "echo undo-upload-\${key} >> ops.log"
  }
}

workflow ship {
  param ${param}
  step login {
    run: "echo token-5e1b9c"
    rollback: none
  }
  step ${call} {
    needs: login
    run: workflow release(key: steps.login.output)
  }
}
`;

describe("a secret param whose environment variable is a called workflow's secret's too", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-call-secret-variable-");

  /** `momoflow check` of `text`: its exit code and what it said. */
  async function check(text: string): Promise<{ code: number | null; out: string }> {
    const { file, workdir } = writeWorkflow(tmp(), "flow", text);
    const out = await startCli(["check", file], workdir).done;
    return { code: out.code, out: said(out) };
  }

  it("momoflow check: an error on the param, naming the variable, the param and the called secret", async () => {
    const { code, out } = await check(flow("release__key: secret"));
    assert.equal(code, 1, out);
    assert.match(
      out,
      /flow\.momoflow:10:9: error MF023: MOMOFLOW_PARAM_RELEASE__KEY, the environment variable of the secret "release__key", is also the one momoflow rollback reads for release\/key, the secret "key" of workflow "release" called by step "release": one variable cannot give both; rename the param without "__" \(as "release_key"\)/,
    );
  });

  it("momoflow run refuses it before any step runs, the variable set or not", async () => {
    const { file, workdir } = writeWorkflow(tmp(), "flow", flow("release__key: secret"));
    const out = await startCli(["run", file, "--workdir", workdir, "--workflow", "ship"], workdir, {
      MOMOFLOW_PARAM_RELEASE__KEY: "caller-key-7f3a",
    }).done;
    assert.equal(out.code, 2, said(out));
    assert.match(said(out), /error MF023: MOMOFLOW_PARAM_RELEASE__KEY/);
    assert.match(said(out), /has 1 error; nothing was run/);
    assert.ok(!existsSync(join(workdir, "ops.log")), said(out));
  });

  it("the same for a call made once per item (deploy[1]/key) and for a nested call's secret", async () => {
    const perItem = flow("deploy_1__key: secret", "deploy").replace(
      "needs: login\n",
      'needs: login\n    for_each: region in ["eu", "us"]\n',
    );
    const fanOut = await check(perItem);
    assert.equal(fanOut.code, 1, fanOut.out);
    assert.match(
      fanOut.out,
      /MF023: MOMOFLOW_PARAM_DEPLOY_1__KEY, the environment variable of the secret "deploy_1__key", is also the one momoflow rollback reads for deploy\[1\]\/key, the secret "key" of workflow "release" called by step "deploy"/,
    );
    // `ship` calls `outer` at `release`; `outer` calls `release` at `inner`: its key is release/inner/key.
    const nested = flow("release__inner__key: secret").replace(
      "run: workflow release(key",
      "run: workflow outer(key",
    ).concat(`
workflow outer {
  param key: secret
  step inner {
    run: workflow release(key: key)
  }
}
`);
    const deep = await check(nested);
    assert.equal(deep.code, 1, deep.out);
    assert.match(
      deep.out,
      /MF023: MOMOFLOW_PARAM_RELEASE__INNER__KEY, the environment variable of the secret "release__inner__key", is also the one momoflow rollback reads for release\/inner\/key, the secret "key" of workflow "release" called through step "release"/,
    );
  });

  it("no error where no call's secret has the variable: another name, a param that is not secret, a workflow that calls none", async () => {
    for (const text of [
      flow("release_key: secret"),
      flow("release__key: string"),
      flow("release__token: secret"),
      flow("upload__key: secret"),
      flow("release__key: secret").replace(
        "run: workflow release(key: steps.login.output)",
        'run: "echo \\${release__key}"\n    rollback: none',
      ),
    ]) {
      const { code, out } = await check(text);
      assert.equal(code, 0, `${out}\n${text}`);
      assert.doesNotMatch(out, /MF023/, text);
    }
  });
});
