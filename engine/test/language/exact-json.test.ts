import assert from "node:assert/strict";
import { parseJsonExactly } from "../../src/language/compile/exact-json";
import { ExactNumber, stringifyExactly } from "../../src/runtime/exact-number";
import { compareDecimals, decimalOf } from "../../src/runtime/decimal-order";

const BIG = "12345678901234567891";

describe("parseJsonExactly and stringifyExactly", () => {
  it("keep a number a double would change as its literal, and every other as a number", () => {
    const value = parseJsonExactly(`{"id": ${BIG}, "n": 3, "f": 0.1, "s": "${BIG}", "x": [1e400]}`);
    const { id, n, f, s, x } = value as Record<string, unknown>;
    assert.ok(id instanceof ExactNumber);
    assert.equal(String(id), BIG);
    assert.deepEqual([n, f, s], [3, 0.1, BIG]);
    assert.ok((x as unknown[])[0] instanceof ExactNumber);
    assert.equal(stringifyExactly(value), `{"id":${BIG},"n":3,"f":0.1,"s":"${BIG}","x":[1e400]}`);
  });

  it("a whole text that is such a number is one", () => {
    assert.equal(stringifyExactly(parseJsonExactly(` ${BIG} `)), BIG);
  });

  it("outside stringifyExactly (a queue's JSON.stringify) such a number is its digits as a string", () => {
    assert.equal(JSON.stringify({ id: new ExactNumber(BIG) }), `{"id":"${BIG}"}`);
  });

  it("a user's string never turns into a number, whatever it holds", () => {
    const text = JSON.stringify({ s: `\u0000${BIG}`, t: JSON.stringify(new ExactNumber(BIG)) });
    assert.equal(stringifyExactly(parseJsonExactly(text)), text);
  });
});

describe("compareDecimals", () => {
  const order = (a: string, b: string): number =>
    Math.sign(compareDecimals(decimalOf(a)!, decimalOf(b)!));
  it("orders numbers doubles cannot tell apart", () => {
    assert.equal(order(BIG, "12345678901234567892"), -1);
    assert.equal(order("-12345678901234567891", "-12345678901234567892"), 1);
  });
  it("reads the same value written in other forms as equal", () => {
    assert.equal(order(`${BIG}.0`, BIG), 0);
    assert.equal(order("1.5e3", "1500"), 0);
    assert.equal(order("0.0", "-0"), 0);
    assert.equal(order("1e400", "9e399"), 1);
    assert.equal(order("0.001", "1e-2"), -1);
  });
  it("is undefined for what is no decimal", () => {
    assert.equal(decimalOf("abc"), undefined);
    assert.equal(decimalOf("Infinity"), undefined);
    assert.equal(decimalOf("."), undefined);
  });
});
