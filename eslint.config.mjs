// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Deep imports into the engine's folders, banned outside the engine. */
const ENGINE_ENTRY_POINTS_ONLY = {
  group: ["**/engine/src/**", "**/engine/src"],
  message:
    "Import the engine through its entry points: @momoflow/language, @momoflow/record, @momoflow/runtime, @momoflow/units, @momoflow/bench or @momoflow/engine (tsconfig.json paths).",
};

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
    files: ["engine/**", "server/**", "examples/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "vscode",
              message: "Only the client imports vscode (engine and server never do).",
            },
            {
              name: "vscode-languageclient",
              message: "Only the client imports the language client.",
            },
          ],
        },
      ],
    },
  },
  {
    // The server, the client and the examples use the engine through its entry points only
    // (this repeats the vscode ban: a later block replaces the rule's options).
    files: ["server/**", "examples/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "vscode",
              message: "Only the client imports vscode (engine and server never do).",
            },
            {
              name: "vscode-languageclient",
              message: "Only the client imports the language client.",
            },
          ],
          patterns: [ENGINE_ENTRY_POINTS_ONLY],
        },
      ],
    },
  },
  {
    files: ["client/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [ENGINE_ENTRY_POINTS_ONLY] }] },
  },
);
