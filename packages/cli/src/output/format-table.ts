const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * Aligns rows under a header, two spaces between columns; cells may be coloured (colour codes
 * do not count toward the width). The last column is not padded.
 *
 * @example
 * formatTable(['ID', 'STATE'], [['dlv_1', c.red('dead')]]);
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(visible(title), ...rows.map((row) => visible(row[i] ?? ''))));
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visible(cell))))
      .join('  ')
      .trimEnd();
  return [render(header), ...rows.map(render)].join('\n');
}

function visible(text: string): number {
  return text.replace(ANSI, '').length;
}
