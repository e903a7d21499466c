/**
 * A NUL byte in text bound for the operating system (an environment variable,
 * a file path, a folder), which none of them can hold: Node refuses it with a
 * message naming neither the step nor the property, so momoflow says so first.
 *
 * @returns `holds a NUL byte ("x\u0000y")` (the text cut at 40 characters), or undefined when it holds none.
 */
export function nulByteProblem(text: string): string | undefined {
  if (!text.includes("\0")) return undefined;
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `holds a NUL byte (${JSON.stringify(shown)})`;
}
