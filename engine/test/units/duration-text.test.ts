import assert from "node:assert/strict";
import { durationText } from "../../src/units/quantity-text";
import { parseDuration } from "../../src/units/quantity";

/** A duration someone set, written back as the language writes durations (and reads back the same). */
describe("durationText", () => {
  const cases: [number, string][] = [
    [0, "0s"],
    [0.5, "0.5ms"],
    [250, "250ms"],
    [1000, "1s"],
    [1500, "1.5s"],
    [90_000, "90s"],
    [300_000, "5m"],
    [5_400_000, "90m"],
    [7_200_000, "2h"],
  ];
  for (const [ms, text] of cases) {
    it(`${ms} ms is ${text}, which reads back as ${ms} ms`, () => {
      assert.equal(durationText(ms), text);
      assert.equal(parseDuration(text), ms);
    });
  }
});
