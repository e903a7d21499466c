/**
 * Colours from VS Code's theme. `main.css` maps VS Code's variables
 * (`--vscode-charts-green`, `--vscode-editor-foreground`, …) to the page's
 * own `--mf-*` variables with fallbacks; charts read their computed values,
 * so a theme change only needs a redraw.
 */

/** The colours charts use, as CSS colour strings. */
export interface Palette {
  foreground: string;
  muted: string;
  background: string;
  grid: string;
  font: string;
  fontSize: number;
  green: string;
  red: string;
  yellow: string;
  orange: string;
  blue: string;
  purple: string;
}

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

/** The current theme's colours. */
export function palette(): Palette {
  const size = Number.parseFloat(cssVar("--mf-font-size", "13"));
  return {
    foreground: cssVar("--mf-fg", "#cccccc"),
    muted: cssVar("--mf-muted", "#9d9d9d"),
    background: cssVar("--mf-bg", "#1e1e1e"),
    grid: cssVar("--mf-grid", "rgba(128, 128, 128, 0.25)"),
    font: cssVar("--mf-font", "system-ui, sans-serif"),
    fontSize: Number.isFinite(size) ? size : 13,
    green: cssVar("--mf-green", "#89d185"),
    red: cssVar("--mf-red", "#f14c4c"),
    yellow: cssVar("--mf-yellow", "#cca700"),
    orange: cssVar("--mf-orange", "#d18616"),
    blue: cssVar("--mf-blue", "#3794ff"),
    purple: cssVar("--mf-purple", "#b180d7"),
  };
}

/** The colour of a step or run status (the same as the `.status-*` classes in main.css). */
export function statusColour(status: string, p: Palette): string {
  switch (status) {
    case "success":
      return p.green;
    case "failed":
    case "rollback_failed":
      return p.red;
    case "rolled_back":
    case "partially_rolled_back":
      return p.orange;
    case "cancelled":
      return p.yellow;
    case "damaged":
      return p.purple;
    case "running":
      return p.blue;
    case "killed":
      return p.red;
    default:
      // pending, skipped, not_run
      return p.muted;
  }
}

/** `colour` with its opacity set to `alpha` (hex and rgb() colours; others unchanged). */
export function withAlpha(colour: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(colour.trim());
  if (hex) {
    let digits = hex[1]!;
    if (digits.length === 3 || digits.length === 4) {
      digits = [...digits].map((d) => d + d).join("");
    }
    const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(digits.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(colour.trim());
  if (rgb) return `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${alpha})`;
  return colour;
}
