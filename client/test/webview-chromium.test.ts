/**
 * The built metrics page (dist/webview/) in headless Chromium, with real run
 * records and a real benchmark report: every tab draws (counted on the
 * canvases and in the SVG), clicks post the right messages, the state
 * survives a reload, and the Content-Security-Policy blocks inline scripts.
 * Screenshots go to test-results/webview/.
 *
 * The page is served over loopback HTTP with the same HTML the extension
 * uses (`renderWebviewHtml`); a stub `acquireVsCodeApi` records what the page
 * posts and keeps its state in sessionStorage, as VS Code keeps it across a
 * reload of the webview.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { foundUndoneLine, incompleteLogsLine, undoRunAgainLine } from "@momoflow/record";
import { formatTime } from "@momoflow/units";
import { stepLogFile } from "../src/metrics/step-log-file";
import {
  cliGraphLoader,
  gatherMetrics,
  parseGraphJson,
  toRunView,
} from "../src/webview/metrics-data";
import {
  dataMessage,
  type DataMessage,
  type PageToHostMessage,
  type RunView,
} from "../src/webview/protocol";
import { renderWebviewHtml } from "../src/webview/webview-html";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../test-vscode/support/tools";
import {
  cli,
  CLI,
  makeMetricsWorkspace,
  REPO,
  type MetricsWorkspace,
} from "./helpers/metrics-workspace";

/*
 * The functions passed to page.evaluate run in Chromium. The project's Node
 * code is typed without the DOM library, so the few page globals they use
 * are declared here, for this file only.
 */
interface PageElement {
  classList: { add(name: string): void };
  style: { setProperty(name: string, value: string): void };
  append(node: PageElement): void;
  textContent: string | null;
}
/** One label a chart drew on an axis: its text and its left and right edges. */
interface AxisLabel {
  axis: string;
  text: string;
  left: number;
  right: number;
}
interface PageCanvas {
  width: number;
  height: number;
  getContext(kind: "2d"): {
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  } | null;
}
declare const document: {
  body: PageElement;
  documentElement: PageElement;
  createElement(tag: string): PageElement;
};
declare const window: {
  __posted: PageToHostMessage[];
  __violations: Recorded["violations"];
  __acquired: number;
  __injected?: boolean;
  __inlineRan?: boolean;
  innerWidth: number;
  postMessage(message: unknown, targetOrigin: string): void;
};
/** The page's next frame (the tests wait for layouts with it). */
declare function requestAnimationFrame(callback: () => void): number;
/** The page's root element, for its scroll width. */
interface PageRoot {
  scrollWidth: number;
  clientWidth: number;
}
declare function getComputedStyle(element: unknown): { stroke: string; backgroundColor: string };

/**
 * Where the table `selector` ends against its card, and how wide the page is
 * against its window: a table that fits ends within its card and widens no page.
 */
function tableFit(
  page: Page,
  selector: string,
): Promise<{ table: number; card: number; page: number; window: number }> {
  return page.$eval(selector, (table) => {
    type Box = { getBoundingClientRect(): { right: number } };
    const t = table as unknown as Box & { closest(selector: string): Box };
    const root = document.documentElement as unknown as PageRoot;
    return {
      table: Math.round(t.getBoundingClientRect().right),
      card: Math.round(t.closest(".card").getBoundingClientRect().right),
      page: root.scrollWidth,
      window: root.clientWidth,
    };
  });
}

const CHROMIUM = CHROMIUM_PATH;
/**
 * Calls of three undo kinds: one whose step a rollback undoes, one whose
 * step changes nothing, one with an irreversible step; the last step fails,
 * so the run is rolled back.
 */
const SHIP_WORKFLOWS = `workflow release {
  step bump {
    run: "echo 2 > version.txt"
    rollback: "rm -f version.txt"
  }
}

workflow announce_all {
  step note {
    run: log(message: "released")
  }
}

workflow upload_all {
  step stage {
    run: "echo staged > staged.txt"
    rollback: "rm -f staged.txt"
  }
  step upload {
    needs: [stage]
    run: "echo uploaded"
  }
}

workflow ship {
  step release {
    run: workflow release()
  }
  step notes {
    needs: [release]
    run: workflow announce_all()
  }
  step publish {
    needs: [notes]
    run: workflow upload_all()
  }
  step fail_now {
    needs: [publish]
    run: "exit 1"
  }
}
`;

const PAGE_DIR = join(REPO, "dist", "webview");
const SHOTS = join(REPO, "test-results", "webview");

/** A step error as long as real ones get (a command, then a path): what must stay in its card in a narrow panel. */
const LONG_ERROR =
  `shell command "echo checking... && sleep 0.5 && echo 'verify failed: 3 rows…" exited with code 3: ` +
  "cannot open /tmp/momoflow-run-20261205-190427-788-migrate-2f3f3b/db/orders/2026-12-05.csv";

/** `data` with {@link LONG_ERROR} as the error of each of its run's steps that failed. */
function withLongError(data: DataMessage): DataMessage {
  const run = data.run!;
  return {
    ...data,
    run: { ...run, steps: run.steps.map((s) => (s.error ? { ...s, error: LONG_ERROR } : s)) },
  };
}

const available = existsSync(CHROMIUM);
const suite = available ? describe : describe.skip;

/** What the stub VS Code API and the CSP listener recorded in the page. */
interface Recorded {
  posted: PageToHostMessage[];
  violations: { directive: string; blocked: string }[];
  acquired: number;
}

/** Installed before the page's own script: the stub API, and a CSP violation listener. */
const STUB = `
  window.__posted = [];
  window.__violations = [];
  window.__acquired = 0;
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__violations.push({ directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI });
  });
  window.acquireVsCodeApi = () => {
    window.__acquired++;
    if (window.__acquired > 1) throw new Error("acquireVsCodeApi may be called only once");
    return {
      postMessage: (message) => window.__posted.push(JSON.parse(JSON.stringify(message))),
      getState: () => {
        const saved = sessionStorage.getItem("vscode-state");
        return saved === null ? undefined : JSON.parse(saved);
      },
      setState: (state) => sessionStorage.setItem("vscode-state", JSON.stringify(state)),
    };
  };
`;

/** A few of VS Code's theme variables (Dark Modern), set on <html> as VS Code sets them. */
const THEME: Record<string, string> = {
  "--vscode-font-family": "system-ui, 'Ubuntu', 'Droid Sans', sans-serif",
  "--vscode-font-size": "13px",
  "--vscode-editor-background": "#1f1f1f",
  "--vscode-editor-foreground": "#cccccc",
  "--vscode-descriptionForeground": "#9d9d9d",
  "--vscode-sideBar-background": "#181818",
  "--vscode-panel-border": "#2b2b2b",
  "--vscode-focusBorder": "#0078d4",
  "--vscode-charts-green": "#89d185",
  "--vscode-charts-red": "#f14c4c",
  "--vscode-charts-yellow": "#cca700",
  "--vscode-charts-orange": "#d18616",
  "--vscode-charts-blue": "#3794ff",
  "--vscode-charts-purple": "#b180d7",
  "--vscode-button-background": "#0078d4",
  "--vscode-button-foreground": "#ffffff",
};

/** The same variables in a light theme (Light Modern). */
const LIGHT_THEME: Record<string, string> = {
  "--vscode-editor-background": "#ffffff",
  "--vscode-editor-foreground": "#3b3b3b",
  "--vscode-descriptionForeground": "#3b3b3b",
  "--vscode-sideBar-background": "#f8f8f8",
  "--vscode-panel-border": "#e5e5e5",
  "--vscode-charts-green": "#388a34",
  "--vscode-charts-red": "#e51400",
  "--vscode-charts-yellow": "#bf8803",
  "--vscode-charts-orange": "#d18616",
  "--vscode-charts-blue": "#1a85ff",
  "--vscode-charts-purple": "#652d90",
};

suite(
  available
    ? "metrics page in headless Chromium"
    : `metrics page in headless Chromium (skipped: ${CHROMIUM} is missing; install it with "apt-get install -y chromium")`,
  function () {
    this.timeout(60_000);

    let workspace: MetricsWorkspace;
    let data: DataMessage;
    /** release_notes: steps of all three undo kinds. */
    let releaseData: DataMessage;
    let server: Server;
    let origin: string;
    let browser: Browser;
    let page: Page;
    let pageErrors: string[] = [];

    before(async function () {
      if (!existsSync(join(PAGE_DIR, "main.js")) || !existsSync(join(PAGE_DIR, "main.css"))) {
        throw new Error(`${PAGE_DIR} has no built page: run "npm run build" first`);
      }
      workspace = await makeMetricsWorkspace();
      const snapshot = await gatherMetrics(
        { root: workspace.root, source: workspace.source },
        cliGraphLoader({ runtime: { command: process.execPath, env: {} }, cliPath: CLI }),
      );
      data = dataMessage(snapshot, "run");
      releaseData = dataMessage(
        await gatherMetrics(
          { root: workspace.root, source: workspace.releaseSource },
          cliGraphLoader({ runtime: { command: process.execPath, env: {} }, cliPath: CLI }),
        ),
        "run",
      );
      ({ server, origin } = await serve());
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [...CHROMIUM_ARGS],
      });
      mkdirSync(SHOTS, { recursive: true });
    });

    after(async function () {
      await browser?.close();
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      workspace?.cleanup();
    });

    beforeEach(async function () {
      page = await browser.newPage({ viewport: { width: 1100, height: 820 } });
      pageErrors = [];
      page.on("pageerror", (error) => pageErrors.push(error.message));
      await page.addInitScript(STUB);
    });

    afterEach(async function () {
      await page?.close();
      assert.deepEqual(pageErrors, [], "no uncaught error in the page");
    });

    /** Opens the page, applies the theme, waits for `ready` and (unless told not to) posts the data. */
    async function open(path = "/", message: unknown = data): Promise<void> {
      await page.goto(origin + path);
      await page.evaluate((vars) => {
        document.body.classList.add("vscode-dark");
        for (const [name, value] of Object.entries(vars)) {
          document.documentElement.style.setProperty(name, value);
        }
      }, THEME);
      await page.waitForFunction(() => window.__posted.some((m) => m.type === "ready"));
      if (message !== null) await post(message);
    }

    async function post(message: unknown): Promise<void> {
      await page.evaluate((m) => window.postMessage(m, "*"), message);
    }

    async function recorded(): Promise<Recorded> {
      return page.evaluate(() => ({
        posted: window.__posted,
        violations: window.__violations,
        acquired: window.__acquired,
      }));
    }

    async function showTab(tab: string): Promise<void> {
      await page.click(`#tab-${tab}`);
      await page.waitForSelector(`#panel-${tab}[data-rendered]`);
    }

    /** Where the chart drew its axes' labels (`data-axis-labels`, see charts.ts), in canvas pixels. */
    async function axisLabels(chart: string): Promise<AxisLabel[]> {
      const json = await page.getAttribute(`canvas[data-chart="${chart}"]`, "data-axis-labels");
      assert.ok(json, `the ${chart} chart records its axis labels`);
      return JSON.parse(json) as AxisLabel[];
    }

    async function elements(chart: string): Promise<string | null> {
      return page.getAttribute(`canvas[data-chart="${chart}"]`, "data-elements");
    }

    /** Pixels of the chart's canvas that are not transparent: Chart.js really drew. */
    async function paintedPixels(chart: string): Promise<number> {
      return page.$eval(`canvas[data-chart="${chart}"]`, (canvas) => {
        const c = canvas as unknown as PageCanvas;
        const pixels = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
        return painted;
      });
    }

    async function screenshot(name: string): Promise<void> {
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    }

    /**
     * Waits until the window is `width` pixels wide and the page has been laid
     * out and painted at that width: two animation frames after the resize
     * (observers and the charts' own resize run in the first), polled, not slept.
     */
    async function settledLayout(width: number): Promise<void> {
      await page.waitForFunction((w) => window.innerWidth === w, width);
      await page.evaluate(
        () =>
          new Promise<void>((resolve) =>
            requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
          ),
      );
    }

    /**
     * {@link tableFit} of `selector` once the table ends within its card and the
     * page within its window (polled for up to 10 s: a reflow may take a few
     * frames on a loaded machine); the last measure when it never did.
     */
    async function fitWithin(
      selector: string,
    ): Promise<{ table: number; card: number; page: number; window: number }> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const fit = await tableFit(page, selector);
        if ((fit.table <= fit.card && fit.page <= fit.window) || Date.now() > deadline) return fit;
        await page.evaluate(
          () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())),
        );
      }
    }

    it("draws a lane per worker for a run on workers, and none for a run on one machine", async function () {
      await open();
      await page.waitForSelector("#panel-run[data-rendered]");
      assert.equal(await page.locator('canvas[data-chart="workers"]').count(), 0);
      const run = data.run!;
      // The record names each step's worker (engine/test/distributed); here the page draws them.
      const onWorkers = {
        ...run,
        steps: run.steps.map((s, i) => ({ ...s, worker: i === 0 ? "build-1" : "build-2" })),
      };
      await post({ ...data, run: onWorkers });
      await page.waitForSelector('canvas[data-chart="workers"]');
      assert.equal(
        await page.getAttribute('canvas[data-chart="workers"]', "aria-label"),
        `Steps of run ${run.runId} by worker: 2 workers (build-1, build-2)`,
      );
      assert.ok((await paintedPixels("workers")) > 300, "the lanes are drawn");
      assert.deepEqual((await recorded()).violations, []);
    });

    it("draws the Run tab: one bar per step of the last run, its status and id", async function () {
      await open();
      await page.waitForSelector("#panel-run[data-rendered]");
      const run = data.run!;
      assert.equal(run.steps.length, 3);
      assert.equal(await elements("timeline"), "3");
      assert.ok((await paintedPixels("timeline")) > 500, "the timeline canvas is drawn");
      assert.equal(await page.locator("#panel-run table.steps tbody tr").count(), 3);
      assert.equal(await page.getAttribute("#panel-run .summary", "data-run-id"), run.runId);
      assert.equal(await page.textContent("#panel-run .summary .badge"), "rolled back");
      const rows = await page.locator("#panel-run table.steps tbody tr").allTextContents();
      assert.match(rows[0]!, /^build.*rolled back/);
      assert.match(rows[1]!, /^publish.*failed.*is a file, not a folder/);
      assert.match(rows[1]!, /\+[\d.]+ [KM]?B heap/, "an in-process step's figure says it is heap");
      assert.match(rows[2]!, /^announce.*not run/);
      assert.deepEqual(await page.locator("#panel-run table.steps .undo").allTextContents(), [
        "reversible",
        "reversible",
        "irreversible",
      ]);
      assert.deepEqual(await page.locator("#panel-run table.steps thead th").allTextContents(), [
        "Step",
        "Status",
        "Tries",
        "Start",
        "Duration",
        "Memory",
        "Rollback",
        "Error",
        "Log",
      ]);
      assert.match((await page.textContent("#title"))!, /publish_site/);
      // The version publish-site.momoflow declares.
      assert.equal(
        await page.locator("#panel-run .facts dd").first().textContent(),
        "publish_site 1.2.0",
      );
      await screenshot("run");
      assert.deepEqual((await recorded()).violations, [], "the page itself breaks no CSP rule");
    });

    it("keeps the Steps table in its card in a narrow panel (editor split in two) when a step's error is long", async function () {
      // A metrics panel beside the editor is about 770 pixels wide.
      await page.setViewportSize({ width: 770, height: 820 });
      await open("/", withLongError(data));
      await page.waitForSelector("#panel-run[data-rendered]");
      const fit = await tableFit(page, "#panel-run table.steps");
      await screenshot("run-narrow-long-error");
      assert.ok(fit.table <= fit.card, `the table ends at ${fit.table}, its card at ${fit.card}`);
      assert.ok(fit.page <= fit.window, `the page is ${fit.page} wide in a ${fit.window} window`);
      // The Log column is in view, its button can be clicked where it is.
      const log = page.locator("#panel-run table.steps .open-log").first();
      if ((await log.count()) > 0) {
        const box = (await log.boundingBox())!;
        assert.ok(box.x + box.width <= 770, `Open log ends at ${box.x + box.width}`);
      }
      // The full error is still there, on hover.
      assert.equal(
        await page.getAttribute("#panel-run table.steps .error-text", "title"),
        LONG_ERROR,
      );
    });

    it("reflows when the panel is narrowed after it was drawn wide: every table stays in its card, the page in its window", async function () {
      // Drawn in a wide panel (1,100 pixels, the page's viewport in this suite)...
      await open("/", withLongError(data));
      for (const tab of ["run", "history"]) {
        await showTab(tab);
        await page.setViewportSize({ width: 1100, height: 820 });
        await settledLayout(1100);
        const selector = tab === "run" ? "#panel-run table.steps" : "#panel-history table.history";
        const wide = await tableFit(page, selector);
        assert.ok(wide.card > 770, `${tab}: drawn wide first (its card ends at ${wide.card})`);
        // ...then the panel is narrowed to one beside the editor. Measured right
        // away, the History chart's canvas (resized by Chart.js's own observer, a
        // frame later) still held the page at 1,063 pixels: CI's flake.
        await page.setViewportSize({ width: 770, height: 820 });
        await settledLayout(770);
        const fit = await fitWithin(selector);
        await screenshot(`${tab}-resized-narrow`);
        assert.ok(
          fit.table <= fit.card,
          `${tab}: the table ends at ${fit.table}, its card at ${fit.card}`,
        );
        assert.ok(
          fit.page <= fit.window,
          `${tab}: the page is ${fit.page} wide in a ${fit.window} window`,
        );
      }
    });

    it("keeps the timeline's labels readable in a panel beside the editor: no tick label over another, no step name cut off", async function () {
      const run = data.run!;
      // The durations of a real run of half a second, and a called step's long name.
      const long = "release/announce_the_release_of_this_region_to_everyone";
      const steps = run.steps.map((s, i) => ({
        ...s,
        id: i === 1 ? long : s.id,
        startMs: i * 180,
        endMs: i * 180 + 150,
        durationMs: 150,
      }));
      // A panel beside the editor, and one beside the editor and a side bar.
      for (const width of [770, 480]) {
        await page.setViewportSize({ width, height: 820 });
        await open("/", { ...data, run: { ...run, durationMs: 570, steps } });
        await page.waitForSelector("#panel-run[data-rendered]");
        const labels = await axisLabels("timeline");
        await screenshot(`run-timeline-labels-${width}`);
        const x = labels.filter((l) => l.axis === "x").sort((a, b) => a.left - b.left);
        assert.ok(x.length >= 2, `the time axis has labels: ${JSON.stringify(x)}`);
        for (let i = 1; i < x.length; i++) {
          assert.ok(
            x[i]!.left >= x[i - 1]!.right,
            `at ${width} pixels, "${x[i - 1]!.text}" (${x[i - 1]!.left}–${x[i - 1]!.right}) and "${x[i]!.text}" (${x[i]!.left}–${x[i]!.right}) overlap`,
          );
        }
        const y = labels.filter((l) => l.axis === "y");
        assert.equal(y.length, 3 * 2, "a name and its figures per row");
        for (const label of y) {
          assert.ok(
            label.left >= 0,
            `at ${width} pixels, "${label.text}" starts at ${label.left}, outside the canvas`,
          );
        }
        // The name that does not fit is shortened, keeping its start and end; the tooltip has it whole.
        const name = y.find((l) => l.text.startsWith("release/"))!;
        assert.match(name.text, /^release\/.*….*everyone$/);
      }
    });

    it("says under a skipped step's status why it was skipped, as the record says it", async function () {
      const run = data.run!;
      const reason = 'when: env.TARGET == "prod" is false';
      const steps = run.steps.map((s, i) =>
        i === 2 ? { ...s, status: "skipped" as const, attempts: 0, reason } : s,
      );
      await open("/", { ...data, run: { ...run, steps } });
      await page.waitForSelector("#panel-run[data-rendered]");
      assert.deepEqual(await page.locator("#panel-run table.steps .reason").allTextContents(), [
        reason,
      ]);
      const row = (await page.locator("#panel-run table.steps tbody tr").allTextContents())[2]!;
      assert.match(row, /^announce.*skipped.*when: env\.TARGET == "prod" is false/);
      await screenshot("run-skip-reason");
    });

    it("keeps the Steps table in its card in a still narrower panel (a side bar open too), scrolling it sideways there", async function () {
      await page.setViewportSize({ width: 620, height: 820 });
      const run = data.run!;
      // A called workflow's steps have long ids, that do not wrap.
      const steps = run.steps.map((s, i) => ({ ...s, id: `announce_release/${s.id}_step_${i}` }));
      await open("/", { ...data, run: { ...run, steps } });
      await page.waitForSelector("#panel-run[data-rendered]");
      const fit = await page.$eval("#panel-run table.steps", (table) => {
        type Box = { getBoundingClientRect(): { right: number }; scrollWidth: number };
        const t = table as unknown as Box & { closest(selector: string): Box & PageRoot };
        const card = t.closest(".card");
        const root = document.documentElement as unknown as PageRoot;
        return {
          card: { scroll: card.scrollWidth, client: card.clientWidth },
          page: root.scrollWidth,
          window: root.clientWidth,
        };
      });
      await screenshot("run-narrower");
      assert.ok(
        fit.card.scroll <= fit.card.client,
        `the card holds ${fit.card.scroll} pixels in ${fit.card.client}`,
      );
      assert.ok(fit.page <= fit.window, `the page is ${fit.page} wide in a ${fit.window} window`);
    });

    it("keeps every tab's name in view and no page wider than its window in a panel 280 pixels wide (a third editor column)", async function () {
      await page.setViewportSize({ width: 280, height: 820 });
      await open();
      for (const tab of ["run", "history", "graph", "bench"]) {
        await showTab(tab);
        await settledLayout(280);
        const fit = await page.evaluate(() => {
          type Box = { getBoundingClientRect(): { right: number }; id: string };
          const root = document.documentElement as unknown as PageRoot & {
            querySelectorAll(selector: string): Iterable<Box>;
          };
          return {
            tabs: [...root.querySelectorAll(".tab")].map((t) => ({
              id: t.id,
              right: Math.round(t.getBoundingClientRect().right),
            })),
            page: root.scrollWidth,
            window: root.clientWidth,
          };
        });
        await screenshot(`${tab}-280`);
        for (const t of fit.tabs)
          assert.ok(t.right <= fit.window, `${t.id} ends at ${t.right} in a ${fit.window} window`);
        assert.ok(
          fit.page <= fit.window,
          `${tab}: the page is ${fit.page} wide in a ${fit.window} window`,
        );
      }
    });

    it("offers Open log on the rows of steps that printed, and posts openLog for that run and step", async function () {
      await open("/", releaseData);
      await page.waitForSelector("#panel-run[data-rendered]");
      const run = releaseData.run!;
      // release-notes.momoflow declares no version: none is shown (not the record's default 1.0.0).
      assert.equal(
        await page.locator("#panel-run .facts dd").first().textContent(),
        "release_notes",
      );
      const withLog = run.steps.filter((s) => s.hasLog).map((s) => s.id);
      assert.ok(withLog.length > 0, "the release notes run has a step that printed (its log step)");
      const buttons = page.locator("#panel-run table.steps .open-log");
      assert.deepEqual(
        await buttons.evaluateAll((els) => els.map((e) => e.getAttribute("data-step"))),
        withLog,
      );
      const step = withLog[0]!;
      await page.click(`#panel-run table.steps .open-log[data-step="${step}"]`);
      assert.deepEqual((await recorded()).posted.at(-1), {
        type: "openLog",
        runId: run.runId,
        step,
      });
      // The step's log is really in the run record, where the host looks for it.
      const file = stepLogFile(join(workspace.root, ".momoflow", "runs", run.runId), step);
      assert.ok(file && readFileSync(file, "utf8").length > 0, `${step} has a log`);
      assert.deepEqual((await recorded()).violations, [], "no CSP violation");
    });

    it("draws the History tab: a bar and a row per run, and tells the host the tab", async function () {
      await open();
      await showTab("history");
      assert.equal(data.history.length, workspace.runs.length);
      assert.equal(await elements("history"), String(workspace.runs.length));
      assert.ok((await paintedPixels("history")) > 500);
      const rows = page.locator("#panel-history table.history tbody tr");
      assert.equal(await rows.count(), workspace.runs.length);
      // Newest first.
      const statuses = await rows.locator(".badge").allTextContents();
      assert.deepEqual(
        statuses,
        [...workspace.runs].reverse().map((r) => r.status.replace(/_/g, " ")),
      );
      const { posted, violations } = await recorded();
      assert.deepEqual(posted.at(-1), { type: "selectTab", tab: "history" });
      await screenshot("history");
      assert.deepEqual(violations, []);
    });

    it("gives the median of an even number of runs as the mean of the two middle ones, not the faster", async function () {
      const [first, second] = data.history.filter((r) => r.durationMs !== undefined);
      assert.ok(first && second, "the workspace has two finished runs");
      const history = [
        { ...first, durationMs: 1000 },
        { ...second, durationMs: 3000 },
      ];
      await open("/", { ...data, activeTab: "history", history });
      await page.waitForSelector("#panel-history[data-rendered]");
      assert.equal(
        await page.locator("#panel-history .note").first().textContent(),
        "Median 2.00 s, fastest 1.00 s, slowest 3.00 s.",
      );
    });

    it("says in the Run tab that the newest run is still running, above the last finished run it shows", async function () {
      const run = data.run!;
      const running = {
        runId: "20261208-024550-739-x-6891ed",
        startTime: run.startTime + 60_000,
        status: "running" as const,
      };
      await open("/", { ...data, history: [...data.history, running] });
      await page.waitForSelector("#panel-run[data-rendered]");
      assert.equal(
        await page.locator("#panel-run .unfinished-run").textContent(),
        `Run ${running.runId}, started ${formatTime(running.startTime)}, is still running: its figures are shown here once it ends. Below: the last finished run, ${run.runId}.`,
      );
      assert.equal(await page.getAttribute("#panel-run .summary", "data-run-id"), run.runId);
      await screenshot("run-while-running");
    });

    it("says in the Run tab that the newest run was killed, when no run of the workflow finished", async function () {
      const killed = {
        runId: "20261208-024912-144-slow-e1bf70",
        startTime: data.run!.startTime,
        status: "killed" as const,
      };
      await open("/", { ...data, run: null, history: [killed] });
      await page.waitForSelector("#panel-run[data-rendered]");
      assert.equal(
        await page.locator("#panel-run .unfinished-run").textContent(),
        `Run ${killed.runId}, started ${formatTime(killed.startTime)}, was killed: it recorded no end, so it has no figures, and its steps may be half-done (↶ Rollback undoes them, ↻ Resume goes on with it).`,
      );
      assert.equal(await page.locator("#panel-run .summary").count(), 0);
    });

    it("draws no duration chart when no run has a duration (one killed run), and says why", async function () {
      const killed = {
        runId: "20261208-024912-144-slow-e1bf70",
        startTime: data.run!.startTime,
        status: "killed" as const,
      };
      await open("/", { ...data, activeTab: "history", history: [killed] });
      await page.waitForSelector("#panel-history[data-rendered]");
      assert.equal(await page.locator('canvas[data-chart="history"]').count(), 0);
      assert.equal(
        await page.locator("#panel-history .no-durations").textContent(),
        "No run here has a recorded duration (one still running, killed or damaged has none): durations appear once a run ends.",
      );
      assert.equal(await page.locator("#panel-history table.history tbody tr").count(), 1);
    });

    it("tells a run whose result.json is damaged (naming the file) from a killed one (its journal only, with no end) in the History tab", async function () {
      // The two newest runs' records, changed for this test and put back after it.
      const [killed, damaged] = data.history
        .slice(-2)
        .map((r) => join(workspace.root, ".momoflow", "runs", r.runId, "result.json"));
      const damagedText = readFileSync(damaged!, "utf8");
      // Killed: no result.json, and no end in its journal (its process is long gone).
      const journal = join(dirname(killed!), "journal.jsonl");
      const journalText = readFileSync(journal, "utf8");
      let history: DataMessage;
      try {
        renameSync(killed!, `${killed}.away`);
        writeFileSync(journal, journalText.replace(/[^\n]*"type":"run_finished"[^\n]*\n/, ""));
        writeFileSync(damaged!, JSON.stringify({ ...JSON.parse(damagedText), steps: "none" }));
        history = dataMessage(
          await gatherMetrics({ root: workspace.root, source: workspace.source }),
          "history",
        );
      } finally {
        renameSync(`${killed}.away`, killed!);
        writeFileSync(journal, journalText);
        writeFileSync(damaged!, damagedText);
      }
      await open("/", history);
      await page.waitForSelector("#panel-history[data-rendered]");
      const rows = page.locator("#panel-history table.history tbody tr");
      // Newest first: the damaged run, then the killed one.
      assert.deepEqual(await rows.nth(0).locator(".badge").allTextContents(), ["damaged"]);
      assert.equal(
        await rows.nth(0).locator(".damaged").textContent(),
        `${damaged} is damaged: its steps are not a list`,
      );
      assert.deepEqual(await rows.nth(1).locator(".badge").allTextContents(), ["killed"]);
      assert.equal(await rows.nth(1).locator(".damaged").count(), 0);
      const legend = await page.locator("#panel-history .legend .badge").allTextContents();
      assert.ok(legend.includes("damaged") && legend.includes("killed"), legend.join());
    });

    it("says under a run's status in the History tab the undos its rollbacks ran again, in the CLI's words", async function () {
      const newest = data.history.at(-1)!;
      const lines = [
        undoRunAgainLine({
          stepId: "publish",
          by: "run",
          startedAt: new Date(newest.startTime).toISOString(),
          how: "given_up",
        }),
        undoRunAgainLine({
          stepId: "build",
          by: "rollback",
          startedAt: new Date(newest.startTime + 60_000).toISOString(),
          how: "killed",
        }),
      ];
      const history = [...data.history.slice(0, -1), { ...newest, undosRunAgain: lines }];
      // In a panel beside the editor (about 770 pixels wide), as the page is drawn for it.
      await page.setViewportSize({ width: 770, height: 820 });
      await open("/", { ...data, history, activeTab: "history" });
      await page.waitForSelector("#panel-history[data-rendered]");
      const rows = page.locator("#panel-history table.history tbody tr");
      // Newest first: that run's row says both, in order; no other row says any.
      assert.deepEqual(await rows.nth(0).locator(".undos-run-again li").allTextContents(), lines);
      assert.equal(await page.locator("#panel-history .undos-run-again").count(), 1);
      assert.match(lines[0]!, /^publish: its undo was given up by the run's rollback at /);
      // The long lines wrap inside the card: the table does not widen the page.
      const fit = await tableFit(page, "#panel-history table.history");
      await screenshot("history-undos-run-again-narrow");
      assert.ok(fit.table <= fit.card, `the table ends at ${fit.table}, its card at ${fit.card}`);
      assert.ok(fit.page <= fit.window, `the page is ${fit.page} wide in a ${fit.window} window`);
    });

    it("says under a run's status in the History tab the steps a rollback found undone already on their workers, in the CLI's words", async function () {
      const newest = data.history.at(-1)!;
      const lines = [
        foundUndoneLine({ stepId: "publish", on: ["w1"] }),
        foundUndoneLine({ stepId: "build", on: ["w1", "w2"] }),
      ];
      const history = [...data.history.slice(0, -1), { ...newest, foundUndone: lines }];
      await page.setViewportSize({ width: 770, height: 820 });
      await open("/", { ...data, history, activeTab: "history" });
      await page.waitForSelector("#panel-history[data-rendered]");
      const rows = page.locator("#panel-history table.history tbody tr");
      assert.deepEqual(await rows.nth(0).locator(".found-undone li").allTextContents(), lines);
      assert.equal(await page.locator("#panel-history .found-undone").count(), 1);
      assert.match(lines[1]!, /^build: on workers w1, w2 its journal shows it undone already/);
      const fit = await tableFit(page, "#panel-history table.history");
      await screenshot("history-found-undone-narrow");
      assert.ok(fit.table <= fit.card, `the table ends at ${fit.table}, its card at ${fit.card}`);
    });

    it("says which steps' logs a full disk cut short: in the Run tab's summary and step rows, and under the run's status in History", async function () {
      const run = data.run!;
      // One step whose log was cut short, and one that printed only after the logs stopped: no log.
      const [logged, silent] = run.steps;
      assert.ok(logged && silent, "the run has two steps");
      const cut = [logged.id, silent.id];
      const line = incompleteLogsLine(cut);
      const steps = run.steps.map((s) =>
        s === logged
          ? { ...s, hasLog: true, logIncomplete: true as const }
          : s === silent
            ? { ...s, hasLog: false, logIncomplete: true as const }
            : s,
      );
      const newest = data.history.at(-1)!;
      const history = [...data.history.slice(0, -1), { ...newest, incompleteLogs: line }];
      // In a panel beside the editor (about 770 pixels wide), as the page is drawn for it.
      await page.setViewportSize({ width: 770, height: 820 });
      await open("/", { ...data, run: { ...run, steps, incompleteLogs: line }, history });
      await page.waitForSelector("#panel-run[data-rendered]");
      // The CLI's line, as a sentence of the run's summary.
      assert.equal(
        await page.locator("#panel-run .summary .incomplete-logs").textContent(),
        line.charAt(0).toUpperCase() + line.slice(1),
      );
      assert.match(
        line,
        /^the logs of steps ".+", ".+" are incomplete: a write to the run's logs failed/,
      );
      // Each step named says it on its row; the one that printed still offers its log.
      const marks = await page
        .locator("#panel-run table.steps tbody tr")
        .evaluateAll((trs) =>
          (trs as unknown as { querySelector(s: string): PageElement | null }[])
            .filter((tr) => tr.querySelector(".log-incomplete") !== null)
            .map((tr) => [
              tr.querySelector("td")!.textContent,
              tr.querySelector(".open-log") !== null,
            ]),
        );
      assert.deepEqual(marks, [
        [logged.id, true],
        [silent.id, false],
      ]);
      await screenshot("run-incomplete-logs-narrow");
      const runFit = await fitWithin("#panel-run table.steps");
      assert.ok(runFit.page <= runFit.window, `the page is ${runFit.page} wide`);

      await showTab("history");
      const rows = page.locator("#panel-history table.history tbody tr");
      // Newest first: that run's row says it, in the CLI's words; no other row does.
      assert.equal(await rows.nth(0).locator(".incomplete-logs").textContent(), line);
      assert.equal(await page.locator("#panel-history .incomplete-logs").count(), 1);
      const fit = await fitWithin("#panel-history table.history");
      await screenshot("history-incomplete-logs-narrow");
      assert.ok(fit.table <= fit.card, `the table ends at ${fit.table}, its card at ${fit.card}`);
      assert.ok(fit.page <= fit.window, `the page is ${fit.page} wide in a ${fit.window} window`);
    });

    it("draws the Graph tab in layers; clicking a node posts revealStep for that step", async function () {
      await open();
      await showTab("graph");
      const graph = data.graph!;
      assert.equal(await page.locator("svg.graph .node").count(), graph.nodes.length);
      assert.equal(await page.locator("svg.graph .edge").count(), graph.edges.length);
      assert.equal(await page.getAttribute("svg.graph", "data-layers"), "3");
      // Colours from the last run, irreversible steps marked.
      assert.equal(
        await page.getAttribute('.node[data-step="build"]', "data-status"),
        "rolled_back",
      );
      assert.equal(await page.getAttribute('.node[data-step="publish"]', "data-status"), "failed");
      assert.equal(
        await page.getAttribute('.node[data-step="announce"]', "data-status"),
        "not_run",
      );
      assert.equal(await page.locator(".node.irreversible").count(), 1);
      assert.equal(
        await page.locator('.node.irreversible[data-step="announce"] .node-inner').count(),
        1,
      );
      assert.equal(await page.locator(".node.nothing-to-undo").count(), 0);
      assert.deepEqual(
        await page.locator("#panel-graph .legend-undo").allTextContents(),
        ["⚠ double border: irreversible"],
        "a legend entry only for the kinds the graph has",
      );
      // announce has a condition (`when: target == "production"`): a ◇ mark
      // beside its ⚠, the condition in its tooltip.
      assert.deepEqual(
        await page
          .locator(".node.conditional")
          .evaluateAll((gs) => gs.map((g) => g.getAttribute("data-step"))),
        ["announce"],
      );
      assert.equal(await page.textContent('.node[data-step="announce"] .node-when'), "◇");
      assert.equal(await page.textContent('.node[data-step="announce"] .node-mark'), "⚠");
      assert.match(
        (await page.textContent('.node[data-step="announce"] title'))!,
        /^announce\nwhen target == "production"\n/,
      );
      assert.match(
        (await page.getAttribute('.node[data-step="announce"]', "aria-label"))!,
        /, irreversible, when target == "production"\. Show in the editor$/,
      );
      const apart = await page.$eval('.node[data-step="announce"]', (g) => {
        const label = g.querySelector(".node-label")!.getBoundingClientRect();
        const when = g.querySelector(".node-when")!.getBoundingClientRect();
        const mark = g.querySelector(".node-mark")!.getBoundingClientRect();
        const box = g.querySelector(".node-box")!.getBoundingClientRect();
        return label.right <= when.left && when.right <= mark.left && mark.right <= box.right;
      });
      assert.ok(apart, "the label, ◇ and ⚠ side by side inside the box");
      assert.deepEqual(await page.locator("#panel-graph .legend-when").allTextContents(), [
        "◇ when: runs only if its condition holds",
      ]);
      const stroke = await page.$eval(
        '.node[data-step="publish"] .node-box',
        (el) => getComputedStyle(el).stroke,
      );
      assert.equal(stroke, "rgb(241, 76, 76)", "a failed step is drawn in the theme's red");

      await page.click('.node[data-step="publish"]');
      assert.deepEqual((await recorded()).posted.at(-1), {
        type: "revealStep",
        workflow: "publish_site",
        step: "publish",
      });
      await page.focus('.node[data-step="build"]');
      await page.keyboard.press("Enter");
      assert.deepEqual((await recorded()).posted.at(-1), {
        type: "revealStep",
        workflow: "publish_site",
        step: "build",
      });
      await screenshot("graph");
      assert.deepEqual((await recorded()).violations, []);
    });

    /**
     * A run of `instances` fan-out instances (`many[i]`) between a `seed` step
     * and a `done` step; `id` names them otherwise (distinct steps).
     */
    function bigRun(instances: number, id = (i: number) => `many[${i}]`): RunView {
      const metrics = (startTime: number) => ({
        startTime,
        endTime: startTime + 1,
        durationMs: 1,
        cpuUserMs: 0,
        cpuSystemMs: 0,
        peakMemoryBytes: 0,
      });
      const step = (id: string, start: number) => ({
        id,
        needs: [],
        reversible: false,
        status: "success" as const,
        attempts: 1,
        metrics: metrics(start),
      });
      return toRunView({
        v: 1,
        runId: "20261205-162219-478-big-46de96",
        workflow: { id: "big", name: "big", version: "1" },
        workdir: workspace.root,
        status: "success",
        metrics: { ...metrics(0), durationMs: instances + 2 },
        successRate: 1,
        rolledBackSteps: [],
        steps: [
          step("seed", 0),
          ...Array.from({ length: instances }, (_, i) => step(id(i), 1 + i)),
          step("done", instances + 1),
        ],
      });
    }

    it("draws the timeline of a run of 500 steps and more on a HiDPI screen (devicePixelRatio 2)", async function () {
      await page.close();
      page = await browser.newPage({
        viewport: { width: 1100, height: 820 },
        deviceScaleFactor: 2,
      });
      page.on("pageerror", (error) => pageErrors.push(error.message));
      await page.addInitScript(STUB);
      await open("/", { ...data, workflow: "big", run: bigRun(1000), history: [], graph: null });
      await page.waitForSelector("#panel-run[data-rendered]");
      // Chromium draws nothing on a canvas taller than 32,767 pixels.
      const drawn = await page.$eval('canvas[data-chart="timeline"]', (canvas) => {
        const c = canvas as unknown as PageCanvas;
        const top = c.getContext("2d")!.getImageData(0, 0, c.width, Math.min(c.height, 400)).data;
        let painted = 0;
        for (let i = 3; i < top.length; i += 4) if (top[i]! > 0) painted++;
        return { height: c.height, painted };
      });
      assert.ok(drawn.height <= 32_767, `the canvas is ${drawn.height} pixels tall`);
      assert.ok(drawn.painted > 500, `the timeline canvas is drawn (${drawn.painted} pixels)`);
    });

    /** How many elements the Run tab holds. */
    const runTabElements = (): Promise<number> => page.$$eval("#panel-run *", (all) => all.length);

    it("draws a 1,000-instance fan-out as one timeline row, and its steps a page at a time", async function () {
      await open("/", { ...data, workflow: "big", run: bigRun(1000), history: [], graph: null });
      await page.waitForSelector("#panel-run[data-rendered]");
      // seed and many ×499: the host sends the first 500 steps.
      assert.equal(await elements("timeline"), "2");
      const label = await page.getAttribute('canvas[data-chart="timeline"]', "aria-label");
      assert.match(label!, /500 steps/);
      const table = "#panel-run table.steps tbody tr";
      assert.equal(await page.locator(table).count(), 100);
      const more = page.locator("#panel-run .show-more");
      assert.equal(await more.textContent(), "Show 100 more of 400 steps not shown");
      const before = await runTabElements();
      assert.ok(before < 2_000, `the Run tab has ${before} elements`);
      await more.click();
      assert.equal(await page.locator(table).count(), 200);
      assert.equal(await more.textContent(), "Show 100 more of 300 steps not shown");
      for (let i = 0; i < 3; i++) await more.click();
      assert.equal(await page.locator(table).count(), 500);
      assert.equal(await more.count(), 0, "nothing more to show");
    });

    it("lists a fan-out's own step with its span and its instances' undo, not as a step of no try with nothing to undo", async function () {
      const run = bigRun(3);
      const instances = run.steps
        .filter((s) => s.id.startsWith("many["))
        .map((s) => ({ ...s, reversible: true, durationMs: 1000, endMs: s.startMs + 1000 }));
      // The fan-out's own record, as the engine writes it: no attempt, spanning its instances.
      const record: RunView["steps"][number] = {
        id: "many",
        needs: [],
        reversible: false,
        effectFree: true,
        status: "success",
        attempts: 0,
        startMs: 1,
        endMs: 1003,
        durationMs: 1002,
      };
      const steps = [run.steps[0]!, record, ...instances, run.steps.at(-1)!];
      await open("/", {
        ...data,
        workflow: "big",
        run: { ...run, steps },
        history: [],
        graph: null,
      });
      await page.waitForSelector("#panel-run[data-rendered]");
      // seed, many ×3 and done: the fan-out is one row.
      assert.equal(await elements("timeline"), "3");
      const cells = await page
        .locator("#panel-run table.steps tbody tr", { hasText: /^many(?!\[)/ })
        .first()
        .locator("td")
        .allTextContents();
      assert.deepEqual(cells.slice(0, 7), [
        "many",
        "success",
        "—",
        "+1.0 ms",
        "1.00 s",
        "—",
        "reversible",
      ]);
    });

    it("draws the first rows of a run of 1,000 distinct steps on the timeline, and says how many more", async function () {
      const run = bigRun(1000, (i) => `step_${i}`);
      await open("/", { ...data, workflow: "big", run, history: [], graph: null });
      await page.waitForSelector("#panel-run[data-rendered]");
      assert.equal(await elements("timeline"), "50");
      assert.equal(
        await page.textContent("#panel-run .timeline-more"),
        "450 more rows (450 steps) are not on the timeline; the Steps table lists them.",
      );
      const height = await page.$eval('canvas[data-chart="timeline"]', (c) => c.clientHeight);
      assert.ok(height <= 50 * 40 + 56, `the timeline is ${height} pixels tall`);
      const count = await runTabElements();
      assert.ok(count < 2_000, `the Run tab has ${count} elements`);
    });

    it("colours the graph of a run larger than the timeline from all its steps, not the first 500", async function () {
      const instances = 1000;
      const run = bigRun(instances);
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } };
      const graph = {
        workflow: "big",
        file: workspace.source,
        nodes: ["seed", "many", "done"].map((id) => ({ id, reversible: false, range })),
        edges: [
          { from: "seed", to: "many" },
          { from: "many", to: "done" },
        ],
      };
      await open("/", { ...data, workflow: "big", run, history: [], graph, activeTab: "graph" });
      await page.waitForSelector("#panel-graph[data-rendered]");
      assert.equal(await page.getAttribute('.node[data-step="done"]', "data-status"), "success");
      assert.equal(
        await page.locator('.node[data-step="many"] .node-sub').textContent(),
        `${instances} success`,
      );
    });

    it("counts the graph's steps and dependencies in words that agree with the count: 1 step, 1 dependency", async function () {
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } };
      const node = (id: string) => ({ id, reversible: true, range });
      const heading = async (graph: object): Promise<string | null> => {
        await open("/", {
          ...data,
          workflow: "small",
          run: null,
          history: [],
          graph,
          activeTab: "graph",
        });
        await page.waitForSelector("#panel-graph[data-rendered]");
        return page.locator("#panel-graph h2").first().textContent();
      };
      const base = { workflow: "small", file: workspace.source };
      assert.equal(
        await heading({ ...base, nodes: [node("only")], edges: [] }),
        "small: 1 step, 0 dependencies",
      );
      assert.equal(
        await heading({ ...base, nodes: [node("a"), node("b")], edges: [{ from: "a", to: "b" }] }),
        "small: 2 steps, 1 dependency",
      );
    });

    it("draws a fan-out step as a stack labelled with its instances, and a call with the workflow it calls", async function () {
      const run = bigRun(3);
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } };
      const graph = parseGraphJson(
        JSON.stringify({
          workflow: "big",
          file: workspace.source,
          nodes: [
            { id: "seed", reversible: false, range, calls: "prepare" },
            {
              id: "many",
              reversible: true,
              range,
              forEach: { item: "part", items: '["a", "b", "c"]', count: 3, maxParallel: 2 },
            },
            { id: "done", reversible: false, range, forEach: { item: "f", items: "files" } },
          ],
          edges: [
            { from: "seed", to: "many" },
            { from: "many", to: "done" },
          ],
        }),
      );
      await open("/", { ...data, workflow: "big", run, history: [], graph, activeTab: "graph" });
      await page.waitForSelector("#panel-graph[data-rendered]");
      const labels = await page.locator(".node .node-label").allTextContents();
      assert.deepEqual(labels, ["seed", "many ×3", "done"]);
      assert.equal(await page.locator(".node.fan-out .node-stack").count(), 2);
      assert.equal(await page.locator('.node[data-step="seed"].call').count(), 1);
      assert.equal(await page.locator('.node[data-step="seed"] .node-stack').count(), 0);
      assert.match(
        (await page.textContent('.node[data-step="many"] title'))!,
        /^many ×3\nfor_each part in \["a", "b", "c"\], max_parallel 2\n/,
      );
      assert.match(
        (await page.textContent('.node[data-step="seed"] title'))!,
        /calls workflow prepare/,
      );
      // The stack is drawn inside the page: the box of the label still holds it whole.
      const fits = await page.$eval('.node[data-step="many"]', (g) => {
        const box = g.querySelector(".node-box")!.getBoundingClientRect();
        const label = g.querySelector(".node-label")!.getBoundingClientRect();
        return label.right <= box.right && label.left >= box.left;
      });
      assert.ok(fits, "the label fits its box");
      await screenshot("graph-fan-out-call");
      assert.deepEqual((await recorded()).violations, []);
    });

    it("says what a rollback does to a step that calls a workflow by the steps it calls, in the Run tab", async function () {
      const root = mkdtempSync(join(tmpdir(), "momoflow-call-undo-"));
      try {
        const source = join(root, "ship.momoflow");
        writeFileSync(source, SHIP_WORKFLOWS);
        assert.equal(cli(["run", source, "--workflow", "ship", "--workdir", root], root), 1);
        const loader = cliGraphLoader({
          runtime: { command: process.execPath, env: {} },
          cliPath: CLI,
        });
        const snapshot = await gatherMetrics({ root, source, workflow: "ship" }, loader);
        await open("/", dataMessage(snapshot, "run"));
        await page.waitForSelector("#panel-run[data-rendered]");
        const cells = await page
          .locator("#panel-run table.steps tbody tr .undo")
          .evaluateAll((found) =>
            found.map((cell) => {
              const c = cell as unknown as { textContent: string; title: string };
              return [c.textContent, c.title];
            }),
          );
        const ids = await page
          .locator("#panel-run table.steps tbody tr td:first-child")
          .allTextContents();
        assert.deepEqual(Object.fromEntries(ids.map((id, i) => [id, cells[i]])), {
          release: ["reversible", "a rollback undoes the steps it calls"],
          "release/bump": ["reversible", "a rollback undoes it"],
          notes: ["nothing to undo", "the steps it calls change nothing outside the run"],
          "notes/note": ["nothing to undo", "it changes nothing outside the run"],
          publish: ["irreversible", "a rollback leaves one of the steps it calls as it is"],
          "publish/stage": ["reversible", "a rollback undoes it"],
          "publish/upload": ["irreversible", "a rollback leaves it as it is"],
          fail_now: ["irreversible", "a rollback leaves it as it is"],
        });
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });

    it("tells steps with nothing to undo (a log, a rollback: none) from irreversible ones, in the Run and Graph tabs", async function () {
      await open("/", releaseData);
      await page.waitForSelector("#panel-run[data-rendered]");
      assert.equal(await page.textContent("#panel-run .summary .badge"), "rolled back");
      const undoCells = await page
        .locator("#panel-run table.steps tbody tr .undo")
        .evaluateAll((cells) =>
          cells.map((cell) => {
            const c = cell as unknown as { textContent: string; title: string };
            return [c.textContent, c.title];
          }),
        );
      const rowIds = await page
        .locator("#panel-run table.steps tbody tr td:first-child")
        .allTextContents();
      // announce and check_notes run side by side: their order is the clock's.
      assert.deepEqual(Object.fromEntries(rowIds.map((id, i) => [id, undoCells[i]])), {
        write_notes: ["reversible", "a rollback undoes it"],
        announce: ["nothing to undo", "it changes nothing outside the run"],
        check_notes: ["nothing to undo", "it changes nothing outside the run"],
        push: ["irreversible", "a rollback leaves it as it is"],
        tag: ["irreversible", "a rollback leaves it as it is"],
      });
      await screenshot("run-undo-kinds");

      await showTab("graph");
      const undoOf = async (step: string): Promise<string | null> =>
        page.getAttribute(`.node[data-step="${step}"]`, "data-undo");
      assert.deepEqual(
        await Promise.all(["write_notes", "announce", "check_notes", "push", "tag"].map(undoOf)),
        ["reversible", "nothing-to-undo", "nothing-to-undo", "irreversible", "irreversible"],
      );
      // Only irreversible steps get the double border and the ⚠ mark.
      assert.equal(await page.locator(".node .node-inner").count(), 2);
      assert.equal(await page.locator(".node.irreversible .node-inner").count(), 2);
      assert.equal(await page.locator(".node.nothing-to-undo .node-inner").count(), 0);
      assert.equal(await page.locator(".node.nothing-to-undo .node-mark").count(), 0);
      const dashes = async (step: string): Promise<string> =>
        page.$eval(
          `.node[data-step="${step}"] .node-box`,
          (el) => (getComputedStyle(el) as unknown as { strokeDasharray: string }).strokeDasharray,
        );
      assert.notEqual(await dashes("announce"), "none", "nothing to undo: a dashed border");
      assert.equal(await dashes("push"), "none");
      assert.equal(await dashes("write_notes"), "none");
      assert.match(
        (await page.getAttribute('.node[data-step="check_notes"]', "aria-label"))!,
        /^check_notes: success · .+, nothing to undo\. Show in the editor$/,
      );
      assert.match(
        (await page.getAttribute('.node[data-step="tag"]', "aria-label"))!,
        /^tag: not run, irreversible\. Show in the editor$/,
      );
      assert.match(
        (await page.textContent('.node[data-step="announce"] title'))!,
        /nothing to undo: it changes nothing outside the run/,
      );
      assert.doesNotMatch(
        (await page.textContent('.node[data-step="announce"] title'))!,
        /irreversible/,
      );
      assert.deepEqual(await page.locator("#panel-graph .legend-undo").allTextContents(), [
        "⚠ double border: irreversible",
        "dashed border: nothing to undo",
      ]);
      await screenshot("graph-undo-kinds");
      assert.deepEqual((await recorded()).violations, []);
    });

    it("draws the Benchmarks tab: scaling with its fit line, rollback, commands, ratios, language", async function () {
      await open();
      await showTab("bench");
      const bench = data.bench!;
      assert.equal(
        await elements("scaling"),
        `${bench.scaling.samples.length},${bench.scaling.medians.length},2`,
        "every sample, every median, and the two ends of the fit line",
      );
      assert.equal(bench.scaling.samples.length, bench.scaling.fit.n);
      const positions = bench.rollback.positions.length;
      assert.equal(positions, 3);
      assert.equal(await elements("rollback"), `${positions},${positions}`);
      assert.equal(await elements("commands"), String(bench.commands.operations.length));
      assert.equal(await elements("ratios"), String(bench.ratios.length));
      for (const chart of ["scaling", "rollback", "commands", "ratios"]) {
        assert.ok((await paintedPixels(chart)) > 500, `${chart} is drawn`);
      }
      assert.ok(bench.language, "the tiny report has the language category");
      assert.equal(
        await page.locator("#panel-bench table.language tbody tr").count(),
        bench.language.operations.length,
      );
      assert.match((await page.textContent("#panel-bench"))!, /Least squares over \d+ runs/);
      await screenshot("bench");

      await page.click("#run-benchmarks");
      assert.deepEqual((await recorded()).posted.at(-1), { type: "runBenchmarks" });
      assert.deepEqual((await recorded()).violations, []);
    });

    it("keeps its tab and data across a reload (setState/getState), then says ready again", async function () {
      await open();
      await showTab("graph");
      await page.reload();
      // No data posted after the reload: the page draws from its saved state.
      await page.waitForSelector("#panel-graph[data-rendered]");
      assert.equal(await page.getAttribute("#tab-graph", "aria-selected"), "true");
      assert.equal(await page.isHidden("#panel-run"), true);
      assert.equal(await page.locator("svg.graph .node").count(), data.graph!.nodes.length);
      const { posted, acquired } = await recorded();
      assert.deepEqual(posted, [{ type: "ready" }], "after a reload the page asks for fresh data");
      assert.equal(acquired, 1);
      // Fresh data from the host replace the saved ones, on the tab the host names.
      await post({ ...data, activeTab: "history" });
      await page.waitForSelector("#panel-history[data-rendered]");
      assert.equal(await page.getAttribute("#tab-history", "aria-selected"), "true");
    });

    it("shows empty tabs without records, and ignores messages that are not the protocol's", async function () {
      await open("/", {
        ...dataMessage(
          {
            workflow: null,
            run: null,
            history: [],
            graph: null,
            bench: null,
            problems: ["Runs: cannot be read"],
          },
          "run",
        ),
      });
      await page.waitForSelector("#panel-run[data-rendered]");
      assert.match((await page.textContent("#panel-run"))!, /No run yet/);
      assert.equal(await page.isVisible("#problems"), true);
      await post({ type: "data", run: "nonsense" });
      await post("hello");
      await showTab("bench");
      assert.match((await page.textContent("#panel-bench"))!, /No benchmark report yet/);
      assert.equal(await page.locator("#run-benchmarks").count(), 1);
      await screenshot("empty");
    });

    it("follows a theme change: redraws the charts with the new theme's colours", async function () {
      await open();
      await page.waitForSelector("#panel-run[data-rendered]");
      await page.$eval('canvas[data-chart="timeline"]', (canvas) => {
        (canvas as unknown as { dataset: Record<string, string> }).dataset.before = "yes";
      });
      // VS Code switches theme by changing the body's class and the variables on <html>.
      await page.evaluate((vars) => {
        for (const [name, value] of Object.entries(vars)) {
          document.documentElement.style.setProperty(name, value);
        }
        document.body.classList.add("vscode-light");
      }, LIGHT_THEME);
      await page.waitForSelector('canvas[data-chart="timeline"]:not([data-before])');
      assert.equal(await elements("timeline"), "3");
      const background = await page.$eval("body", (body) => getComputedStyle(body).backgroundColor);
      assert.equal(background, "rgb(255, 255, 255)");
      await showTab("graph");
      const stroke = await page.$eval(
        '.node[data-step="publish"] .node-box',
        (el) => getComputedStyle(el).stroke,
      );
      assert.equal(stroke, "rgb(229, 20, 0)", "the light theme's red");
      await screenshot("graph-light");
      await showTab("run");
      await screenshot("run-light");
    });

    it("the CSP blocks a script added to the page without the nonce", async function () {
      await open();
      await page.waitForSelector("#panel-run[data-rendered]");
      await page.evaluate(() => {
        const script = document.createElement("script");
        script.textContent = "window.__injected = true;";
        document.body.append(script);
      });
      await page.waitForFunction(() => window.__violations.length > 0);
      assert.equal(await page.evaluate(() => window.__injected), undefined);
      const { violations } = await recorded();
      assert.equal(violations.length, 1);
      assert.match(violations[0]!.directive, /^script-src/);
      assert.equal(violations[0]!.blocked, "inline");
    });

    it("the CSP blocks an inline script in the served HTML, and an inline style", async function () {
      await open("/?inject=1");
      await page.waitForSelector("#panel-run[data-rendered]");
      assert.equal(await page.evaluate(() => window.__inlineRan), undefined);
      const { violations } = await recorded();
      const directives = violations.map((v) => v.directive).sort();
      assert.deepEqual(directives, ["script-src-elem", "style-src-elem"]);
      // The injected style would have turned the page's background red.
      const background = await page.$eval("body", (body) => getComputedStyle(body).backgroundColor);
      assert.notEqual(background, "rgb(255, 0, 0)");
      // The page's own script (with the nonce) still ran.
      assert.equal(await elements("timeline"), "3");
    });

    /** Serves the page (as the extension renders it) and dist/webview/. */
    function serve(): Promise<{ server: Server; origin: string }> {
      const files: Record<string, string> = {
        "/dist/webview/main.js": "text/javascript",
        "/dist/webview/main.css": "text/css",
        "/dist/webview/main.js.map": "application/json",
      };
      const http = createServer((request, response) => {
        const url = new URL(request.url ?? "/", "http://127.0.0.1");
        if (url.pathname === "/") {
          const base = `http://${request.headers.host}`;
          let html = renderWebviewHtml({
            cspSource: base,
            nonce: randomBytes(18).toString("base64"),
            scriptUri: `${base}/dist/webview/main.js`,
            styleUri: `${base}/dist/webview/main.css`,
          });
          if (url.searchParams.has("inject")) {
            html = html.replace(
              "<body>",
              "<body>\n<script>window.__inlineRan = true;</script>\n<style>body { background: red !important; }</style>",
            );
          }
          response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          response.end(html);
          return;
        }
        const type = files[url.pathname];
        if (type) {
          response.writeHead(200, { "content-type": type });
          response.end(readFileSync(join(REPO, url.pathname)));
          return;
        }
        response.writeHead(404).end();
      });
      return new Promise((resolve) => {
        http.listen(0, "127.0.0.1", () => {
          const { port } = http.address() as AddressInfo;
          resolve({ server: http, origin: `http://127.0.0.1:${port}` });
        });
      });
    }
  },
);
