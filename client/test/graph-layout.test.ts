import assert from "node:assert/strict";
import { DEFAULT_LAYOUT_OPTIONS, layoutGraph, type LayoutInput } from "../webview/graph-layout";

const nodes = (...ids: string[]): LayoutInput["nodes"] => ids.map((id) => ({ id, width: 100 }));

describe("metrics webview: graph layout", () => {
  it("puts each step one layer after the last step it needs (longest path)", () => {
    const layout = layoutGraph({
      nodes: nodes("a", "b", "c", "d"),
      edges: [
        { from: "a", to: "b" },
        { from: "b", to: "c" },
        { from: "a", to: "c" },
        { from: "a", to: "d" },
      ],
    });
    const layer = Object.fromEntries(layout.nodes.map((n) => [n.id, n.layer]));
    assert.deepEqual(layer, { a: 0, b: 1, c: 2, d: 1 });
    assert.equal(layout.layers, 3);
    assert.equal(layout.edges.length, 4);
  });

  it("places layers left to right and the nodes of a layer without overlap", () => {
    const { nodeHeight, nodeGap, layerGap, margin } = DEFAULT_LAYOUT_OPTIONS;
    const layout = layoutGraph({
      nodes: nodes("root", "x", "y", "z"),
      edges: ["x", "y", "z"].map((to) => ({ from: "root", to })),
    });
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    assert.equal(byId.get("root")!.x, margin);
    for (const id of ["x", "y", "z"]) assert.equal(byId.get(id)!.x, margin + 100 + layerGap);
    const ys = ["x", "y", "z"].map((id) => byId.get(id)!.y).sort((a, b) => a - b);
    assert.equal(ys[1]! - ys[0]!, nodeHeight + nodeGap);
    // The root is centred against its three successors.
    assert.equal(byId.get("root")!.y + nodeHeight / 2, (ys[0]! + ys[2]! + nodeHeight) / 2);
    assert.equal(layout.width, margin + 100 + layerGap + 100 + margin);
    assert.equal(layout.height, 3 * nodeHeight + 2 * nodeGap + 2 * margin);
    for (const edge of layout.edges) assert.match(edge.path, /^M [\d.]+ [\d.]+ C /);
  });

  it("orders a layer by its neighbours, so edges do not cross needlessly", () => {
    // Declared crosswise: a1 → b2, a2 → b1. The barycentre sweeps uncross them.
    const layout = layoutGraph({
      nodes: nodes("a1", "a2", "b1", "b2"),
      edges: [
        { from: "a1", to: "b2" },
        { from: "a2", to: "b1" },
      ],
    });
    const order = Object.fromEntries(layout.nodes.map((n) => [n.id, n.order]));
    assert.equal(order.a1! < order.a2!, order.b2! < order.b1!);
  });

  it("survives a cycle, unknown names and an empty graph", () => {
    const cyclic = layoutGraph({
      nodes: nodes("a", "b", "c"),
      edges: [
        { from: "a", to: "b" },
        { from: "b", to: "c" },
        { from: "c", to: "b" },
        { from: "a", to: "ghost" },
        { from: "a", to: "a" },
      ],
    });
    assert.equal(cyclic.nodes.length, 3);
    assert.equal(cyclic.edges.length, 3);
    assert.ok(cyclic.nodes.every((n) => Number.isFinite(n.x) && Number.isFinite(n.y)));
    const empty = layoutGraph({ nodes: [], edges: [] });
    assert.deepEqual([empty.nodes, empty.edges, empty.layers], [[], [], 0]);
  });
});
