/**
 * The metrics webview as a user sees it. A webview is two nested iframes:
 * the workbench's `iframe.webview` (VS Code's host page) holds the
 * extension's page in `#active-frame`.
 */
import type { FrameLocator, Page } from "playwright-core";
import { visible } from "./workbench";

/** The extension's page inside the metrics panel (once its frames are there). */
export async function metricsPage(page: Page): Promise<FrameLocator> {
  const host = page.locator("iframe.webview.ready").filter({ visible: true });
  await visible(host, "the metrics webview's frame");
  const inner = host.first().contentFrame().locator("#active-frame");
  await visible(inner, "the metrics page inside the webview's frame", 30_000);
  return inner.contentFrame();
}
