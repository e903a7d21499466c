/**
 * `npm run test:e2e`: a user's session end to end. The packaged extension
 * (`momoflow-0.1.0.vsix`) is installed into a fresh code-server on a fresh
 * copy of `test-fixtures/vscode-workspace/`, the workbench opens in headless
 * Chromium, and the session does what a user would, in order, by keyboard
 * and mouse: it reads only what the page shows. Each stage saves a
 * screenshot under `test-results/e2e/`; the stages build on each other, so
 * the first failure stops the session (`bail`).
 */
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Editor } from "./editor";
import { metricsPage } from "./metrics-webview";
import type { DomElement } from "./page-dom";
import { openProblems, problemRows, problemsMessage } from "./problems";
import { useSession } from "./session-hooks";
import { stepFigures, stepLines } from "./step-figures";
import { rollbackSecretStage } from "./rollback-secret-stage";
import { stepGroupStages } from "./step-groups-stages";
import { terminalText } from "./terminal";
import { TestingView, testResultsText } from "./testing-view";
import { TASK_TIMEOUT_MS, waitFor } from "./wait";
import { gone, STATUS_ITEM, visible } from "./workbench";

const STEPS = ["prepare", "figures", "title", "publish"];
/** The tests of report.momoflow, as the Testing view names them. */
const REPORT_TESTS = [
  "the report is published",
  "a failed publish leaves nothing behind",
  "the report is never published (meant to fail)",
];
const MF002_MESSAGE = 'unknown step "biuld" in workflow "site"; did you mean "build"?';

describe("a user's session in VS Code (code-server, Chromium)", function () {
  const handle = useSession("trusted");

  it("01 opening broken.momoflow shows the squiggle and the MF002 problem", async () => {
    await handle.workbench.quickOpen("broken.momoflow");
    const editor = new Editor(handle.session.page, "broken.momoflow");
    await visible(editor.errorSquiggles, "the error squiggle under biuld", 30_000);

    await openProblems(handle.session.page);
    const problem = await waitFor(
      "the MF002 problem in the Problems panel",
      async () =>
        (await problemRows(handle.session.page)).find((row) => row.text.includes("MF002")),
      { seen: () => problemRows(handle.session.page) },
    );
    assert.ok(problem.text.includes(MF002_MESSAGE), problem.text);
    assert.match(problem.label, /^Error: /);
    assert.match(problem.text, /\[Ln 9, Col 13\]/);
    await handle.session.screenshot("01-diagnostic");
  });

  it("02 the Quick Fix changes biuld to build; the squiggle and the problem go away", async () => {
    const editor = new Editor(handle.session.page, "broken.momoflow");
    await editor.quickFix("needs: [biuld]", "biuld", "Change to `build`");

    await waitFor(
      "the line to read `needs: [build]`",
      async () => (await editor.line("needs: [build]")) !== undefined,
      { seen: async () => (await editor.lines()).map((l) => l.text) },
    );
    await gone(editor.errorSquiggles, "the error squiggle");
    const message = await waitFor(
      "the Problems panel to be empty",
      async () => {
        const rows = await problemRows(handle.session.page);
        const text = await problemsMessage(handle.session.page);
        return rows.length === 0 && text;
      },
      { seen: () => problemRows(handle.session.page) },
    );
    assert.match(message, /No problems have been detected/);
    await editor.save();
    await handle.session.screenshot("02-quick-fix");
  });

  it("03 typing `needs: [` in a step offers the other steps; picking one completes the line", async () => {
    await handle.workbench.quickOpen("draft.momoflow");
    const editor = new Editor(handle.session.page, "draft.momoflow");
    await editor.clickWord("step ship {", "ship");
    await handle.session.page.keyboard.press("End");
    await handle.session.page.keyboard.press("Enter");
    await editor.type("needs: [");

    const offered = await waitFor(
      "the suggest widget to offer compile and bundle",
      async () => {
        const labels = await editor.suggestionLabels();
        return labels.includes("compile") && labels.includes("bundle") ? labels : undefined;
      },
      { seen: () => editor.suggestions.allTextContents() },
    );
    assert.ok(!offered.includes("ship"), `a step cannot need itself: ${offered.join(", ")}`);
    await handle.session.screenshot("03-completion-list");
    await editor.pickSuggestion("bundle");

    // The editor draws the completed line a frame after the widget closes.
    await waitFor(
      "the line after `step ship {` to read `needs: [bundle]`",
      async () => {
        const lines = (await editor.lines()).map((l) => l.text.trim());
        const ship = lines.indexOf("step ship {");
        return ship !== -1 && lines[ship + 1] === "needs: [bundle]";
      },
      { seen: async () => (await editor.lines()).map((l) => l.text) },
    );
    await editor.save();
    await gone(editor.errorSquiggles, "an error squiggle in draft.momoflow");
    await handle.session.screenshot("03-completion");
  });

  it("04 hovering the command stamp shows its signature and doc comment", async () => {
    await handle.workbench.quickOpen("report.momoflow");
    const editor = new Editor(handle.session.page, "report.momoflow");
    await editor.reveal("run: stamp(");
    const hover = await editor.hoverWord("run: stamp(", "stamp", "Stamps a file with a title");
    assert.match(hover, /command stamp\(title: string, file: path = "stamp\.txt"\)/);
    assert.match(hover, /Stamps a file with a title\. The title is shell-quoted/);
    await handle.session.screenshot("04-hover");
    // Move away, so the hover closes.
    await handle.session.page.mouse.move(5, 5);
    await gone(handle.session.page.locator(".monaco-hover:not(.hidden)"), "the hover");
  });

  it("05 ▶ Run on the CodeLens runs the workflow in a task terminal; it succeeds", async () => {
    const editor = new Editor(handle.session.page, "report.momoflow");
    await editor.reveal("workflow weekly_report {");
    await editor.clickCodeLens("▶ Run");

    const text = await waitFor(
      "the run's summary in the terminal",
      async () => {
        const text = await terminalText(handle.session.page);
        return /% of steps succeeded/.test(text) ? text : undefined;
      },
      { timeoutMs: TASK_TIMEOUT_MS, seen: () => terminalText(handle.session.page) },
    );
    assert.match(text, /^ {2}success {2}\S+ m?s {2}· {2}100% of steps succeeded$/m, text);
    for (const step of STEPS)
      assert.match(text, new RegExp(`^ {2}${step} +success +1 `, "m"), `${step}'s row:\n${text}`);
    const status = await waitFor(
      "the status bar to report the run",
      async () => {
        const label = await handle.workbench.statusBarLabel(STATUS_ITEM);
        return /Run of weekly_report: (?!running)/.test(label) ? label : undefined;
      },
      { seen: () => handle.workbench.statusBarLabel(STATUS_ITEM) },
    );
    assert.match(status, /Run of weekly_report: succeeded/);
    await waitFor(
      "the CodeLens to offer ▶ Run and ↶ Rollback again once the run ended",
      async () => {
        const titles = await editor.codeLensTitles();
        return titles.includes("▶ Run") && titles.includes("↶ Rollback");
      },
      { seen: () => editor.codeLensTitles() },
    );
    await handle.session.screenshot("05-run");
  });

  it("06 each step shows its figures inline: ✓ success · time · memory", async () => {
    const editor = new Editor(handle.session.page, "report.momoflow");
    await editor.reveal("step figures {");
    const figures = await waitFor(
      "inline metrics after every step",
      async () => {
        const shown = await stepFigures(editor, STEPS);
        return STEPS.every((step) => shown[step]?.startsWith("✓ success")) ? shown : undefined;
      },
      { seen: () => stepFigures(editor, STEPS) },
    );
    // Memory says what it is: a shell step's processes' peak, or an in-process step's heap growth.
    for (const step of STEPS)
      assert.match(
        figures[step]!,
        /^✓ success · [\d.]+ m?s( · ([\d.]+ [KMG]?B peak|\+[\d.]+ [KMG]?B heap))?$/,
        step,
      );
    assert.ok(
      STEPS.some((step) => / (peak|heap)$/.test(figures[step]!)),
      `a step's memory, saying which it is: ${JSON.stringify(figures)}`,
    );
    await assertFiguresShownOnce(editor);
    await handle.session.screenshot("06-inline-metrics");
  });

  it("07 ↶ Rollback asks to confirm, then undoes the run: terminal and inline metrics say rolled back", async () => {
    const editor = new Editor(handle.session.page, "report.momoflow");
    await editor.reveal("workflow weekly_report {");
    await editor.clickCodeLens("↶ Rollback");
    await visible(handle.workbench.dialog, "the dialog confirming the rollback");
    await handle.session.screenshot("07-rollback-confirm");
    const asked = await handle.workbench.answerDialog(
      "Roll back the last run of weekly_report?",
      "Roll Back",
    );
    assert.match(asked, /Its completed reversible steps are undone, in reverse order\./);

    const text = await waitFor(
      "the rollback's report in the terminal",
      async () => {
        const text = await terminalText(handle.session.page);
        return /^rolled_back {2}run \S+weekly_report/m.test(text) ? text : undefined;
      },
      { timeoutMs: TASK_TIMEOUT_MS, seen: () => terminalText(handle.session.page) },
    );
    assert.match(text, /rolling back 4 steps: publish, title, figures, prepare/);
    for (const step of STEPS)
      assert.match(text, new RegExp(`↶ ${step} rolled_back`), `${step}'s line:\n${text}`);

    await editor.reveal("step figures {");
    await waitFor(
      "inline metrics to say rolled back at every step",
      async () => {
        const shown = await stepFigures(editor, STEPS);
        return STEPS.every((step) => /^↶ rolled back · /.test(shown[step] ?? ""));
      },
      { seen: () => stepFigures(editor, STEPS) },
    );
    await editor.reveal("workflow weekly_report {");
    await waitFor(
      "the Rollback CodeLens to go (nothing is left to roll back)",
      async () => {
        const titles = await editor.codeLensTitles();
        return titles.includes("▶ Run") && !titles.includes("↶ Rollback");
      },
      { seen: () => editor.codeLensTitles() },
    );
    // The status bar reports the rollback when VS Code reports its task's end,
    // which may come after the record's change (the lens, the figures) is seen.
    const status = await waitFor(
      "the status bar to report the rollback",
      async () => {
        const label = await handle.workbench.statusBarLabel(STATUS_ITEM);
        return /Rollback of weekly_report: (?!running)/.test(label) ? label : undefined;
      },
      { seen: () => handle.workbench.statusBarLabel(STATUS_ITEM) },
    );
    assert.match(status, /Rollback of weekly_report: rolled back/);
    await handle.session.screenshot("07-rollback");
  });

  it("08 Run Tests in the Testing view: two tests pass, the one meant to fail fails", async () => {
    const testing = await TestingView.open(handle.workbench);
    await testing.runAll();
    await waitFor(
      "report.momoflow's tests to finish",
      async () => {
        const file = (await testing.items()).find((row) => row.text.startsWith("report.momoflow"));
        return file && (file.state === "failed" || file.state === "passed");
      },
      { timeoutMs: TASK_TIMEOUT_MS, seen: () => testing.items() },
    );
    await testing.expand("report.momoflow");
    const items = await waitFor(
      "the three tests of report.momoflow with their results",
      async () => {
        const rows = await testing.items();
        const ended = (name: string): boolean =>
          rows.some(
            (row) =>
              row.text.startsWith(name) && (row.state === "passed" || row.state === "failed"),
          );
        return REPORT_TESTS.every(ended) ? rows : undefined;
      },
      { seen: () => testing.items() },
    );
    const state = (name: string) => items.find((row) => row.text.startsWith(name))?.state;
    assert.equal(state("report.momoflow"), "failed", JSON.stringify(items));
    assert.equal(state("the report is published"), "passed", JSON.stringify(items));
    assert.equal(state("a failed publish leaves nothing behind"), "passed", JSON.stringify(items));
    assert.equal(
      state("the report is never published (meant to fail)"),
      "failed",
      JSON.stringify(items),
    );
    // inventory.momoflow adds a test that passes and one meant to fail. The
    // summary counts results as they come: it is read once the run has ended.
    const summary = await waitFor(
      "the Testing view's summary of the ended run",
      async () => {
        const summary = await testing.summary();
        return (await testing.running()) || summary === "" ? undefined : summary;
      },
      { seen: async () => ({ summary: await testing.summary(), rows: await testing.items() }) },
    );
    assert.match(summary, /^3\/5/);

    const results = await waitFor(
      "the Test Results panel to show the run",
      async () => {
        const text = await testResultsText(handle.session.page);
        return /✗ the report is never published/.test(text) ? text : undefined;
      },
      { seen: () => testResultsText(handle.session.page) },
    );
    assert.match(results, /✓ the report is published/);
    assert.match(results, /✓ a failed publish leaves nothing behind/);
    assert.match(results, /expected the run to be failed, but it was success/);
    await handle.session.screenshot("08-tests");
  });

  it("09 momoflow: Open Metrics shows the run's page: tabs, a chart, the step graph; a node reveals its step", async () => {
    const editor = new Editor(handle.session.page, "report.momoflow");
    await editor.focus();
    await handle.workbench.runCommand("momoflow: Open Metrics");
    const metrics = await metricsPage(handle.session.page);

    const tabs = metrics.locator("[role=tab]");
    await visible(tabs, "the metrics page's tabs");
    assert.deepEqual(await tabs.allTextContents(), ["Run", "History", "Graph", "Benchmarks"]);
    await visible(metrics.locator("#title", { hasText: "weekly_report" }), "the workflow's name");
    assert.match((await metrics.locator("#title").textContent()) ?? "", /rolled back/);
    await visible(metrics.locator("#panel-run canvas"), "the Run tab's timeline chart");
    await handle.session.screenshot("09-metrics-run");

    await metrics.locator("#tab-graph").click();
    const nodes = metrics.locator("#panel-graph svg.graph g.node");
    await visible(nodes, "the step graph's nodes");
    const steps = await nodes.evaluateAll((all) =>
      (all as DomElement[]).map((node) => node.getAttribute("data-step")),
    );
    assert.deepEqual([...steps].sort(), [...STEPS].sort());
    await handle.session.screenshot("09-metrics-graph");

    // Clicking a node reveals its step: the editor's selection moves to it.
    const source = readFileSync(join(handle.session.folders.workspace, "report.momoflow"), "utf8");
    const titleLine = source.split("\n").findIndex((l) => l.includes("step title {")) + 1;
    await nodes
      .filter({ has: metrics.locator("text=title") })
      .first()
      .click();
    const selection = await waitFor(
      `the editor's selection to move to step title (line ${titleLine})`,
      async () => {
        const label = await handle.workbench.statusBarLabel("status.editor.selection");
        return label.includes(`Ln ${titleLine},`) ? label : undefined;
      },
      { seen: () => handle.workbench.statusBarLabel("status.editor.selection") },
    );
    assert.match(selection, new RegExp(`Ln ${titleLine},`));

    // The editor beside it was laid out again (and asked for its inlay hints again).
    await editor.reveal("step figures {");
    await assertFiguresShownOnce(editor);
  });
  it("10 ▶ Run on a workflow with a required param asks for it, refuses a value of the wrong type, runs with a good one", async () => {
    await handle.workbench.quickOpen("params.momoflow");
    const editor = new Editor(handle.session.page, "params.momoflow");
    await editor.reveal("workflow greet {");
    await editor.clickCodeLens("▶ Run");

    const asked = await handle.workbench.inputBoxShowing("param times: int");
    assert.match(asked, /Run greet/);
    assert.match(asked, /required: it has no default/);
    const refusal = await waitFor(
      "the input box to refuse a value that is not an int",
      async () => {
        const text = await handle.workbench.typeIntoInputBox("three");
        return /expected an int/i.test(text) ? text : undefined;
      },
      { seen: () => handle.workbench.typeIntoInputBox("three") },
    );
    assert.match(refusal, /three/);
    await handle.session.screenshot("10-param-refused");

    await handle.workbench.typeIntoInputBox("3");
    // Validation follows the text: the refusal goes once the value is an int.
    await waitFor(
      "the input box to accept 3",
      async () => {
        const text = await handle.workbench.inputBoxShowing("Run greet");
        return /expected an int/i.test(text) ? undefined : text;
      },
      { seen: () => handle.workbench.inputBoxShowing("Run greet") },
    );
    await handle.workbench.acceptInputBox();
    const text = await waitFor(
      "the run with times=3 to succeed in the terminal",
      async () => {
        const text = await terminalText(handle.session.page);
        return /% of steps succeeded/.test(text) && /greet/.test(text) ? text : undefined;
      },
      { timeoutMs: TASK_TIMEOUT_MS, seen: () => terminalText(handle.session.page) },
    );
    // The value reached the run as an int: its record says so (the terminal's
    // command line may wrap or scroll away).
    const runs = join(handle.session.folders.workspace, ".momoflow", "runs");
    const greet = readdirSync(runs).find((name) => name.includes("-greet-"));
    assert.ok(greet, `a run record of greet in ${runs}`);
    const started = JSON.parse(
      readFileSync(join(runs, greet, "journal.jsonl"), "utf8").split("\n")[0]!,
    ) as { variables?: Record<string, unknown> };
    assert.deepEqual(started.variables, { times: 3 });
    assert.match(text, /^ {2}hello +success +1 /m, text);
    await handle.session.screenshot("10-param-run");
  });

  it("11 the metrics panel keeps its tab when hidden and shown again", async () => {
    const page = handle.session.page;
    // Maximizing the editor's group hides the panel beside it (its page is unloaded).
    await new Editor(page, "params.momoflow").focus();
    await handle.workbench.runCommand("View: Toggle Maximize Editor Group");
    await gone(
      page.locator("iframe.webview.ready").filter({ visible: true }),
      "the hidden panel's page",
    );
    await handle.workbench.runCommand("View: Toggle Maximize Editor Group");
    const metrics = await metricsPage(page);
    await visible(
      metrics.locator('#tab-graph[aria-selected="true"]'),
      "the Graph tab, still chosen",
    );
    await visible(metrics.locator("#panel-graph svg.graph g.node"), "the graph drawn again");
    await handle.session.screenshot("11-metrics-shown-again");
  });

  stepGroupStages(handle, 12);
  rollbackSecretStage(handle, 17);
});

/**
 * Each step's line shows its source text, then its figures once: nothing
 * else is drawn into it (the language server's inlay hints once repeated them).
 */
async function assertFiguresShownOnce(editor: Editor): Promise<void> {
  // An editor laid out again draws its decorations a frame or more later:
  // wait for every step's figures to be drawn, then count them.
  const lines = await waitFor("every step's figures drawn in its line", async () => {
    const drawn = await stepLines(editor, STEPS);
    return STEPS.every((step) => (drawn[step]?.after.length ?? 0) > 0) ? drawn : undefined;
  });
  for (const step of STEPS) {
    const line = lines[step];
    assert.ok(line, `the line of step ${step} is in view`);
    assert.equal(line.text.trim(), `step ${step} {`, `what is drawn in the line of step ${step}`);
    assert.equal(line.after.length, 1, `the figures after step ${step}: ${line.after.join(" | ")}`);
  }
}
