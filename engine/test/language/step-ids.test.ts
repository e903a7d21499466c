import "./esm-only-dependencies";
import assert from "node:assert/strict";
import type { Name } from "../../src/language/ast";
import { DiagnosticSink } from "../../src/language/check/diagnostic-sink";
import { knowsStep, type StepIndex } from "../../src/language/check/step-ids";

const at = { line: 3, character: 4 };
const index = (workflow: string, ids: string[]): StepIndex<number> => ({
  workflow,
  ids: new Map(ids.map((id, i) => [id, i])),
});

// knowsStep keeps what it said of an id node for the next check (an editor's
// re-check meets the same node): what it keeps must follow the workflow.
describe("unknown step ids (MF002)", () => {
  it("says the same of the same id node again, and follows a renamed workflow and new ids", () => {
    const id: Name = { text: "biuld", range: { start: at, end: { line: 3, character: 9 } } };
    const messages = (workflow: string, ids: string[]): string[] => {
      const sink = new DiagnosticSink("/p.momoflow");
      assert.equal(knowsStep(id, index(workflow, ids), sink), false);
      return sink.diagnostics.map((d) => `${d.code} ${d.message}`);
    };
    const first = messages("deploy", ["build", "test"]);
    assert.deepEqual(first, [
      'MF002 unknown step "biuld" in workflow "deploy"; did you mean "build"?',
    ]);
    assert.deepEqual(messages("deploy", ["build", "test"]), first);
    assert.deepEqual(messages("release", ["build", "test"]), [
      'MF002 unknown step "biuld" in workflow "release"; did you mean "build"?',
    ]);
    assert.deepEqual(messages("release", ["guild", "test"]), [
      'MF002 unknown step "biuld" in workflow "release"; did you mean "guild"?',
    ]);
    assert.deepEqual(messages("release", ["zzz"]), [
      'MF002 unknown step "biuld" in workflow "release"',
    ]);
  });
});
