import type { Reference } from "../ast";
import { readOutputPath } from "./output-path";
import type { ValueScope } from "./value-lookup";

/**
 * The scope of one instance of a fan-out step: its item under the item's
 * name (`file`, with fields when the item is JSON: `site.name`), and every
 * other name as the step's own scope has it.
 */
export class ItemScope implements ValueScope {
  readonly path: string;

  constructor(
    private readonly parent: ValueScope,
    private readonly name: string,
    private readonly item: unknown,
  ) {
    this.path = parent.path;
  }

  origin(name: string): string | undefined {
    return name === this.name ? `the fan-out's item \`${name}\`` : this.parent.origin?.(name);
  }

  lookup(ref: Reference): unknown {
    const segments = ref.segments;
    if (segments[0]?.text !== this.name) return this.parent.lookup(ref);
    if (segments.length === 1) return this.item;
    return readOutputPath(this.item, segments.slice(0, 1), segments.slice(1), {
      path: this.path,
      range: ref.range,
    });
  }
}
