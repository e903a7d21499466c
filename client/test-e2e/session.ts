/**
 * One user's VS Code: the packaged extension installed into a fresh
 * code-server (trusted workspace) on a fresh copy of the fixture workspace,
 * its workbench open in headless Chromium, and the screenshots of the session.
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { CodeServer } from "../test-vscode/support/code-server";
import { freshSessionFolders, type SessionFolders } from "../test-vscode/support/fixture-workspace";
import { openWorkbench, type WorkbenchBrowser } from "../test-vscode/support/workbench-browser";

export const ROOT = resolve(__dirname, "../..");
/** What `npm run package` writes. */
export const VSIX = join(ROOT, "momoflow-0.1.0.vsix");
export const SCREENSHOTS = join(ROOT, "test-results", "e2e");

/** Room for the editor, the panel and a side bar at once. */
const VIEWPORT = { width: 1600, height: 1100 };

/** User settings of the session, on top of the quiet ones every code-server here gets. */
const SETTINGS = {
  // The secondary side bar (chat) would take a third of the window.
  "workbench.secondarySideBar.defaultVisibility": "hidden",
};

export class UserSession {
  private constructor(
    readonly folders: SessionFolders,
    private readonly server: CodeServer,
    private readonly browser: WorkbenchBrowser,
  ) {}

  get page(): Page {
    return this.browser.page;
  }

  /** code-server's own log (the extension host's logs are under `home/user-data/logs`). */
  get serverLog(): string {
    return this.server.logFile;
  }

  /**
   * Starts code-server with the extension installed on a workspace that is
   * trusted (or not: Restricted Mode) and opens its workbench.
   */
  static async start(trust: "trusted" | "untrusted" = "trusted"): Promise<UserSession> {
    if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    const folders = freshSessionFolders(`e2e-${trust}`);
    const server = await CodeServer.start({
      home: folders.home,
      folder: folders.workspace,
      vsix: [VSIX],
      trust,
      settings: SETTINGS,
    });
    let browser: WorkbenchBrowser;
    try {
      browser = await openWorkbench(server.url);
      await browser.page.setViewportSize(VIEWPORT);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return new UserSession(folders, server, browser);
  }

  /** Saves `test-results/e2e/<name>.png`. */
  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  }

  /**
   * Closes the browser and ends code-server with everything it started. The
   * session's folders are removed when `passed`; otherwise they are kept for
   * their logs, and their place is printed.
   */
  async end(passed: boolean): Promise<void> {
    await this.browser.close();
    await this.server.stop();
    if (passed) rmSync(this.folders.home, { recursive: true, force: true });
    else
      console.error(
        `  the session's folders are kept (code-server's log: ${this.server.logFile}; ` +
          `the extension's logs under ${join(this.folders.home, "user-data", "logs")})`,
      );
  }
}
