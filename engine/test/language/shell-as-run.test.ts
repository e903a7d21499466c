import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { checkedLines as check } from "../support/checked-file";

/*
 * `shell: "make build"` in a step without a `run`, as Snakemake writes a
 * rule's command, is one MF007 on `shell` saying the command goes in `run`
 * (`run` the quick fix): not also "no run", nor "not a shell's name".
 */
describe('shell: "command" without a run: one MF007 saying the command goes in run', () => {
  it("says so once", () => {
    const text = ["workflow w {", "  step a {", '    shell: "make build"', "  }", "}", ""].join(
      "\n",
    );
    assert.deepEqual(check(text), [
      '3:5-3:10 MF007 "shell" names the shell that runs the step\'s "run" ("auto", "bash", "sh"); the command itself goes in `run: "make build"`',
    ]);
  });

  it("leaves shell: bash beside a run, and a wrong shell name beside a run, as they were", () => {
    const step = (shell: string): string =>
      ["workflow w {", "  step a {", '    run: "make"', `    shell: ${shell}`, "  }", "}", ""].join(
        "\n",
      );
    assert.deepEqual(check(step('"bash"')), []);
    assert.deepEqual(check(step('"zsh"')), [
      '4:12-4:17 MF007 "shell" must be "auto", "bash" or "sh", not "zsh"',
    ]);
  });
});
