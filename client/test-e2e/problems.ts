/** The Problems panel (Ctrl+Shift+M) as a user reads it: one row per file, then one per problem. */
import type { Page } from "playwright-core";
import type { DomElement } from "./page-dom";
import { plain, visible } from "./workbench";

export interface ProblemRow {
  /** What a screen reader says: severity, message, place and source. */
  readonly label: string;
  /** What is drawn: message, source, code and place. */
  readonly text: string;
}

/** Opens the Problems panel (Ctrl+Shift+M). */
export async function openProblems(page: Page): Promise<void> {
  await page.keyboard.press("Control+Shift+M");
  await visible(page.locator(".part.panel .markers-panel"), "the Problems panel");
}

/** The rows of the Problems panel: the files and their problems. */
export async function problemRows(page: Page): Promise<ProblemRow[]> {
  const rows = page.locator(".part.panel .markers-panel .monaco-list-row");
  const labels = await rows.evaluateAll((nodes) =>
    (nodes as DomElement[]).map((node) => ({
      label: node.getAttribute("aria-label") ?? "",
      text: node.textContent ?? "",
    })),
  );
  return labels.map((row) => ({ label: plain(row.label), text: plain(row.text) }));
}

/** The message the panel shows instead of rows ("No problems have been detected…"), if any. */
export async function problemsMessage(page: Page): Promise<string> {
  const message = page
    .locator(".part.panel .markers-panel .message-box-container")
    .filter({ visible: true });
  return (await message.count()) === 0 ? "" : plain(await message.first().textContent());
}
