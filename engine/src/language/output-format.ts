import type { Expression, StepDeclaration } from "./ast";

/** How a step's output is read: `output: json` parses it; text is the default. */
export type OutputFormat = "text" | "json";

/** The words `output:` takes. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["text", "json"];

/** The format an `output:` value names, or undefined when it names none. */
export function outputFormatOf(value: Expression | undefined): OutputFormat | undefined {
  if (value?.kind !== "ref" || value.segments.length !== 1) return undefined;
  const word = value.segments[0]!.text;
  return (OUTPUT_FORMATS as readonly string[]).includes(word) ? (word as OutputFormat) : undefined;
}

/** Whether a step declares `output: json`. */
export function declaresJsonOutput(step: StepDeclaration): boolean {
  const property = step.properties?.find((p) => p.name?.text === "output");
  return outputFormatOf(property?.value) === "json";
}
