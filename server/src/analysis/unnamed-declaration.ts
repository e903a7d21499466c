/**
 * How the editor names a declaration whose name is not written yet
 * (`step  {`, `workflow {`, being typed): it stays in the outline and its
 * body keeps its hovers, so it needs words of its own.
 */

/** The kinds of declaration the outline shows. */
export type DeclarationKind = "workflow" | "param" | "var" | "step" | "command" | "test";

/**
 * The outline's name of a declaration of kind `what` without a name:
 * `<unnamed step>`. LSP clients refuse a symbol with an empty name (VS Code
 * then shows no outline at all); in angle brackets, as TypeScript's
 * `<function>`, it reads as no name a declaration can have.
 */
export function unnamed(what: DeclarationKind): string {
  return `<unnamed ${what}>`;
}

/** "workflow `w`", or "a workflow without a name yet" for `workflow {`: what hovers say a member is of. */
export function workflowPhrase(name: string | undefined): string {
  return name ? `workflow \`${name}\`` : "a workflow without a name yet";
}
