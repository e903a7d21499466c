/**
 * The stages of the user's session with the steps that run as several:
 * `pipeline.momoflow`'s fan-out (`convert` over three parts, instances
 * `convert[0]`…) and its call of the imported workflow `release` (two
 * steps, `release/bump` and `release/tag`). Run from the CodeLens, read in
 * the terminal, the inline figures and their hover and the metrics graph,
 * rolled back, and a call typed with completion.
 */
import * as assert from "node:assert/strict";
import { Editor, escapeRegExp } from "./editor";
import { metricsPage } from "./metrics-webview";
import type { DomElement } from "./page-dom";
import type { SessionHandle } from "./session-hooks";
import { stepFigures } from "./step-figures";
import { terminalText } from "./terminal";
import { TASK_TIMEOUT_MS, waitFor } from "./wait";
import { gone, plain, STATUS_ITEM, visible } from "./workbench";

const FILE = "pipeline.momoflow";
/** The declared steps: the fan-out and the call. */
const STEPS = ["convert", "release"];
const INSTANCES = ["convert[0]", "convert[1]", "convert[2]"];
const CALLED = ["release/bump", "release/tag"];
const CALL_LINE = "run: workflow release()";

/** Registers the stages, numbered from `first`, in the session's `describe`. */
export function stepGroupStages(handle: SessionHandle, first: number): void {
  const stage = (offset: number): string => String(first + offset).padStart(2, "0");
  const editor = (): Editor => new Editor(handle.session.page, FILE);
  const figures = (): Promise<Record<string, string>> => stepFigures(editor(), STEPS);

  it(`${stage(0)} ▶ Run on a fan-out and a workflow call: the terminal lists each instance and each called step`, async () => {
    await handle.workbench.quickOpen(FILE);
    await editor().reveal("workflow pipeline {");
    await editor().clickCodeLens("▶ Run");

    await waitFor(
      "the pipeline run's summary in the terminal",
      async () => {
        const text = await terminalText(handle.session.page);
        return /% of steps succeeded/.test(text) && /-pipeline-/.test(text);
      },
      { timeoutMs: TASK_TIMEOUT_MS, seen: () => terminalText(handle.session.page) },
    );
    // The progress and the summary are longer than the panel: maximize it to read them all.
    await handle.workbench.panelSize("maximized");
    const text = await waitFor(
      "the whole run in the maximized terminal",
      async () => {
        const text = await terminalText(handle.session.page);
        return /^▶ pipeline run /m.test(text) && /^ {2}step +status +tries/m.test(text)
          ? text
          : undefined;
      },
      { seen: () => terminalText(handle.session.page) },
    );
    for (const step of [...INSTANCES, ...CALLED, "release"]) {
      assert.match(
        text,
        new RegExp(`✓ ${escapeRegExp(step)} success `),
        `${step}'s progress:\n${text}`,
      );
      assert.match(text, rowOf(step, "success"), `${step}'s row:\n${text}`);
    }
    assert.match(text, /^ {2}convert +success .* 3 instances: 3 ✓$/m, text);
    assert.match(text, /^ {2}success {2}\S+ m?s {2}· {2}100% of steps succeeded$/m, text);
    await handle.session.screenshot(`${stage(0)}-groups-run`);
    await handle.workbench.panelSize("restored");
    await visible(editor().root, `the editor of ${FILE} again`);
    await waitFor(
      "the status bar to report the run",
      async () =>
        /Run of pipeline: succeeded/.test(await handle.workbench.statusBarLabel(STATUS_ITEM)),
      { seen: () => handle.workbench.statusBarLabel(STATUS_ITEM) },
    );
  });

  it(`${stage(1)} the fan-out's figures count its instances, the call's its steps; the hover lists each instance`, async () => {
    await editor().reveal("step convert {");
    const shown = await waitFor(
      "the figures of convert (3 ✓) and release (2 ✓)",
      async () => {
        const shown = await figures();
        return /^3 ✓ · longest /.test(shown.convert ?? "") &&
          /^2 ✓ · longest /.test(shown.release ?? "")
          ? shown
          : undefined;
      },
      { seen: figures },
    );
    assert.match(shown.convert!, /^3 ✓ · longest [\d.]+ m?s$/);
    assert.match(shown.release!, /^2 ✓ · longest [\d.]+ m?s$/);
    await handle.session.screenshot(`${stage(1)}-groups-figures`);

    const hover = await editor().hoverAfterText("step convert {", "convert[2]");
    assert.match(hover, /convert: 3 recorded steps \(run \S+-pipeline-/);
    for (const instance of INSTANCES)
      assert.match(hover, new RegExp(`${escapeRegExp(instance)}\\s*✓ success · `), hover);
    await handle.session.screenshot(`${stage(1)}-groups-hover`);
    await handle.session.page.mouse.move(5, 5);
    await gone(handle.session.page.locator(".monaco-hover:not(.hidden)"), "the hover");

    // The call's hover opens the log of the called step that printed (release/tag: v1.2.3).
    const page = handle.session.page;
    const callHover = await editor().hoverAfterText("step release {", "Open log: release/tag");
    assert.match(callHover, /release: 2 recorded steps/);
    await page.locator(".monaco-hover:not(.hidden) a", { hasText: "release/tag" }).first().click();
    await visible(
      page.locator(".editor-group-container.active .tab.active", { hasText: "release%2Ftag.log" }),
      "the editor of release/tag's log",
    );
    const logText = page.locator(".editor-group-container.active .monaco-editor .view-lines");
    await waitFor(
      "the log to read v1.2.3",
      async () => plain(await logText.first().textContent()).trim() === "v1.2.3",
      { seen: () => logText.first().textContent() },
    );
    await handle.session.screenshot(`${stage(1)}-groups-log`);
    await page.keyboard.press("Control+W");
    await handle.workbench.quickOpen(FILE);
  });

  it(`${stage(2)} the Graph CodeLens draws the fan-out as one node counting its instances, the called steps as nodes`, async () => {
    await editor().reveal("workflow pipeline {");
    await editor().clickCodeLens("Graph");
    const metrics = await metricsPage(handle.session.page);
    await visible(metrics.locator('#tab-graph[aria-selected="true"]'), "the Graph tab");
    const convert = metrics.locator('#panel-graph svg.graph g.node[data-step="convert"]');
    await visible(convert, "the node of convert");
    const nodes = await metrics
      .locator("#panel-graph svg.graph g.node")
      .evaluateAll((all) => (all as DomElement[]).map((node) => node.getAttribute("data-step")));
    assert.deepEqual([...nodes].sort(), ["convert", ...CALLED, "release"].sort());
    await waitFor(
      "convert's node to count 3 successful instances",
      async () => (await convert.locator(".node-sub").textContent()) === "3 success",
      { seen: () => convert.locator(".node-sub").textContent() },
    );
    assert.equal(await convert.getAttribute("data-status"), "success");
    const bump = metrics.locator('#panel-graph svg.graph g.node[data-step="release/bump"]');
    assert.match((await bump.locator(".node-sub").textContent()) ?? "", /^success · /);
    await handle.session.screenshot(`${stage(2)}-groups-graph`);
  });

  it(`${stage(3)} ↶ Rollback undoes the instances and the called steps; figures and graph say rolled back, the CodeLens ▶ Run again`, async () => {
    await editor().reveal("workflow pipeline {");
    await editor().clickCodeLens("↶ Rollback");
    await handle.workbench.answerDialog("Roll back the last run of pipeline?", "Roll Back");
    const text = await waitFor(
      "the rollback's report in the terminal",
      async () => {
        const text = await terminalText(handle.session.page);
        return /^rolled_back {2}run \S+pipeline/m.test(text) ? text : undefined;
      },
      { timeoutMs: TASK_TIMEOUT_MS, seen: () => terminalText(handle.session.page) },
    );
    assert.match(text, /rolling back 5 steps: release\/tag, release\/bump, convert\[/, text);
    for (const step of [...CALLED, ...INSTANCES])
      assert.match(
        text,
        new RegExp(`↶ ${escapeRegExp(step)} rolled_back`),
        `${step}'s line:\n${text}`,
      );

    await editor().reveal("step convert {");
    await waitFor(
      "the figures of convert and release to say rolled back (↶)",
      async () => {
        const shown = await figures();
        return /^3 ↶ · /.test(shown.convert ?? "") && /^2 ↶ · /.test(shown.release ?? "");
      },
      { seen: figures },
    );
    const metrics = await metricsPage(handle.session.page);
    const convert = metrics.locator('#panel-graph svg.graph g.node[data-step="convert"]');
    await waitFor(
      "convert's node to count 3 rolled back instances",
      async () => (await convert.locator(".node-sub").textContent()) === "3 rolled back",
      { seen: () => convert.locator(".node-sub").textContent() },
    );
    // The rollback's task ended (its report is in the terminal), and the
    // figures and graph caught up: the lens says ▶ Run again once the
    // workbench asked for it (its own delay, ≥ 250 ms; seen 220 ms after the
    // graph, with ■ Stop until then). Running… is a label, not a link.
    await waitFor(
      "the CodeLens to say ▶ Run (not Running… | ■ Stop), nothing left to roll back",
      async () => {
        const titles = await editor().codeLensTitles();
        return (
          titles.includes("▶ Run") && !titles.includes("■ Stop") && !titles.includes("↶ Rollback")
        );
      },
      { seen: () => editor().codeLensTitles() },
    );
    await handle.session.screenshot(`${stage(3)}-groups-rollback`);
  });

  it(`${stage(4)} completion in \`run: workflow \` offers the workflows in scope; picking release completes the call`, async () => {
    await editor().reveal(CALL_LINE);
    // Retype the callee: the file ends as it was, so its figures stay current.
    await editor().selectWord(CALL_LINE, "release");
    await handle.session.page.keyboard.press("Backspace");
    const offered = await editor().suggest("release");
    assert.ok(!offered.includes("convert"), `a step is not a workflow: ${offered.join(", ")}`);
    await handle.session.screenshot(`${stage(4)}-completion-workflow-list`);
    await editor().pickSuggestion("release");

    // The editor draws the completed line a frame after the widget closes.
    await waitFor(
      `the line to read \`${CALL_LINE}\``,
      async () => (await editor().line(CALL_LINE)) !== undefined,
      { seen: async () => (await editor().lines()).map((l) => l.text) },
    );
    await editor().save();
    await gone(editor().errorSquiggles, `an error squiggle in ${FILE}`);
    await waitFor(
      "release's figures to stay current (not stale)",
      async () => /^2 ↶ · [^(]*$/.test((await figures()).release ?? ""),
      { seen: figures },
    );
    await handle.session.screenshot(`${stage(4)}-completion-workflow`);
  });
}

/** A step's row in the run's summary: name, status, one try. */
function rowOf(step: string, status: string): RegExp {
  return new RegExp(`^ {2}${escapeRegExp(step)} +${status} +1 `, "m");
}
