import assert from "node:assert/strict";
import { duplicateIds } from "../../src/runtime/duplicate-ids";
import { WorkflowDefinition } from "../../src/runtime/definition";
import { noopSteps } from "../../src/bench/noop-steps";

describe("duplicate step ids", () => {
  it("finds none among distinct ids, however many", () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `s${i}`);
    assert.deepEqual(duplicateIds(ids), []);
    assert.deepEqual(duplicateIds([]), []);
    assert.deepEqual(duplicateIds(["only"]), []);
  });

  it("lists each repeated id once, in the order it repeats", () => {
    assert.deepEqual(duplicateIds(["a", "b", "c", "b", "a", "b", "d"]), ["b", "a"]);
  });

  it("tells apart ids that differ only where a hash might not (case, order, length, non-ASCII)", () => {
    const ids = [
      "ab",
      "ba",
      "AB",
      "a",
      "abc",
      "ab\u0000",
      "é",
      "e\u0301",
      "😀",
      "s1",
      "s10",
      "s01",
    ];
    assert.deepEqual(duplicateIds(ids), []);
    assert.deepEqual(duplicateIds([...ids, "e\u0301", "ab"]), ["e\u0301", "ab"]);
  });

  it("finds a repeat among ids of one long shared prefix (many hash collisions in a small table)", () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => `${"x".repeat(200)}${i % 2500}`);
    const found = duplicateIds(ids);
    assert.equal(found.length, 2500);
    assert.equal(new Set(found).size, 2500);
  });

  it("is what a workflow's validation reports: one problem per repeated id", () => {
    const steps = noopSteps(3);
    const definition = new WorkflowDefinition({ id: "w", steps: [...steps, ...noopSteps(2)] });
    assert.deepEqual(
      definition.validate().map((p) => [p.code, p.stepId]),
      [
        ["duplicate_id", "s0"],
        ["duplicate_id", "s1"],
      ],
    );
  });
});
