/** A column of a {@link renderTable} table. */
export interface TableColumn {
  header: string;
  /** Numbers read best right-aligned. Default `left`. */
  align?: "left" | "right";
}

/**
 * Lays out rows as aligned text columns, two spaces apart, a header line
 * first. Widths count UTF-16 units, which is right for the characters the
 * benchmark prints (µ, ×, Δ are single units).
 */
export function renderTable(columns: readonly TableColumn[], rows: readonly string[][]): string[] {
  const widths = columns.map((column, c) =>
    Math.max(column.header.length, ...rows.map((row) => (row[c] ?? "").length)),
  );
  const line = (cells: readonly string[]): string =>
    columns
      .map((column, c) => {
        const cell = cells[c] ?? "";
        return column.align === "right" ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!);
      })
      .join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)];
}
