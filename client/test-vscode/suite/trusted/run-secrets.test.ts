import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import * as vscode from "vscode";
import type { CommandOutcome } from "../../../src/run/run-controller";
import {
  extensionApi,
  momoflowTaskEnd,
  openInEditor,
  waitFor,
  workspaceFile,
} from "../support/workspace";
import { outcomeOfEscapedBox, outcomeWithoutBox } from "../support/input-box";

const WORKFLOW = "sign_with_env_key";
const VARIABLE = "MOMOFLOW_PARAM_API_KEY";
const KEY = "host-env-key-6c21f0";
/**
 * `api_key` is a required secret. The step fails until run-secret-go.txt
 * exists (for a run to resume), then writes the value's SHA-256, never the value.
 */
const SOURCE = `workflow ${WORKFLOW} {
  param api_key: secret
  step measure {
    env: { KEY: api_key }
    run: "test -f run-secret-go.txt && printf %s \\"$KEY\\" | sha256sum | cut -c1-64 > run-secret.sha256"
  }
}
`;
const FILES = ["run-secret.momoflow", "run-secret-go.txt", "run-secret.sha256"];

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
const written = (): string =>
  readFileSync(workspaceFile("run-secret.sha256").fsPath, "utf8").trim();

/** The folders of the workspace's runs of {@link WORKFLOW}. */
function runsOfWorkflow(): string[] {
  const runs = workspaceFile(".momoflow/runs").fsPath;
  if (!existsSync(runs)) return [];
  return readdirSync(runs, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(runs, entry.name))
    .filter((dir) =>
      readFileSync(join(dir, "journal.jsonl"), "utf8").includes(`"id":"${WORKFLOW}"`),
    );
}

/** Runs `body` with {@link VARIABLE} set to `value` in the extension host's environment. */
async function withVariable<T>(value: string, body: () => Promise<T>): Promise<T> {
  const before = process.env[VARIABLE];
  process.env[VARIABLE] = value;
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env[VARIABLE];
    else process.env[VARIABLE] = before;
  }
}

/**
 * Runs `command` and resolves with its outcome and its task's execution. Were
 * a param asked for, the input box would wait for ever: it is closed after a
 * while, and the command says "cancelled".
 */
async function startWithoutPrompt(
  command: string,
  args: unknown,
): Promise<{ outcome: CommandOutcome; execution: vscode.ProcessExecution | undefined }> {
  let execution: vscode.ProcessExecution | undefined;
  const started = vscode.tasks.onDidStartTask((event) => {
    const definition = event.execution.task.definition;
    if (definition.type === "momoflow" && definition.workflow === WORKFLOW)
      execution = event.execution.task.execution as vscode.ProcessExecution;
  });
  try {
    const outcome = await outcomeWithoutBox(command, args);
    await waitFor("the task to start", () =>
      outcome.status !== "started" || execution ? true : undefined,
    );
    return { outcome, execution };
  } finally {
    started.dispose();
  }
}

describe("▶ Run and Resume of a required secret the extension host's environment gives", () => {
  let document: vscode.TextDocument;

  before(async () => {
    writeFileSync(workspaceFile("run-secret.momoflow").fsPath, SOURCE);
    document = await openInEditor("run-secret.momoflow");
  });

  after(() => {
    for (const dir of runsOfWorkflow()) rmSync(dir, { recursive: true, force: true });
    for (const file of FILES) rmSync(workspaceFile(file).fsPath, { force: true });
  });

  // Empty, or shorter than the CLI takes a secret: Run asks rather than start a run the CLI refuses.
  for (const [value, title] of [
    ["", "set empty, Run still asks for it (cancelled: nothing runs)"],
    [
      "k9",
      "set shorter than a secret may be, Run asks for it rather than start a run the CLI refuses (cancelled: nothing runs)",
    ],
  ] as const) {
    it(title, async () => {
      const outcome = await withVariable(value, () =>
        outcomeOfEscapedBox(
          "momoflow.runWorkflow",
          { uri: document.uri, workflow: WORKFLOW },
          "the run to ask and be cancelled",
        ),
      );
      assert.deepEqual(outcome, { status: "cancelled" });
      assert.deepEqual(runsOfWorkflow(), [], "no run");
    });
  }

  it("set, Run does not ask for it and passes it in the task's environment (not its command line); the step sees it", async () => {
    writeFileSync(workspaceFile("run-secret-go.txt").fsPath, "");
    const ended = momoflowTaskEnd("run", WORKFLOW);
    const { outcome, execution } = await withVariable(KEY, () =>
      startWithoutPrompt("momoflow.runWorkflow", { uri: document.uri, workflow: WORKFLOW }),
    );
    assert.equal(outcome.status, "started", JSON.stringify(outcome));
    assert.equal(await ended, 0, "the run's exit code");
    assert.ok(execution, "the run task started");
    assert.ok(!execution.args.join(" ").includes(KEY), execution.args.join(" "));
    assert.equal(execution.options?.env?.[VARIABLE], KEY);
    assert.equal(written(), sha256(KEY), "the SHA-256 of the value the step was given");
  });

  it("set, Resume does not ask for it either, and the resumed step sees it", async () => {
    rmSync(workspaceFile("run-secret-go.txt").fsPath, { force: true });
    rmSync(workspaceFile("run-secret.sha256").fsPath, { force: true });
    const api = await extensionApi();
    // As from a terminal: a run that fails and keeps what it did.
    const failed = await promisify(execFile)(
      process.execPath,
      [api.services.paths.cliPath, "run", document.uri.fsPath, "--no-rollback"],
      {
        cwd: workspaceFile(".").fsPath,
        env: { ...process.env, ELECTRON_RUN_AS_NODE: "1", [VARIABLE]: KEY },
      },
    ).then(
      () => 0,
      (error: { code?: number }) => error.code,
    );
    assert.equal(failed, 1, "the run fails: run-secret-go.txt is missing");
    writeFileSync(workspaceFile("run-secret-go.txt").fsPath, "");
    const ended = momoflowTaskEnd("run", WORKFLOW);
    const { outcome, execution } = await withVariable(KEY, () =>
      startWithoutPrompt("momoflow.resumeLastRun", { uri: document.uri, workflow: WORKFLOW }),
    );
    assert.equal(outcome.status, "started", JSON.stringify(outcome));
    assert.equal(await ended, 0, "the resumed run's exit code");
    assert.equal(execution?.options?.env?.[VARIABLE], KEY);
    assert.ok(execution?.args.includes("--resume"), execution?.args.join(" "));
    assert.equal(written(), sha256(KEY));
  });
});
