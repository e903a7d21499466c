import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileWorkflow } from "../../src/language/compile/compile-workflow";
import { LanguageWorkspace } from "../../src/language/workspace";
import { useTempDir } from "../support/temp-dir";

/**
 * Which steps' outputs a run knows, before it starts, to become secrets: a
 * call's argument that reads them and is bound to a `secret` param, directly
 * or through the params and vars of nested calls. Read from the compiled
 * steps' `secretOutput` (the paths of the output read so).
 */
const SOURCE = `workflow store {
  param token: secret
  param note: string = "n"
  step put { run: "echo \${token} \${note}" rollback: none }
}

workflow wrap {
  param auth: string
  param plain: string
  var header = "X \${auth}"
  step inner { run: workflow store(token: header, note: plain) }
}

workflow maker {
  step make { run: "echo made" rollback: none }
}

workflow deploy {
  step login { run: "echo '{}'" output: json rollback: none }
  step other { run: "echo other" rollback: none }
  step gen { run: workflow maker() }
  step direct { needs: [login] run: workflow store(token: steps.login.output.token, note: steps.other.output) }
  step nested { needs: [gen] run: workflow wrap(auth: steps.gen.output, plain: "\${steps.other.output}") }
  step whole { needs: [login] run: workflow store(token: "Bearer \${steps.login.output}") }
}
`;

describe("steps whose output a call makes a secret, known when the workflow compiles", () => {
  const tmp = useTempDir("momoflow-secret-output-");

  it("names the step read by a secret argument (a field, inside an interpolation, a call's last step through a param and a var), not one read by a plain argument", () => {
    const path = join(tmp(), "deploy.momoflow");
    writeFileSync(path, SOURCE);
    const check = new LanguageWorkspace().check(path);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === "error").map((d) => d.message),
      [],
    );
    const definition = compileWorkflow(check, { workflow: "deploy" });
    const secret = Object.fromEntries(
      definition.steps.flatMap((s) => (s.secretOutput ? [[s.id, s.secretOutput]] : [])),
    );
    assert.deepEqual(secret, {
      login: [["token"], []],
      "gen/make": [[]],
    });
  });

  it("a for_each step: its paths are over the list of its instances' outputs, and each instance takes its own part", () => {
    const path = join(tmp(), "fan.momoflow");
    writeFileSync(
      path,
      `workflow store {
  param token: secret
  step put { run: "echo \${token}" rollback: none }
}

workflow deploy {
  step login { for_each: r in ["a", "b", "c"] run: "echo '{}'" output: json rollback: none }
  step one { needs: [login] run: workflow store(token: steps.login.outputs[1].token) }
  step two { needs: [login] run: workflow store(token: steps.login.outputs[2]) }
}
`,
    );
    const check = new LanguageWorkspace().check(path);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === "error").map((d) => d.message),
      [],
    );
    const login = compileWorkflow(check, { workflow: "deploy" }).steps.find(
      (s) => s.id === "login",
    )!;
    assert.deepEqual(login.secretOutput, [[1, "token"], [2]]);
    const instances = ["a", "b", "c"].map((r, i) => login.fanOut!.instance(i, r).secretOutput);
    assert.deepEqual(instances, [undefined, [["token"]], [[]]]);
  });

  it("a map or list param whose item or field reaches a secret param carries what the caller gives it (cfg.token, keys[0])", () => {
    const path = join(tmp(), "items.momoflow");
    writeFileSync(
      path,
      `workflow store {
  param token: secret
  step put { run: "echo \${token}" rollback: none }
}

workflow wrap {
  param cfg: map
  param keys: list
  var first = keys[0]
  step by_field { run: workflow store(token: cfg.token) }
  step by_item { run: workflow store(token: "Bearer \${first}") }
}

workflow deploy {
  step login { run: "echo '{}'" output: json rollback: none }
  step other { run: "echo other" rollback: none }
  step call { needs: [login, other] run: workflow wrap(cfg: {token: steps.login.output.token}, keys: [steps.other.output]) }
}
`,
    );
    const check = new LanguageWorkspace().check(path);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === "error").map((d) => d.message),
      [],
    );
    const secret = Object.fromEntries(
      compileWorkflow(check, { workflow: "deploy" }).steps.flatMap((s) =>
        s.secretOutput ? [[s.id, s.secretOutput]] : [],
      ),
    );
    assert.deepEqual(secret, { login: [["token"]], other: [[]] });
  });
});
