/**
 * The metrics page's HTML: a strict Content-Security-Policy with a nonce, one
 * stylesheet and one script, both from the extension's `dist/webview/`.
 * Pure (no `vscode`): the panel and the Chromium test use the same function.
 */
import { TABS, TAB_LABELS } from "./protocol";

/** What {@link renderWebviewHtml} needs. */
export interface WebviewHtmlOptions {
  /** `webview.cspSource`: the origin the webview loads local resources from. */
  cspSource: string;
  /** A fresh random nonce for this page (base64 or hex, no quotes). */
  nonce: string;
  /** `dist/webview/main.js` as a webview URI. */
  scriptUri: string;
  /** `dist/webview/main.css` as a webview URI. */
  styleUri: string;
}

/**
 * The Content-Security-Policy of the page: nothing remote, no inline script
 * or style; scripts only with the nonce, styles and images only from the
 * extension (and `data:` images).
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join("; ");
}

/** The page's HTML. Values are escaped; the nonce must be base64 or hex. */
export function renderWebviewHtml(options: WebviewHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(options.nonce)) {
    throw new Error("the nonce must be at least 16 base64 or hex characters");
  }
  const csp = contentSecurityPolicy(options.cspSource, options.nonce);
  const tabs = TABS.map(
    (tab, i) =>
      `<button type="button" role="tab" class="tab" id="tab-${tab}" data-tab="${tab}" ` +
      `aria-controls="panel-${tab}" aria-selected="${i === 0}" tabindex="${i === 0 ? 0 : -1}">` +
      `${TAB_LABELS[tab]}</button>`,
  ).join("\n      ");
  const panels = TABS.map(
    (tab, i) =>
      `<section role="tabpanel" class="panel" id="panel-${tab}" aria-labelledby="tab-${tab}"` +
      `${i === 0 ? "" : " hidden"}></section>`,
  ).join("\n    ");
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <link rel="stylesheet" nonce="${options.nonce}" href="${escapeAttribute(options.styleUri)}" />
    <title>momoflow metrics</title>
  </head>
  <body>
    <header class="header">
      <h1 id="title">momoflow</h1>
      <nav class="tabs" role="tablist" aria-label="Metrics">
      ${tabs}
      </nav>
    </header>
    <div id="problems" class="problems" role="status" hidden></div>
    ${panels}
    <script nonce="${options.nonce}" src="${escapeAttribute(options.scriptUri)}"></script>
  </body>
</html>
`;
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/"/g, "&quot;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}
