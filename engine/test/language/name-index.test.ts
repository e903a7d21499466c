import "./esm-only-dependencies";
import assert from "node:assert/strict";
import fc from "fast-check";
import { nearestNames } from "../../src/language/edit-distance";
import { NameIndex } from "../../src/language/name-index";

/** Names from a small alphabet, so that near misses, swaps and case differences are frequent. */
const name = fc.string({ unit: fc.constantFrom("a", "b", "c", "A", "_", "1"), maxLength: 12 });
/** Names like a generated workflow's: a shared prefix and a number. */
const numbered = fc.integer({ min: 0, max: 400 }).map((i) => `step_${String(i).padStart(3, "0")}`);
const anyName = fc.oneof(name, numbered, fc.string({ maxLength: 8 }));

describe("NameIndex", () => {
  it("suggests what nearestNames suggests, for random names and candidates", () => {
    fc.assert(
      fc.property(
        fc.array(anyName, { maxLength: 60 }),
        fc.array(anyName, { maxLength: 10 }),
        fc.integer({ min: 1, max: 5 }),
        (candidates, queries, max) => {
          const index = new NameIndex(candidates);
          for (const query of [...queries, ...candidates.slice(0, 5)]) {
            assert.deepEqual(
              index.nearest(query, max),
              nearestNames(query, candidates, max),
              query,
            );
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("suggests what nearestNames suggests among hundreds of similar names (many ties)", () => {
    const misspelt = fc
      .tuple(numbered, fc.nat(9), fc.constantFrom("", "x", "swap", "drop"))
      .map(([id, at, how]) => {
        if (how === "swap") return id.slice(0, at) + (id[at + 1] ?? "") + id[at] + id.slice(at + 2);
        if (how === "drop") return id.slice(0, at) + id.slice(at + 1);
        return id + how;
      });
    fc.assert(
      fc.property(
        fc.array(numbered, { minLength: 100, maxLength: 400 }),
        fc.array(misspelt, { maxLength: 10 }),
        (candidates, queries) => {
          const index = new NameIndex(candidates);
          for (const query of queries)
            assert.deepEqual(index.nearest(query), nearestNames(query, candidates), query);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("gives the one nearest name that nearestNames gives, an excluded one left out", () => {
    const misspelt = fc
      .tuple(fc.oneof(numbered, name), fc.nat(9), fc.constantFrom("x", "X", "swap", "drop", "set"))
      .map(([id, at, how]) => {
        if (how === "swap") return id.slice(0, at) + (id[at + 1] ?? "") + id[at] + id.slice(at + 2);
        if (how === "drop") return id.slice(0, at) + id.slice(at + 1);
        if (how === "set") return id.slice(0, at) + "b" + id.slice(at + 1);
        return id.slice(0, at) + how + id.slice(at);
      });
    fc.assert(
      fc.property(
        fc.array(fc.oneof(numbered, name), { minLength: 1, maxLength: 200 }),
        fc.array(fc.oneof(misspelt, anyName), { maxLength: 10 }),
        fc.nat(),
        (candidates, queries, at) => {
          const exclude = candidates[at % candidates.length];
          const index = new NameIndex(candidates);
          for (const query of queries) {
            const expected = nearestNames(
              query,
              candidates.filter((c) => c !== exclude),
              1,
            );
            assert.deepEqual(index.nearestOnce(query, 1, exclude), expected, query);
            assert.deepEqual(index.nearest(query, 1), nearestNames(query, candidates, 1), query);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("gives the first name one edit away, whatever the edit, before a later one", () => {
    // Each first candidate is one edit of its kind away; the second one
    // edit of another kind.
    const cases: [string, string[]][] = [
      ["stpe_1", ["step_1", "stpe_2"]], // swapped
      ["step_1", ["stp_1", "step_2"]], // dropped
      ["step_1", ["steep_1", "step_2"]], // inserted
      ["step_1", ["stop_1", "step_12"]], // replaced
      ["step_1", ["step_1x", "stp_1"]], // inserted at the end
    ];
    for (const [query, candidates] of cases) {
      assert.deepEqual(new NameIndex(candidates).nearestOnce(query, 1), [candidates[0]], query);
      assert.deepEqual(nearestNames(query, candidates, 1), [candidates[0]], query);
    }
  });

  it("leaves out the excluded name and still gives as many as asked", () => {
    fc.assert(
      fc.property(
        fc.array(anyName, { maxLength: 40 }),
        anyName,
        fc.integer({ min: 0, max: 39 }),
        (candidates, query, at) => {
          const exclude = candidates[at % Math.max(1, candidates.length)];
          const expected = nearestNames(
            query,
            candidates.filter((c) => c !== exclude),
          );
          const index = new NameIndex(candidates);
          // Not remembered, then remembered, then asked again: the same answer each time.
          assert.deepEqual(index.nearestOnce(query, 3, exclude), expected);
          assert.deepEqual(index.nearest(query, 3, exclude), expected);
          assert.deepEqual(index.nearest(query, 3, exclude), expected);
          assert.deepEqual(index.nearestOnce(query, 3, exclude), expected);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("finds the swap, the case difference and the closest numbered step", () => {
    const index = new NameIndex(["publish", "build", "bild", "Build", "step_10", "step_11"]);
    assert.deepEqual(index.nearest("biuld"), ["build", "bild", "Build"]);
    assert.deepEqual(index.nearest("BUILD"), ["build", "Build"]);
    assert.deepEqual(index.nearest("stpe_10"), ["step_10", "step_11"]);
    assert.deepEqual(index.nearest("deploy"), []);
  });
});
