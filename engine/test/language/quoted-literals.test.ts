import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { LanguageWorkspace } from "../../src/language/workspace";
import { checkedLines as check } from "../support/checked-file";

/*
 * A duration, size, number or bool in quotes, as YAML and JSON configurations
 * write one (`timeout: "5m"`, `retries: "3"`), is MF007 saying to write it
 * without quotes, with that as its quick fix.
 */
describe("a quoted duration, number or bool: MF007 says to write it without quotes", () => {
  const step = (line: string): string =>
    ["workflow w {", "  step a {", '    run: "echo"', `    ${line}`, "  }", "}", ""].join("\n");

  it("says so of timeout, retries and continue_on_error", () => {
    assert.deepEqual(check(step('timeout: "5m"')), [
      '4:14-4:18 MF007 "timeout" must be a duration like 30s, not a string: write `5m` without quotes',
    ]);
    assert.deepEqual(check(step('retries: "3"')), [
      '4:14-4:17 MF007 "retries" must be an int (a whole number), not a string: write `3` without quotes',
    ]);
    assert.deepEqual(check(step('continue_on_error: "true"')), [
      '4:24-4:30 MF007 "continue_on_error" must be a bool (true or false), not a string: write `true` without quotes',
    ]);
  });

  it("gives the bare value as the quick fix, and nothing for a string that is none", () => {
    const data = (text: string) =>
      new LanguageWorkspace({ readFile: () => text }).check("/ws/main.momoflow").diagnostics[0]
        ?.data;
    assert.deepEqual(data(step('timeout: "5m"'))?.suggestions, ["5m"]);
    assert.equal(check(step('timeout: "soon"')).length, 1);
    assert.equal(data(step('timeout: "soon"'))?.suggestions, undefined);
  });
});
