/**
 * Reads the tokens before the cursor and keeps the nesting they open: which
 * block, list, map or call the cursor is in, and how far the member being
 * written there has got. It follows the parser's grammar loosely, the way
 * text is broken while it is being typed: a value ends where a token cannot
 * continue it, and a closing bracket closes the nearest frame it fits.
 */
import { type IToken, type TokenType, tokenMatcher } from "chevrotain";
import { type ExpectSubject, type PropertyBlock, tokens as T } from "@momoflow/language";
import {
  block,
  closes,
  closeNested,
  currentValue,
  feedValue,
  nextParam,
  startValue,
  type BlockFrame,
  type Frame,
  type ParamMember,
  type TopFrame,
  type ValueSite,
  type ValueState,
} from "./scan-state";
import { feedCall, feedList, feedMap, nestedFrame, unquote } from "./nested-values";

const EXPECT_SUBJECTS = new Map<TokenType, ExpectSubject>([
  [T.Status, "status"],
  [T.Step, "step"],
  [T.Output, "output"],
  [T.File, "file"],
  [T.Duration, "duration"],
  [T.Memory, "memory"],
]);

const CLOSERS = new Map<TokenType, "}" | "]" | ")">([
  [T.RCurly, "}"],
  [T.RBracket, "]"],
  [T.RParen, ")"],
]);

/** The site of a property's value in a block. */
function propertySite(block: PropertyBlock, property: string): ValueSite {
  switch (block) {
    case "workflow":
      return { kind: "workflow-property" };
    case "step":
      return { kind: "step", property };
    case "command":
      return { kind: "command" };
    case "test":
      return { kind: "test" };
  }
}

/** The frames open before the cursor, innermost last. */
export class PrefixScanner {
  readonly stack: Frame[];
  /** Document offset where the last token read ends (-1 before any). */
  lastEnd = -1;
  private previousOffset = -1;

  constructor(initial?: Frame[]) {
    this.stack = initial ?? [{ kind: "top", member: { form: "start" } }];
  }

  /** Reads `tokens`, whose offsets are relative to `base` in the document. */
  scan(tokens: readonly IToken[], base: number): void {
    for (const token of tokens) {
      const offset = base + token.startOffset;
      const closer = CLOSERS.get(token.tokenType);
      // The `]` of an index (`sites[0]`) ends the index, not a list; the `)` of
      // a condition's group (`(a || b)`) ends the group.
      if (closer && !takesCloser(currentValue(this.top), closer)) this.close(closer);
      else this.feed(token, offset);
      this.previousOffset = offset;
      this.lastEnd = offset + token.image.length;
    }
  }

  get top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  // ------------------------------------------------------------------ closing

  /** Closes the nearest frame `closer` fits; a `]` or `)` never closes past a block. */
  private close(closer: "}" | "]" | ")"): void {
    for (let i = this.stack.length - 1; i > 0; i--) {
      const frame = this.stack[i]!;
      if (closer !== "}" && frame.kind === "block") return;
      if (!closes(frame, closer)) continue;
      this.stack.length = i;
      this.closed(frame);
      return;
    }
  }

  /** The frame now on top gets back control after `inner` closed. */
  private closed(inner: Frame): void {
    const frame = this.top;
    if (inner.kind === "stray") return;
    if (frame.kind === "top") {
      if (inner.kind === "params" && frame.member.form === "header") frame.member.stage = "brace";
      else frame.member = { form: "start" };
      return;
    }
    if (frame.kind === "block" && inner.kind === "block") {
      frame.member = { form: "start" };
      return;
    }
    const value = currentValue(frame);
    if (value) closeNested(value);
  }

  // ------------------------------------------------------------------ feeding

  private feed(token: IToken, offset: number): void {
    // A frame that does not take the token resets its member and is fed again;
    // a member at its start always takes (or skips) the token.
    for (let attempt = 0; attempt < 8; attempt++) {
      const frame = this.top;
      let taken: boolean;
      switch (frame.kind) {
        case "top":
          taken = this.feedTop(frame, token, offset);
          break;
        case "block":
          taken = this.feedBlock(frame, token, offset);
          break;
        case "params":
          taken = this.feedParam(frame.member, token, offset, { kind: "command-param" }, true);
          if (!taken) frame.member = { form: "param", stage: "name" };
          break;
        case "list":
          taken = feedList(frame, token, this);
          break;
        case "map":
          taken = feedMap(frame, token, this);
          break;
        case "call":
          taken = feedCall(frame, token, this);
          break;
        case "stray":
          this.openStray(token);
          taken = true;
          break;
      }
      if (taken) return;
    }
  }

  private feedTop(frame: TopFrame, token: IToken, offset: number): boolean {
    const member = frame.member;
    switch (member.form) {
      case "start":
        if (token.tokenType === T.Import) frame.member = { form: "import" };
        else if (token.tokenType === T.Workflow)
          frame.member = { form: "header", keyword: "workflow", stage: "name" };
        else if (token.tokenType === T.Command)
          frame.member = { form: "header", keyword: "command", stage: "name" };
        else if (token.tokenType === T.Test)
          frame.member = { form: "header", keyword: "test", stage: "name" };
        else this.openStray(token);
        return true;
      case "import":
        frame.member = { form: "start" };
        return tokenMatcher(token, T.StringToken);
      case "header": {
        const nameToken =
          member.keyword === "test"
            ? tokenMatcher(token, T.StringToken)
            : tokenMatcher(token, T.Name);
        if (member.stage === "name" && nameToken) {
          member.stage = "brace";
          member.name = member.keyword === "test" ? unquote(token.image) : token.image;
          member.nameOffset = offset;
          return true;
        }
        if (token.tokenType === T.LParen && member.keyword === "command") {
          this.stack.push({ kind: "params", member: { form: "param", stage: "name" } });
          return true;
        }
        if (token.tokenType === T.LCurly) {
          this.stack.push(block(member.keyword, member.name, member.nameOffset));
          return true;
        }
        frame.member = { form: "start" };
        return false;
      }
    }
  }

  private feedBlock(frame: BlockFrame, token: IToken, offset: number): boolean {
    const member = frame.member;
    const reset = (): false => {
      frame.member = { form: "start" };
      return false;
    };
    switch (member.form) {
      case "start":
        this.startMember(frame, token);
        return true;
      case "name":
        if (token.tokenType !== T.Colon) return reset();
        frame.seen.push(member.name);
        frame.member = {
          form: "property",
          name: member.name,
          value: startValue(
            { kind: "property", block: frame.block, property: member.name },
            propertySite(frame.block, member.name),
          ),
        };
        return true;
      case "property":
        return this.feedValue(member.value, token) || reset();
      case "param": {
        const site: ValueSite = { kind: "workflow-param", nameOffset: member.nameOffset ?? -1 };
        return this.feedParam(member, token, offset, site, false) || reset();
      }
      case "var":
        if (member.stage === "name" && tokenMatcher(token, T.Name)) {
          member.stage = "equals";
          member.nameOffset = offset;
          return true;
        }
        if (member.stage === "equals" && token.tokenType === T.Equals) {
          member.stage = "value";
          member.value = startValue(
            { kind: "var" },
            { kind: "workflow-var", nameOffset: member.nameOffset ?? -1 },
          );
          return true;
        }
        return (member.value !== undefined && this.feedValue(member.value, token)) || reset();
      case "step":
        if (member.stage === "name" && tokenMatcher(token, T.Name)) {
          member.stage = "brace";
          member.name = token.image;
          member.nameOffset = offset;
          return true;
        }
        if (token.tokenType === T.LCurly) {
          frame.member = { form: "start" };
          this.stack.push(block("step", member.name, member.nameOffset));
          return true;
        }
        return reset();
      case "expect":
        if (this.feedExpect(member, token)) return true;
        // `expect file <path> exists`: the state ends the statement.
        if (member.subject === "file" && tokenMatcher(token, T.FileState)) {
          frame.member = { form: "start" };
          return true;
        }
        return reset();
    }
  }

  private startMember(frame: BlockFrame, token: IToken): void {
    const type = token.tokenType;
    if (frame.block === "workflow" && type === T.Param) {
      frame.member = { form: "param", stage: "name" };
    } else if (frame.block === "workflow" && type === T.Var) {
      frame.member = { form: "var", stage: "name" };
    } else if (frame.block === "workflow" && type === T.Step) {
      frame.member = { form: "step", stage: "name" };
    } else if (frame.block === "test" && type === T.Expect) {
      frame.member = { form: "expect", stage: "subject" };
    } else if (tokenMatcher(token, T.Name)) {
      frame.member = { form: "name", name: token.image };
    } else {
      this.openStray(token);
    }
  }

  /** `name: type = default`; `inList`: a command's parameter list, where `,` separates. */
  private feedParam(
    member: ParamMember,
    token: IToken,
    offset: number,
    site: ValueSite,
    inList: boolean,
  ): boolean {
    if (inList && token.tokenType === T.Comma && member.stage !== "default") {
      nextParam(member);
      return true;
    }
    switch (member.stage) {
      case "name":
        if (tokenMatcher(token, T.Name)) {
          member.stage = "colon";
          member.nameOffset = offset;
          return true;
        }
        if (!inList) return false;
        // In a parameter list, anything else is skipped.
        this.openStray(token);
        return true;
      case "colon":
        if (token.tokenType !== T.Colon) return false;
        member.stage = "type";
        return true;
      case "type":
        if (!tokenMatcher(token, T.Name)) return false;
        member.stage = "typed";
        member.type = token.image;
        return true;
      case "typed":
        if (token.tokenType !== T.Equals) return false;
        member.stage = "default";
        member.value = startValue({ kind: "default", type: member.type }, site);
        return true;
      case "default":
        if (this.feedValue(member.value!, token)) return true;
        if (inList && token.tokenType === T.Comma) {
          nextParam(member);
          return true;
        }
        return false;
    }
  }

  private feedExpect(
    member: Extract<BlockFrame["member"], { form: "expect" }>,
    token: IToken,
  ): boolean {
    switch (member.stage) {
      case "subject": {
        const subject = EXPECT_SUBJECTS.get(token.tokenType);
        if (!subject) return false;
        member.subject = subject;
        if (subject === "step" || subject === "output") member.stage = "target";
        else if (subject === "file") {
          member.stage = "value";
          member.value = startValue({ kind: "expect", subject }, { kind: "test" });
        } else member.stage = "operator";
        return true;
      }
      case "target":
        if (!tokenMatcher(token, T.Name)) return false;
        member.target = token.image;
        member.path = [];
        member.stage = "operator";
        return true;
      case "path":
        // A field of a JSON output: `.sites`.
        if (!tokenMatcher(token, T.Name)) return false;
        member.path?.push(token.image);
        member.stage = "operator";
        return true;
      case "index":
        // An item of a JSON output: `[0`; the `]` closes no frame, so it never reaches here.
        if (token.tokenType !== T.NumberLiteral) return false;
        member.path?.push(`[${token.image}]`);
        member.stage = "operator";
        return true;
      case "operator":
        // `expect step release/bump`: the next step is one of the workflow `release` calls.
        if (
          member.target !== undefined &&
          member.stage === "operator" &&
          token.tokenType === T.Slash
        ) {
          member.calledFrom = [...(member.calledFrom ?? []), member.target, ...(member.path ?? [])];
          member.stage = "target";
          return true;
        }
        if (member.subject === "step" && token.tokenType === T.LBracket) {
          member.stage = "index";
          return true;
        }
        if (member.subject === "output" && token.tokenType === T.Dot) {
          member.stage = "path";
          return true;
        }
        if (member.subject === "output" && token.tokenType === T.LBracket) {
          member.stage = "index";
          return true;
        }
        if (!tokenMatcher(token, T.ComparisonOperator)) return false;
        member.stage = "value";
        member.value = startValue({ kind: "expect", subject: member.subject! }, { kind: "test" });
        return true;
      case "value":
        return this.feedValue(member.value!, token);
    }
  }

  /** Feeds a value; pushes the list, map or call it opens. False when the value ended. */
  feedValue(value: ValueState, token: IToken): boolean {
    const step = feedValue(value, token);
    if (step.kind === "ended") return false;
    if (step.kind === "open") this.stack.push(nestedFrame(step, value, this.previousOffset));
    return true;
  }

  /** Pushes a frame for a bracket that opens nothing known; true when `token` was one. */
  openStray(token: IToken): boolean {
    const type = token.tokenType;
    const closer =
      type === T.LCurly ? "}" : type === T.LBracket ? "]" : type === T.LParen ? ")" : undefined;
    if (!closer) return false;
    this.stack.push({ kind: "stray", closer });
    return true;
  }
}

/** Whether `value` reads `closer` itself: the `]` of an index, the `)` of a group it opened. */
function takesCloser(value: ValueState | undefined, closer: "}" | "]" | ")"): boolean {
  if (value?.phase === "index") return true;
  return closer === ")" && value?.phase === "after" && (value.groups ?? 0) > 0;
}
