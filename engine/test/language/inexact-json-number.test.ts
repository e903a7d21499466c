import assert from "node:assert/strict";
import { inexactJsonNumber } from "../../src/language/compile/inexact-json-number";

/** Which numbers of a JSON text JSON.parse would not read back as written. */
describe("inexactJsonNumber", () => {
  const exact = [
    '{"id": 9007199254740991}',
    "-9007199254740991",
    "[0.1, 2.50, 1.5e3, 1E5, 1e+22, 5e-324, -0, 0.0, 1e-7]",
    "100000000000000000000",
    "1.0000000000000000000",
    "123456789012345.6",
    // A double written with 17 digits (jq 1.6, printf %.17g): the same double.
    "[0.10000000000000001, 1.1000000000000001, 3.3333333333333335, 1.0000000000000002e-300]",
    '{"s": "12345678901234567891 1e400", "t": "a\\"12345678901234567891"}',
    "[]",
  ];
  for (const json of exact)
    it(`reads ${json} as written`, () => assert.equal(inexactJsonNumber(json), undefined));

  const inexact: [string, string, string][] = [
    ['{"id": 12345678901234567891}', "12345678901234567891", "12345678901234567000"],
    ["[9007199254740993]", "9007199254740993", "9007199254740992"],
    ["[-12345678901234567891]", "-12345678901234567891", "-12345678901234567000"],
    ["[0.12345678901234567891]", "0.12345678901234567891", "0.12345678901234568"],
    ['{"a": [1, {"b": 1e400}]}', "1e400", "Infinity"],
    ["[-1e400]", "-1e400", "-Infinity"],
    ["[1e-400]", "1e-400", "0"],
    ["[2.5e-324]", "2.5e-324", "5e-324"],
    ["[0.100000000000000011]", "0.100000000000000011", "0.1"],
    ["[12345678901234567.0]", "12345678901234567.0", "12345678901234568"],
    ["[1000000000000000000000]", "1000000000000000000000", "1e+21"],
    ['["\\\\", 12345678901234567891]', "12345678901234567891", "12345678901234567000"],
  ];
  for (const [json, literal, reads] of inexact)
    it(`finds ${literal} in ${json}`, () =>
      assert.deepEqual(inexactJsonNumber(json), { literal, reads }));
});
