/** A node of a dependency graph: an id and the ids it needs. */
export interface GraphNode {
  readonly id: string;
  readonly needs?: readonly string[];
}

/**
 * Finds every dependency cycle among `nodes` (unknown needs are ignored).
 * Each cycle is returned as a path that starts and ends on the same id,
 * e.g. `["a", "b", "a"]`, listed in declaration order of its first node.
 */
export function findCycles(nodes: readonly GraphNode[]): string[][] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const state = new Map<string, 1 | 2>(); // 1: on the stack, 2: done
  const stack: string[] = [];
  const cycles: string[][] = [];

  // Iterative DFS: 100,000-step workflows must not overflow the call stack.
  for (const root of nodes) {
    if (state.has(root.id)) continue;
    const frames: { id: string; next: number }[] = [{ id: root.id, next: 0 }];
    state.set(root.id, 1);
    stack.push(root.id);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const needs = byId.get(frame.id)?.needs ?? [];
      if (frame.next < needs.length) {
        const dep = needs[frame.next++]!;
        if (!byId.has(dep)) continue;
        const s = state.get(dep);
        if (s === 1) cycles.push([...stack.slice(stack.indexOf(dep)), dep]);
        else if (s === undefined) {
          state.set(dep, 1);
          stack.push(dep);
          frames.push({ id: dep, next: 0 });
        }
      } else {
        state.set(frame.id, 2);
        stack.pop();
        frames.pop();
      }
    }
  }
  return cycles;
}

/** Ids in an order where every node comes after the nodes it needs (declaration order otherwise). */
export function topologicalOrder(nodes: readonly GraphNode[]): string[] {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const remaining = nodes.map((n) => (n.needs ?? []).filter((d) => index.has(d)).length);
  const dependents = nodes.map(() => [] as number[]);
  nodes.forEach((n, i) => {
    for (const d of n.needs ?? []) {
      const j = index.get(d);
      if (j !== undefined) dependents[j]!.push(i);
    }
  });
  const ready = new IndexHeap();
  remaining.forEach((r, i) => r === 0 && ready.push(i));
  const order: string[] = [];
  while (ready.size > 0) {
    const i = ready.pop();
    order.push(nodes[i]!.id);
    for (const j of dependents[i]!) if (--remaining[j]! === 0) ready.push(j);
  }
  return order;
}

/** A binary min-heap of indexes: the scheduler's ready queue, in declaration order. */
export class IndexHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const a = this.items;
    a.push(value);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= value) break;
      a[i] = a[parent]!;
      i = parent;
    }
    a[i] = value;
  }

  /** The smallest index, left in. The heap must not be empty. */
  peek(): number {
    return this.items[0]!;
  }

  /** Removes and returns the smallest index. The heap must not be empty. */
  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r]! < a[l]! ? r : l;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
