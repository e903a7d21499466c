import type { WorkflowContext } from "../../runtime/context";
import type { Reference } from "../ast";
import { CompileError } from "./compile-error";
import { readOutputPath } from "./output-path";
import type { ValueScope } from "./value-lookup";

/** One instance of a fan-out step in a run: what `steps.<step>.output` reads inside it. */
export interface InstanceOutput {
  /** The fan-out step's name as its workflow writes it (`convert`). */
  readonly step: string;
  /** The instance's id in the run (`convert[1]`, `release/convert[1]`), under which its output is kept. */
  readonly id: string;
  readonly context: WorkflowContext;
}

/**
 * The scope of one instance of a fan-out step: its item under the item's
 * name (`file`, with fields when the item is JSON: `site.name`), its own
 * output as `steps.<step>.output` (what its rollback reads: the output of
 * the instance being undone, as the item is that instance's item), and every
 * other name as the step's own scope has it.
 */
export class ItemScope implements ValueScope {
  readonly path: string;

  constructor(
    private readonly parent: ValueScope,
    private readonly name: string,
    private readonly item: unknown,
    /** Absent at compile time: no instance runs then. */
    private readonly instance?: InstanceOutput,
  ) {
    this.path = parent.path;
  }

  origin(name: string): string | undefined {
    return name === this.name ? `the fan-out's item \`${name}\`` : this.parent.origin?.(name);
  }

  lookup(ref: Reference): unknown {
    const segments = ref.segments;
    if (this.readsOwnOutput(ref)) return this.ownOutput(ref);
    if (segments[0]?.text !== this.name) return this.parent.lookup(ref);
    if (segments.length === 1) return this.item;
    return readOutputPath(this.item, segments.slice(0, 1), segments.slice(1), {
      path: this.path,
      range: ref.range,
    });
  }

  /** `steps.<its step>.output`, or a field of it. */
  private readsOwnOutput(ref: Reference): boolean {
    const [root, id, field] = ref.segments;
    return (
      this.instance !== undefined &&
      root?.text === "steps" &&
      id?.text === this.instance.step &&
      field?.text === "output"
    );
  }

  private ownOutput(ref: Reference): unknown {
    const { step, id, context } = this.instance!;
    if (!context.hasStepOutput(id))
      throw new CompileError(
        `steps.${step}.output is the output of instance \`${id}\`, which has none yet`,
        this.path,
        ref.range,
      );
    const output = context.getStepOutput(id);
    if (ref.segments.length === 3) return output;
    return readOutputPath(output, ref.segments.slice(0, 3), ref.segments.slice(3), {
      path: this.path,
      range: ref.range,
    });
  }
}
