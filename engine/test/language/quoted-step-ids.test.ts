import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { checkedLines as check } from "../support/checked-file";

/*
 * `needs: "build"`, as YAML quotes a step's name, is one MF007 saying step
 * ids are written bare: the step still needs `build` meanwhile, so its read
 * of `build`'s output is no second warning.
 */
describe("a quoted step id in needs: one MF007, the id still needed", () => {
  it("says so of one id and of an item of a list", () => {
    const text = [
      "workflow w {",
      '  step a { run: "echo" }',
      '  step b { run: "echo" }',
      "  step c {",
      '    needs: "a"',
      '    run: "echo ${steps.a.output}"',
      "  }",
      "  step d {",
      '    needs: ["a", b]',
      '    run: "echo ${steps.a.output}"',
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      '5:12-5:15 MF007 "needs" takes step ids written bare: `a`, not `"a"`',
      '9:13-9:16 MF007 "needs" takes step ids written bare: `a`, not `"a"`',
    ]);
  });
});
