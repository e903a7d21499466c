/**
 * The metrics page: four tabs drawn from the host's `data` message. It keeps
 * the active tab and the last data with `setState`, so when VS Code shows
 * the panel again (the page is reloaded: `retainContextWhenHidden` is off)
 * it draws at once, then asks the host for fresh data with `ready`.
 */
import {
  isHostToPageMessage,
  parsePageState,
  TABS,
  type DataMessage,
  type PageState,
  type PageToHostMessage,
  type TabId,
} from "../src/webview/protocol";
import { renderBenchTab } from "./bench-tab";
import { applyTheme, destroyCharts } from "./charts";
import { badge, h } from "./dom";
import { renderGraphTab } from "./graph-tab";
import { renderHistoryTab } from "./history-tab";
import { renderRunTab } from "./run-tab";
import type { TabContext } from "./tab-context";
import { vscodeApi } from "./vscode-api";

const RENDERERS: Record<TabId, (ctx: TabContext) => void> = {
  run: renderRunTab,
  history: renderHistoryTab,
  graph: renderGraphTab,
  bench: renderBenchTab,
};

const api = vscodeApi();
const state: PageState = parsePageState(api.getState()) ?? { activeTab: "run" };
/** Tabs drawn with the current data and theme; the others are drawn when shown. */
const drawn = new Set<TabId>();

function post(message: PageToHostMessage): void {
  api.postMessage(message);
}

function save(): void {
  api.setState(state);
}

function button(tab: TabId): HTMLButtonElement {
  return document.getElementById(`tab-${tab}`) as HTMLButtonElement;
}

function panel(tab: TabId): HTMLElement {
  return document.getElementById(`panel-${tab}`) as HTMLElement;
}

/** Shows `tab`; `fromUser` tells the host (which remembers it for the next `data`). */
function selectTab(tab: TabId, fromUser: boolean): void {
  const changed = state.activeTab !== tab;
  state.activeTab = tab;
  if (state.data) state.data.activeTab = tab;
  save();
  for (const t of TABS) {
    const selected = t === tab;
    button(t).setAttribute("aria-selected", String(selected));
    button(t).tabIndex = selected ? 0 : -1;
    panel(t).hidden = !selected;
  }
  document.body.dataset.activeTab = tab;
  if (fromUser && changed) post({ type: "selectTab", tab });
  draw(tab);
}

function draw(tab: TabId): void {
  const data = state.data;
  const root = panel(tab);
  if (!data) {
    if (!root.hasChildNodes()) root.append(h("p", { class: "empty", text: "Loading…" }));
    return;
  }
  if (drawn.has(tab)) return;
  destroyCharts(tab);
  root.replaceChildren();
  try {
    RENDERERS[tab]({ tab, root, data, palette: applyTheme(), post });
  } catch (error) {
    root.append(
      h("pre", { class: "error", text: `This tab could not be drawn: ${String(error)}` }),
    );
  }
  root.dataset.rendered = "true";
  drawn.add(tab);
}

function showData(data: DataMessage): void {
  state.data = data;
  drawn.clear();
  for (const tab of TABS) {
    destroyCharts(tab);
    panel(tab).replaceChildren();
    delete panel(tab).dataset.rendered;
  }
  const title = document.getElementById("title")!;
  title.replaceChildren(
    h("span", { class: "product", text: "momoflow" }),
    h("span", { class: "workflow", text: data.workflow ?? "no workflow" }),
    data.run ? badge(data.run.status) : "",
  );
  const problems = document.getElementById("problems")!;
  problems.replaceChildren(...data.problems.map((text) => h("p", { text })));
  problems.hidden = data.problems.length === 0;
  selectTab(data.activeTab, false);
}

function onTabKey(event: KeyboardEvent): void {
  const current = TABS.indexOf(state.activeTab);
  const next =
    event.key === "ArrowRight"
      ? (current + 1) % TABS.length
      : event.key === "ArrowLeft"
        ? (current + TABS.length - 1) % TABS.length
        : event.key === "Home"
          ? 0
          : event.key === "End"
            ? TABS.length - 1
            : -1;
  if (next < 0) return;
  event.preventDefault();
  selectTab(TABS[next]!, true);
  button(TABS[next]!).focus();
}

/** Redraws when VS Code's theme changes (it sets body classes and the html element's variables). */
function watchTheme(): void {
  let pending = false;
  const redraw = (): void => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      drawn.clear();
      draw(state.activeTab);
    });
  };
  const observer = new MutationObserver(redraw);
  observer.observe(document.body, { attributes: true, attributeFilter: ["class"] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["style"] });
}

function start(): void {
  for (const tab of TABS) {
    button(tab).addEventListener("click", () => selectTab(tab, true));
    button(tab).addEventListener("keydown", onTabKey);
  }
  window.addEventListener("message", (event: MessageEvent<unknown>) => {
    if (isHostToPageMessage(event.data)) showData(event.data);
  });
  if (state.data) showData(state.data);
  else selectTab(state.activeTab, false);
  watchTheme();
  post({ type: "ready" });
}

start();
