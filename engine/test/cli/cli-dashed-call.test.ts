import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A call of an imported workflow written with dashes, through the real CLI:
 * `momoflow run` refuses it before anything runs, each dashed name once
 * with the name it can only be; written so, it runs the imported workflow
 * in the caller's run, its steps named after the calling step.
 */
describe("CLI: a dashed call of an imported workflow", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-dashed-call-");
  const lib = [
    "workflow do_thing {",
    '  param my_arg: string = "a"',
    '  step go { run: "echo did ${my_arg}" rollback: none }',
    "}",
    "",
  ].join("\n");
  const main = (call: string): string =>
    [
      'import "./lib.momoflow"',
      "workflow main {",
      "  step call_it {",
      `    run: ${call}`,
      "  }",
      "}",
      "",
    ].join("\n");

  it("refuses the dashed call naming each fix, and runs it written with `_`", async () => {
    writeFileSync(join(tmp(), "lib.momoflow"), lib);
    writeFileSync(join(tmp(), "main.momoflow"), main('workflow do-thing(my-arg: "b")'));
    const refused = await runCli(["run", "main.momoflow"], tmp());
    assert.equal(refused.code, 2, refused.stdout + refused.stderr);
    assert.deepEqual(refused.stderr.trim().split("\n"), [
      "main.momoflow:4:19: error MF001: a name holds letters, digits and `_`, not `-`: write `do_thing` for `do-thing`",
      "main.momoflow:4:28: error MF001: a name holds letters, digits and `_`, not `-`: write `my_arg` for `my-arg`",
      "momoflow: main.momoflow has 2 errors; nothing was run",
    ]);
    writeFileSync(join(tmp(), "main.momoflow"), main('workflow do_thing(my_arg: "b")'));
    const ran = await runCli(["run", "main.momoflow"], tmp());
    assert.equal(ran.code, 0, ran.stdout + ran.stderr);
    assert.match(ran.stdout, /call_it\/go \| did b$/m);
  });
});
