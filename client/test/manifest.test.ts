import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_SETTINGS } from "../../server/src/session/settings";
import { taskDefinitionProblems } from "../src/run/task-definition";
import { ROOT } from "./fakes/load-extension";

interface Manifest {
  name: string;
  version: string;
  publisher: string;
  main: string;
  icon: string;
  engines: { vscode: string };
  activationEvents: string[];
  devDependencies: Record<string, string>;
  capabilities: {
    untrustedWorkspaces: {
      supported: boolean | "limited";
      description?: string;
      restrictedConfigurations?: string[];
    };
  };
  contributes: {
    configurationDefaults: Record<string, Record<string, unknown>>;
    languages: {
      id: string;
      extensions: string[];
      configuration: string;
      icon: Record<string, string>;
    }[];
    grammars: {
      language: string;
      scopeName: string;
      path: string;
      tokenTypes?: Record<string, string>;
    }[];
    snippets: { language: string; path: string }[];
    configuration: {
      properties: Record<string, { type: string | string[]; default: unknown; enum?: string[] }>;
    };
    commands: { command: string; title: string; category?: string; icon?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    taskDefinitions: {
      type: string;
      required?: string[];
      properties: Record<string, { type: string; enum?: string[] }>;
    }[];
    problemMatchers: { name: string; owner: string; pattern: string; fileLocation: unknown }[];
    problemPatterns: { name: string; regexp: string }[];
  };
}

const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Manifest;
const c = manifest.contributes;
const exists = (path: string) => existsSync(join(ROOT, path));

describe("the extension manifest (package.json)", () => {
  it("names the extension and its entry point", () => {
    assert.equal(manifest.publisher, "momoflow");
    assert.equal(manifest.main, "./dist/extension.js");
    assert.ok(exists(manifest.main), "npm run build writes dist/extension.js");
    assert.ok(exists(manifest.icon));
    assert.deepEqual(
      readFileSync(join(ROOT, manifest.icon)).subarray(0, 8),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    // @types/vscode must not be newer than the engine the manifest asks for.
    assert.equal(manifest.engines.vscode, "^1.91.0");
    assert.match(manifest.devDependencies["@types/vscode"] ?? "", /^~1\.91\./);
  });

  it("activates on the language and on a workspace with .momoflow files", () => {
    assert.deepEqual(manifest.activationEvents.sort(), [
      "onLanguage:momoflow",
      // Restores the metrics panel after a restart of VS Code.
      "onWebviewPanel:momoflow.metrics",
      "workspaceContains:**/*.momoflow",
    ]);
  });

  it("contributes the language, grammar and snippets from files that exist", () => {
    const [language] = c.languages;
    assert.equal(language?.id, "momoflow");
    assert.deepEqual(language.extensions, [".momoflow"]);
    const paths = [
      language.configuration,
      ...Object.values(language.icon),
      ...c.grammars.map((g) => g.path),
      ...c.snippets.map((s) => s.path),
    ];
    for (const path of paths) assert.ok(exists(path), `${path} exists`);
    const [grammar] = c.grammars;
    assert.equal(grammar?.scopeName, "source.momoflow");
    const grammarJson = JSON.parse(readFileSync(join(ROOT, grammar.path), "utf8")) as {
      scopeName: string;
    };
    assert.equal(grammarJson.scopeName, grammar.scopeName);
    // `"""` auto-closes only if the end of a string does not count as string.
    assert.equal(grammar.tokenTypes?.["punctuation.definition.string.end.momoflow"], "other");
    assert.ok(
      readFileSync(join(ROOT, grammar.path), "utf8").includes(
        "punctuation.definition.string.end.momoflow",
      ),
    );
    assert.ok(c.snippets.every((s) => s.language === "momoflow"));
  });

  it("indents .momoflow files by two spaces unless the user says otherwise, as `momoflow fmt` does", () => {
    // Format Document follows the editor's tab size: VS Code's own default is 4.
    assert.deepEqual(c.configurationDefaults["[momoflow]"], {
      "editor.tabSize": 2,
      "editor.insertSpaces": true,
    });
  });

  it("offers the settings the server reads, and the client's", () => {
    const keys = Object.keys(c.configuration.properties);
    for (const key of Object.keys(DEFAULT_SETTINGS))
      assert.ok(keys.includes(`momoflow.${key}`), `momoflow.${key} is contributed`);
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS))
      assert.equal(
        c.configuration.properties[`momoflow.${key}`]?.default,
        value,
        `${key}'s default`,
      );
    assert.deepEqual(keys.sort(), [
      "momoflow.concurrency",
      "momoflow.inlineMetrics",
      "momoflow.maxNumberOfProblems",
      "momoflow.rollbackOnFailure",
      "momoflow.runOn",
      "momoflow.runtime",
      "momoflow.trace.server",
    ]);
    assert.deepEqual(c.configuration.properties["momoflow.trace.server"]?.enum, [
      "off",
      "messages",
      "verbose",
    ]);
  });

  it("works in restricted mode with limits, and keeps the runtime path out of untrusted settings", () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, "limited");
    assert.ok(untrusted.description && untrusted.description.length > 20);
    assert.deepEqual(untrusted.restrictedConfigurations, ["momoflow.runtime"]);
    for (const key of untrusted.restrictedConfigurations ?? [])
      assert.ok(key in c.configuration.properties);
  });

  it("gives every command a title in the momoflow category and an icon", () => {
    const ids = c.commands.map((command) => command.command);
    assert.equal(new Set(ids).size, ids.length, "no command twice");
    for (const id of [
      "momoflow.runWorkflow",
      "momoflow.rollbackLastRun",
      "momoflow.runTest",
      "momoflow.openMetrics",
      "momoflow.showGraph",
      "momoflow.runBenchmarks",
      "momoflow.restartServer",
    ])
      assert.ok(ids.includes(id), `${id} is contributed`);
    for (const command of c.commands) {
      assert.equal(command.category, "momoflow", command.command);
      assert.ok(command.title, command.command);
      assert.match(command.icon ?? "", /^\$\([a-z-]+\)$/, command.command);
    }
  });

  it("lists in menus only commands it contributes; running needs a trusted workspace", () => {
    const ids = new Set(c.commands.map((command) => command.command));
    for (const [menu, entries] of Object.entries(c.menus))
      for (const entry of entries)
        assert.ok(ids.has(entry.command), `${menu}: ${entry.command} is contributed`);
    const runButton = c.menus["editor/title"]?.find((e) => e.command === "momoflow.runWorkflow");
    assert.equal(runButton?.when, "resourceLangId == momoflow && isWorkspaceTrusted");
    for (const menu of ["editor/title", "editor/context", "explorer/context"])
      for (const entry of c.menus[menu] ?? [])
        if (
          /run|rollback|resume/i.test(entry.command) &&
          !/openMetrics|showGraph/.test(entry.command)
        )
          assert.match(entry.when ?? "", /isWorkspaceTrusted/, `${menu}: ${entry.command}`);
  });

  it("defines the momoflow task: a file, an action (run, rollback, test, bench), workflow, params, filter, test, resume, workdir", () => {
    const [task] = c.taskDefinitions;
    assert.equal(task?.type, "momoflow");
    // `file` is required for all but bench, and `action` defaults to run: the
    // TaskProvider checks that (task-definition.ts); a schema cannot say it.
    assert.equal(task.required, undefined);
    assert.deepEqual(Object.keys(task.properties).sort(), [
      "action",
      "file",
      "filter",
      "params",
      "resume",
      "test",
      "workdir",
      "workflow",
    ]);
    assert.deepEqual(task.properties.action?.enum, ["run", "rollback", "test", "bench"]);
    assert.equal(task.properties.params?.type, "object");
    // The TaskProvider accepts exactly the actions the schema offers.
    for (const action of task.properties.action?.enum ?? [])
      assert.deepEqual(
        taskDefinitionProblems({ type: "momoflow", action, file: "a.momoflow" }),
        [],
      );
    assert.notDeepEqual(
      taskDefinitionProblems({ type: "momoflow", action: "deploy", file: "a.momoflow" }),
      [],
    );
  });

  it("defines the momoflow problem matcher on its own pattern and owner", () => {
    const [matcher] = c.problemMatchers;
    assert.equal(matcher?.name, "momoflow");
    assert.equal(matcher.pattern, "$momoflow");
    assert.ok(c.problemPatterns.some((p) => p.name === "momoflow"));
    // Not "momoflow": that is the language client's diagnostic collection,
    // whose problems a task's matcher would otherwise replace and clear.
    assert.notEqual(matcher.owner, "momoflow");
    assert.deepEqual(matcher.fileLocation, ["autoDetect", "${workspaceFolder}"]);
  });
});
