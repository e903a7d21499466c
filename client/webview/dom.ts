/**
 * Small DOM builders. Text always goes through `textContent` (step ids and
 * errors come from files), and nothing sets a `style` attribute: the CSP
 * allows no inline style, so the page uses classes and CSSOM properties.
 */

/** Properties of {@link h}. */
export interface ElementProps {
  class?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
}

/** An HTML element with its class, text, attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  if (props.title !== undefined) el.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) el.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element with its attributes and children. */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  ...children: (Node | null | undefined | false)[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  for (const child of children) if (child) el.append(child);
  return el;
}

/** A table with a header row and body rows; cells are text or nodes. */
export function table(
  className: string,
  header: string[],
  rows: (string | Node)[][],
  rowClass?: (index: number) => string,
): HTMLTableElement {
  return h(
    "table",
    { class: `table ${className}` },
    h(
      "thead",
      {},
      h("tr", {}, ...header.map((text) => h("th", { text, attrs: { scope: "col" } }))),
    ),
    h(
      "tbody",
      {},
      ...rows.map((cells, i) =>
        h(
          "tr",
          rowClass ? { class: rowClass(i) } : {},
          ...cells.map((cell) =>
            typeof cell === "string" ? h("td", { text: cell }) : h("td", {}, cell),
          ),
        ),
      ),
    ),
  );
}

/**
 * `view` in a box that scrolls it sideways: a table wider than a narrow
 * panel (figures and run ids do not wrap) stays in its card, and the page
 * in its window.
 */
export function scrollingTable(view: HTMLTableElement): HTMLElement {
  return h("div", { class: "table-scroll" }, view);
}

/** A status badge: `<span class="badge status-X">X</span>`. */
export function badge(status: string): HTMLSpanElement {
  return h("span", { class: `badge status-${status}`, text: status.replace(/[_-]/g, " ") });
}

/** A titled section of a tab. */
export function section(
  title: string,
  ...children: (Node | null | undefined | false)[]
): HTMLElement {
  return h("section", { class: "card" }, h("h2", { text: title }), ...children);
}

/** A paragraph saying there is nothing to show, and how to get something. */
export function empty(text: string): HTMLParagraphElement {
  return h("p", { class: "empty", text });
}
