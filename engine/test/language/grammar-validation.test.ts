import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { newMomoflowLexer } from "../../src/language/lexer";
import { MomoflowParser } from "../../src/language/parser";

// The shared lexer and parser skip Chevrotain's checks of their definitions
// (each `momoflow check` would pay for them): these run them.
describe("grammar validation", () => {
  it("the parser's grammar passes Chevrotain's validations with one token of lookahead", () => {
    // performSelfAnalysis throws on a definition error (an ambiguity, a left recursion, ...).
    assert.doesNotThrow(() => new MomoflowParser({ validate: true }));
  });

  it("the parser overrides a method Chevrotain still has (its OPTION without a closure per call)", () => {
    const chevrotains = Object.getPrototypeOf(MomoflowParser.prototype) as Record<string, unknown>;
    assert.equal(typeof chevrotains["optionInternalLogic"], "function");
    assert.notEqual(
      MomoflowParser.prototype.optionInternalLogic,
      chevrotains["optionInternalLogic"],
    );
  });

  it("the lexer's token definitions pass Chevrotain's checks", () => {
    const lexer = newMomoflowLexer({ validate: true });
    assert.deepEqual(lexer.lexerDefinitionErrors, []);
  });
});
