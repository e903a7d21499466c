/**
 * The Testing view (activity bar) and the Test Results panel as a user reads
 * them: the test explorer's rows with the state icon of each, the run's
 * summary, and the output of the run.
 */
import type { Locator, Page } from "playwright-core";
import type { DomElement } from "./page-dom";
import { plain, visible, Workbench } from "./workbench";

export type TestState =
  "passed" | "failed" | "errored" | "skipped" | "queued" | "running" | "unset";

export interface TestRow {
  /** What is drawn: the test's name, then its description and duration. */
  readonly text: string;
  /** From the row's state icon (`codicon-testing-passed-icon`, …). */
  readonly state: TestState;
  /** `true`/`false` for rows with children, else undefined. */
  readonly expanded: boolean | undefined;
}

export class TestingView {
  private constructor(
    readonly page: Page,
    private readonly sideBar: Locator,
  ) {}

  /** Shows the Testing view. */
  static async open(workbench: Workbench): Promise<TestingView> {
    return new TestingView(workbench.page, await workbench.openActivity("Testing"));
  }

  /** Clicks **Run Tests** in the view's title bar: every test of the workspace runs. */
  async runAll(): Promise<void> {
    const button = this.sideBar.locator('.title-actions .action-label[aria-label="Run Tests"]');
    await visible(button, "the Run Tests button of the Testing view");
    await button.first().click();
  }

  private get rows(): Locator {
    return this.sideBar.locator(".monaco-list-row");
  }

  /** The rows of the test explorer, top to bottom. */
  async items(): Promise<TestRow[]> {
    const rows = await this.rows.evaluateAll((nodes) =>
      (nodes as DomElement[]).map((node) => ({
        text: node.textContent ?? "",
        icons: Array.from(node.querySelectorAll(".computed-state"))
          .map((icon) => icon.className)
          .join(" "),
        expanded: node.getAttribute("aria-expanded"),
      })),
    );
    return rows.map((row) => ({
      text: plain(row.text),
      state: stateOf(row.icons),
      expanded: row.expanded === null ? undefined : row.expanded === "true",
    }));
  }

  /** Expands the row whose text starts with `name` when it is collapsed. */
  async expand(name: string): Promise<void> {
    const row = this.rows.filter({ hasText: name }).first();
    await visible(row, `${name} in the test explorer`);
    if ((await row.getAttribute("aria-expanded")) === "false")
      await row.locator(".monaco-tl-twistie").click();
  }

  /**
   * Whether the summary above the tree shows a run in progress: its status
   * icon spins, and its count (passed of those to run) still grows.
   */
  async running(): Promise<boolean> {
    return (await this.sideBar.locator(".result-summary .codicon-modifier-spin").count()) > 0;
  }

  /** The summary above the tree after a run (`2/3` tests passed, and the time). */
  async summary(): Promise<string> {
    const summary = this.sideBar.locator(".result-summary").filter({ visible: true });
    return (await summary.count()) === 0 ? "" : plain(await summary.first().textContent());
  }
}

function stateOf(icons: string): TestState {
  const match = /codicon-testing-(passed|failed|error|skip|queued|loading)/.exec(icons);
  switch (match?.[1]) {
    case "passed":
      return "passed";
    case "failed":
      return "failed";
    case "error":
      return "errored";
    case "skip":
      return "skipped";
    case "queued":
      return "queued";
    case "loading":
      return "running";
    default:
      return "unset";
  }
}

/** The text of the panel showing Test Results: the run's output (an xterm) and its results tree. */
export async function testResultsText(page: Page): Promise<string> {
  const panel = await new Workbench(page).panelShowing("Test Results");
  return plain(await panel.innerText());
}
