import { IndexHeap } from "./graph";

/**
 * The steps ready to start, smallest index (declaration order) first. Steps
 * that become ready in increasing order — every step without needs when a
 * run starts, each link of a chain as the one before it ends — wait in a
 * plain queue, taken from its front in constant time; only one that comes
 * out of order goes to a heap. A run of 100,000 independent steps then pays
 * no heap sift per step.
 */
export class ReadyQueue {
  /** Indexes in increasing order, from `head` to `tail`. */
  private readonly sorted: number[] = [];
  private head = 0;
  private tail = 0;
  private readonly heap = new IndexHeap();

  get size(): number {
    return this.tail - this.head + this.heap.size;
  }

  push(index: number): void {
    const sorted = this.sorted;
    if (this.head === this.tail) {
      // Empty: start over at the front rather than grow forever. Not by
      // `length = 0`, which lets the array's storage go: a chain, whose every
      // step empties the queue and pushes the next, made a new one per step.
      this.head = 0;
      this.tail = 0;
    } else if (!(index > sorted[this.tail - 1]!)) {
      this.heap.push(index);
      return;
    }
    sorted[this.tail++] = index;
  }

  /** Removes and returns the smallest index. The queue must not be empty. */
  pop(): number {
    const sorted = this.sorted;
    if (this.head === this.tail) return this.heap.pop();
    if (this.heap.size > 0 && this.heap.peek() < sorted[this.head]!) return this.heap.pop();
    return sorted[this.head++]!;
  }
}
