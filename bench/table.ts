/** Plain-text and Markdown tables: the same rows, for the terminal and for docs/performance.md. */

export type Cell = string | number | undefined;

export interface Column<Row> {
  readonly title: string;
  readonly value: (row: Row) => Cell;
  /** Right-aligned (numbers). */
  readonly right?: boolean;
}

export function format(value: Cell, digits = 1): string {
  if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '–';
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(digits);
}

export function textTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const cells = rows.map((row) => columns.map((c) => format(c.value(row))));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values.map((v, i) => (columns[i]!.right ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function markdownTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const head = `| ${columns.map((c) => c.title).join(' | ')} |`;
  const rule = `| ${columns.map((c) => (c.right ? '---:' : '---')).join(' | ')} |`;
  const body = rows.map((row) => `| ${columns.map((c) => format(c.value(row))).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}
