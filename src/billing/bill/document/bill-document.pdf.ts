/**
 * The customer bill as an A4 PDF, with the content and grouping of the HTML page (bill-document.html.ts): header,
 * charges grouped by product with subtotals, tax summary, totals, extra sections. Drawn with pdfkit's standard
 * Helvetica fonts (no font files), so only WinAnsi characters can be shown: others are transliterated where
 * possible ("ő" → "o") and otherwise shown as '?' (see {@link toWinAnsi}).
 *
 * The layout is done here rather than by pdfkit's text flow: every text is drawn as single lines at explicit
 * positions (wrapped or shrunk to its column by this file), so pdfkit never adds a page on its own, and page breaks
 * — with the column headings repeated and a footer "Bill <billNo> — page n" on every page — are decided here.
 *
 * Deterministic: the document's dates are the bill date, so the same view gives the same bytes.
 */
import PDFDocument from 'pdfkit';
import { BillView } from './bill-view';
import {
  BillLineGroup,
  chargeTypeLabel,
  formatDate,
  formatMoney,
  formatPercent,
  formatPeriod,
  groupBillLines,
  humanize,
  isNegativeAmount,
  runTypeLabel,
  subtotalLabel,
} from './bill-document.html';

export interface BillPdfOptions {
  /** Compress the page content streams (default true); tests turn it off to read the text. */
  compress?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// WinAnsi
// ---------------------------------------------------------------------------------------------------------------

/** The characters above U+00FF that WinAnsiEncoding has (in its 0x80–0x9F range). */
const WIN_ANSI_EXTRA = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c,
  0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);

function inWinAnsi(code: number): boolean {
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(code);
}

/**
 * Text the standard PDF fonts can show: WinAnsi characters stay, line breaks, tabs and other spaces become a space,
 * invisible characters go, letters with accents WinAnsi lacks lose them ("ő" → "o", "ﬁ" → "fi"), anything else
 * becomes '?' (one per character, "北京" → "??").
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0) ?? 0;
    if (inWinAnsi(code)) out += char;
    else if (/\s/.test(char)) out += ' ';
    else if (/[\p{Cc}\p{Cf}]/u.test(char)) continue; // controls, zero-width characters, bidi marks
    else if (code === 0x2212 || code === 0x2010 || code === 0x2011) out += '-';
    else {
      const stripped = char.normalize('NFKD').replace(/\p{M}/gu, '');
      out += stripped !== '' && [...stripped].every((c) => inWinAnsi(c.codePointAt(0) ?? 0)) ? stripped : '?';
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Page geometry and styles (points; A4 is 595.28 × 841.89)
// ---------------------------------------------------------------------------------------------------------------

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const LEFT = 40;
const RIGHT = PAGE_WIDTH - 40;
const WIDTH = RIGHT - LEFT;
const TOP = 42;
/** Content ends above this; the footer sits below it. */
const BOTTOM = PAGE_HEIGHT - 60;
const FOOTER_Y = PAGE_HEIGHT - 38;

const INK = '#1a1a1a';
const MUTED = '#666666';
const ACCENT = '#1f4e79';
const CREDIT = '#1b6e2d';
const RULE = '#dddddd';
const RULE_DARK = '#999999';

type Font = 'Helvetica' | 'Helvetica-Bold';

interface Style {
  font: Font;
  size: number;
  color: string;
}

const S = {
  body: { font: 'Helvetica', size: 9, color: INK },
  small: { font: 'Helvetica', size: 7.5, color: MUTED },
  label: { font: 'Helvetica', size: 8, color: MUTED },
  cell: { font: 'Helvetica', size: 7.5, color: INK },
  cellBold: { font: 'Helvetica-Bold', size: 7.5, color: INK },
  colHead: { font: 'Helvetica-Bold', size: 7, color: MUTED },
  group: { font: 'Helvetica-Bold', size: 9.5, color: INK },
  h2: { font: 'Helvetica-Bold', size: 12.5, color: ACCENT },
} satisfies Record<string, Style>;

const restyle = (style: Style, change: Partial<Style>): Style => ({ ...style, ...change });

/** How a cell that is too wide fits its column: wrapped onto more lines (text), or a smaller font first (amounts). */
type Fit = 'wrap' | 'shrink';

interface Column {
  x: number;
  width: number;
  align: 'left' | 'right';
  fit: Fit;
}

interface Cell {
  text: string;
  style: Style;
}

/** Columns from their widths (one may be 0: it takes the rest), left to right with `gap` between them. */
function columns(specs: { width: number; align: 'left' | 'right'; fit: Fit }[], gap: number, x = LEFT, total = WIDTH): Column[] {
  const fixed = specs.reduce((sum, s) => sum + s.width, 0) + gap * (specs.length - 1);
  let left = x;
  return specs.map((s) => {
    const column = { ...s, x: left, width: s.width || total - fixed };
    left += column.width + gap;
    return column;
  });
}

const MAX_LINES = 8;
const ELLIPSIS = '\u2026';

// ---------------------------------------------------------------------------------------------------------------
// The writer: a cursor over pages, single lines of text at explicit positions
// ---------------------------------------------------------------------------------------------------------------

class BillPdfWriter {
  y = TOP;
  private pageNo = 0;
  /** Draws what a page continuing the current table starts with (its title and column headings). */
  onPageBreak: (() => void) | undefined;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly footer: string,
  ) {}

  newPage(): void {
    this.doc.addPage();
    this.pageNo += 1;
    const text = this.ellipsize(`${this.footer} \u2014 page ${this.pageNo}`, WIDTH, S.small);
    this.rule(LEFT, RIGHT, FOOTER_Y - 6, RULE, 0.5);
    this.draw(text, LEFT, FOOTER_Y, S.small);
    this.y = TOP;
    this.onPageBreak?.();
  }

  /** Starts a new page unless `height` more fits on this one. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }

  width(text: string, style: Style): number {
    return this.doc.font(style.font).fontSize(style.size).widthOfString(text);
  }

  lineHeight(style: Style): number {
    return style.size * 1.3;
  }

  /** One line of text with its top at `y` (made WinAnsi; callers measure and fit it first). */
  draw(text: string, x: number, y: number, style: Style): void {
    const safe = toWinAnsi(text);
    if (safe === '') return;
    this.doc.font(style.font).fontSize(style.size).fillColor(style.color).text(safe, x, y, { lineBreak: false });
  }

  /** The longest prefix of `text` (at least `min` characters) for which `fits` holds: a binary search. */
  private prefix(text: string, min: number, fits: (prefix: string) => boolean): number {
    let lo = min;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(text.slice(0, mid))) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** One line, cut with '…' to fit `width`. */
  ellipsize(text: string, width: number, style: Style): string {
    if (this.width(text, style) <= width) return text;
    const n = this.prefix(text, 0, (p) => this.width(p + ELLIPSIS, style) <= width);
    return text.slice(0, n).trimEnd() + ELLIPSIS;
  }

  /** Word-wrapped lines (words longer than the width broken anywhere), at most `maxLines`, the last one cut with '…'. */
  wrap(raw: string, width: number, style: Style, maxLines = MAX_LINES): string[] {
    const text = toWinAnsi(raw).trim();
    if (text === '') return [];
    const lines: string[] = [];
    let current = '';
    for (let word of text.split(/ +/)) {
      // One line more than shown is enough to know the text is cut.
      if (lines.length > maxLines) break;
      const candidate = current ? `${current} ${word}` : word;
      if (this.width(candidate, style) <= width) {
        current = candidate;
        continue;
      }
      if (current) lines.push(current);
      while (word.length > 1 && lines.length <= maxLines && this.width(word, style) > width) {
        const n = this.prefix(word, 1, (p) => this.width(p, style) <= width);
        lines.push(word.slice(0, n));
        word = word.slice(n);
      }
      current = word;
    }
    if (current) lines.push(current);
    if (lines.length <= maxLines) return lines;
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = this.ellipsize(`${kept[maxLines - 1]}${ELLIPSIS}`, width, style);
    return kept;
  }

  /**
   * Lines that fit `width` for an amount: one line with the font shrunk down to 75% if need be; when even that is too
   * wide, wrapped at that size — an amount is never cut.
   */
  shrink(raw: string, width: number, style: Style): { text: string; style: Style }[] {
    const text = toWinAnsi(raw).trim();
    if (text === '') return [];
    let size = style.size;
    const min = style.size * 0.75;
    while (size > min && this.width(text, restyle(style, { size })) > width) size = Math.max(min, size - 0.25);
    const fitted = restyle(style, { size });
    if (this.width(text, fitted) <= width) return [{ text, style: fitted }];
    return this.wrap(text, width, fitted).map((line) => ({ text: line, style: fitted }));
  }

  /** Text in a column: its lines (each with its own style), right-aligned when the column is. */
  private layout(column: Column, cell: Cell): { text: string; style: Style }[] {
    if (column.fit === 'shrink') return this.shrink(cell.text, column.width, cell.style);
    return this.wrap(cell.text, column.width, cell.style).map((text) => ({ text, style: cell.style }));
  }

  private linesHeight(lines: { style: Style }[]): number {
    return lines.reduce((sum, line) => sum + this.lineHeight(line.style), 0);
  }

  /** The height `row` will take. */
  rowHeight(cols: Column[], cells: (Cell | undefined)[], padding = 2.5): number {
    let height = 0;
    cells.forEach((cell, i) => {
      if (!cell) return;
      const lines = this.layout(cols[i], cell);
      height = Math.max(height, this.lineHeight(cell.style), this.linesHeight(lines));
    });
    return height + 2 * padding;
  }

  /**
   * A table row: a page break first when it does not fit (unless `noBreak`), the cells, optional rules above and below.
   * Returns the row's top.
   */
  row(cols: Column[], cells: (Cell | undefined)[], options: { rule?: string; ruleAbove?: string; padding?: number; noBreak?: boolean } = {}): number {
    const padding = options.padding ?? 2.5;
    const height = this.rowHeight(cols, cells, padding);
    if (!options.noBreak) this.ensure(height);
    const top = this.y;
    if (options.ruleAbove) this.rule(cols[0].x, cols[cols.length - 1].x + cols[cols.length - 1].width, top, options.ruleAbove, 0.75);
    cells.forEach((cell, i) => {
      if (!cell) return;
      const column = cols[i];
      const lines = this.layout(column, cell);
      let y = top + padding;
      for (const line of lines) {
        const x = column.align === 'right' ? column.x + column.width - this.width(line.text, line.style) : column.x;
        // A single line in a shrunk font sits on the same baseline as its neighbours.
        this.draw(line.text, x, lines.length === 1 ? y + (cell.style.size - line.style.size) * 0.8 : y, line.style);
        y += this.lineHeight(line.style);
      }
    });
    this.y = top + height;
    if (options.rule) this.rule(cols[0].x, cols[cols.length - 1].x + cols[cols.length - 1].width, this.y, options.rule, 0.5);
    return top;
  }

  rule(x1: number, x2: number, y: number, color: string, width: number): void {
    this.doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke().restore();
  }

  /** A section heading, kept with at least `keepWith` points of what follows. */
  heading(text: string, keepWith = 40): void {
    this.ensure(24 + keepWith);
    this.y += 8;
    for (const line of this.wrap(text, WIDTH, S.h2, 3)) {
      this.draw(line, LEFT, this.y, S.h2);
      this.y += this.lineHeight(S.h2);
    }
    this.y += 4;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The bill
// ---------------------------------------------------------------------------------------------------------------

const cell = (text: string, style: Style = S.cell): Cell => ({ text, style });

/** The whole width, for a sentence in place of a table. */
const FULL: Column = { x: LEFT, width: WIDTH, align: 'left', fit: 'wrap' };

function drawHeader(w: BillPdfWriter, view: BillView): void {
  const leftWidth = 270;
  // Left: title and parties.
  let y = TOP;
  const title = restyle(S.h2, { size: 22 });
  w.draw('Bill', LEFT, y, title);
  y += 28;
  for (const line of w.wrap(view.billNo, leftWidth, restyle(S.group, { size: 12 }), 2)) {
    w.draw(line, LEFT, y, restyle(S.group, { size: 12 }));
    y += 15;
  }
  y += 8;
  const party = (label: string, name: string, idLabel: string, id: string) => {
    w.draw(label, LEFT, y, S.label);
    y += 11;
    const nameStyle = restyle(S.group, { size: 11 });
    for (const line of w.wrap(name, leftWidth, nameStyle, 3)) {
      w.draw(line, LEFT, y, nameStyle);
      y += 14;
    }
    w.draw(w.ellipsize(toWinAnsi(`${idLabel} ${id}`), leftWidth, S.small), LEFT, y, S.small);
    y += 16;
  };
  party('Customer', view.customer.name, 'Customer ID', view.customer.id);
  party('Billing account', view.account.name, 'Account ID', view.account.id);

  // Right: the bill's facts.
  const [labelCol, valueCol] = columns(
    [
      { width: 92, align: 'left', fit: 'shrink' },
      { width: 0, align: 'right', fit: 'shrink' },
    ],
    6,
    RIGHT - 240,
    240,
  );
  const facts: [string, string][] = [
    ['Bill number', view.billNo],
    ['Bill date', formatDate(view.billDate)],
    ['Billing period', formatPeriod(view.billingPeriod.startDateTime, view.billingPeriod.endDateTime)],
    ['Payment due date', formatDate(view.paymentDueDate)],
    ...(view.nextBillDate ? [['Next bill date', formatDate(view.nextBillDate)] as [string, string]] : []),
    ['Bill type', runTypeLabel(view.runType)],
    ['Status', humanize(view.state)],
  ];
  w.y = TOP + 4;
  for (const [label, value] of facts) w.row([labelCol, valueCol], [cell(label, S.label), cell(value, S.body)], { padding: 1.5, noBreak: true });
  const due = restyle(S.body, { font: 'Helvetica-Bold', size: 10.5 });
  w.y += 3;
  w.row([labelCol, valueCol], [cell('Amount due', restyle(due, { size: 9 })), cell(formatMoney(view.taxIncludedAmount, view.currency), due)], {
    padding: 2,
    noBreak: true,
    ruleAbove: RULE_DARK,
  });

  w.y = Math.max(w.y, y) + 6;
  w.rule(LEFT, RIGHT, w.y, ACCENT, 1.5);
  w.y += 8;
}

const LINE_COLUMNS = columns(
  [
    { width: 0, align: 'left', fit: 'wrap' }, // description
    { width: 60, align: 'left', fit: 'wrap' }, // type: "Recurring charge" is 58 wide
    { width: 86, align: 'left', fit: 'wrap' }, // period: "2026-09-01 – 2026-09-30" is 85
    { width: 44, align: 'right', fit: 'wrap' }, // quantity
    { width: 66, align: 'right', fit: 'shrink' }, // excl. tax: "1,302,469.12 EUR" is 62
    { width: 26, align: 'right', fit: 'shrink' }, // tax rate
    { width: 66, align: 'right', fit: 'shrink' }, // incl. tax
  ],
  8,
);

/** The subtotal label spans description to quantity. */
const SUBTOTAL_COLUMNS: Column[] = [
  { x: LINE_COLUMNS[0].x, width: LINE_COLUMNS[3].x + LINE_COLUMNS[3].width - LINE_COLUMNS[0].x, align: 'left', fit: 'wrap' },
  LINE_COLUMNS[4],
  LINE_COLUMNS[5],
  LINE_COLUMNS[6],
];

function drawLineColumnHeads(w: BillPdfWriter): void {
  const heads = ['Description', 'Type', 'Period', 'Quantity', 'Excl. tax', 'Tax', 'Incl. tax'];
  w.row(
    LINE_COLUMNS,
    heads.map((h) => cell(h, S.colHead)),
    { rule: RULE_DARK, noBreak: true },
  );
}

function drawGroupTitle(w: BillPdfWriter, group: BillLineGroup, continued: boolean): void {
  const idText = group.productId && group.title !== `Product ${group.productId}` ? toWinAnsi(`Product ID ${group.productId}`) : '';
  const idWidth = idText ? Math.min(w.width(idText, S.small), 200) : 0;
  const lines = w.wrap(continued ? `${group.title} (continued)` : group.title, WIDTH - idWidth - (idText ? 12 : 0), S.group, 3);
  const top = w.y + 6;
  let y = top;
  for (const line of lines) {
    w.draw(line, LEFT, y, S.group);
    y += w.lineHeight(S.group);
  }
  if (idText) w.draw(w.ellipsize(idText, idWidth, S.small), RIGHT - idWidth, top + 1.5, S.small);
  w.y = y + 1;
  w.rule(LEFT, RIGHT, w.y, '#bbbbbb', 0.5);
}

function groupTitleHeight(w: BillPdfWriter, group: BillLineGroup): number {
  return 7 + w.wrap(group.title, WIDTH - 200, S.group, 3).length * w.lineHeight(S.group);
}

function lineCells(view: BillView, line: BillView['lines'][number]): Cell[] {
  const amount = (value: string) => cell(formatMoney(value, view.currency), isNegativeAmount(value) ? restyle(S.cell, { color: CREDIT }) : S.cell);
  return [
    cell(line.name),
    cell(chargeTypeLabel(line.type)),
    cell(formatPeriod(line.periodStart, line.periodEnd)),
    cell(line.quantity ?? ''),
    amount(line.taxExcludedAmount),
    cell(formatPercent(line.taxRate)),
    amount(line.taxIncludedAmount),
  ];
}

function drawCharges(w: BillPdfWriter, view: BillView): void {
  const groups = groupBillLines(view.lines);
  w.heading('Charges', 60);
  if (groups.length === 0) {
    w.row([FULL], [cell('There are no charges on this bill.', restyle(S.body, { color: MUTED }))]);
    return;
  }
  let current: BillLineGroup | undefined;
  w.onPageBreak = () => {
    w.draw('Charges (continued)', LEFT, w.y, restyle(S.h2, { size: 10 }));
    w.y += 16;
    drawLineColumnHeads(w);
    if (current) drawGroupTitle(w, current, true);
  };
  drawLineColumnHeads(w);
  for (const group of groups) {
    // The product's title stays with its first line.
    const first = w.rowHeight(LINE_COLUMNS, lineCells(view, group.lines[0]));
    current = undefined;
    w.ensure(groupTitleHeight(w, group) + first);
    current = group;
    drawGroupTitle(w, group, false);
    for (const line of group.lines) w.row(LINE_COLUMNS, lineCells(view, line), { rule: RULE });
    const total = (value: string | undefined) =>
      cell(value === undefined ? '\u2014' : formatMoney(value, view.currency), value !== undefined && isNegativeAmount(value) ? restyle(S.cellBold, { color: CREDIT }) : S.cellBold);
    w.row(
      SUBTOTAL_COLUMNS,
      [cell(subtotalLabel(group), S.cellBold), total(group.taxExcludedAmount), undefined, total(group.taxIncludedAmount)],
      { ruleAbove: RULE_DARK },
    );
    w.y += 4;
  }
  current = undefined;
  w.onPageBreak = undefined;
}

function drawTaxSummary(w: BillPdfWriter, view: BillView): void {
  w.heading('Tax summary');
  const cols = columns(
    [
      { width: 110, align: 'left', fit: 'wrap' },
      { width: 120, align: 'right', fit: 'shrink' },
      { width: 120, align: 'right', fit: 'shrink' },
    ],
    10,
  );
  if (view.taxItems.length === 0) {
    w.row([FULL], [cell('No tax applies to this bill.', restyle(S.body, { color: MUTED }))]);
    return;
  }
  const heads = () => w.row(cols, [cell('Tax rate', S.colHead), cell('Taxable amount', S.colHead), cell('Tax amount', S.colHead)], { rule: RULE_DARK, noBreak: true });
  w.onPageBreak = heads;
  heads();
  const body = restyle(S.cell, { size: 8.5 });
  for (const item of view.taxItems) {
    w.row(cols, [cell(formatPercent(item.taxRate), body), cell(formatMoney(item.taxableAmount, view.currency), body), cell(formatMoney(item.taxAmount, view.currency), body)], {
      rule: RULE,
    });
  }
  w.onPageBreak = undefined;
}

function drawTotals(w: BillPdfWriter, view: BillView): void {
  const cols = columns(
    [
      { width: 140, align: 'left', fit: 'shrink' },
      { width: 0, align: 'right', fit: 'shrink' },
    ],
    10,
    RIGHT - 270,
    270,
  );
  w.heading('Totals', 100);
  const body = restyle(S.body, { size: 9.5 });
  w.row(cols, [cell('Total excl. tax', body), cell(formatMoney(view.taxExcludedAmount, view.currency), body)]);
  w.row(cols, [cell('Tax', body), cell(formatMoney(view.taxAmount, view.currency), body)]);
  w.row(cols, [cell('Total incl. tax', body), cell(formatMoney(view.taxIncludedAmount, view.currency), body)]);
  w.y += 3;
  const due = restyle(S.body, { font: 'Helvetica-Bold', size: 12 });
  w.ensure(40);
  w.rule(cols[0].x, RIGHT, w.y, ACCENT, 1.5);
  w.y += 2;
  w.row(cols, [cell('Amount due', due), cell(formatMoney(view.taxIncludedAmount, view.currency), due)], { noBreak: true });
  const note = toWinAnsi(`Please pay by ${formatDate(view.paymentDueDate)}.`);
  w.draw(note, RIGHT - w.width(note, S.small), w.y + 2, S.small);
  w.y += 14;
}

function drawSections(w: BillPdfWriter, view: BillView): void {
  const cols = columns(
    [
      { width: 0, align: 'left', fit: 'wrap' },
      { width: 190, align: 'left', fit: 'wrap' },
      { width: 90, align: 'right', fit: 'shrink' },
    ],
    10,
  );
  for (const section of view.sections ?? []) {
    w.heading(section.title);
    w.onPageBreak = () => {
      w.draw(w.ellipsize(toWinAnsi(`${section.title} (continued)`), WIDTH, restyle(S.h2, { size: 10 })), LEFT, w.y, restyle(S.h2, { size: 10 }));
      w.y += 16;
    };
    for (const row of section.rows) {
      const amount = row.amount === undefined ? undefined : cell(formatMoney(row.amount, view.currency), isNegativeAmount(row.amount) ? restyle(S.cell, { color: CREDIT, size: 8.5 }) : restyle(S.cell, { size: 8.5 }));
      w.row(cols, [cell(row.label, restyle(S.cell, { size: 8.5 })), row.detail === undefined ? undefined : cell(row.detail, restyle(S.small, { size: 8 })), amount], { rule: RULE });
    }
    w.onPageBreak = undefined;
  }
}

function validDate(instant: string): Date {
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}

/**
 * The bill as an A4 PDF (resolves to the whole file). `compress: false` leaves the page content streams readable,
 * for tests.
 */
export function renderBillPdf(view: BillView, options: BillPdfOptions = {}): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const date = validDate(view.billDate);
    const doc = new PDFDocument({
      size: 'A4',
      margin: 0,
      autoFirstPage: false,
      compress: options.compress ?? true,
      lang: 'en',
      displayTitle: true,
      info: { Title: `Bill ${view.billNo}`, Subject: 'Customer bill', Creator: 'tmf-bss', CreationDate: date, ModDate: date },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      const w = new BillPdfWriter(doc, toWinAnsi(`Bill ${view.billNo}`));
      w.newPage();
      drawHeader(w, view);
      drawCharges(w, view);
      drawTaxSummary(w, view);
      drawTotals(w, view);
      drawSections(w, view);
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
