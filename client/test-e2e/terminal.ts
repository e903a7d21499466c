/**
 * The terminal panel as a user reads it: xterm draws its rows in the DOM
 * (`terminal.integrated.gpuAcceleration: "off"`), one element per row in view.
 */
import type { Page } from "playwright-core";
import { plain } from "./workbench";

/**
 * The rows in view of the terminal shown in the panel now, top to bottom,
 * without the sticky-scroll overlay (a second xterm above the first).
 */
export async function terminalRows(page: Page): Promise<string[]> {
  const rows = page
    .locator(".part.panel .terminal-wrapper.active .terminal-xterm-host > .xterm .xterm-rows")
    .filter({ visible: true })
    .first()
    .locator(":scope > div");
  return (await rows.allTextContents()).map(plain);
}

/** The terminal's rows in view as one text (rows joined by newlines; wrapped lines stay split). */
export async function terminalText(page: Page): Promise<string> {
  return (await terminalRows(page)).join("\n");
}
