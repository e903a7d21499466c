import assert from "node:assert/strict";
import fc from "fast-check";
import { JournalBuffer } from "../../src/record/journal-buffer";
import type { JournalStepInfo, RunStartedEvent } from "../../src/record/journal-event";
import { declaredSteps, stepInfo } from "../../src/runtime/step-info";
import { listedSteps, runStartedWith } from "../../src/record/declared-steps";
import type { WorkflowStep } from "../../src/runtime/step";
import { stepIdentityArbitraries } from "../support/step-identity-arbitraries";
import type { EachOptionalField } from "../support/each-optional-field";

/** A value for each optional field of a step's info (the compiler asks for a new one). */
const OPTIONAL_INFO_FIELDS: EachOptionalField<JournalStepInfo> = {
  description: 'says "hi" to ünïcode',
  effectFree: true,
  rollbackTimeoutMs: 1500.5,
  instanceOf: "each",
  item: { name: "a", n: [1, 2] },
};

function runStarted(
  steps: JournalStepInfo[],
  more: Partial<RunStartedEvent> = {},
): RunStartedEvent {
  return {
    type: "run_started",
    v: 1,
    time: 1_764_000_000_000,
    runId: "20261205-000000-000-w-abcdef",
    workflow: { id: "w", name: "w", version: "1.0.0" },
    workdir: "/tmp/ü",
    pid: 123,
    concurrency: 1,
    rollbackOnFailure: true,
    variables: { a: "b", n: 1 },
    steps,
    ...more,
  };
}

function line(event: RunStartedEvent): string {
  const buffer = new JournalBuffer(true);
  buffer.append(event);
  return buffer.view().toString("utf8");
}

const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.stringMatching(/^s[0-9]{1,4}$/),
);
const info = fc.record(
  {
    ...stepIdentityArbitraries(text),
    rollbackTimeoutMs: fc.oneof(fc.nat(), fc.double()),
    instanceOf: text,
    item: fc.jsonValue(),
  },
  { requiredKeys: ["id", "needs", "reversible"] },
);

describe("run_started line: the step list encoded by hand, as JSON.stringify writes it", () => {
  it("writes any list of step infos byte for byte as JSON.stringify does", () => {
    fc.assert(
      fc.property(
        fc.array(info, { maxLength: 6 }),
        fc.option(text, { nil: undefined }),
        (steps, source) => {
          const event = runStarted(steps, source === undefined ? {} : { source });
          assert.equal(line(event), JSON.stringify(event) + "\n");
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("keeps each optional field of a step's info (random infos rarely hold just one)", () => {
    for (const [field, value] of Object.entries(OPTIONAL_INFO_FIELDS)) {
      const event = runStarted([{ id: "s1", needs: [], reversible: false, [field]: value }]);
      assert.equal(line(event), JSON.stringify(event) + "\n", field);
    }
  });

  it("writes the infos stepInfo makes, fields left out where a step has none", () => {
    const steps = [
      { id: "a", reversible: false },
      {
        id: "b",
        needs: ["a"],
        reversible: true,
        description: "B",
        effectFree: true,
        rollbackTimeoutMs: 10,
      },
    ] as unknown as WorkflowStep[];
    const event = runStarted(steps.map(stepInfo), { resumedFrom: "r1", pidStartTicks: 42 });
    assert.equal(line(event), JSON.stringify(event) + "\n");
  });

  it("writes a run's own steps, declared and never listed, as JSON.stringify writes them listed", () => {
    fc.assert(
      fc.property(fc.array(info, { maxLength: 6 }), (infos) => {
        const listed = runStarted(infos, { resumedFrom: "r1" });
        const declared = runStartedWith(runStarted([], { resumedFrom: "r1" }), listedSteps(infos));
        assert.equal(line(declared), JSON.stringify(listed) + "\n");
        // Read as a field, the list is the same, kept with the event, in its place among the fields.
        assert.equal(JSON.stringify(declared), JSON.stringify(listed));
        assert.equal(declared.steps, declared.steps);
        assert.deepEqual(Object.keys(declared), Object.keys(listed));
      }),
      { numRuns: 500 },
    );
  });

  it("writes a declared run's first line without making its list, and makes each info from the step", () => {
    const steps = [
      { id: "a", reversible: false, description: "" },
      { id: "b", needs: ["a"], reversible: true, description: "B", rollbackTimeoutMs: 10 },
    ] as unknown as WorkflowStep[];
    const event = runStartedWith(runStarted([]), declaredSteps(steps));
    const written = line(event);
    assert.equal(
      Object.getOwnPropertyDescriptor(event, "steps")?.get !== undefined,
      true,
      "the line was written without the list being made",
    );
    assert.equal(written, JSON.stringify(runStarted(steps.map(stepInfo))) + "\n");
  });

  it("writes a field JSON cannot hold (a BigInt) with its stand-in, as other lines do", () => {
    const event = runStarted([{ id: "s1", needs: [], reversible: false }], {
      variables: { big: 10n },
    });
    assert.equal(line(event), JSON.stringify({ ...event, variables: { big: "10n" } }) + "\n");
  });
});
