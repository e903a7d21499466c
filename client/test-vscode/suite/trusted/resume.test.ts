import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { RunResultFile } from "@momoflow/record";
import type { CommandOutcome } from "../../../src/run/run-controller";
import {
  codeLenses,
  codeLensTitles,
  extensionApi,
  momoflowTaskEnd,
  openInEditor,
  waitFor,
  workspaceFile,
} from "../support/workspace";

const WORKFLOW = "resume_demo";
/** `check` fails until resume-needed.txt exists. */
const SOURCE = [
  `workflow ${WORKFLOW} {`,
  '  step first { run: create_file(path: "resume-first.txt", content: "1") }',
  '  step check { needs: first  run: "test -f resume-needed.txt" }',
  "}",
  "",
].join("\n");
const FILES = ["resume.momoflow", "resume-first.txt", "resume-needed.txt"];

/** The results of the workspace's runs of {@link WORKFLOW}, oldest first, with their folders. */
function runResults(): { dir: string; result: RunResultFile }[] {
  const runs = workspaceFile(".momoflow/runs").fsPath;
  if (!existsSync(runs)) return [];
  return readdirSync(runs, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(runs, entry.name, "result.json")))
    .map((entry) => ({
      dir: join(runs, entry.name),
      result: JSON.parse(
        readFileSync(join(runs, entry.name, "result.json"), "utf8"),
      ) as RunResultFile,
    }))
    .filter((run) => run.result.workflow.id === WORKFLOW)
    .sort((a, b) => a.result.metrics.startTime - b.result.metrics.startTime);
}

describe("resume from the editor", () => {
  let document: vscode.TextDocument;

  before(async () => {
    writeFileSync(workspaceFile("resume.momoflow").fsPath, SOURCE);
    document = await openInEditor("resume.momoflow");
  });

  after(() => {
    for (const run of runResults()) rmSync(run.dir, { recursive: true, force: true });
    for (const file of FILES) rmSync(workspaceFile(file).fsPath, { force: true });
  });

  it("a run that failed with --no-rollback gets a Resume lens beside Rollback", async () => {
    const api = await extensionApi();
    // As from a terminal: the CLI runs beside the extension host, which stays responsive.
    const run = await promisify(execFile)(
      process.execPath,
      [api.services.paths.cliPath, "run", document.uri.fsPath, "--no-rollback"],
      { cwd: workspaceFile(".").fsPath, env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" } },
    ).then(
      () => ({ code: 0 }),
      (error: { code?: number }) => ({ code: error.code }),
    );
    assert.equal(run.code, 1, "the run fails: resume-needed.txt is missing");
    const [failed] = runResults();
    assert.equal(failed?.result.status, "failed");
    let last: string[] = [];
    const titles = await waitFor("the Resume lens", async () => {
      const found = await codeLensTitles(document.uri);
      last = found;
      return found.includes("↻ Resume") ? found : undefined;
    }).catch((e: Error) => {
      throw new Error(
        `${e.message}; lenses: ${last.join(" | ")}; runs: ${JSON.stringify(runResults().map((r) => [r.dir, r.result.status]))}`,
      );
    });
    assert.ok(titles.includes("↶ Rollback"), titles.join(" | "));
    const lens = (await codeLenses(document.uri)).find((l) => l.command?.title === "↻ Resume");
    assert.equal(lens?.command?.command, "momoflow.resumeLastRun");
    assert.match(lens?.command?.tooltip ?? "", new RegExp(`${failed.result.runId} \\(failed\\)`));
  });

  it("Resume runs the workflow again with --resume: the first step is reused, and the run succeeds", async () => {
    writeFileSync(workspaceFile("resume-needed.txt").fsPath, "");
    const lens = (await codeLenses(document.uri)).find((l) => l.command?.title === "↻ Resume");
    assert.ok(lens?.command, "the Resume lens");
    const ended = momoflowTaskEnd("run", WORKFLOW);
    const outcome = await vscode.commands.executeCommand<CommandOutcome>(
      lens.command.command,
      ...(lens.command.arguments ?? []),
    );
    assert.equal(outcome.status, "started", JSON.stringify(outcome));
    assert.equal(await ended, 0, "the resumed run's exit code");

    const [failed, resumed] = runResults();
    assert.ok(failed && resumed, "two runs: the failed one and the one that resumed it");
    assert.equal(resumed.result.status, "success");
    const first = resumed.result.steps.find((s) => s.id === "first");
    assert.equal(first?.reusedFrom, failed.result.runId, "first is reused, not run again");
    assert.equal(failed.result.resumedBy, resumed.result.runId);
    const titles = await waitFor("the Resume lens to go", async () => {
      const found = await codeLensTitles(document.uri);
      return found.includes("↻ Resume") ? undefined : found;
    });
    assert.ok(titles.includes("▶ Run"), titles.join(" | "));
  });

  it("the resume command refuses when the last run cannot be resumed, saying why", async () => {
    const outcome = await vscode.commands.executeCommand<CommandOutcome>("momoflow.resumeLastRun", {
      uri: document.uri,
      workflow: WORKFLOW,
    });
    assert.equal(outcome.status, "refused");
    assert.match(
      outcome.status === "refused" ? outcome.reason : "",
      /cannot be resumed: it succeeded/,
    );
  });
});
