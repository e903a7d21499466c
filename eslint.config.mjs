// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { existsSync } from "node:fs";

/** Deep imports into the engine's folders, banned outside the engine. */
const ENGINE_ENTRY_POINTS_ONLY = {
  group: ["**/engine/src/**", "**/engine/src"],
  message:
    "Import the engine through its entry points: @momoflow/language, @momoflow/record, @momoflow/runtime, @momoflow/units, @momoflow/bench or @momoflow/engine (tsconfig.json paths).",
};

/** The modules only the client's VS Code halves may import. */
const VSCODE_MODULES = ["vscode", "vscode-languageclient", "vscode-languageclient/node"];
const ENGINE_AND_SERVER_NEVER =
  "Only the client imports VS Code and the language client (engine and server never do).";

/**
 * The client's VS Code-free halves, by name: the pure rules of each feature
 * (task definitions, param parsing, lens specs, metrics text, run history,
 * the webview protocol...), unit-tested in plain mocha without a fake
 * `vscode`. A listed file that no longer exists is an error, so a rename
 * cannot silently drop the ban.
 */
const VSCODE_FREE_CLIENT_FILES = [
  "client/src/cli-runtime.ts",
  "client/src/commands.ts",
  "client/src/status-bar-view.ts",
  "client/src/outline/document-outline.ts",
  "client/src/outline/outline-changes.ts",
  "client/src/run/task-definition.ts",
  "client/src/run/param-input.ts",
  "client/src/run/run-lens-specs.ts",
  "client/src/run/task-outcome.ts",
  "client/src/metrics/metrics-staleness.ts",
  "client/src/metrics/step-log-file.ts",
  "client/src/metrics/step-metrics-text.ts",
  "client/src/metrics/step-undo.ts",
  "client/src/metrics/workflow-metrics.ts",
  "client/src/run-records/run-history.ts",
  "client/src/run-records/rollback-availability.ts",
  "client/src/run-records/resume-availability.ts",
  "client/src/testing/cli-process.ts",
  "client/src/testing/discovered-tests.ts",
  "client/src/testing/keyed-debounce.ts",
  "client/src/testing/process-tree.ts",
  "client/src/testing/test-invocations.ts",
  "client/src/testing/test-results.ts",
  "client/src/webview/metrics-data.ts",
  "client/src/webview/protocol.ts",
  "client/src/webview/webview-html.ts",
];
for (const file of VSCODE_FREE_CLIENT_FILES)
  if (!existsSync(new URL(file, import.meta.url)))
    throw new Error(
      `eslint.config.mjs: VSCODE_FREE_CLIENT_FILES lists ${file}, which does not exist`,
    );

/**
 * The options of `no-restricted-imports`, built in one place: a later config
 * block replaces the rule's options rather than adding to them, so each block
 * states its whole list from these constants.
 * @param {{ vscode?: string, patterns?: { group: string[], message: string }[] }} bans
 *   `vscode`: the message for importing VS Code's modules (not banned when absent).
 */
function restrictedImports({ vscode, patterns = [] }) {
  const paths = vscode ? VSCODE_MODULES.map((name) => ({ name, message: vscode })) : [];
  return ["error", { paths, patterns }];
}

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".momoflow/**", "test-results/**", ".vscode-test/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        Buffer: "readonly",
        URL: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // The arrows point one way: only the client may know VS Code.
    files: ["engine/**"],
    rules: { "no-restricted-imports": restrictedImports({ vscode: ENGINE_AND_SERVER_NEVER }) },
  },
  {
    // The server and the examples use the engine through its entry points only.
    files: ["server/**", "examples/**"],
    rules: {
      "no-restricted-imports": restrictedImports({
        vscode: ENGINE_AND_SERVER_NEVER,
        patterns: [ENGINE_ENTRY_POINTS_ONLY],
      }),
    },
  },
  {
    files: ["client/**"],
    rules: { "no-restricted-imports": restrictedImports({ patterns: [ENGINE_ENTRY_POINTS_ONLY] }) },
  },
  {
    files: VSCODE_FREE_CLIENT_FILES,
    rules: {
      "no-restricted-imports": restrictedImports({
        vscode:
          "This client file is VS Code-free, so plain mocha tests it: keep what needs vscode in its feature's other files.",
        patterns: [ENGINE_ENTRY_POINTS_ONLY],
      }),
    },
  },
);
