import assert from "node:assert/strict";
import { sizeText } from "../../src/units/quantity-text";
import { parseSize } from "../../src/units/quantity";

/** A size someone set (`expect memory < 1KB`), written back as the language writes sizes (and reads back the same). */
describe("sizeText", () => {
  const cases: [number, string][] = [
    [0, "0B"],
    [1, "1B"],
    [1000, "1000B"],
    [1024, "1KB"],
    [1536, "1536B"],
    [3 * 1024 ** 2, "3MB"],
    [1024 ** 3 + 1024 ** 2, "1025MB"],
    [4 * 1024 ** 3, "4GB"],
    [2 * 1024 ** 4, "2TB"],
  ];
  for (const [bytes, text] of cases) {
    it(`${bytes} bytes is ${text}, which reads back as ${bytes} bytes`, () => {
      assert.equal(sizeText(bytes), text);
      assert.equal(parseSize(text), bytes);
    });
  }
});
