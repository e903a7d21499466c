import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

describe("momoflow check: what an unfinished reference outside a string lacks (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-unfinished-reference-cli-");

  it("says what is missing, at the reference, and nothing about the lines after it", async () => {
    writeFileSync(
      join(tmp(), "w.momoflow"),
      [
        "command release(key: string) {",
        '  run: "echo ${key}"',
        "}",
        "workflow w {",
        '  param target: string = "x"',
        '  step login { run: "echo ${target}" }',
        "  step deploy {",
        "    needs: login",
        "    when: steps.",
        "    run: release(key: steps.login.)",
        "  }",
        "  step report {",
        "    needs: [deploy]",
        "    when: params.",
        "    for_each: file in steps.deploy.",
        '    run: "echo"',
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    const out = await runCli(["check", "w.momoflow"], tmp());
    assert.equal(out.code, 1);
    assert.deepEqual(out.stdout.trim().split("\n"), [
      "w.momoflow:9:11: error MF001: `steps.` needs a step's id after the dot: `steps.build.output`",
      "w.momoflow:10:23: error MF001: `steps.login.` needs `output` (`outputs` for a fan-out step) after the dot",
      "w.momoflow:14:11: error MF001: `params.` needs a name after the dot, but a param is written by its name alone: `target`, not `params.target`",
      "w.momoflow:15:23: error MF001: `steps.deploy.` needs `output` (`outputs` for a fan-out step) after the dot",
    ]);
  });
});
