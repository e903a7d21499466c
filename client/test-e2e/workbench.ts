/**
 * What a user does with the workbench itself, by keyboard and mouse: Quick
 * Open, the command palette, views of the activity bar, the panel, modal
 * dialogs and the status bar.
 */
import type { Locator, Page } from "playwright-core";
import { waitFor } from "./wait";

/** The extension's status bar item (`<publisher>.<name>.<id>`). */
export const STATUS_ITEM = "momoflow.momoflow.momoflow.status";

/** Text as the page shows it, with non-breaking spaces as spaces. */
export function plain(text: string | null | undefined): string {
  return (text ?? "").replace(/\u00a0/g, " ");
}

/** Waits until `locator` matches a visible element, failing with `what`. */
export async function visible(locator: Locator, what: string, timeoutMs = 20_000): Promise<void> {
  try {
    await locator.first().waitFor({ state: "visible", timeout: timeoutMs });
  } catch {
    throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} to be shown`);
  }
}

/** Waits until no element matches `locator` any more (or none is visible), failing with `what`. */
export async function gone(locator: Locator, what: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(`${what} to go away`, async () => (await locator.count()) === 0 || undefined, {
    timeoutMs,
    seen: () => locator.allTextContents(),
  });
}

export class Workbench {
  constructor(readonly page: Page) {}

  private get quickInput(): Locator {
    return this.page.locator(".quick-input-widget");
  }

  /** The rows of the open Quick Open or command palette list. */
  private get quickInputRows(): Locator {
    return this.quickInput.locator(".quick-input-list .monaco-list-row");
  }

  /**
   * Opens a file of the workspace with Quick Open (Ctrl+P) and waits for its
   * editor tab. A file the session wrote since Quick Open last searched may
   * not be listed until the file watcher reports it (slow on a loaded
   * machine): the box is closed and opened again, a fresh search, a few times.
   */
  async quickOpen(file: string): Promise<void> {
    const row = this.quickInputRows.filter({ hasText: file });
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press("Control+P");
      await visible(this.quickInput.locator("input"), "the Quick Open box");
      await this.page.keyboard.type(file);
      try {
        await visible(row, `${file} in the Quick Open list`, 10_000);
        break;
      } catch (error) {
        if (attempt === 4) throw error;
        await this.page.keyboard.press("Escape");
        await gone(this.quickInput.filter({ visible: true }), "the Quick Open box");
      }
    }
    await row.first().click();
    await gone(this.quickInput.filter({ visible: true }), "the Quick Open box");
    await visible(
      this.page.locator(".editor-group-container.active .tab.active", { hasText: file }),
      `the active editor tab of ${file}`,
    );
  }

  /** Runs a command from the command palette (Ctrl+Shift+P) by its title, as the palette lists it. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press("Control+Shift+P");
    await visible(this.quickInput.locator("input"), "the command palette");
    await this.page.keyboard.type(title);
    const row = this.quickInputRows.filter({ hasText: title });
    await visible(row, `the command "${title}" in the palette`);
    await row.first().click();
    await gone(this.quickInput.filter({ visible: true }), "the command palette");
  }

  /** The open input box's text (its title, and its prompt or validation message) once it shows `expected`. */
  async inputBoxShowing(expected: string): Promise<string> {
    const box = this.quickInput.filter({ visible: true, hasText: expected });
    await visible(box, `the input box showing "${expected}"`);
    return plain(await box.innerText());
  }

  /**
   * Types `value` into the open input box and returns what the box says
   * then (its prompt, or a validation message).
   */
  async typeIntoInputBox(value: string): Promise<string> {
    const box = this.quickInput.filter({ visible: true });
    await visible(box, "an input box");
    const input = box.locator("input");
    await input.fill(value);
    // The box validates as it is typed in: give it the text, then read what it says.
    return waitFor(
      `the input box to take "${value}"`,
      async () => ((await input.inputValue()) === value ? plain(await box.innerText()) : undefined),
      { seen: async () => plain(await box.innerText()) },
    );
  }

  /** Presses Enter in the open input box and waits for it to close. */
  async acceptInputBox(): Promise<void> {
    await this.page.keyboard.press("Enter");
    await gone(this.quickInput.filter({ visible: true }), "the input box");
  }

  /** Shows a view container of the activity bar (Explorer, Testing, …) by its name. */
  async openActivity(name: string): Promise<Locator> {
    const item = this.page.locator(`.activitybar .action-item a[aria-label^="${name}"]`);
    await visible(item, `the ${name} icon in the activity bar`);
    // The icon's item is clicked, not its link: a badge on it (Testing's "1 failed") takes the click.
    const holder = this.page.locator(".activitybar .action-item", {
      has: this.page.locator(`a[aria-label^="${name}"]`),
    });
    if ((await item.first().getAttribute("aria-expanded")) !== "true") await holder.first().click();
    const sideBar = this.page.locator(".part.sidebar");
    await visible(
      sideBar.locator(".composite.title", { hasText: name }),
      `the ${name} view in the side bar`,
    );
    return sideBar;
  }

  /** The panel (Problems, Terminal, Test Results…), once `tab` is its active tab. */
  async panelShowing(tab: string): Promise<Locator> {
    const panel = this.page.locator(".part.panel");
    await visible(
      panel.locator(".composite-bar .action-item.checked", { hasText: tab }),
      `the ${tab} tab of the panel`,
    );
    return panel;
  }

  /**
   * Maximizes the panel (or restores its size) with the button in its title
   * bar, and waits for the button to offer the opposite.
   */
  async panelSize(size: "maximized" | "restored"): Promise<void> {
    const actions = this.page.locator(".part.panel");
    const [click, then] =
      size === "maximized"
        ? ["Maximize Panel", "Restore Panel"]
        : ["Restore Panel", "Maximize Panel"];
    const button = actions.locator(`.action-label[aria-label="${click}"]`);
    await visible(button, `the panel's ${click} button`);
    await button.first().click();
    await visible(
      actions.locator(`.action-label[aria-label="${then}"]`),
      `the panel's ${then} button`,
    );
  }

  /** The open modal dialog. */
  get dialog(): Locator {
    return this.page.locator(".monaco-dialog-box");
  }

  /** Waits for the modal dialog asking `message`, and answers it with `button`. Returns its text. */
  async answerDialog(message: string, button: string): Promise<string> {
    await visible(this.dialog.filter({ hasText: message }), `the dialog "${message}"`);
    const text = plain(await this.dialog.innerText());
    await this.dialog.locator(".monaco-button", { hasText: button }).click();
    await gone(this.dialog, `the dialog "${message}"`);
    return text;
  }

  /** The accessible label of a status bar item (its tooltip's text), by the item's id. */
  async statusBarLabel(id: string): Promise<string> {
    return plain(await this.page.locator(`.statusbar-item[id="${id}"]`).getAttribute("aria-label"));
  }
}
