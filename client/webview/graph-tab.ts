/**
 * The Graph tab: the workflow's DAG in layers (SVG), nodes coloured by the
 * last run's step statuses, irreversible steps with a double border and a
 * mark, steps with nothing to undo with a dashed border, steps with a `when`
 * condition with a ◇ mark (the condition in their tooltip). Clicking a node
 * (or Enter on it) asks the host to reveal the step.
 */
import { STEP_UNDO_LABEL, stepUndo, stepUndoText, type StepUndo } from "../src/metrics/step-undo";
import type { GraphNodeView, GraphView } from "../src/webview/protocol";
import { badge, empty, h, s, section } from "./dom";
import { formatDuration } from "./format";
import { layoutGraph } from "./graph-layout";
import { graphNodeRuns, type NodeRun } from "./graph-node-runs";
import type { TabContext } from "./tab-context";

const PADDING_X = 14;
const MIN_NODE_WIDTH = 96;
/** Room for each mark after a step's name: ⚠ irreversible, ◇ conditional. */
const MARK_WIDTH = 18;
/** A conditional step's mark: a flowchart's decision. */
const WHEN_MARK = "◇";

/** How the graph draws the kinds a rollback must heed (reversible is the plain box). */
const UNDO_LEGEND: [StepUndo, string][] = [
  ["irreversible", "⚠ double border"],
  ["nothing-to-undo", "dashed border"],
];

/** Draws the Graph tab. */
export function renderGraphTab(ctx: TabContext): void {
  const graph = ctx.data.graph;
  if (!graph) {
    ctx.root.append(
      empty(
        "No graph: open the metrics from a .momoflow file (or its Graph CodeLens), or run a workflow first.",
      ),
    );
    return;
  }
  const run = ctx.data.run && ctx.data.run.workflow === graph.workflow ? ctx.data.run : null;
  const byId = graphNodeRuns(
    run ? [...run.steps, ...(run.omitted ?? [])] : [],
    new Set(graph.nodes.map((n) => n.id)),
    formatDuration,
  );
  const card = section(
    `${graph.workflow}: ${graph.nodes.length} step${graph.nodes.length === 1 ? "" : "s"}, ` +
      `${graph.edges.length} dependenc${graph.edges.length === 1 ? "y" : "ies"}`,
  );
  card.append(
    h("p", {
      class: "note",
      text: run
        ? `Colours from run ${run.runId}. Click a step to show it in the editor.`
        : "No run of this workflow yet. Click a step to show it in the editor.",
    }),
  );
  ctx.root.append(card);
  if (graph.nodes.length === 0) {
    card.append(empty("This workflow has no steps."));
    return;
  }
  const wrap = h("div", { class: "graph-wrap" });
  card.append(wrap);
  wrap.append(drawGraph(ctx, graph, byId));
  const statuses = [...new Set(graph.nodes.map((n) => byId.get(n.id)?.status ?? "no-run"))];
  const undos = new Set(graph.nodes.map(stepUndo));
  const conditional = graph.nodes.some((n) => n.when !== undefined);
  card.append(
    h(
      "div",
      { class: "legend" },
      ...statuses.map((st) => badge(st)),
      ...UNDO_LEGEND.filter(([undo]) => undos.has(undo)).map(([undo, look]) =>
        h("span", {
          class: `legend-undo legend-${undo}`,
          text: `${look}: ${STEP_UNDO_LABEL[undo]}`,
          title: stepUndoText(undo),
        }),
      ),
      conditional
        ? h("span", {
            class: "legend-when",
            text: `${WHEN_MARK} when: runs only if its condition holds`,
          })
        : null,
    ),
    h("p", { class: "note file", text: graph.file }),
  );
}

function drawGraph(ctx: TabContext, graph: GraphView, byId: Map<string, NodeRun>): SVGSVGElement {
  const measure = textMeasurer(ctx.palette.font, ctx.palette.fontSize);
  const subtitle = (id: string): string => byId.get(id)?.subtitle ?? "no run";
  const layout = layoutGraph({
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      width: Math.max(
        MIN_NODE_WIDTH,
        Math.ceil(
          Math.max(
            measure(nodeLabel(n), true) + marks(n).length * MARK_WIDTH,
            measure(subtitle(n.id), false),
          ),
        ) +
          2 * PADDING_X,
      ),
    })),
    edges: graph.edges,
  });
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]));
  const svg = s(
    "svg",
    {
      class: "graph",
      width: layout.width,
      height: layout.height,
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      role: "group",
      "aria-label": `Graph of ${graph.workflow}`,
      "data-nodes": layout.nodes.length,
      "data-edges": layout.edges.length,
    },
    s(
      "defs",
      {},
      s(
        "marker",
        {
          id: "mf-arrow",
          viewBox: "0 0 10 10",
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: "auto-start-reverse",
        },
        s("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrow" }),
      ),
    ),
  );
  const edgeLayer = s("g", { class: "edges" });
  for (const e of layout.edges) {
    edgeLayer.append(
      s("path", {
        class: "edge",
        d: e.path,
        "marker-end": "url(#mf-arrow)",
        "data-from": e.from,
        "data-to": e.to,
      }),
    );
  }
  svg.append(edgeLayer);
  const nodeLayer = s("g", { class: "nodes" });
  for (const placed of layout.nodes) {
    const node = nodeById.get(placed.id)!;
    const step = byId.get(node.id);
    const status = step?.status ?? "no-run";
    const undo = stepUndo(node);
    const irreversible = undo === "irreversible";
    const when = node.when !== undefined ? `, when ${node.when}` : "";
    const label = `${node.id}: ${subtitle(node.id)}, ${STEP_UNDO_LABEL[undo]}${when}`;
    const kind =
      (node.forEach ? " fan-out" : node.calls ? " call" : "") +
      (node.when !== undefined ? " conditional" : "");
    const g = s(
      "g",
      {
        class: `node status-${status} ${undo}${kind}`,
        transform: `translate(${placed.x} ${placed.y})`,
        tabindex: 0,
        role: "button",
        "aria-label": `${label}. Show in the editor`,
        "data-step": node.id,
        "data-status": status,
        "data-reversible": String(node.reversible),
        "data-undo": undo,
      },
      s("title"),
      // A fan-out stands for all its instances: a stack of boxes, as `momoflow graph` draws it.
      !node.forEach
        ? null
        : s("rect", {
            class: "node-stack",
            x: 4,
            y: -4,
            width: placed.width,
            height: placed.height,
            rx: 6,
          }),
      s("rect", { class: "node-box", width: placed.width, height: placed.height, rx: 6 }),
      !irreversible
        ? null
        : s("rect", {
            class: "node-inner",
            x: 3,
            y: 3,
            width: placed.width - 6,
            height: placed.height - 6,
            rx: 4,
          }),
      s("text", { class: "node-label", x: PADDING_X, y: 19 }),
      s("text", { class: "node-sub", x: PADDING_X, y: 35 }),
      // The marks from the right edge: ⚠ then ◇.
      ...marks(node).map((mark, i) =>
        s("text", {
          class: mark === WHEN_MARK ? "node-when" : "node-mark",
          x: placed.width - 10 - i * MARK_WIDTH,
          y: 19,
          "text-anchor": "end",
        }),
      ),
    );
    g.querySelector("title")!.textContent = [
      nodeLabel(node),
      fanOutText(node),
      node.calls && `calls workflow ${node.calls}`,
      node.when !== undefined && `when ${node.when}`,
      node.description,
      step?.error,
      stepUndoText(undo),
    ]
      .filter(Boolean)
      .join("\n");
    g.querySelector(".node-label")!.textContent = nodeLabel(node);
    g.querySelector(".node-sub")!.textContent = subtitle(node.id);
    const mark = g.querySelector(".node-mark");
    if (mark) mark.textContent = "⚠";
    const whenMark = g.querySelector(".node-when");
    if (whenMark) whenMark.textContent = WHEN_MARK;
    const reveal = (): void => {
      for (const other of nodeLayer.querySelectorAll(".node.selected"))
        other.classList.remove("selected");
      g.classList.add("selected");
      ctx.post({ type: "revealStep", workflow: graph.workflow, step: node.id });
    };
    g.addEventListener("click", reveal);
    g.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        reveal();
      }
    });
    nodeLayer.append(g);
  }
  svg.append(nodeLayer);
  svg.dataset.layers = String(layout.layers);
  return svg;
}

/** The marks after a node's name, from the right edge: ⚠ when irreversible, ◇ when it has a condition. */
function marks(node: GraphNodeView): string[] {
  return [
    ...(stepUndo(node) === "irreversible" ? ["⚠"] : []),
    ...(node.when !== undefined ? [WHEN_MARK] : []),
  ];
}

/** A node's label: its id, and for a fan-out the count of its instances when written out (`convert ×3`). */
function nodeLabel(node: GraphNodeView): string {
  return node.forEach?.count !== undefined ? `${node.id} ×${node.forEach.count}` : node.id;
}

/** A fan-out's `for_each` as written (`for_each part in parts, max_parallel 2`). */
function fanOutText(node: GraphNodeView): string | undefined {
  const f = node.forEach;
  if (!f) return undefined;
  const bound = f.maxParallel !== undefined ? `, max_parallel ${f.maxParallel}` : "";
  return `for_each ${f.item} in ${f.items}${bound}`;
}

/** Measures text in the page's font (bold for labels) with a canvas. */
function textMeasurer(font: string, size: number): (text: string, bold: boolean) => number {
  const context = document.createElement("canvas").getContext("2d");
  return (text, bold) => {
    if (!context) return text.length * size * 0.62;
    context.font = `${bold ? "600 " : ""}${size}px ${font}`;
    return context.measureText(text).width;
  };
}
