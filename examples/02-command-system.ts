/**
 * The command system (port of momo-workflow's 02_command_system.py): commands
 * registered from functions and shell templates, called by steps, undone
 * automatically or by an explicit rollback.
 *
 * Run: npm run example:commands
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CommandStep,
  createCommandRegistry,
  registerCommand,
  ShellCommand,
  WorkflowContext,
  WorkflowDefinition,
  WorkflowEngine,
  type WorkflowResult,
} from "momoflow";

/** Registers the example's commands, runs a pipeline that succeeds and one that fails. */
export async function main(
  dir: string = mkdtempSync(join(tmpdir(), "momoflow-commands-")),
): Promise<WorkflowResult[]> {
  // An isolated registry (with the built-ins), so the example can run twice in one process.
  const registry = createCommandRegistry();

  // A function command, registered the way momo-workflow's decorator did.
  registerCommand(
    "process_data",
    "Count and validate a list of values",
    [
      { name: "input_data", type: "list" },
      { name: "validation", type: "bool", default: true },
    ],
    { registry },
  )((args) => {
    const values = args.input_data as number[];
    return { processed: values.length, valid: !args.validation || values.every(Number.isFinite) };
  });

  // A shell command: arguments are shell-quoted, so a hostile title stays a title.
  registry.register(
    "archive",
    new ShellCommand(
      "archive",
      "Write a titled archive file",
      "printf '%s\\n' ${title} > ${file} && wc -c < ${file}",
      [
        { name: "title", type: "string" },
        { name: "file", type: "path" },
      ],
      { rollbackTemplate: "rm -f ${file}", undoDescription: "removing the archive file" },
    ),
  );

  const engine = new WorkflowEngine();
  const results: WorkflowResult[] = [];
  for (const failing of [false, true]) {
    const definition = new WorkflowDefinition({
      id: "command_pipeline",
      steps: [
        new CommandStep("process", "process_data", { input_data: [1, 2, 3] }, { registry }),
        new CommandStep(
          "notes",
          "create_file",
          { path: "notes.md", content: "# Notes\n" },
          { registry },
        ),
        new CommandStep(
          "archive",
          "archive",
          { title: "weekly; rm -rf / $(reboot)", file: "archive.txt" },
          { registry, needs: ["process", "notes"] },
        ),
        new CommandStep(
          "check",
          failing ? "fail" : "log",
          { message: "all done" },
          { registry, needs: ["archive"] },
        ),
      ],
    });
    const result = await engine.executeWorkflow(
      definition,
      new WorkflowContext({ workingDirectory: dir }),
    );
    results.push(result);
    const archive = join(dir, "archive.txt");
    console.log(
      `${failing ? "failing pipeline" : "pipeline"}: ${result.status};` +
        ` process → ${JSON.stringify(result.stepResults[0]!.output)};` +
        ` archive.txt ${existsSync(archive) ? `holds ${JSON.stringify(readFileSync(archive, "utf8").trim())}` : "was rolled back"}`,
    );
  }
  console.log(
    `commands: ${registry
      .list()
      .map((c) => c.name)
      .join(", ")}`,
  );
  return results;
}

if (require.main === module) void main();
