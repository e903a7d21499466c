import assert from "node:assert/strict";
import fc from "fast-check";
import { ReadyQueue } from "../../src/runtime/ready-queue";

describe("ready queue: the smallest ready step first", () => {
  it("pops in increasing order whatever the order of pushes and pops", () => {
    // Each command: push an index (unique, as the scheduler's are), or pop.
    const commands = fc.array(fc.oneof(fc.nat(200), fc.constant(-1)), { maxLength: 120 });
    fc.assert(
      fc.property(commands, (cmds) => {
        const queue = new ReadyQueue();
        const model = new Set<number>();
        for (const cmd of cmds) {
          if (cmd >= 0 && !model.has(cmd)) {
            queue.push(cmd);
            model.add(cmd);
          } else if (cmd < 0 && model.size > 0) {
            const smallest = Math.min(...model);
            assert.equal(queue.pop(), smallest);
            model.delete(smallest);
          }
          assert.equal(queue.size, model.size);
        }
        const rest: number[] = [];
        while (queue.size > 0) rest.push(queue.pop());
        assert.deepEqual(
          rest,
          [...model].sort((a, b) => a - b),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it("takes a run's independent steps from the front, and a late smaller one first", () => {
    const queue = new ReadyQueue();
    for (let i = 0; i < 5; i++) queue.push(i * 2);
    assert.equal(queue.pop(), 0);
    queue.push(1); // out of order: before 2
    assert.deepEqual([queue.pop(), queue.pop(), queue.pop()], [1, 2, 4]);
    assert.equal(queue.size, 2);
  });
});
