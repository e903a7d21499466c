/**
 * A small layered layout for a workflow's DAG, left to right: each step sits
 * one layer after the last of the steps it needs (longest path from the
 * roots), steps in a layer are ordered by the barycentre of their neighbours
 * (a few sweeps, to cut crossings), and edges are cubic curves from the right
 * side of a node to the left side of the next.
 *
 * Pure (no DOM): the caller passes each node's width.
 */

/** What to lay out. */
export interface LayoutInput {
  /** Node ids, in declaration order (ties keep it). */
  nodes: readonly { id: string; width: number }[];
  /** `to` needs `from`. Edges naming unknown nodes are ignored. */
  edges: readonly { from: string; to: string }[];
}

/** Sizes and gaps, in pixels. */
export interface LayoutOptions {
  nodeHeight: number;
  /** Horizontal space between layers. */
  layerGap: number;
  /** Vertical space between nodes of a layer. */
  nodeGap: number;
  margin: number;
}

/** A placed node: `x`, `y` is its top-left corner. */
export interface PlacedNode {
  id: string;
  layer: number;
  /** Position in its layer, from the top. */
  order: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A placed edge: an SVG path from the source's right side to the target's left side. */
export interface PlacedEdge {
  from: string;
  to: string;
  path: string;
}

/** The layout: every node and edge, and the size of the drawing. */
export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
  layers: number;
}

export const DEFAULT_LAYOUT_OPTIONS: LayoutOptions = {
  nodeHeight: 44,
  layerGap: 56,
  nodeGap: 18,
  margin: 16,
};

/** Lays the graph out (see the module's comment). A cycle cannot break it: its nodes go last. */
export function layoutGraph(
  input: LayoutInput,
  options: LayoutOptions = DEFAULT_LAYOUT_OPTIONS,
): GraphLayout {
  const ids = input.nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const edges = input.edges.filter((e) => index.has(e.from) && index.has(e.to) && e.from !== e.to);
  const preds = ids.map(() => [] as number[]);
  const succs = ids.map(() => [] as number[]);
  for (const e of edges) {
    const from = index.get(e.from)!;
    const to = index.get(e.to)!;
    preds[to]!.push(from);
    succs[from]!.push(to);
  }

  // Layers: longest path from the roots (Kahn's order); nodes left in a cycle go after the rest.
  const layer = ids.map(() => 0);
  const indegree = preds.map((p) => p.length);
  const queue = ids.map((_, i) => i).filter((i) => indegree[i] === 0);
  const placed = new Set<number>();
  for (let q = 0; q < queue.length; q++) {
    const n = queue[q]!;
    placed.add(n);
    for (const t of succs[n]!) {
      layer[t] = Math.max(layer[t]!, layer[n]! + 1);
      if (--indegree[t]! === 0) queue.push(t);
    }
  }
  const acyclicDepth = placed.size === 0 ? 0 : Math.max(...[...placed].map((i) => layer[i]!)) + 1;
  ids.forEach((_, i) => {
    if (!placed.has(i)) layer[i] = acyclicDepth;
  });
  const layerCount = ids.length === 0 ? 0 : Math.max(...layer) + 1;

  // Order in each layer: declaration order, then barycentre sweeps (down, up, down, up).
  const rows: number[][] = Array.from({ length: layerCount }, () => []);
  ids.forEach((_, i) => rows[layer[i]!]!.push(i));
  const position = ids.map(() => 0);
  const renumber = (): void => rows.forEach((row) => row.forEach((n, k) => (position[n] = k)));
  renumber();
  const sweep = (range: number[], neighbours: number[][]): void => {
    for (const l of range) {
      const row = rows[l]!;
      const key = new Map(
        row.map((n) => {
          const ns = neighbours[n]!;
          const bary = ns.length ? ns.reduce((sum, m) => sum + position[m]!, 0) / ns.length : -1;
          return [n, bary < 0 ? position[n]! : bary] as const;
        }),
      );
      row.sort((a, b) => key.get(a)! - key.get(b)! || position[a]! - position[b]!);
      row.forEach((n, k) => (position[n] = k));
    }
  };
  const down = Array.from({ length: layerCount }, (_, l) => l).slice(1);
  const up = Array.from({ length: layerCount }, (_, l) => layerCount - 1 - l).slice(1);
  for (let pass = 0; pass < 2; pass++) {
    sweep(down, preds);
    sweep(up, succs);
  }

  // Coordinates: layers are columns as wide as their widest node, centred vertically.
  const { nodeHeight, layerGap, nodeGap, margin } = options;
  const widths = input.nodes.map((n) => n.width);
  const columnWidth = rows.map((row) => Math.max(0, ...row.map((n) => widths[n]!)));
  const columnX: number[] = [];
  let x = margin;
  for (const w of columnWidth) {
    columnX.push(x);
    x += w + layerGap;
  }
  const columnHeight = rows.map((row) => row.length * nodeHeight + (row.length - 1) * nodeGap);
  const tallest = Math.max(0, ...columnHeight);
  const nodes: PlacedNode[] = ids.map((id, i) => {
    const l = layer[i]!;
    const top = margin + (tallest - columnHeight[l]!) / 2;
    return {
      id,
      layer: l,
      order: position[i]!,
      // Narrower nodes are centred in their column.
      x: columnX[l]! + (columnWidth[l]! - widths[i]!) / 2,
      y: top + position[i]! * (nodeHeight + nodeGap),
      width: widths[i]!,
      height: nodeHeight,
    };
  });
  const placedEdges: PlacedEdge[] = edges.map((e) => {
    const a = nodes[index.get(e.from)!]!;
    const b = nodes[index.get(e.to)!]!;
    const x1 = a.x + a.width;
    const y1 = a.y + a.height / 2;
    const x2 = b.x;
    const y2 = b.y + b.height / 2;
    const bend = Math.max(24, Math.abs(x2 - x1) / 2);
    return {
      from: e.from,
      to: e.to,
      path: `M ${r(x1)} ${r(y1)} C ${r(x1 + bend)} ${r(y1)}, ${r(x2 - bend)} ${r(y2)}, ${r(x2)} ${r(y2)}`,
    };
  });
  return {
    nodes,
    edges: placedEdges,
    width: layerCount === 0 ? 2 * margin : x - layerGap + margin,
    height: tallest + 2 * margin,
    layers: layerCount,
  };
}

function r(n: number): string {
  return String(Math.round(n * 10) / 10);
}
