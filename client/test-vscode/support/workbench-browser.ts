/**
 * Headless Chromium (Debian's, driven by playwright-core) with the workbench
 * of a code-server open in it.
 */
import { chromium, type Browser, type Page } from "playwright-core";
import { isProcessAlive, processStamp } from "@momoflow/record";
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
  // Chromium's pids are the children this process gains by launching it,
  // kept with their start times: when the browser is closed minutes later, a
  // pid whose process ended since (one started beside Chromium for a moment)
  // may belong to another process, which is left alone.
  const before = new Set(await processTree(process.pid));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    headless: true,
  });
  const started = (await processTree(process.pid))
    .filter((pid) => !before.has(pid))
    .map(processStamp)
    .filter((stamp) => stamp !== undefined);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
  return {
    browser,
    page,
    close: async () => {
      await browser.close().catch(() => undefined);
      for (const { pid, startTicks } of started)
        if (isProcessAlive(pid, startTicks)) await endProcessTree(pid, 1000);
    },
  };
}
