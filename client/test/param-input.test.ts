import assert from "node:assert/strict";
import type { ParamOutline } from "../src/outline/document-outline";
import {
  paramInputBox,
  paramInputPlaceholder,
  paramInputProblem,
  paramsToAskFor,
  secretParamNames,
  secretParamsToAskFor,
} from "../src/run/param-input";
import { secretsInEnvironment } from "../src/run/secrets-in-environment";

const range = (line: number) => ({
  start: { line, character: 2 },
  end: { line, character: 30 },
});

const param = (
  name: string,
  type: string,
  defaultValue: ParamOutline["default"],
  line: number,
): ParamOutline => ({
  name,
  nameRange: range(line),
  range: range(line),
  type,
  default: defaultValue,
  required: defaultValue === undefined,
});

describe("param input", () => {
  it("accepts exactly what the CLI's --param accepts, per type", () => {
    const cases: [type: string | undefined, ok: string[], bad: string[]][] = [
      ["int", ["3", "-12", " 7 "], ["3.5", "abc", "", "12345678901234567891"]],
      // Numbers past a double's digits are kept exactly (a 64-bit id), as --param keeps them.
      ["number", ["0.5", "-2", "1e3", "12345678901234567891"], ["abc", "", "NaN", "0x10"]],
      ["bool", ["true", "false"], ["yes", "True", "1"]],
      ["duration", ["250ms", "30s", "5m", "2h", "1.5s"], ["30", "5 minutes", "10MB"]],
      ["size", ["512KB", "10MB", "1GB", "3B"], ["10", "10mb?", "5m"]],
      ["string", ["", "anything at all"], []],
      ["path", ["./out"], [""]],
      ["list", ["a, b", '["a", 1]', "", '["12345678901234567891"]', "[12345678901234567891]"], []],
      ["map", ['{"a": 1}', '{"id": 12345678901234567891}'], ["a=1", "[1]"]],
      ["any", ["x", "1", "{", "12345678901234567891", "[1e400]"], []],
      [undefined, ["whatever"], []],
      ["some_future_type", ["whatever"], []],
    ];
    for (const [type, ok, bad] of cases) {
      for (const text of ok)
        assert.equal(paramInputProblem(text, type), undefined, `${type} ${text}`);
      for (const text of bad)
        assert.ok(paramInputProblem(text, type), `${type} should refuse ${JSON.stringify(text)}`);
    }
  });

  it("says what was expected, capitalized for the input box", () => {
    assert.equal(paramInputProblem("abc", "int"), 'Expected an int (a whole number), got "abc"');
    assert.equal(
      paramInputProblem("30", "duration"),
      'Expected a duration like 250ms, 30s, 5m or 2h, got "30"',
    );
    assert.equal(
      paramInputProblem("big", "size"),
      'Expected a size like 512KB, 10MB or 1GB, got "big"',
    );
    assert.equal(paramInputProblem("yes", "bool"), 'Expected true or false, got "yes"');
  });

  it("gives a placeholder per type", () => {
    assert.match(paramInputPlaceholder("duration"), /30s/);
    assert.match(paramInputPlaceholder("size"), /10MB/);
    assert.match(paramInputPlaceholder("bool"), /true or false/);
    assert.match(paramInputPlaceholder(undefined), /value/);
  });

  it("asks for params declared without a default and not given", () => {
    const params: ParamOutline[] = [
      param("target", "string", undefined, 1),
      param("retries", "int", { text: "2", value: { kind: "number", value: 2, integer: true } }, 2),
      param("delay", "duration", undefined, 3),
      param("host", "string", { text: '"h"', value: { kind: "string", value: "h" } }, 4),
    ];
    const ask = paramsToAskFor(params, { delay: "30s" });
    assert.deepEqual(
      ask.map((p) => p.name),
      ["target"],
    );
  });

  it("asks for a secret in a password box, never offering the value typed last time", () => {
    const secret: ParamOutline = {
      name: "api_key",
      type: "secret",
      required: true,
      nameRange: range(1),
      range: range(1),
    };
    const plain: ParamOutline = {
      name: "target",
      type: "string",
      required: true,
      nameRange: range(2),
      range: range(2),
    };
    const box = paramInputBox(secret, "typed-before");
    assert.equal(box.password, true);
    assert.equal(box.value, "");
    assert.match(box.prompt, /api_key: secret .*MOMOFLOW_PARAM_API_KEY/);
    assert.match(box.placeHolder, /\*\*\*/);
    assert.deepEqual(paramInputBox(plain, "staging"), {
      prompt: "param target: string (required: it has no default)",
      placeHolder: "text",
      value: "staging",
      password: false,
    });
    assert.equal(paramInputProblem("anything at all", "secret"), undefined);
    assert.deepEqual(secretParamNames([secret, plain], { api_key: "x", target: "y" }), ["api_key"]);
    assert.deepEqual(secretParamNames([secret, plain], { target: "y" }), []);
  });

  it("does not ask for a required secret that MOMOFLOW_PARAM_<NAME> gives (not empty), and gives it to the CLI in its environment", () => {
    const params: ParamOutline[] = [
      param("api_key", "secret", undefined, 1),
      param("pin", "secret", undefined, 2),
      param("token", "secret", { text: "env.TOKEN", value: { kind: "string", value: "" } }, 3),
      param("target", "string", undefined, 4),
    ];
    assert.deepEqual(secretParamsToAskFor(params), ["api_key", "pin"], "not one with a default");
    assert.deepEqual(secretParamsToAskFor(params, { pin: "1234" }), ["api_key"], "nor one given");
    const env = {
      MOMOFLOW_PARAM_API_KEY: "k-81c2",
      MOMOFLOW_PARAM_PIN: "",
      MOMOFLOW_PARAM_TOKEN: "t-5d0e",
      MOMOFLOW_PARAM_TARGET: "eu",
    };
    const given = secretsInEnvironment(secretParamsToAskFor(params), env);
    assert.deepEqual(given, { api_key: "k-81c2" }, "an empty one is asked for; a plain param too");
    assert.deepEqual(
      paramsToAskFor(params, given).map((p) => p.name),
      ["pin", "target"],
    );
    assert.deepEqual(secretParamNames(params, { ...given, pin: "1234", target: "eu" }), [
      "api_key",
      "pin",
    ]);
  });
});
