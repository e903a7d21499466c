import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/** A workflow whose step `b` runs `echo <interpolations>`. */
const workflow = (interpolations: string): string =>
  [
    "workflow w {",
    '  param target: string = "x"',
    '  step a { run: "echo ${target}" }',
    "  step b {",
    "    needs: a",
    `    run: "echo ${interpolations}"`,
    "  }",
    "}",
    "",
  ].join("\n");

describe("momoflow check: what an unfinished interpolation lacks (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-interpolation-cli-");

  it("says what is missing and where, line and column of what lacks it", async () => {
    writeFileSync(
      join(tmp(), "w.momoflow"),
      workflow("${} ${steps.} ${params.} ${target.} ${steps.a.} ${json()}"),
    );
    const out = await runCli(["check", "w.momoflow"], tmp());
    assert.equal(out.code, 1);
    // `    run: "echo ` is 15 characters: the first `${` is in column 16.
    assert.deepEqual(out.stdout.trim().split("\n"), [
      "w.momoflow:6:16: error MF001: empty `${}`: write what to insert inside, such as a param `${target}` or a step's output `${steps.build.output}`",
      "w.momoflow:6:22: error MF001: `steps.` needs a step's id after the dot: `${steps.build.output}`",
      "w.momoflow:6:32: error MF001: `params.` needs a name after the dot, but a param is written by its name alone: `${target}`, not `${params.target}`",
      "w.momoflow:6:43: error MF001: `target.` needs a field name after the dot",
      "w.momoflow:6:54: error MF001: `steps.a.` needs `output` (`outputs` for a fan-out step) after the dot",
      "w.momoflow:6:66: error MF001: `json()` needs a reference inside its parentheses, such as `${json(names)}`",
    ]);
  });
});
