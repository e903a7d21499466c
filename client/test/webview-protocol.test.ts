import assert from "node:assert/strict";
import {
  dataMessage,
  isHostToPageMessage,
  isTabId,
  parsePageMessage,
  parsePageState,
  TABS,
  type MetricsSnapshot,
} from "../src/webview/protocol";
import { stepUndo } from "../src/metrics/step-undo";
import { contentSecurityPolicy, renderWebviewHtml } from "../src/webview/webview-html";

const EMPTY: MetricsSnapshot = {
  workflow: null,
  run: null,
  history: [],
  graph: null,
  bench: null,
  problems: [],
};

describe("metrics webview protocol", () => {
  it("accepts each message the page may post, and only those", () => {
    assert.deepEqual(parsePageMessage({ type: "ready" }), { type: "ready" });
    assert.deepEqual(parsePageMessage({ type: "runBenchmarks" }), { type: "runBenchmarks" });
    for (const tab of TABS) {
      assert.deepEqual(parsePageMessage({ type: "selectTab", tab }), { type: "selectTab", tab });
    }
    assert.deepEqual(parsePageMessage({ type: "revealStep", workflow: "w", step: "s", extra: 1 }), {
      type: "revealStep",
      workflow: "w",
      step: "s",
    });
    assert.deepEqual(parsePageMessage({ type: "openLog", runId: "r1", step: "s", path: "/etc" }), {
      type: "openLog",
      runId: "r1",
      step: "s",
    });
    for (const bad of [
      undefined,
      null,
      "ready",
      [],
      {},
      { type: "unknown" },
      { type: "selectTab", tab: "settings" },
      { type: "revealStep", workflow: "w" },
      { type: "revealStep", workflow: "w", step: "" },
      { type: "revealStep", workflow: 1, step: "s" },
      { type: "openLog", runId: "r1" },
      { type: "openLog", runId: "", step: "s" },
      { type: "openLog", runId: "r1", step: 2 },
    ]) {
      assert.equal(parsePageMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it("the data message survives JSON (postMessage) and is recognised by the page", () => {
    const message = dataMessage({ ...EMPTY, workflow: "w", problems: ["p"] }, "graph");
    assert.equal(message.type, "data");
    assert.equal(message.activeTab, "graph");
    const copy: unknown = JSON.parse(JSON.stringify(message));
    assert.ok(isHostToPageMessage(copy));
    assert.deepEqual(copy, message);
    assert.equal(isHostToPageMessage({ ...message, activeTab: "nope" }), false);
    assert.equal(isHostToPageMessage({ ...message, history: null }), false);
    assert.equal(isHostToPageMessage({ ...message, run: "x" }), false);
    assert.equal(isHostToPageMessage({ type: "ready" }), false);
  });

  it("an effect-free step keeps its kind across postMessage: nothing to undo, not irreversible", () => {
    const range = { start: { line: 1, character: 7 }, end: { line: 1, character: 10 } };
    const message = dataMessage(
      {
        ...EMPTY,
        workflow: "w",
        graph: {
          workflow: "w",
          file: "/w.momoflow",
          nodes: [
            { id: "log", reversible: false, effectFree: true, range },
            { id: "push", reversible: false, range },
            { id: "copy", reversible: true, range },
          ],
          edges: [],
        },
      },
      "graph",
    );
    const copy: unknown = JSON.parse(JSON.stringify(message));
    assert.ok(isHostToPageMessage(copy));
    assert.deepEqual(
      copy.graph!.nodes.map((n) => [n.id, stepUndo(n)]),
      [
        ["log", "nothing-to-undo"],
        ["push", "irreversible"],
        ["copy", "reversible"],
      ],
    );
  });

  it("page state: the tab and the last data, or nothing from an unknown shape", () => {
    const data = dataMessage(EMPTY, "history");
    assert.deepEqual(parsePageState({ activeTab: "bench", data }), { activeTab: "bench", data });
    assert.deepEqual(parsePageState({ activeTab: "bench", data: { type: "data" } }), {
      activeTab: "bench",
    });
    assert.equal(parsePageState({ tab: "run" }), undefined);
    assert.equal(parsePageState(undefined), undefined);
    assert.ok(isTabId("run") && !isTabId("Run"));
  });
});

describe("metrics webview HTML", () => {
  const options = {
    cspSource: "https://file+.vscode-resource.vscode-cdn.net",
    nonce: "q3Xz9bYk2LmN8pQrStUv0w==",
    scriptUri: "https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js",
    styleUri: "https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.css",
  };

  it("has a strict CSP: nonce for scripts, nothing inline without it, nothing remote", () => {
    const csp = contentSecurityPolicy(options.cspSource, options.nonce);
    assert.equal(
      csp,
      "default-src 'none'; " +
        `img-src ${options.cspSource} data:; ` +
        `style-src ${options.cspSource} 'nonce-${options.nonce}'; ` +
        `script-src 'nonce-${options.nonce}'; ` +
        `font-src ${options.cspSource}`,
    );
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:\/\/(?!file\+)/);
    const html = renderWebviewHtml(options);
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${csp}" />`));
  });

  it("loads one script and one stylesheet, both with the nonce, and has no inline script or style", () => {
    const html = renderWebviewHtml(options);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, [`<script nonce="${options.nonce}" src="${options.scriptUri}">`]);
    assert.match(html, /<script [^>]*><\/script>/, "the script element is empty");
    const links = [...html.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(links, [
      `<link rel="stylesheet" nonce="${options.nonce}" href="${options.styleUri}" />`,
    ]);
    assert.doesNotMatch(html, /<style|style=/);
    for (const tab of TABS) assert.match(html, new RegExp(`id="panel-${tab}"`));
  });

  it("escapes what it writes into attributes and refuses a nonce that is not one", () => {
    const html = renderWebviewHtml({ ...options, scriptUri: 'x" onload="alert(1)' });
    assert.ok(html.includes('src="x&quot; onload=&quot;alert(1)"'));
    assert.throws(() => renderWebviewHtml({ ...options, nonce: "short" }), /nonce/);
    assert.throws(
      () => renderWebviewHtml({ ...options, nonce: "abc' 'unsafe-inline'xxxxxxx" }),
      /nonce/,
    );
  });
});
