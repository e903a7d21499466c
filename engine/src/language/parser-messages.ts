/**
 * How syntax errors name what they found and what they expected: for people,
 * never token-type names. The parser words most of its errors itself; this
 * provider covers the errors Chevrotain's own recovery may still raise.
 */
import {
  EOF,
  tokenLabel,
  tokenMatcher,
  type IParserErrorMessageProvider,
  type IToken,
} from "chevrotain";
import * as T from "./tokens";

/** `` `)` ``, `` `build` ``, "a string", "the end of the file". */
export function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return "the end of the file";
  if (tokenMatcher(token, T.StringToken)) return "a string";
  const image = token.image.length > 32 ? `${token.image.slice(0, 31)}…` : token.image;
  return `\`${image}\``;
}

/** "unexpected string", "unexpected end of the file", "unexpected `}`": the start of a message about a token out of place. */
export function unexpected(token: IToken): string {
  if (token.tokenType === EOF) return "unexpected end of the file";
  if (tokenMatcher(token, T.StringToken)) return "unexpected string";
  return `unexpected ${describeToken(token)}`;
}

export const parserErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${tokenLabel(expected)}, found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `${unexpected(firstRedundant)}: expected \`import\`, \`command\`, \`workflow\` or \`test\``;
  },
  buildNoViableAltMessage({ actual }) {
    const found = actual[0];
    return found === undefined ? "unexpected input" : unexpected(found);
  },
  buildEarlyExitMessage({ actual }) {
    const found = actual[0];
    return found === undefined ? "unexpected input" : unexpected(found);
  },
};
