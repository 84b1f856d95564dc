/**
 * Go's text/tabwriter, which kubectl prints through: tab-terminated cells are aligned in column
 * blocks (runs of consecutive lines that have a cell in that column), each as wide as its widest
 * cell plus the padding, at least minwidth; the text after a line's last tab is not a cell.
 * `flush()` ends the blocks, as kubectl's describe flushes before its Events table.
 */
export class TabWriter {
  private lines: string[][] = [];
  private partial = '';
  private out = '';

  constructor(
    private readonly minwidth: number,
    private readonly padding: number,
  ) {}

  write(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop()!;
    for (const line of parts) this.lines.push(line.split('\t'));
  }

  flush(): void {
    if (this.partial) {
      this.lines.push(this.partial.split('\t'));
      this.partial = '';
    }
    this.out += this.format(this.lines, 0, this.lines.length, []);
    this.lines = [];
  }

  toString(): string {
    this.flush();
    return this.out;
  }

  private format(lines: string[][], line0: number, line1: number, widths: number[]): string {
    let out = '';
    const column = widths.length;
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      // a block of lines with a cell in this column begins at i
      out += this.writeLines(lines, start, i, widths);
      let width = this.minwidth;
      let j = i;
      for (; j < line1 && column < lines[j].length - 1; j++) width = Math.max(width, lines[j][column].length + this.padding);
      out += this.format(lines, i, j, [...widths, width]);
      start = j;
      i = j - 1;
    }
    return out + this.writeLines(lines, start, line1, widths);
  }

  private writeLines(lines: string[][], from: number, to: number, widths: number[]): string {
    let out = '';
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      out += cells.map((cell, j) => (j < cells.length - 1 && j < widths.length ? cell.padEnd(widths[j]) : cell)).join('') + '\n';
    }
    return out;
  }
}

/** kubectl get's tables: printers.GetNewTabWriter (minwidth 6, padding 3). */
export function getTable(rows: string[][]): string {
  const w = new TabWriter(6, 3);
  for (const r of rows) w.write(`${r.join('\t')}\n`);
  return w.toString();
}
