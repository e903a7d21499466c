import type { MapLiteral, Reference } from "../ast";
import { holdsReference, liveValue, RecipeReference } from "../../runtime/recipe-reference";
import { evaluate } from "./evaluate";
import type { ValueScope } from "./value-lookup";
import { valueText } from "./value-text";

/**
 * The variables an `env:` map sets (a workflow's, or a workflow's and a
 * step's merged), as the run sees them and as the run record keeps them.
 */
export interface EnvironmentValues {
  /** Each variable's text during the run. */
  readonly live: Readonly<Record<string, string>>;
  /**
   * The same for the record: text, or, where a value read the environment or
   * a secret param, a reference resolved when an undo runs (`RecipeReference`).
   */
  readonly recorded: Readonly<Record<string, unknown>>;
}

/**
 * Evaluates an `env:` map over `base` (its names win): in `live` for the
 * run, in `recording` for the record. Numbers and bools become their text.
 *
 * @throws CompileError when a value cannot be read (a step output not there).
 */
export function evaluateEnvironment(
  map: MapLiteral,
  live: ValueScope,
  recording: ValueScope,
  base?: EnvironmentValues,
): EnvironmentValues {
  const values: Record<string, string> = { ...base?.live };
  const recorded: Record<string, unknown> = { ...base?.recorded };
  for (const entry of map.entries) {
    if (!entry.value) continue;
    const name = entry.key.text;
    values[name] = valueText(liveValue(evaluate(entry.value, live)));
    const kept = evaluate(entry.value, recording);
    recorded[name] = holdsReference(kept) ? kept : valueText(kept);
  }
  return { live: values, recorded };
}

/** The environment actions run with: the run's, with the variables of `values` set over it. */
export function effectiveEnvironment(
  base: Readonly<Record<string, string | undefined>>,
  values: EnvironmentValues,
): Record<string, string | undefined> {
  return { ...base, ...values.live };
}

/**
 * A scope where `env.NAME` reads the variables an `env:` map set before the
 * run's own environment: `${env.X}` sees the effective environment and never
 * changes it. Recording (an undo recipe, a fingerprint), a value that read the
 * environment or a secret param stays a reference, which the undo resolves
 * from the variables the recipe keeps.
 */
export class EnvironmentScope implements ValueScope {
  readonly path: string;

  constructor(
    private readonly inner: ValueScope,
    private readonly values: EnvironmentValues,
    private readonly recording: boolean,
  ) {
    this.path = inner.path;
  }

  origin(name: string): string | undefined {
    return this.inner.origin?.(name);
  }

  lookup(ref: Reference): unknown {
    const [root, name] = ref.segments;
    if (ref.segments.length === 2 && root?.text === "env" && name) {
      const live = this.values.live;
      if (Object.hasOwn(live, name.text)) {
        const value = live[name.text]!;
        // Text written in the workflow is no secret: only a value read from
        // the environment or a secret param stays a reference.
        const recorded = this.recording && holdsReference(this.values.recorded[name.text]);
        return recorded ? new RecipeReference(`env.${name.text}`, value) : value;
      }
    }
    return this.inner.lookup(ref);
  }
}
