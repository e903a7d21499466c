import assert from "node:assert/strict";
import {
  metricsAreStale,
  recordedStepDefinitions,
  stepDefinitions,
} from "../src/metrics/metrics-staleness";

const def = (...pairs: [string, string][]) =>
  pairs.map(([name, definition]) => ({ name, definition }));

describe("stale inline metrics", () => {
  const recorded = ["build", "publish", "announce"];
  const baseline = def(
    ["build", 'run: "make"'],
    ["publish", 'needs: build\nrun: "upload"'],
    ["announce", 'needs: publish\nrun: "echo done"'],
  );

  it("keeps figures while every step runs what it ran", () => {
    assert.equal(metricsAreStale(recorded, baseline, baseline), false);
    // Recorded order does not matter (a run's steps may complete in any order).
    assert.equal(metricsAreStale(["announce", "build", "publish"], baseline, baseline), false);
  });

  it("keeps figures when steps are only written in another order", () => {
    // Lines inserted or removed (a comment, a blank line) leave every definition as it was;
    // steps written in another order run the same (their needs say the order).
    assert.equal(
      metricsAreStale(recorded, baseline, [baseline[1]!, baseline[0]!, baseline[2]!]),
      false,
    );
  });

  it("is stale when a step's action, needs or another setting changed", () => {
    const edited = (i: number, definition: string) =>
      baseline.map((s, j) => (j === i ? { ...s, definition } : s));
    assert.equal(metricsAreStale(recorded, baseline, edited(0, 'run: "make all"')), true);
    assert.equal(metricsAreStale(recorded, baseline, edited(2, 'run: "echo done"')), true);
    assert.equal(
      metricsAreStale(recorded, baseline, edited(1, 'needs: build\nrun: "upload"\ntimeout: 5s')),
      true,
    );
  });

  it("is stale when the set of steps differs from the run's", () => {
    // A step added.
    assert.equal(
      metricsAreStale(recorded, baseline, [...baseline, { name: "notify", definition: "" }]),
      true,
    );
    // A step renamed.
    assert.equal(
      metricsAreStale(recorded, baseline, [
        { ...baseline[0]!, name: "compile" },
        ...baseline.slice(1),
      ]),
      true,
    );
    // A step removed.
    assert.equal(metricsAreStale(recorded, baseline, baseline.slice(0, 2)), true);
    // Figures first shown on a document that already differs from the run.
    const first = baseline.slice(0, 2);
    assert.equal(metricsAreStale(recorded, first, first), true);
  });

  it("keeps the figures of a run an older momoflow recorded, by the digest it made then", () => {
    const now = baseline.map((s) => ({
      ...s,
      definition: `new ${s.definition}`,
      legacy: s.definition,
    }));
    assert.equal(metricsAreStale(recorded, baseline, now), false);
    const edited = now.map((s, i) => (i === 0 ? { ...s, legacy: 'run: "make all"' } : s));
    assert.equal(metricsAreStale(recorded, baseline, edited), true);
  });

  it("is fresh again when an edit is undone", () => {
    const edited = [{ ...baseline[0]!, definition: 'run: "make -j"' }, ...baseline.slice(1)];
    assert.equal(metricsAreStale(recorded, baseline, edited), true);
    assert.equal(metricsAreStale(recorded, baseline, baseline), false);
  });

  it("takes each step's id and definition digest from the outline", () => {
    const r = (line: number, a: number, b: number) => ({
      start: { line, character: a },
      end: { line, character: b },
    });
    assert.deepEqual(
      stepDefinitions([
        {
          name: "build",
          nameRange: r(4, 7, 12),
          range: { start: { line: 4, character: 2 }, end: { line: 9, character: 3 } },
          definition: 'run: "make"',
          definitionDigest: "0123456789abcdef",
          legacyDefinitionDigest: "fedcba9876543210",
          needs: [],
          rollback: "absent",
        },
      ]),
      [{ name: "build", definition: "0123456789abcdef", legacy: "fedcba9876543210" }],
    );
  });

  it("takes the baseline from the run record when it has the steps' definitions, and none from an older record", () => {
    const recorded = { stepDefinitions: { build: "0123456789abcdef", test: "fedcba9876543210" } };
    assert.deepEqual(recordedStepDefinitions(recorded), [
      { name: "build", definition: "0123456789abcdef" },
      { name: "test", definition: "fedcba9876543210" },
    ]);
    assert.equal(recordedStepDefinitions({}), undefined);
  });
});
