import * as assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { RunResultFile } from "@momoflow/record";
import type { CommandOutcome } from "../../../src/run/run-controller";
import { momoflowTaskEnd, workspaceFile } from "../support/workspace";

/**
 * A folder and a file whose names hold what a shell, or VS Code's task
 * variables, would read as code: each must reach the CLI as the very text.
 */
const ODD_FOLDER = `odd dir $HOME ; 'q' "d" ü \${env:HOME} \${workspaceFolder}`;
const ODD_FILE = "echo `back` ${file}.momoflow";
/** A value typed into the param's input box, with the same kinds of text. */
const ODD_VALUE = "a; $(touch pwned) `id` ${env:HOME} ${file} ${workspaceFolder} 'x' \"y\" ü";

const WORKFLOW = `workflow echo_back {
  param message: string

  step keep {
    run: create_file(path: "odd-said.txt", content: message)
  }
}
`;

/** The result of the latest run of echo_back, recorded in `folder`. */
function latestResult(folder: string): RunResultFile | undefined {
  const runs = join(folder, ".momoflow", "runs");
  if (!existsSync(runs)) return undefined;
  return readdirSync(runs, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(runs, entry.name, "result.json")))
    .map(
      (entry) =>
        JSON.parse(readFileSync(join(runs, entry.name, "result.json"), "utf8")) as RunResultFile,
    )
    .filter((result) => result.workflow.id === "echo_back")
    .sort((a, b) => a.metrics.startTime - b.metrics.startTime)
    .pop();
}

describe("odd file names and param values", () => {
  it("▶ Run passes a file path and a typed value with $, quotes, ;, ` and ${…} to the CLI as they are", async () => {
    const folder = workspaceFile(ODD_FOLDER).fsPath;
    mkdirSync(folder, { recursive: true });
    const file = join(folder, ODD_FILE);
    writeFileSync(file, WORKFLOW);
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(uri);

    const ended = momoflowTaskEnd("run", "echo_back");
    const outcome = await vscode.commands.executeCommand<CommandOutcome>("momoflow.runWorkflow", {
      uri,
      workflow: "echo_back",
      params: { message: ODD_VALUE },
    });
    assert.equal(outcome.status, "started", JSON.stringify(outcome));
    assert.equal(await ended, 0, "the CLI's exit code");

    // The file's folder is the run's working directory, as `momoflow run <file>` takes it.
    const result = latestResult(folder);
    assert.ok(result, "the run left a result.json");
    assert.equal(result.source, file, "the run is of the file itself");
    assert.equal(
      readFileSync(join(folder, "odd-said.txt"), "utf8"),
      ODD_VALUE,
      "the param's value, as typed",
    );
    assert.ok(!existsSync(join(folder, "pwned")), "no shell ran the value");
    assert.ok(!existsSync(workspaceFile("pwned").fsPath), "no shell ran the value");
  });
});
