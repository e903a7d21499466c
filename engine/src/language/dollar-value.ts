/**
 * `${n}` and `$HOME` written as values, outside a string: how shells and
 * other tools' templates read a variable. momoflow's `${…}` interpolates
 * into a string only; a value outside one is the reference itself.
 */

/** The code of `$`. */
export const DOLLAR = 36;

/** The message for `${written}` outside a string, in a condition or as a value. */
export function dollarValueMessage(written: string, place: "condition" | "value"): string {
  const where = place === "condition" ? "a condition" : "a value outside a string";
  return `\`\${${written}}\` interpolates into a string; ${where} reads \`${written}\` as it is: write \`${written}\``;
}

/** The message for `$name` outside a string (a name not written as environment variables are). */
export function dollarNameMessage(name: string): string {
  return `\`$${name}\` is how a shell reads a variable; outside a string, a param or var is read by its name: write \`${name}\``;
}

/** A name written as environment variables are: `HOME`, `BUILD_ID`. */
export function isEnvironmentStyle(name: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(name);
}
