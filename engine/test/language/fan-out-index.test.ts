import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { checkedLines as check } from "../support/checked-file";

/*
 * Loops of other tools give an index beside the item (`loop.index`,
 * `${{ strategy.job-index }}`, `i`). A `for_each` step has only its item:
 * an index read in one is told so, and what its item is, not only that the
 * name is not defined.
 */
describe("an index read in a for_each step: MF008 saying the step has only its item", () => {
  const workflow = (...lines: string[]): string =>
    [
      "workflow w {",
      '  param regions: list = ["eu", "us"]',
      "  step deploy {",
      "    for_each: region in regions",
      ...lines.map((l) => `    ${l}`),
      "  }",
      "}",
      "",
    ].join("\n");

  it("says ${index} in its run names no index, and names the item", () => {
    assert.deepEqual(check(workflow('run: "echo ${index} ${region}"', "rollback: none")), [
      '5:18-5:23 MF008 "index" is not defined here: a for_each step has no index, only its item `region` (its instances are named by position in the run: deploy[0], deploy[1]…)',
    ]);
  });

  it("says the same of idx, i and loop.index, in its rollback and its when", () => {
    assert.deepEqual(
      check(
        workflow("when: idx != 0", 'run: "echo ${region}"', 'rollback: "echo ${loop.index} ${i}"'),
      ),
      [
        '5:11-5:14 MF008 "idx" is not defined here: a for_each step has no index, only its item `region` (its instances are named by position in the run: deploy[0], deploy[1]…)',
        '7:23-7:27 MF008 "loop" is not defined here: a for_each step has no index, only its item `region` (its instances are named by position in the run: deploy[0], deploy[1]…)',
        '7:37-7:38 MF008 "i" is not defined here: a for_each step has no index, only its item `region` (its instances are named by position in the run: deploy[0], deploy[1]…)',
      ],
    );
  });

  it("keeps the plain message outside a for_each step, and a param called index", () => {
    const text = [
      "workflow w {",
      "  param index: int = 0",
      '  step a { run: "echo ${index}" rollback: none }',
      '  step b { run: "echo ${idx}" rollback: none }',
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), [
      '4:25-4:28 MF008 "idx" is not defined here; did you mean "index"?',
    ]);
  });
});
