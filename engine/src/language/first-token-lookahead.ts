/**
 * The parser's lookahead at one token, built from the first tokens of each
 * OPTION's or MANY's content and of each OR's alternatives.
 *
 * Chevrotain's LL(k) strategy also walks the rest of the rule after each
 * optional production, to find the shortest token sequence that tells the
 * two apart, and builds each alternative's paths through generic sequence
 * code. With one token of lookahead that walk cannot change the answer
 * (the content's first tokens are taken whatever follows), yet it was most
 * of the parser's construction, which every `momoflow check` pays.
 *
 * For an OR with gates, Chevrotain's function gathers the gates into a new
 * array on every call (a block's member loop runs it once per member): this
 * one reads each alternative's gate where it is, and decides with one table
 * lookup per alternative. Without gates, one table by token type answers.
 * Anything else (longer lookahead, optional content that may be empty, a
 * left recursion) is left to Chevrotain.
 */
import {
  Alternation,
  Alternative,
  LLkLookaheadStrategy,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Rule,
  Terminal,
  type ILookaheadStrategy,
  type IOrAlt,
  type IProduction,
  type IToken,
  type OptionalProductionType,
  type TokenType,
} from "chevrotain";

/** The options Chevrotain passes to `buildLookaheadForOptional`. */
type OptionalLookaheadOptions = Parameters<ILookaheadStrategy["buildLookaheadForOptional"]>[0];

/** The options Chevrotain passes to `buildLookaheadForAlternation`. */
type AlternationLookaheadOptions = Parameters<
  ILookaheadStrategy["buildLookaheadForAlternation"]
>[0];

/** The first tokens a sequence of productions can start with, and whether it can be empty. */
interface FirstTokens {
  types: TokenType[];
  nullable: boolean;
}

/** What a lookahead function is called on: the parser. */
interface LookaheadHost {
  LA(distance: number): IToken;
}

/** Chevrotain's LL(k) strategy, with OPTION and MANY at one token computed from their first tokens. */
export class FirstTokenLookahead extends LLkLookaheadStrategy {
  override buildLookaheadForOptional(options: OptionalLookaheadOptions): () => boolean {
    if (options.maxLookahead === 1 && !options.dynamicTokensEnabled) {
      const content = findProduction(options.rule, options.prodType, options.prodOccurrence);
      const first = content && firstOf(content.definition, new Set());
      if (first && !first.nullable) return lookaheadFor(first.types);
    }
    return super.buildLookaheadForOptional(options);
  }

  override buildLookaheadForAlternation(
    options: AlternationLookaheadOptions,
  ): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    if (options.maxLookahead === 1 && !options.dynamicTokensEnabled) {
      const alternatives = alternativesOf(options.rule, options.prodOccurrence);
      if (alternatives)
        return options.hasPredicates
          ? gatedAlternatives(alternatives)
          : ungatedAlternatives(alternatives);
    }
    return super.buildLookaheadForAlternation(options);
  }
}

/** One alternative of an OR at one token: the tokens it starts with, or any token when it may be empty. */
interface AlternativeStart {
  any: boolean;
  accepted: boolean[];
}

/**
 * The alternatives of the OR numbered `occurrence` in `rule`, each by its
 * first tokens — the paths of one token Chevrotain computes for it, and an
 * empty path when the alternative may match nothing — or undefined when
 * one cannot be told (a left recursion).
 */
function alternativesOf(rule: Rule, occurrence: number): AlternativeStart[] | undefined {
  const or = findProduction(rule, Alternation, occurrence);
  if (!or) return undefined;
  const starts: AlternativeStart[] = [];
  for (const alternative of or.definition) {
    const first = firstOf((alternative as Alternative).definition, new Set());
    if (!first) return undefined;
    starts.push({ any: first.nullable, accepted: acceptedTypes(first.types) });
  }
  return starts;
}

/**
 * The alternative to take, as Chevrotain's gated lookahead decides it: the
 * first whose gate is not false and one of whose paths (each of at most one
 * token, an empty one matching anything) the next token matches.
 */
function gatedAlternatives(
  alternatives: readonly AlternativeStart[],
): (this: LookaheadHost, orAlts?: IOrAlt<unknown>[]) => number | undefined {
  return function (this: LookaheadHost, orAlts?: IOrAlt<unknown>[]): number | undefined {
    const next = this.LA(1).tokenTypeIdx;
    for (let t = 0; t < alternatives.length; t++) {
      const gate = (orAlts?.[t] as { GATE?: (this: unknown) => boolean } | undefined)?.GATE;
      if (gate !== undefined && gate.call(this) === false) continue;
      const alternative = alternatives[t]!;
      if (alternative.any || alternative.accepted[next] === true) return t;
    }
    return undefined;
  };
}

/**
 * The alternative to take without gates: the first one the next token
 * starts (or one that may be empty), looked up in one table by token type.
 */
function ungatedAlternatives(
  alternatives: readonly AlternativeStart[],
): (this: LookaheadHost) => number | undefined {
  const choice: number[] = [];
  let otherwise: number | undefined;
  for (let t = 0; t < alternatives.length && otherwise === undefined; t++) {
    const alternative = alternatives[t]!;
    alternative.accepted.forEach((accepted, type) => {
      if (accepted && choice[type] === undefined) choice[type] = t;
    });
    // It takes every token no earlier alternative took: later ones are never chosen.
    if (alternative.any) otherwise = t;
  }
  return function (this: LookaheadHost): number | undefined {
    return choice[this.LA(1).tokenTypeIdx] ?? otherwise;
  };
}

/** A function true when the next token is one of `types` (or of their categories' members). */
function lookaheadFor(types: readonly TokenType[]): () => boolean {
  const accepted = acceptedTypes(types);
  return function (this: LookaheadHost): boolean {
    return accepted[this.LA(1).tokenTypeIdx] === true;
  };
}

/** True at the tokenTypeIdx of each of `types` and of their categories' members, as Chevrotain matches. */
function acceptedTypes(types: readonly TokenType[]): boolean[] {
  const accepted: boolean[] = [];
  for (const type of types) {
    accepted[type.tokenTypeIdx!] = true;
    for (const member of type.categoryMatches ?? []) accepted[member] = true;
  }
  return accepted;
}

/** The production of `type` (an optional one's name, or the OR class) numbered `occurrence` in `rule` (its own, not a called rule's). */
function findProduction(
  rule: Rule,
  type: OptionalProductionType | typeof Alternation,
  occurrence: number,
): { definition: IProduction[] } | undefined {
  const kind = typeof type === "string" ? PRODUCTION_CLASSES[type] : type;
  const search = (
    productions: readonly IProduction[],
  ): { definition: IProduction[] } | undefined => {
    for (const production of productions) {
      if (production instanceof kind && production.idx === occurrence) return production;
      if (production instanceof NonTerminal || production instanceof Terminal) continue;
      const found = search((production as unknown as { definition: IProduction[] }).definition);
      if (found) return found;
    }
    return undefined;
  };
  return search(rule.definition);
}

const PRODUCTION_CLASSES: Record<
  OptionalProductionType,
  abstract new (...args: never[]) => { idx: number; definition: IProduction[] }
> = {
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
};

/**
 * The first tokens of a sequence. `calling` holds the rules being entered, so
 * that a left recursion (which Chevrotain's validation refuses) cannot loop:
 * it gives undefined and Chevrotain's strategy is used.
 */
function firstOf(sequence: readonly IProduction[], calling: Set<Rule>): FirstTokens | undefined {
  const types: TokenType[] = [];
  for (const production of sequence) {
    const first = firstOfOne(production, calling);
    if (!first) return undefined;
    types.push(...first.types);
    if (!first.nullable) return { types, nullable: false };
  }
  return { types, nullable: true };
}

function firstOfOne(production: IProduction, calling: Set<Rule>): FirstTokens | undefined {
  if (production instanceof Terminal) return { types: [production.terminalType], nullable: false };
  if (production instanceof NonTerminal) {
    const rule = production.referencedRule;
    if (calling.has(rule)) return undefined;
    calling.add(rule);
    const first = firstOf(rule.definition, calling);
    calling.delete(rule);
    return first;
  }
  if (production instanceof Alternation) {
    const types: TokenType[] = [];
    let nullable = false;
    for (const alternative of production.definition) {
      const first = firstOf((alternative as Alternative).definition, calling);
      if (!first) return undefined;
      types.push(...first.types);
      nullable ||= first.nullable;
    }
    return { types, nullable };
  }
  if (production instanceof Option || production instanceof Repetition) {
    const first = firstOf(production.definition, calling);
    return first && { types: first.types, nullable: true };
  }
  if (production instanceof RepetitionWithSeparator) {
    const first = firstOf(production.definition, calling);
    return first && { types: first.types, nullable: true };
  }
  if (
    production instanceof RepetitionMandatory ||
    production instanceof RepetitionMandatoryWithSeparator ||
    production instanceof Alternative
  )
    return firstOf(production.definition, calling);
  return undefined;
}
