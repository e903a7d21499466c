import type { Name } from "../ast";

/** `from` needs `to`, as written at `name` in `from`'s `needs`. */
export interface NeedEdge {
  from: number;
  to: number;
  name: Name;
}

/** The edges of a step that has none (shared: never added to). */
const NO_EDGES: NeedEdge[] = [];

/**
 * The `needs` graph of one workflow's steps (by declaration index), with its
 * strongly connected components and, per step, the set of steps it needs
 * transitively as a bitset: one DFS for the whole workflow, then each
 * "does a need b" question is a bit test. The bitsets are rows of one flat
 * array: `words` 32-bit words per step.
 */
export class StepGraph {
  /** Edges out of each step, in the order its `needs` lists them. */
  readonly edges: readonly (readonly NeedEdge[])[];
  /** Edges into each step. */
  readonly dependents: readonly (readonly NeedEdge[])[];
  /** Strongly connected components, each after every component it needs (Tarjan's order). */
  readonly components: number[][];
  /** The index in `components` of each step's component. */
  readonly componentOf: Int32Array;
  /** Words per bitset. */
  readonly words: number;
  private transitive: Uint32Array | undefined;

  constructor(stepCount: number, edges: readonly NeedEdge[]) {
    // Loops, no callbacks or iterators: this runs once per check, before the
    // JIT has optimised it. A step without edges shares one empty array.
    const out = new Array<NeedEdge[]>(stepCount).fill(NO_EDGES);
    const into = new Array<NeedEdge[]>(stepCount).fill(NO_EDGES);
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i]!;
      if (out[edge.from] === NO_EDGES) out[edge.from] = [];
      out[edge.from]!.push(edge);
      if (into[edge.to] === NO_EDGES) into[edge.to] = [];
      into[edge.to]!.push(edge);
    }
    this.edges = out;
    this.dependents = into;
    this.words = (stepCount + 31) >>> 5;
    const { components, componentOf } = stronglyConnected(this.edges);
    this.components = components;
    this.componentOf = componentOf;
  }

  /**
   * Row `step` (from `step * words`): the steps `step` needs, directly or
   * not. Computed when first asked: it takes n²/8 bytes (50 MB for 20,000
   * steps), and a workflow whose references are all unknown never asks.
   */
  get closure(): Uint32Array {
    this.transitive ??= this.computeClosure();
    return this.transitive;
  }

  /** True when step `reader` needs step `needed`, directly or through other steps. */
  needs(reader: number, needed: number): boolean {
    const closure = this.transitive ?? this.closure;
    return (closure[reader * this.words + (needed >>> 5)]! & (1 << (needed & 31))) !== 0;
  }

  /**
   * True when step `reader` may read the output of step `target` (MF010
   * otherwise): a step it needs, directly or not, since that one has run
   * before it; itself only in its rollback, which runs after it.
   */
  mayRead(reader: number, target: number, inRollback: boolean): boolean {
    return target === reader ? inRollback : this.needs(reader, target);
  }

  /** True when adding `candidate` to the needs of `step` would make a cycle (MF003): itself, or a step that needs it. */
  wouldCycle(step: number, candidate: number): boolean {
    return candidate === step || this.needs(candidate, step);
  }

  /** True when a component is a cycle: more than one step, or a step that needs itself. */
  isCycle(component: readonly number[]): boolean {
    if (component.length > 1) return true;
    const only = component[0]!;
    // A loop, not a callback: one call per step, before the JIT has optimised it.
    const edges = this.edges[only]!;
    for (let i = 0; i < edges.length; i++) if (edges[i]!.to === only) return true;
    return false;
  }

  // Components come out of Tarjan's algorithm after everything they reach,
  // so one pass in that order sees each need's closure before its readers'.
  // Index loops: this runs once per check, before the JIT has optimised it,
  // and each step of an iterator is then an object.
  private computeClosure(): Uint32Array {
    const { words, components, componentOf } = this;
    const closure = new Uint32Array(this.edges.length * words);
    for (let c = 0; c < components.length; c++) {
      const component = components[c]!;
      const row = component[0]! * words;
      for (let m = 0; m < component.length; m++) {
        const edges = this.edges[component[m]!]!;
        for (let e = 0; e < edges.length; e++) {
          const to = edges[e]!.to;
          closure[row + (to >>> 5)]! |= 1 << (to & 31);
          if (componentOf[to] === c) continue;
          const theirs = to * words;
          for (let w = 0; w < words; w++) closure[row + w]! |= closure[theirs + w]!;
        }
      }
      // The steps of a cycle all need the same steps.
      for (let i = 1; i < component.length; i++) {
        closure.copyWithin(component[i]! * words, row, row + words);
      }
    }
    return closure;
  }
}

/**
 * Tarjan's algorithm, iterative so that long chains of needs cannot overflow
 * the stack. The stack and the frames are typed arrays of the steps' number
 * with a top of their own (no array grown by a push and shrunk by a pop: an
 * empty array's first push reserves 17 items, and each root's frame would
 * make one anew), and a step in no cycle (most of them) gets a component of
 * its own size.
 */
function stronglyConnected(edges: readonly (readonly NeedEdge[])[]): {
  components: number[][];
  componentOf: Int32Array;
} {
  const n = edges.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const componentOf = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  let stackSize = 0;
  const components: number[][] = [];
  // The DFS's frames: the step, and the index of its next edge to follow.
  const frameNode = new Int32Array(n);
  const frameNext = new Int32Array(n);
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    frameNode[0] = root;
    frameNext[0] = 0;
    let frames = 1;
    index[root] = low[root] = counter++;
    stack[stackSize++] = root;
    onStack[root] = 1;
    while (frames > 0) {
      const top = frames - 1;
      const node = frameNode[top]!;
      const out = edges[node]!;
      const next = frameNext[top]!;
      if (next < out.length) {
        frameNext[top] = next + 1;
        const to = out[next]!.to;
        if (index[to] === -1) {
          index[to] = low[to] = counter++;
          stack[stackSize++] = to;
          onStack[to] = 1;
          frameNode[frames] = to;
          frameNext[frames] = 0;
          frames++;
        } else if (onStack[to]) {
          low[node] = Math.min(low[node]!, index[to]!);
        }
        continue;
      }
      frames--;
      if (top > 0) {
        const parent = frameNode[top - 1]!;
        low[parent] = Math.min(low[parent]!, low[node]!);
      }
      if (low[node] !== index[node]) continue;
      let component: number[];
      if (stack[stackSize - 1] === node) {
        stackSize--;
        component = [node];
      } else {
        component = [];
        let member: number;
        do {
          member = stack[--stackSize]!;
          component.push(member);
        } while (member !== node);
        component.sort((a, b) => a - b);
      }
      for (let i = 0; i < component.length; i++) {
        const member = component[i]!;
        onStack[member] = 0;
        componentOf[member] = components.length;
      }
      components.push(component);
    }
  }
  return { components, componentOf };
}
