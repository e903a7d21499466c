import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, renameSync } from "node:fs";
import { join, resolve } from "node:path";
import type { InlayHint } from "vscode-languageserver-protocol/node";
import { formatDuration } from "@momoflow/units";
import { readResultFile, findLatestRun, runRecordPaths, runsDirOf } from "@momoflow/record";
import { stepMemoryText } from "../../src/session/last-run";
import { uriOf } from "../support/lsp-client";
import { useWorkspaceSession } from "../support/workspace-session";

const fixtures = resolve(__dirname, "../../../test-fixtures");
const CLI = resolve(__dirname, "../../../dist/cli.js");
const EVERYWHERE = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };

const VARS = [
  "workflow w {", // 0
  "  param n: int = 1", // 1
  '  var text = "x${n}"', // 2
  "  var count = n", // 3
  "  var again = count", // 4
  "  var wait = 5m", // 5
  "  var home = env.HOME", // 6
  "  var items = [1, 2]", // 7
  "  var here = run.dir", // 8
  "  var ratio = 2.5", // 9
  '  step s { run: "echo ${text} ${again} ${wait} ${home} ${items} ${here} ${ratio}" }', // 10
  "}",
  "",
].join("\n");

describe("language server: inlay hints (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-inlay-" });

  before(() => {
    assert.equal(workspace.init.capabilities.inlayHintProvider, true);
  });

  const hints = (uri: string, range = EVERYWHERE): Promise<InlayHint[]> =>
    workspace.client.request<InlayHint[]>("textDocument/inlayHint", {
      textDocument: { uri },
      range,
    });
  const typeHint = (line: number, character: number, type: string): InlayHint => ({
    position: { line, character },
    label: `: ${type}`,
    kind: 1,
  });

  it("gives each var its inferred type after its name, and nothing else without a run record", async () => {
    const uri = await workspace.open("vars.momoflow", VARS);
    assert.deepEqual(await hints(uri), [
      typeHint(2, 10, "string"),
      typeHint(3, 11, "int"),
      typeHint(4, 11, "int"),
      typeHint(5, 10, "duration"),
      typeHint(6, 10, "string"),
      typeHint(7, 11, "list"),
      typeHint(8, 10, "path"),
      typeHint(9, 11, "number"),
    ]);
    // Only the hints of the range asked for.
    assert.deepEqual(
      await hints(uri, { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } }),
      [typeHint(3, 11, "int")],
    );
  });

  it("shows each step's status and time in the last run, unless momoflow.inlineMetrics is off", async () => {
    const path = workspace.path("publish-site.momoflow");
    copyFileSync(join(fixtures, "valid", "publish-site.momoflow"), path);
    execFileSync(process.execPath, [CLI, "run", path, "--workdir", workspace.dir]);
    const summary = findLatestRun(runsDirOf(workspace.dir), {
      workflowId: "publish_site",
      source: path,
    })!;
    const result = readResultFile(runRecordPaths(summary.dir).result)!;
    const when = new Date(summary.startTime)
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d+Z$/, " UTC");
    const stepHint = (id: string, line: number, character: number): InlayHint => {
      const step = result.steps.find((s) => s.id === id)!;
      const time = formatDuration(step.metrics.durationMs);
      const ran = step.attempts > 0;
      return {
        position: { line, character },
        label: ran ? `${step.status} · ${time}` : step.status,
        paddingLeft: true,
        tooltip: {
          kind: "markdown",
          value:
            `Last run (${when}): \`${step.status}\`` +
            (ran ? ` in ${time}, memory ${stepMemoryText(step)}` : ""),
        },
      };
    };
    const uri = uriOf(path);
    await workspace.client.open(uri, readFileSync(path, "utf8"));
    assert.deepEqual(
      result.steps.map((s) => s.status),
      ["success", "success", "skipped"],
    );
    assert.deepEqual(await hints(uri), [
      typeHint(17, 9, "string"),
      stepHint("build", 19, 12),
      stepHint("publish", 30, 14),
      stepHint("announce", 35, 15),
    ]);

    workspace.client.settings = { inlineMetrics: false };
    await workspace.client.connection.sendNotification("workspace/didChangeConfiguration", {
      settings: {},
    });
    assert.deepEqual(await hints(uri), [typeHint(17, 9, "string")]);
  });

  it("shows the last run of a file renamed since (same steps, old path gone), as rollback finds it", async () => {
    const before = workspace.path("old-name.momoflow");
    copyFileSync(join(fixtures, "valid", "publish-site.momoflow"), before);
    execFileSync(process.execPath, [CLI, "run", before, "--workdir", workspace.dir]);
    const after = workspace.path("new-name.momoflow");
    renameSync(before, after);
    const uri = uriOf(after);
    workspace.client.settings = { inlineMetrics: true };
    await workspace.client.connection.sendNotification("workspace/didChangeConfiguration", {
      settings: {},
    });
    await workspace.client.open(uri, readFileSync(after, "utf8"));
    const steps = (await hints(uri)).filter((h) => h.paddingLeft);
    assert.deepEqual(
      steps.map((h) => `${h.position.line}:${String(h.label).replace(/ · .*/, "")}`),
      ["19:success", "30:success", "35:skipped"],
    );
  });
});
