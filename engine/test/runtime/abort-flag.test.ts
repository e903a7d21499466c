import assert from "node:assert/strict";
import { AbortFlag } from "../../src/runtime/abort-flag";

describe("a signal's aborted state as a field", () => {
  it("says what the signal says: aborted from the start, or once it aborts", () => {
    const before = new AbortController();
    before.abort();
    assert.equal(new AbortFlag(before.signal).aborted, true);
    const later = new AbortController();
    const flag = new AbortFlag(later.signal);
    assert.equal(flag.aborted, false);
    later.abort();
    assert.equal(flag.aborted, true);
  });

  it("is set before the signal's later listeners run", () => {
    const controller = new AbortController();
    const flag = new AbortFlag(controller.signal);
    let seen: boolean | undefined;
    controller.signal.addEventListener("abort", () => (seen = flag.aborted));
    controller.abort();
    assert.equal(seen, true);
  });
});
