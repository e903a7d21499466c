import assert from "node:assert/strict";
import { boundedUndo, UndoGivenUpError } from "../../src/runtime/undo-deadline";
import type { UndoAbort } from "../../src/runtime/undo-abort";

/** An undo that settles only when its signal aborts (then it rejects, as a stopped shell undo does) or when told. */
function heldUndo(): {
  undo: (abort: UndoAbort) => Promise<void>;
  finish: () => void;
  aborted: () => boolean;
} {
  let finish = (): void => {};
  let signal: AbortSignal | undefined;
  const undo = (abort: UndoAbort): Promise<void> => {
    signal = abort.signal;
    return new Promise<void>((resolve, reject) => {
      finish = resolve;
      signal!.addEventListener("abort", () => reject(new Error("stopped")), { once: true });
    });
  };
  return { undo, finish: () => finish(), aborted: () => signal?.aborted === true };
}

/** How a bounded undo ended: "done", or the message of the error it ended with. */
function outcomeOf(running: Promise<void>): Promise<string> {
  return running.then(
    () => "done",
    (error: unknown) =>
      error instanceof UndoGivenUpError ? error.message : `other: ${String(error)}`,
  );
}

describe("bounded undos running side by side", () => {
  it("a give-up signal gives up only the undos it bounds, whichever of them started first or last", async () => {
    const stopFirst = new AbortController();
    const stopSecond = new AbortController();
    const undos = [heldUndo(), heldUndo(), heldUndo(), heldUndo(), heldUndo()];
    const signals = [stopFirst, stopSecond, stopFirst, stopSecond, stopFirst];
    const outcomes = undos.map((u, i) =>
      outcomeOf(boundedUndo({ undo: u.undo, timeoutMs: 60_000 }, signals[i]!.signal)),
    );
    // The one in the middle of those running ends first: the others stay watched.
    undos[2]!.finish();
    assert.equal(await outcomes[2], "done");

    stopFirst.abort();
    assert.match(await outcomes[0]!, /given up: the rollback was stopped/);
    assert.match(await outcomes[4]!, /given up: the rollback was stopped/);
    assert.equal(undos[1]!.aborted(), false);
    assert.equal(undos[3]!.aborted(), false);

    undos[1]!.finish();
    undos[3]!.finish();
    assert.deepEqual(await Promise.all([outcomes[1], outcomes[3]]), ["done", "done"]);
  });

  it("an undo that ended is no longer watched, whatever order the others end in", async () => {
    const stop = new AbortController();
    const [a, b, c] = [heldUndo(), heldUndo(), heldUndo()];
    const [aOutcome, bOutcome, cOutcome] = [a, b, c].map((u) =>
      outcomeOf(boundedUndo({ undo: u.undo, timeoutMs: 60_000 }, stop.signal)),
    );
    b.finish();
    assert.equal(await bOutcome, "done");
    a.finish();
    assert.equal(await aOutcome, "done");
    stop.abort();
    assert.match(await cOutcome!, /given up: the rollback was stopped/);
    // Ended before the stop: their signals were not aborted by it.
    assert.equal(a.aborted(), false);
    assert.equal(b.aborted(), false);
  });

  it("a deadline gives up only the undo whose time is past, also once others before it have ended", async () => {
    const first = heldUndo();
    const short = heldUndo();
    const last = heldUndo();
    const firstOutcome = outcomeOf(boundedUndo({ undo: first.undo, timeoutMs: 60_000 }, undefined));
    const shortOutcome = outcomeOf(boundedUndo({ undo: short.undo, timeoutMs: 30 }, undefined));
    const lastOutcome = outcomeOf(boundedUndo({ undo: last.undo, timeoutMs: 60_000 }, undefined));
    first.finish();
    assert.equal(await firstOutcome, "done");

    assert.match(await shortOutcome, /given up after 30ms \(its rollback_timeout\)/);
    assert.equal(last.aborted(), false);
    last.finish();
    assert.equal(await lastOutcome, "done");
  });

  it("an undo that throws undefined failed: it is not counted as undone", async () => {
    const outcome = await outcomeOf(
      boundedUndo({ undo: () => Promise.reject(undefined), timeoutMs: 60_000 }, undefined),
    );
    assert.equal(outcome, "other: Error: the undo threw undefined");
  });

  it("an undo that returns no promise is done when it returns; one that throws at once failed", async () => {
    const plain = { undo: (() => undefined) as unknown as () => Promise<void> };
    assert.equal(await outcomeOf(boundedUndo(plain, undefined)), "done");
    const throwing = {
      undo: (): Promise<void> => {
        throw new Error("at once");
      },
    };
    assert.equal(await outcomeOf(boundedUndo(throwing, undefined)), "other: Error: at once");
  });

  it("an undo started after the others ended is bounded as the first was", async () => {
    for (let round = 0; round < 3; round++) {
      const stop = new AbortController();
      const undo = heldUndo();
      const outcome = outcomeOf(boundedUndo({ undo: undo.undo, timeoutMs: 60_000 }, stop.signal));
      stop.abort();
      assert.match(await outcome, /given up: the rollback was stopped/, `round ${round}`);
    }
  });
});
