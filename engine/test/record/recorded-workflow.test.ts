import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  runRecordPaths,
  WorkflowContext,
  WorkflowDefinition,
  WorkflowEngine,
} from "../../src/index";
import { FileStep } from "../support/recording-step";
import { useTempDir } from "../support/temp-dir";

/** The workflow as the run's `run_started` and `result.json` name it. */
async function recorded(version: string | undefined): Promise<unknown[]> {
  const def = new WorkflowDefinition({
    id: "w",
    ...(version === undefined ? {} : { version }),
    steps: [new FileStep("a")],
  });
  const result = await new WorkflowEngine().executeWorkflow(
    def,
    new WorkflowContext({ workingDirectory: tmp() }),
  );
  const paths = runRecordPaths(result.runDir!);
  const started = JSON.parse(readFileSync(paths.journal, "utf8").split("\n")[0]!);
  const file = JSON.parse(readFileSync(paths.result, "utf8"));
  return [started.workflow, file.workflow];
}

/** This file's tests' temp folder (see the describe). */
let tmp: () => string;

describe("the workflow a run record names", () => {
  // Inside the describe: at a file's top level its hooks would run around every test of the whole run.
  tmp = useTempDir("momoflow-recorded-workflow-");

  it("tells a declared version from the default one", async () => {
    const declared = { id: "w", name: "w", version: "2.1.0" };
    assert.deepEqual(await recorded("2.1.0"), [declared, declared]);
    // `1.0.0` declared is a version like any other.
    const one = { id: "w", name: "w", version: "1.0.0" };
    assert.deepEqual(await recorded("1.0.0"), [one, one]);
    // None declared: the default stays in `version` (the schema requires it), marked as such.
    const none = { id: "w", name: "w", version: "1.0.0", defaultVersion: true };
    assert.deepEqual(await recorded(undefined), [none, none]);
  });
});
