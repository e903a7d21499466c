/**
 * Nodes of an offset-range tree (offset-range.ts) that keep their offsets
 * themselves, their ranges made when read, as {@link OffsetName} does for
 * names: the kinds every step has (`needs: build`, `log(message: "after
 * ${steps.build.output}")`: a reference, a call, its argument, a string and
 * its interpolation), some 110,000 range objects fewer for a file of 20,000
 * steps, none of them read unless a diagnostic is at one.
 *
 * Each reads and serializes as the plain node does (the same keys in the
 * same order). Each read of a range is a new range: compare by value. A
 * spread copy (`{ ...node }`) has no range: build a plain node instead.
 * Each is made by its function below, an object literal, as `offsetRange`
 * explains (offset-range.ts).
 */
import type {
  CookedEscape,
  Argument,
  CallExpression,
  Expression,
  Interpolation,
  Name,
  Range,
  Reference,
  Segment,
  StringLiteral,
} from "./ast";
import type { LineIndex } from "./line-index";
import { offsetRange } from "./offset-range";

/** A string literal: `"…"` or `"""…"""`. */
export class OffsetStringLiteral implements StringLiteral {
  readonly kind = "string";

  constructor(
    public parts: StringLiteral["parts"],
    public triple: boolean,
    readonly lines: LineIndex,
    readonly startOffset: number,
    readonly endOffset: number,
  ) {}

  declare cookedEscapes?: CookedEscape[];

  get range(): Range {
    return offsetRange(this.lines, this.startOffset, this.endOffset);
  }

  toJSON(): StringLiteral {
    const plain: StringLiteral = {
      kind: this.kind,
      parts: this.parts,
      triple: this.triple,
      range: this.range,
    };
    if (this.cookedEscapes) plain.cookedEscapes = this.cookedEscapes;
    return plain;
  }
}

/** An argument of a call: `name: value` or a positional `value`. */
export class OffsetArgument implements Argument {
  constructor(
    public name: Name | undefined,
    public value: Expression | undefined,
    readonly lines: LineIndex,
    readonly startOffset: number,
    readonly endOffset: number,
  ) {}

  get range(): Range {
    return offsetRange(this.lines, this.startOffset, this.endOffset);
  }

  toJSON(): Argument {
    return { name: this.name, value: this.value, range: this.range };
  }
}

/** A call: `name(arg: value, ...)`. */
export class OffsetCall implements CallExpression {
  readonly kind = "call";

  constructor(
    public callee: Name,
    public args: Argument[],
    readonly lines: LineIndex,
    /** Offsets of the parentheses and what is between them. */
    readonly argsStart: number,
    readonly argsEnd: number,
    readonly startOffset: number,
    readonly endOffset: number,
  ) {}

  get argsRange(): Range {
    return offsetRange(this.lines, this.argsStart, this.argsEnd);
  }

  get range(): Range {
    return offsetRange(this.lines, this.startOffset, this.endOffset);
  }

  toJSON(): CallExpression {
    return {
      kind: this.kind,
      callee: this.callee,
      args: this.args,
      argsRange: this.argsRange,
      range: this.range,
    };
  }
}

/** A reference: `build`, `steps.build.output`. */
export class OffsetReference implements Reference {
  readonly kind = "ref";

  constructor(
    public segments: Segment[],
    readonly lines: LineIndex,
    readonly startOffset: number,
    readonly endOffset: number,
  ) {}

  get range(): Range {
    return offsetRange(this.lines, this.startOffset, this.endOffset);
  }

  toJSON(): Reference {
    return { kind: this.kind, segments: this.segments, range: this.range };
  }
}

/** `${ref}` in a string, maybe in a path function (`${basename(file)}`). */
export class OffsetInterpolation implements Interpolation {
  readonly kind = "interpolation";
  /** Set after the node is made, as on the plain node (and written after `range`). */
  function?: Name;
  /** Set after the node is made, as on the plain node (and written after `function`). */
  unfinished?: Reference;

  constructor(
    public ref: Reference | undefined,
    readonly lines: LineIndex,
    readonly startOffset: number,
    readonly endOffset: number,
  ) {}

  get range(): Range {
    return offsetRange(this.lines, this.startOffset, this.endOffset);
  }

  toJSON(): Interpolation {
    const plain: Interpolation = { kind: this.kind, ref: this.ref, range: this.range };
    if (this.function !== undefined) plain.function = this.function;
    if (this.unfinished !== undefined) plain.unfinished = this.unfinished;
    return plain;
  }
}

export function offsetStringLiteral(
  parts: StringLiteral["parts"],
  triple: boolean,
  lines: LineIndex,
  startOffset: number,
  endOffset: number,
): OffsetStringLiteral {
  return {
    __proto__: OffsetStringLiteral.prototype,
    kind: "string",
    parts,
    triple,
    lines,
    startOffset,
    endOffset,
  } as unknown as OffsetStringLiteral;
}

export function offsetArgument(
  name: Name | undefined,
  value: Expression | undefined,
  lines: LineIndex,
  startOffset: number,
  endOffset: number,
): OffsetArgument {
  return {
    __proto__: OffsetArgument.prototype,
    name,
    value,
    lines,
    startOffset,
    endOffset,
  } as unknown as OffsetArgument;
}

export function offsetCall(
  callee: Name,
  args: Argument[],
  lines: LineIndex,
  argsStart: number,
  argsEnd: number,
  startOffset: number,
  endOffset: number,
): OffsetCall {
  return {
    __proto__: OffsetCall.prototype,
    kind: "call",
    callee,
    args,
    lines,
    argsStart,
    argsEnd,
    startOffset,
    endOffset,
  } as unknown as OffsetCall;
}

export function offsetReference(
  segments: Segment[],
  lines: LineIndex,
  startOffset: number,
  endOffset: number,
): OffsetReference {
  return {
    __proto__: OffsetReference.prototype,
    kind: "ref",
    segments,
    lines,
    startOffset,
    endOffset,
  } as unknown as OffsetReference;
}

export function offsetInterpolation(
  ref: Reference | undefined,
  lines: LineIndex,
  startOffset: number,
  endOffset: number,
): OffsetInterpolation {
  return {
    __proto__: OffsetInterpolation.prototype,
    kind: "interpolation",
    ref,
    lines,
    startOffset,
    endOffset,
  } as unknown as OffsetInterpolation;
}
