import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { LanguageWorkspace } from "../../src/language/workspace";

function errors(text: string): string[] {
  const files: Record<string, string> = { "/ws/main.momoflow": text };
  const workspace = new LanguageWorkspace({ readFile: (path) => files[path] });
  return workspace
    .check("/ws/main.momoflow")
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character} ${d.message}`);
}

const step = (runsOn: string): string =>
  `workflow w {\n  param q: string = "gpu"\n  step a {\n    runs_on: ${runsOn}\n    run: log(message: q)\n  }\n}\n`;

/**
 * `runs_on:` names a queue of workers, part of a Redis key: a name that is no
 * queue name is refused when the run starts; written out in the file, the
 * checker says so first, as it does for `shell: "zsh"`.
 */
describe("the runs_on property", () => {
  it("accepts queue names: letters, digits, _ . -", () => {
    for (const name of ['"default"', '"gpu-2.large_x"', "q", '"${q}-big"'])
      assert.deepEqual(errors(step(name)), [], name);
  });

  it("reports a written-out name that is no queue name as MF007 on the value", () => {
    assert.deepEqual(errors(step('"bad queue!"')), [
      'MF007 3:13 "runs_on" must be a queue name (letters, digits, _ . -, at most 64 of them), not "bad queue!"',
    ]);
    assert.equal(errors(step(`"${"q".repeat(65)}"`)).length, 1, "longer than 64");
    assert.equal(errors(step('""')).length, 1, "empty");
  });
});
