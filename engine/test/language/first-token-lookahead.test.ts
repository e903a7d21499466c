import "./esm-only-dependencies";
import assert from "node:assert/strict";
import {
  Alternation,
  EOF,
  LLkLookaheadStrategy,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Terminal,
  type IProduction,
  type IToken,
  type OptionalProductionType,
  type Rule,
  type TokenType,
} from "chevrotain";
import { FirstTokenLookahead } from "../../src/language/first-token-lookahead";
import { MomoflowParser } from "../../src/language/parser";
import { parseDocument } from "../../src/language/parse";
import * as T from "../../src/language/tokens";

/** Every OPTION, MANY and the like of a rule, with the type Chevrotain names it by. */
function optionalProductions(rule: Rule): { type: OptionalProductionType; idx: number }[] {
  const found: { type: OptionalProductionType; idx: number }[] = [];
  const walk = (productions: readonly IProduction[]): void => {
    for (const production of productions) {
      if (production instanceof Terminal || production instanceof NonTerminal) continue;
      const type =
        production instanceof Option
          ? "Option"
          : production instanceof Repetition
            ? "Repetition"
            : production instanceof RepetitionMandatory
              ? "RepetitionMandatory"
              : production instanceof RepetitionMandatoryWithSeparator
                ? "RepetitionMandatoryWithSeparator"
                : production instanceof RepetitionWithSeparator
                  ? "RepetitionWithSeparator"
                  : undefined;
      if (type) found.push({ type, idx: (production as Option).idx });
      walk((production as unknown as { definition: IProduction[] }).definition);
    }
  };
  walk(rule.definition);
  return found;
}

/** Every OR of a rule: its index and how many alternatives it has. */
function alternations(rule: Rule): { idx: number; count: number }[] {
  const found: { idx: number; count: number }[] = [];
  const walk = (productions: readonly IProduction[]): void => {
    for (const production of productions) {
      if (production instanceof Terminal || production instanceof NonTerminal) continue;
      if (production instanceof Alternation)
        found.push({ idx: production.idx, count: production.definition.length });
      walk((production as unknown as { definition: IProduction[] }).definition);
    }
  };
  walk(rule.definition);
  return found;
}

/** Every token type a lookahead may see next. */
const TYPES: TokenType[] = [...T.vocabulary, EOF];

/** A parser as a lookahead function reads it, with `tokenType` next. */
function hostSeeing(tokenType: TokenType): { LA: () => IToken; LA_FAST: () => IToken } {
  const token = { tokenType, tokenTypeIdx: tokenType.tokenTypeIdx!, image: "" } as IToken;
  // Chevrotain's functions read the next token with LA_FAST, ours with LA.
  return { LA: () => token, LA_FAST: () => token };
}

/**
 * Compares, for every OR of the grammar and every token type next, the
 * alternative our lookahead takes with Chevrotain's, under each of the gate
 * sets `gateSets` gives for its number of alternatives (0: no gate, 1: a gate
 * that allows, 2: one that refuses; none given when `gated` is false).
 * Returns how many choices were compared and how many ORs got a function of ours.
 */
function compareAlternations(
  gated: boolean,
  gateSets: (count: number) => number[][],
): { compared: number; own: number } {
  const rules = Object.values(new MomoflowParser().getGAstProductions());
  const ours = new FirstTokenLookahead({ maxLookahead: 1 });
  const chevrotains = new LLkLookaheadStrategy({ maxLookahead: 1 });
  let compared = 0;
  let own = 0;
  for (const rule of rules) {
    for (const { idx, count } of alternations(rule)) {
      const options = {
        prodOccurrence: idx,
        rule,
        maxLookahead: 1,
        hasPredicates: gated,
        dynamicTokensEnabled: false,
      };
      const mine = ours.buildLookaheadForAlternation(options);
      const theirs = chevrotains.buildLookaheadForAlternation(options);
      // Not Chevrotain's own function: ours was built.
      if (mine.toString() !== theirs.toString()) own++;
      for (const gates of gateSets(count)) {
        const alts = gated
          ? gates.map((gate) => ({
              ALT: () => undefined,
              ...(gate === 0 ? {} : { GATE: () => gate === 1 }),
            }))
          : undefined;
        for (const tokenType of TYPES) {
          const host = hostSeeing(tokenType);
          assert.equal(
            mine.call(host, alts),
            theirs.call(host, alts),
            `${rule.name}: OR${idx} on ${tokenType.name}${gated ? ` with gates ${gates.join("")}` : ""}`,
          );
          compared++;
        }
      }
    }
  }
  return { compared, own };
}

describe("the parser's lookahead for OPTION and MANY", () => {
  it("enters every optional production on exactly the tokens Chevrotain's own lookahead does", () => {
    const rules = Object.values(new MomoflowParser().getGAstProductions());
    const ours = new FirstTokenLookahead({ maxLookahead: 1 });
    const chevrotains = new LLkLookaheadStrategy({ maxLookahead: 1 });
    let compared = 0;
    for (const rule of rules) {
      for (const { type, idx } of optionalProductions(rule)) {
        const options = {
          prodOccurrence: idx,
          prodType: type,
          rule,
          maxLookahead: 1,
          dynamicTokensEnabled: false,
        };
        const mine = ours.buildLookaheadForOptional(options);
        const theirs = chevrotains.buildLookaheadForOptional(options);
        for (const tokenType of TYPES) {
          const host = hostSeeing(tokenType);
          assert.equal(
            mine.call(host),
            theirs.call(host),
            `${rule.name}: ${type}${idx} on ${tokenType.name}`,
          );
          compared++;
        }
      }
    }
    // The grammar has dozens of optional productions: all of them were compared.
    assert.ok(compared > 40 * TYPES.length, `only ${compared} comparisons`);
  });

  it("takes the alternative of a gated OR that Chevrotain's own lookahead takes, whatever the gates say", () => {
    // Each alternative without a gate, with one that allows it, with one that refuses it.
    const gateSets = (count: number): number[][] =>
      [0, 1, 2].map((shift) => Array.from({ length: count }, (_, i) => (i + shift) % 3));
    const { compared, own } = compareAlternations(true, gateSets);
    assert.ok(own > 5, `only ${own} ORs have their own lookahead`);
    assert.ok(compared > 10 * 3 * TYPES.length, `only ${compared} comparisons`);
  });

  it("takes the alternative of an OR without gates that Chevrotain's own lookahead takes", () => {
    const { compared, own } = compareAlternations(false, () => [[]]);
    assert.ok(own > 10, `only ${own} ORs have their own lookahead`);
    assert.ok(compared > 10 * TYPES.length, `only ${compared} comparisons`);
  });

  it("still reads optional parts and reports what is missing", () => {
    const { file, diagnostics } = parseDocument(
      'workflow w {\n  step a {\n    run: log(message: "x")\n    timeout:\n  }\n}\n',
      "/w.momoflow",
    );
    const step = file.workflows[0]!.steps[0]!;
    assert.deepEqual(
      step.properties.map((p) => [p.name.text, p.value?.kind]),
      [
        ["run", "call"],
        ["timeout", undefined],
      ],
    );
    assert.deepEqual(
      diagnostics.map((d) => d.message),
      ["expected a value after `timeout:`"],
    );
  });
});
