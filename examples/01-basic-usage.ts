/**
 * Basic usage (port of momo-workflow's 01_basic_usage.py): steps written as
 * classes, a run that succeeds, and a run whose failure rolls the files back.
 *
 * Run: npm run example:basic
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BaseWorkflowStep,
  WorkflowContext,
  WorkflowDefinition,
  WorkflowEngine,
  type StepResult,
  type WorkflowResult,
} from "momoflow";

/** Writes the report file; its rollback removes it again. */
class CreateReport extends BaseWorkflowStep {
  constructor() {
    super("create_report", "Write the report", { reversible: true });
  }

  async execute(context: WorkflowContext): Promise<StepResult> {
    const path = join(context.workingDirectory, "report.txt");
    writeFileSync(path, `Report for ${context.get<string>("team")}\n`);
    context.addArtifact("report", path);
    return this.success({ output: path, rollbackData: { path } });
  }

  override async rollback(_context: WorkflowContext, result: StepResult): Promise<void> {
    const { path } = result.rollbackData as { path: string };
    rmSync(path, { force: true });
  }
}

/** Counts the report's lines; fails when told to, to show the rollback. */
class Publish extends BaseWorkflowStep {
  constructor(private readonly broken: boolean) {
    super("publish", "Publish the report", { needs: ["create_report"] });
  }

  async execute(context: WorkflowContext): Promise<StepResult> {
    if (this.broken) return this.failure("the publishing server is down");
    const report = context.getStepOutput<string>("create_report")!;
    return this.success({ output: readFileSync(report, "utf8").split("\n").length - 1 });
  }
}

/** Runs the workflow twice in `dir`: once fine, once with a failing publish step. */
export async function main(
  dir: string = mkdtempSync(join(tmpdir(), "momoflow-basic-")),
): Promise<WorkflowResult[]> {
  const engine = new WorkflowEngine();
  const results: WorkflowResult[] = [];
  for (const broken of [false, true]) {
    const definition = new WorkflowDefinition({
      id: "basic_report",
      name: "Basic report",
      steps: [new CreateReport(), new Publish(broken)],
    });
    const context = new WorkflowContext({ workingDirectory: dir, variables: { team: "research" } });
    const result = await engine.executeWorkflow(definition, context);
    results.push(result);
    console.log(
      `${broken ? "with a failing publish" : "normal run"}: ${result.status}` +
        ` (${result.stepResults.map((s) => `${s.stepId}=${s.status}`).join(", ")});` +
        ` report.txt ${existsSync(join(dir, "report.txt")) ? "exists" : "was rolled back"}`,
    );
  }
  return results;
}

if (require.main === module) void main();
