/**
 * The stage of the user's session where ↶ Rollback needs a secret the run
 * record does not keep: `ship` gave the workflow it calls, `release`, the
 * output of its step `login` as the secret `key` (kept as
 * `param.release/key`, with no value). The run was made in a terminal with
 * `--no-rollback`; the rollback from the CodeLens asks for the secret in a
 * password box that names the call and the param.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Editor } from "./editor";
import { ROOT } from "./session";
import type { SessionHandle } from "./session-hooks";
import { terminalText } from "./terminal";
import { TASK_TIMEOUT_MS, waitFor } from "./wait";
import { visible } from "./workbench";
import {
  calledSecretFlow,
  CALLED_SECRET_TOKEN as TOKEN,
  CALLER_KEY as KEY,
} from "../../engine/test/support/called-secret-flow";

const FILE = "ship.momoflow";
const SOURCE = calledSecretFlow({ log: "ship-ops.log" });

/** Registers the stage, numbered `number`, in the session's `describe`. */
export function rollbackSecretStage(handle: SessionHandle, number: number): void {
  it(`${number} ↶ Rollback asks in a password box for a called workflow's secret the record does not keep, and undoes with it`, async () => {
    const workspace = handle.session.folders.workspace;
    const ops = (): string[] =>
      readFileSync(join(workspace, "ship-ops.log"), "utf8").trim().split("\n");
    writeFileSync(join(workspace, FILE), SOURCE);
    // The run, from a terminal: it fails at boom and keeps what it did.
    let code = 0;
    try {
      execFileSync(
        process.execPath,
        [join(ROOT, "dist", "cli.js"), "run", FILE, "--workflow", "ship", "--no-rollback"],
        { cwd: workspace, env: { ...process.env, MOMOFLOW_PARAM_KEY: KEY }, stdio: "ignore" },
      );
    } catch (error) {
      code = (error as { status?: number }).status ?? -1;
    }
    assert.equal(code, 1, "the run fails at boom");
    assert.deepEqual(ops(), [`upload-${TOKEN}`]);

    await handle.workbench.quickOpen(FILE);
    const editor = new Editor(handle.session.page, FILE);
    await editor.reveal("workflow ship {");
    await editor.clickCodeLens("↶ Rollback");
    await handle.workbench.answerDialog("Roll back the last run of ship?", "Roll Back");

    const asked = await handle.workbench.inputBoxShowing("release/key");
    assert.match(asked, /Roll back ship/);
    assert.match(asked, /secret param key of the workflow that step release of ship calls/);
    assert.match(asked, /MOMOFLOW_PARAM_RELEASE__KEY/);
    // Typed into a password box: dots on screen.
    await visible(
      handle.session.page.locator(".quick-input-widget input[type=password]"),
      "the password box",
    );
    await handle.workbench.typeIntoInputBox(TOKEN);
    await handle.session.screenshot(`${number}-rollback-secret`);
    await handle.workbench.acceptInputBox();

    const text = await waitFor(
      "the rollback's report in the terminal",
      async () => {
        const text = await terminalText(handle.session.page);
        return /^rolled_back {2}run \S+ship/m.test(text) ? text : undefined;
      },
      { timeoutMs: TASK_TIMEOUT_MS, seen: () => terminalText(handle.session.page) },
    );
    assert.ok(!text.includes(TOKEN), `the secret is nowhere in the terminal:\n${text}`);
    assert.deepEqual(ops(), [`upload-${TOKEN}`, `undo-upload-${TOKEN}`]);
    await handle.session.screenshot(`${number}-rollback-secret-done`);
  });
}
