import assert from "node:assert/strict";
import { metricsAreStale, stepPlacements } from "../src/metrics/metrics-staleness";

const at = (...pairs: [string, number][]) => pairs.map(([name, line]) => ({ name, line }));

describe("stale inline metrics", () => {
  const recorded = ["build", "publish", "announce"];
  const baseline = at(["build", 10], ["publish", 20], ["announce", 25]);

  it("keeps figures while every step is where it was", () => {
    assert.equal(metricsAreStale(recorded, baseline, baseline), false);
    // Recorded order does not matter (a run's steps may complete in any order).
    assert.equal(metricsAreStale(["announce", "build", "publish"], baseline, baseline), false);
  });

  it("is stale when a step moved (lines inserted or removed above or inside)", () => {
    assert.equal(
      metricsAreStale(recorded, baseline, at(["build", 11], ["publish", 21], ["announce", 26])),
      true,
    );
    assert.equal(
      metricsAreStale(recorded, baseline, at(["build", 10], ["publish", 20], ["announce", 27])),
      true,
    );
  });

  it("is stale when the set of steps differs from the run's", () => {
    // A step added (even below, where no line moved).
    assert.equal(
      metricsAreStale(recorded, baseline, [...baseline, { name: "notify", line: 30 }]),
      true,
    );
    // A step renamed in place.
    assert.equal(
      metricsAreStale(recorded, baseline, at(["compile", 10], ["publish", 20], ["announce", 25])),
      true,
    );
    // A step removed.
    assert.equal(metricsAreStale(recorded, baseline, at(["build", 10], ["publish", 20])), true);
    // Figures first shown on a document that already differs from the run.
    const first = at(["build", 10], ["publish", 20]);
    assert.equal(metricsAreStale(recorded, first, first), true);
  });

  it("is stale when steps swapped places", () => {
    assert.equal(
      metricsAreStale(recorded, baseline, at(["publish", 10], ["build", 20], ["announce", 25])),
      true,
    );
  });

  it("is fresh again when an edit is undone", () => {
    const moved = at(["build", 11], ["publish", 21], ["announce", 26]);
    assert.equal(metricsAreStale(recorded, baseline, moved), true);
    assert.equal(
      metricsAreStale(recorded, baseline, at(["build", 10], ["publish", 20], ["announce", 25])),
      false,
    );
  });

  it("places steps at the line of their name", () => {
    const r = (line: number, a: number, b: number) => ({
      start: { line, character: a },
      end: { line, character: b },
    });
    assert.deepEqual(
      stepPlacements([
        {
          name: "build",
          nameRange: r(4, 7, 12),
          range: { start: { line: 4, character: 2 }, end: { line: 9, character: 3 } },
          needs: [],
          rollback: "absent",
        },
      ]),
      [{ name: "build", line: 4 }],
    );
  });
});
