import assert from "node:assert/strict";
import { duplicateIds } from "../../src/runtime/duplicate-ids";
import { WorkflowDefinition } from "../../src/runtime/definition";
import { noopSteps } from "../../src/bench/noop-steps";

describe("duplicate step ids", () => {
  // A process's first run checks with a Set, later runs with a table of their own: both must agree.
  for (const warm of [false, true]) {
    describe(warm ? "by the table (a warm process)" : "by a Set (a process's first run)", () => {
      it("finds none among distinct ids, however many", () => {
        const ids = Array.from({ length: 50_000 }, (_, i) => `s${i}`);
        assert.deepEqual(duplicateIds(ids, warm), []);
        assert.deepEqual(duplicateIds([], warm), []);
        assert.deepEqual(duplicateIds(["only"], warm), []);
      });

      it("lists each repeated id once, in the order it repeats", () => {
        assert.deepEqual(duplicateIds(["a", "b", "c", "b", "a", "b", "d"], warm), ["b", "a"]);
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
        assert.deepEqual(duplicateIds(ids, warm), []);
        assert.deepEqual(duplicateIds([...ids, "e\u0301", "ab"], warm), ["e\u0301", "ab"]);
      });

      it("finds a repeat among ids of one long shared prefix (many hash collisions in a small table)", () => {
        const ids = Array.from({ length: 5_000 }, (_, i) => `${"x".repeat(200)}${i % 2500}`);
        const found = duplicateIds(ids, warm);
        assert.equal(found.length, 2500);
        assert.equal(new Set(found).size, 2500);
      });

      it("never takes NaN (from untyped code) for a repeat, as === does not", () => {
        const ids = ["a", NaN, "b", NaN, "a"] as unknown as string[];
        assert.deepEqual(duplicateIds(ids, warm), ["a"]);
      });
    });
  }

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
