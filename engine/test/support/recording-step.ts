import { appendFileSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BaseWorkflowStep, type StepResult, type WorkflowContext } from "../../src/index";

/** A step that writes a real file and undoes it by deleting it; logs its undo order to `undo.log`. */
export class FileStep extends BaseWorkflowStep {
  constructor(
    id: string,
    private readonly fail = false,
    needs: string[] = [],
  ) {
    super(id, `write ${id}.txt`, { reversible: true, needs });
  }

  async execute(context: WorkflowContext): Promise<StepResult> {
    if (this.fail) return this.failure(`step ${this.id} was told to fail`);
    const path = join(context.workingDirectory, `${this.id}.txt`);
    writeFileSync(path, this.id);
    return this.success({ output: path, rollbackData: { path } });
  }

  override async rollback(context: WorkflowContext, result: StepResult): Promise<void> {
    const { path } = result.rollbackData as { path: string };
    if (existsSync(path)) rmSync(path);
    appendFileSync(join(context.workingDirectory, "undo.log"), `${this.id}\n`);
  }
}
