/**
 * `npm run test:vscode`: the extension-host suite in VS Code itself (Electron),
 * downloaded by `@vscode/test-electron`, for machines that can reach VS Code's
 * download server (this project's build machines cannot: they use
 * `npm run test:vscode-host`, the same suite in code-server). The extension
 * runs from this folder (`dist/extension.js`); the suite is
 * `.vscode-test/suite/run-suite.js` (`run()`), built by
 * `scripts/vscode/build-test-extension.mjs`. Both halves: a trusted workspace,
 * then Restricted Mode.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runTests } from "@vscode/test-electron";
import type { SuiteMode } from "../host/run-suite";
import { freshSessionFolders } from "../support/fixture-workspace";
import { QUIET_SETTINGS } from "../support/user-settings";

const ROOT = resolve(__dirname, "../../..");

async function runHalf(mode: SuiteMode): Promise<number> {
  const folders = freshSessionFolders(`electron-${mode}`);
  const userData = join(folders.home, "user-data");
  mkdirSync(join(userData, "User"), { recursive: true });
  writeFileSync(join(userData, "User", "settings.json"), JSON.stringify(QUIET_SETTINGS, null, 2));
  try {
    return await runTests({
      version: process.env.MOMOFLOW_VSCODE_VERSION ?? "stable",
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, ".vscode-test", "suite", "run-suite.js"),
      extensionTestsEnv: { MOMOFLOW_SUITE_MODE: mode },
      launchArgs: [
        folders.workspace,
        "--user-data-dir",
        userData,
        "--extensions-dir",
        join(folders.home, "extensions"),
        "--disable-extensions",
        ...(mode === "trusted" ? ["--disable-workspace-trust"] : []),
      ],
    });
  } finally {
    rmSync(folders.home, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const mode of ["trusted", "restricted"] as const) {
    const code = await runHalf(mode);
    if (code !== 0) {
      process.exitCode = code;
      return;
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
