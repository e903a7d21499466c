/**
 * The few DOM members the scripts run in the page use. The project compiles
 * without the DOM library (its code runs in Node), so the functions passed
 * to `evaluate` declare what they touch here; only types, nothing runs.
 */
export interface DomElement {
  readonly className: string;
  readonly textContent: string | null;
  readonly style: { readonly top: string };
  getAttribute(name: string): string | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
}

/** `window`, as far as the page scripts use it. */
export interface DomWindow {
  getComputedStyle(element: DomElement, pseudoElement?: string): { readonly content: string };
}
