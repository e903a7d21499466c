/**
 * Headless Chromium (Debian's, driven by playwright-core) with the workbench
 * of a code-server open in it.
 */
import { chromium, type Browser, type Page } from "playwright-core";
import { endProcessTree, processTree } from "./processes";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./tools";

export interface WorkbenchBrowser {
  readonly browser: Browser;
  readonly page: Page;
  /** Closes the browser; its process (and renderers) are ended by id if still there. */
  close(): Promise<void>;
}

/** Opens `url` (a code-server workbench) and waits until the workbench is drawn. */
export async function openWorkbench(url: string): Promise<WorkbenchBrowser> {
  // Chromium's pids are the children this process gains by launching it.
  const before = new Set(await processTree(process.pid));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    headless: true,
  });
  const started = (await processTree(process.pid)).filter((pid) => !before.has(pid));
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
  return {
    browser,
    page,
    close: async () => {
      await browser.close().catch(() => undefined);
      for (const pid of started) await endProcessTree(pid, 1000);
    },
  };
}
