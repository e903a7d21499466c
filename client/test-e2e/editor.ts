/**
 * A text editor of the workbench, as a user sees and drives it: its lines
 * (with the text that decorations add after them), tokens to click or hover,
 * squiggles, CodeLens links, the Quick Fix menu and the suggest widget.
 */
import type { Locator, Page } from "playwright-core";
import type { DomElement, DomWindow } from "./page-dom";
import { waitFor } from "./wait";
import { gone, plain, visible } from "./workbench";

/** One line as drawn: its text, and what decorations show after parts of it (`after` content). */
export interface DrawnLine {
  readonly text: string;
  readonly after: readonly string[];
}

/** The pause between keys when typing into an editor (ms). */
const TYPING_DELAY_MS = 40;

/** How long a Quick Fix menu may stay without the fix sought before Ctrl+. is pressed again (ms). */
const QUICK_FIX_RETRY_MS = 5_000;

/** How long the mouse may rest on a word without a hover opening before it rests there again (ms). */
const HOVER_RETRY_MS = 3_000;

/** How long the suggest widget may stay without the item sought before Ctrl+Space is pressed again (ms). */
const SUGGEST_RETRY_MS = 3_000;

export class Editor {
  /** The editor showing `file` (a name or a path's end, e.g. `report.momoflow`). */
  constructor(
    readonly page: Page,
    readonly file: string,
  ) {}

  /** The editor's element (Monaco marks it with its document's URI). */
  get root(): Locator {
    return this.page.locator(`.monaco-editor[data-uri$="/${this.file}"]`);
  }

  private get focused(): Locator {
    return this.root.and(this.page.locator(".focused"));
  }

  /** Focuses the editor of the first editor group (Ctrl+1), where the session's files open. */
  async focus(): Promise<void> {
    await this.page.keyboard.press("Control+1");
    await visible(this.focused, `the focused editor of ${this.file}`);
  }

  /** The lines drawn now (those in view), top to bottom. */
  async lines(): Promise<DrawnLine[]> {
    await visible(this.root.locator(".view-lines"), `the text of ${this.file}`);
    const drawn = await this.root.locator(".view-lines > .view-line").evaluateAll((nodes) => {
      const window = globalThis as unknown as DomWindow;
      return (nodes as DomElement[]).map((line) => ({
        top: parseFloat(line.style.top),
        text: line.textContent ?? "",
        after: Array.from(line.querySelectorAll("span"))
          .map((span) => window.getComputedStyle(span, "::after").content)
          .filter((content) => content !== "none" && content !== "normal" && content !== ""),
      }));
    });
    return drawn
      .sort((a, b) => a.top - b.top)
      .map((line) => ({ text: plain(line.text), after: line.after.map(cssString) }));
  }

  /** The drawn line whose text, trimmed, is `text` (undefined when it is not in view). */
  async line(text: string): Promise<DrawnLine | undefined> {
    return (await this.lines()).find((line) => line.text.trim() === text);
  }

  /** Brings `text` (its next occurrence after the cursor) into view with Find (Ctrl+F), which selects it. */
  async reveal(text: string): Promise<void> {
    await this.focus();
    await this.page.keyboard.press("Control+F");
    const find = this.root.locator(".find-widget.visible");
    await visible(find, `the Find box of ${this.file}`);
    // The box opens with its text selected: typing replaces it.
    await this.page.keyboard.type(text);
    await visible(
      find.locator(".matchesCount", { hasText: /^\d+ of \d+$/ }),
      `"${text}" found in ${this.file}`,
    );
    await this.page.keyboard.press("Escape");
    await gone(find, `the Find box of ${this.file}`);
    await visible(this.focused, `the focus back in the editor of ${this.file}`);
  }

  /** A word of a line as drawn (a token's span), found by the line's text and the word. */
  token(lineText: string, word: string): Locator {
    return this.root
      .locator(".view-lines > .view-line", { hasText: lineText })
      .locator("span > span", { hasText: new RegExp(`^${escapeRegExp(word)}$`) })
      .first();
  }

  /** Puts the cursor in a word by clicking it. */
  async clickWord(lineText: string, word: string): Promise<void> {
    const token = this.token(lineText, word);
    await visible(token, `"${word}" in the line "${lineText}" of ${this.file}`);
    await token.click();
  }

  /** Selects a word by double-clicking it. */
  async selectWord(lineText: string, word: string): Promise<void> {
    const token = this.token(lineText, word);
    await visible(token, `"${word}" in the line "${lineText}" of ${this.file}`);
    await token.dblclick();
  }

  /** Rests the mouse on a word and returns the text of the hover that opens. */
  async hoverWord(lineText: string, word: string, expected: string | RegExp): Promise<string> {
    const token = this.token(lineText, word);
    await visible(token, `"${word}" in the line "${lineText}" of ${this.file}`);
    return this.hoverUntil(token, `"${word}"`, expected);
  }

  /**
   * Rests the mouse on what a decoration draws after a line (the extension's
   * inline figures) and returns the text of the hover that opens.
   */
  async hoverAfterText(lineText: string, expected: string | RegExp): Promise<string> {
    const spans = this.root
      .locator(".view-lines > .view-line", { hasText: lineText })
      .first()
      .locator("span");
    const at = await spans.evaluateAll((all) => {
      const window = globalThis as unknown as DomWindow;
      return (all as DomElement[]).findIndex((span) => {
        const content = window.getComputedStyle(span, "::after").content;
        return content !== "none" && content !== "normal" && content !== "";
      });
    });
    if (at < 0) throw new Error(`nothing is drawn after the line "${lineText}" of ${this.file}`);
    return this.hoverUntil(spans.nth(at), `what is drawn after "${lineText}"`, expected);
  }

  /** Rests the mouse on `target` until the hover that opens shows `expected`; returns its text. */
  private async hoverUntil(
    target: Locator,
    what: string,
    expected: string | RegExp,
  ): Promise<string> {
    const hover = this.page.locator(".monaco-hover:not(.hidden)");
    // A hover opens when the mouse comes to rest on the target. One may be open
    // already for whatever was under the mouse (the file opened or scrolled
    // beneath it): the mouse leaves first, then rests on the target.
    let restedAt = 0;
    const restOnTarget = async (): Promise<void> => {
      await this.page.mouse.move(0, 0);
      await target.hover();
      restedAt = Date.now();
    };
    await restOnTarget();
    return waitFor(
      `the hover of ${what} to show ${String(expected)}`,
      async () => {
        const text =
          (await hover.count()) === 0
            ? undefined
            : plain(await hover.first().innerText({ timeout: 1000 }));
        if (
          text !== undefined &&
          (typeof expected === "string" ? text.includes(expected) : expected.test(text))
        )
          return text;
        // None yet, one still loading, or another word's: the target's opens (or
        // replaces it) once the mouse has rested for the editor's hover delay,
        // later on a loaded machine, and moving the mouse starts that delay
        // again. So it rests again only when the target's did not come for a
        // while (the editor changed or scrolled under the mouse, or a hover
        // stayed open for what was there before).
        if (Date.now() - restedAt >= HOVER_RETRY_MS) await restOnTarget();
        return undefined;
      },
      { seen: async () => (await hover.allInnerTexts()).map(plain) },
    );
  }

  /**
   * Types into the editor at a person's pace. Keys sent back to back reach
   * the editor's input (EditContext) as one text, and VS Code applies its
   * per-keystroke typing features, such as closing an opened `[`, only to
   * single characters (seen: about one time in three).
   */
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text, { delay: TYPING_DELAY_MS });
  }

  /** The error squiggles drawn in the editor. */
  get errorSquiggles(): Locator {
    return this.root.locator(".squiggly-error");
  }

  /** The titles of the CodeLens links drawn now. */
  async codeLensTitles(): Promise<string[]> {
    return (await this.root.locator(".codelens-decoration a").allTextContents()).map(plain);
  }

  /** Clicks the CodeLens link titled exactly `title`. */
  async clickCodeLens(title: string): Promise<void> {
    const link = this.root
      .locator(".codelens-decoration a", { hasText: new RegExp(`^${escapeRegExp(title)}$`) })
      .first();
    await visible(link, `the CodeLens "${title}" in ${this.file}`);
    await link.click();
  }

  /**
   * Puts the cursor in `word` of the line `lineText`, opens the Quick Fix menu
   * there (Ctrl+.), picks `title`, and waits for the menu to close. The menu
   * lists what the server answered when Ctrl+. was pressed: a request that
   * raced the diagnostics, or that the workbench cancelled under load, shows
   * no fix (seen on CI), and a CodeLens drawn late can move the line under a
   * click. A user then clicks the word and presses Ctrl+. again; so does this,
   * every few seconds.
   */
  async quickFix(lineText: string, word: string, title: string): Promise<void> {
    const menu = this.page.locator(".action-widget");
    const item = menu.locator(".monaco-list-row.action", { hasText: title });
    let pressedAt = 0;
    await waitFor(
      `the Quick Fix "${title}" to be shown`,
      async () => {
        if (await item.first().isVisible()) return true;
        if (Date.now() - pressedAt < QUICK_FIX_RETRY_MS) return false;
        if (pressedAt !== 0) await this.page.keyboard.press("Escape");
        await this.clickWord(lineText, word);
        await this.page.keyboard.press("Control+.");
        pressedAt = Date.now();
        return false;
      },
      { timeoutMs: 45_000, seen: () => menu.allInnerTexts() },
    );
    await item.first().click();
    await gone(menu.filter({ visible: true }), "the Quick Fix menu");
  }

  /** The rows of the suggest widget while it is open. */
  get suggestions(): Locator {
    return this.page.locator(".suggest-widget.visible .monaco-list-row");
  }

  /** The labels of the items the open suggest widget shows. */
  async suggestionLabels(): Promise<string[]> {
    return (await this.suggestions.locator(".label-name").allTextContents()).map(plain);
  }

  /** What the open suggest widget says instead of items (`Loading...`, `No suggestions.`), or "". */
  async suggestMessage(): Promise<string> {
    const message = this.page
      .locator(".suggest-widget.visible > .message")
      .filter({ visible: true });
    return (await message.count()) === 0 ? "" : plain(await message.first().textContent());
  }

  /**
   * Asks for completion at the cursor (Ctrl+Space) until the suggest widget
   * offers `label`, and returns the labels it shows. A request that raced
   * an edit's diagnostics, or that the workbench cancelled under load, shows
   * nothing or "No suggestions"; a user then presses Ctrl+Space again. One
   * still loading is waited for: pressing again would cancel it, and on a
   * loaded machine each answer could come after the next press.
   */
  async suggest(label: string): Promise<string[]> {
    let pressedAt = 0;
    return waitFor(
      `the suggest widget to offer ${label}`,
      async () => {
        const labels = await this.suggestionLabels();
        if (labels.includes(label)) return labels;
        if (Date.now() - pressedAt < SUGGEST_RETRY_MS) return undefined;
        if (/^Loading/.test(await this.suggestMessage())) return undefined;
        if (pressedAt !== 0) await this.page.keyboard.press("Escape");
        await this.page.keyboard.press("Control+Space");
        pressedAt = Date.now();
        return undefined;
      },
      {
        timeoutMs: 30_000,
        seen: async () => ({
          items: await this.suggestions.allTextContents(),
          message: await this.suggestMessage(),
        }),
      },
    );
  }

  /** Picks `label` in the open suggest widget by clicking it, and waits for the widget to close. */
  async pickSuggestion(label: string): Promise<void> {
    const row = this.suggestions.filter({
      has: this.page.locator(".label-name", { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
    });
    await visible(row, `the completion item "${label}"`);
    await row.first().click();
    await gone(this.page.locator(".suggest-widget.visible"), "the suggest widget");
  }

  /** Saves (Ctrl+S) and waits until the tab no longer says the file is modified. */
  async save(): Promise<void> {
    await this.focus();
    await this.page.keyboard.press("Control+S");
    await gone(
      this.page.locator(".tab.dirty", { hasText: this.file }),
      `the unsaved-changes mark on ${this.file}'s tab`,
    );
  }
}

/** The text of a CSS string value (`"✓ success · 1 ms"` as `getComputedStyle` gives `content`). */
function cssString(value: string): string {
  const match = /^"(.*)"$/s.exec(value);
  if (!match) return value;
  return match[1]!.replace(/\\([0-9a-fA-F]{1,6}) ?|\\(.)/g, (_all, hex: string, char: string) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : char,
  );
}

/** `text` as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
