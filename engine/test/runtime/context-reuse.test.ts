import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WorkflowContext } from "../../src/runtime/context";
import { WorkflowEngine } from "../../src/runtime/engine";
import { emptyMetrics } from "../../src/runtime/metrics";
import { StepStatus, WorkflowStatus } from "../../src/runtime/status";
import type { StepResult, WorkflowStep } from "../../src/runtime/step";

function result(id: string, status: StepStatus, output?: unknown): StepResult {
  return {
    stepId: id,
    status,
    metrics: emptyMetrics(0),
    attempts: 1,
    ...(output === undefined ? {} : { output }),
    ...(status === StepStatus.FAILED ? { error: "failing on purpose" } : {}),
  };
}

/** A step that runs `body` with the context and ends `status`, with `output` when given. */
function step(
  id: string,
  status: StepStatus,
  body: (context: WorkflowContext) => unknown = () => undefined,
  extra: Partial<WorkflowStep> = {},
): WorkflowStep {
  return {
    id,
    description: "",
    reversible: false,
    execute: async (context) => result(id, status, body(context)),
    ...extra,
  };
}

describe("a WorkflowContext used for more than one run (library)", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "momoflow-context-reuse-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const options = () => ({ runsDir: join(dir, "runs") });

  it("serves a second run as a fresh one would: no output, status, artifact or var of the run before", async () => {
    const engine = new WorkflowEngine();
    const context = new WorkflowContext({ workingDirectory: dir, variables: { region: "eu" } });
    const first = await engine.executeWorkflow(
      {
        id: "first",
        variables: { tag: "v1" },
        steps: [
          step("build", StepStatus.SUCCESS, (c) => {
            c.set("made_by_build", true);
            c.addArtifact("bundle", "dist/app.js");
            return "built";
          }),
        ],
      },
      context,
      options(),
    );
    assert.equal(first.status, WorkflowStatus.SUCCESS);
    assert.equal(context.getStepOutput("build"), "built");
    const seen: Record<string, unknown> = {};
    const second = await engine.executeWorkflow(
      {
        id: "second",
        variables: { tag: "v2" },
        rollbackOnFailure: false,
        steps: [
          step("build", StepStatus.FAILED),
          step(
            "report",
            StepStatus.SUCCESS,
            (c) => {
              seen.hasBuildOutput = c.hasStepOutput("build");
              seen.buildStatus = c.getStepStatus("build");
              seen.tag = c.get("tag");
              seen.region = c.get("region");
              seen.madeByBuild = c.get("made_by_build");
              seen.artifacts = [...c.artifacts.keys()];
            },
            { needs: ["build"], runsAfterFailure: true },
          ),
        ],
      },
      context,
      options(),
    );
    assert.equal(second.status, WorkflowStatus.FAILED);
    assert.deepEqual(seen, {
      hasBuildOutput: false,
      buildStatus: StepStatus.FAILED,
      tag: "v2",
      region: "eu",
      madeByBuild: undefined,
      artifacts: [],
    });
  });

  it("keeps what the caller set between runs, also under a name an earlier run made", async () => {
    const engine = new WorkflowEngine();
    const context = new WorkflowContext({ workingDirectory: dir });
    const definition = (id: string) => ({
      id,
      variables: { tag: "from-workflow" },
      steps: [step("read", StepStatus.SUCCESS, (c) => c.get("tag"))],
    });
    await engine.executeWorkflow(definition("once"), context, options());
    context.set("tag", "from-caller");
    const again = await engine.executeWorkflow(definition("again"), context, options());
    assert.equal(again.stepResults[0]!.output, "from-caller");
  });

  it("refuses a run on a context another run is running on, and that run goes on", async () => {
    const engine = new WorkflowEngine();
    const context = new WorkflowContext({ workingDirectory: dir });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow: WorkflowStep = {
      id: "slow",
      description: "",
      reversible: false,
      execute: async () => {
        await held;
        return result("slow", StepStatus.SUCCESS);
      },
    };
    const running = engine.executeWorkflow({ id: "long", steps: [slow] }, context, options());
    await assert.rejects(
      engine.executeWorkflow(
        { id: "other", steps: [step("x", StepStatus.SUCCESS)] },
        context,
        options(),
      ),
      /^Error: this WorkflowContext is in use by run \S*long\S*: give each run that runs at the same time a context of its own$/,
    );
    release();
    assert.equal((await running).status, WorkflowStatus.SUCCESS);
    // Ended: it serves the next run.
    const next = await engine.executeWorkflow(
      { id: "next", steps: [step("y", StepStatus.SUCCESS)] },
      context,
      options(),
    );
    assert.equal(next.status, WorkflowStatus.SUCCESS);
  });
});
