// The rendered customer bill (HTML and PDF) as pure functions of a BillView: content, grouping by product,
// subtotals, tax summary, totals, escaping, number formatting, page breaks. No database needed.
import {
  formatAmount,
  formatDate,
  formatMoney,
  formatPercent,
  formatPeriod,
  groupBillLines,
  renderBillHtml,
} from '../../src/billing/bill/document/bill-document.html';
import { renderBillPdf, toWinAnsi } from '../../src/billing/bill/document/bill-document.pdf';
import { BillLine, BillView } from '../../src/billing/bill/document/bill-view';

const SEPT = { periodStart: '2026-09-01T00:00:00.000Z', periodEnd: '2026-09-30T23:59:59.999Z' };

/** A realistic bill: three products (one with a discount), usage on the account, two tax rates, an extra section. */
function sampleBill(): BillView {
  return {
    billNo: 'B-2026-000123',
    billDate: '2026-10-01T00:00:00.000Z',
    paymentDueDate: '2026-10-31T00:00:00.000Z',
    nextBillDate: '2026-11-01T00:00:00.000Z',
    billingPeriod: { startDateTime: '2026-09-01T00:00:00.000Z', endDateTime: '2026-09-30T23:59:59.999Z' },
    runType: 'onCycle',
    state: 'new',
    currency: 'EUR',
    account: { id: 'acc-0001', name: 'Acme Zürich GmbH' },
    customer: { id: 'cust-0001', name: 'Acme Holding AG' },
    lines: [
      { productId: 'p-fiber', productName: 'Business Fiber', type: 'recurringCharge', name: 'Monthly fee', ...SEPT, taxRate: '0.2', taxExcludedAmount: '1250.00', taxIncludedAmount: '1500.00' },
      { productId: 'p-mobile', productName: 'Mobile Pro', type: 'recurringCharge', name: 'Mobile Pro subscription', ...SEPT, taxRate: '0.2', taxExcludedAmount: '1196.00', taxIncludedAmount: '1435.20' },
      { productId: 'p-fiber', productName: 'Business Fiber', type: 'oneTimeCharge', name: 'Installation', taxRate: '0.2', taxExcludedAmount: '350.00', taxIncludedAmount: '420.00' },
      { productId: 'p-fiber', productName: 'Business Fiber', type: 'appliedBillingCredit', name: 'Loyalty discount', ...SEPT, taxRate: '0.2', taxExcludedAmount: '-125.00', taxIncludedAmount: '-150.00' },
      { type: 'usageCharge', name: 'Premium-rate calls', quantity: '37 min', ...SEPT, taxRate: '0.2', taxExcludedAmount: '18.50', taxIncludedAmount: '22.20' },
      { productId: 'p-mobile', productName: 'Mobile Pro', type: 'usageCharge', name: 'Roaming data', quantity: '12.5 GB', ...SEPT, taxRate: '0.2', taxExcludedAmount: '87.50', taxIncludedAmount: '105.00' },
      { productId: 'p-cloud', productName: 'Cloud Backup', type: 'recurringCharge', name: 'Storage plan', ...SEPT, taxRate: '0.055', taxExcludedAmount: '1234567.89', taxIncludedAmount: '1302469.12' },
    ],
    taxItems: [
      { taxRate: '0.055', taxableAmount: '1234567.89', taxAmount: '67901.23' },
      { taxRate: '0.2', taxableAmount: '2777.00', taxAmount: '555.40' },
    ],
    taxExcludedAmount: '1237344.89',
    taxAmount: '68456.63',
    taxIncludedAmount: '1305801.52',
    sections: [
      { title: 'Offers for you', rows: [{ label: 'Fiber 10 Gbit/s upgrade', detail: 'First 3 months free', amount: '49.90' }, { label: 'Extra SIMs' }] },
      { title: 'Messages', rows: [{ label: 'Thank you for being a customer' }] },
    ],
  };
}

/** The sample with `count` more usage lines on one more product. */
function longBill(count: number): BillView {
  const view = sampleBill();
  for (let i = 0; i < count; i++) {
    view.lines.push({ productId: 'p-calls', productName: 'Call bundle', type: 'usageCharge', name: `Call no. ${i}`, quantity: '1 min', taxRate: '0.2', taxExcludedAmount: '0.10', taxIncludedAmount: '0.12' });
  }
  return view;
}

const section = (html: string, start: string, end: string): string => html.slice(html.indexOf(start), html.indexOf(end, html.indexOf(start)));

describe('bill formatting', () => {
  it('formats amounts with thousands separators from the decimal string itself', () => {
    expect(formatMoney('1234.50', 'EUR')).toBe('1,234.50 EUR');
    expect(formatMoney('1234567.891', 'BHD')).toBe('1,234,567.891 BHD');
    expect(formatMoney('-1234.50', 'EUR')).toBe('-1,234.50 EUR');
    expect(formatMoney('999.00', 'EUR')).toBe('999.00 EUR');
    expect(formatMoney('1000', 'JPY')).toBe('1,000 JPY');
    expect(formatMoney('0.00', 'EUR')).toBe('0.00 EUR');
    expect(formatMoney('-0.00', 'EUR')).toBe('0.00 EUR');
    expect(formatMoney('007.10', 'EUR')).toBe('7.10 EUR');
    // Beyond what a double holds exactly: the digits are kept, not rounded through floating point.
    expect(formatAmount('123456789012345678.99')).toBe('123,456,789,012,345,678.99');
    expect(formatAmount('not a number')).toBe('not a number');
  });

  it('formats dates as UTC dates, rates as percentages', () => {
    expect(formatDate('2026-10-01T00:00:00.000Z')).toBe('2026-10-01');
    expect(formatDate('2026-09-30T23:30:00-02:00')).toBe('2026-10-01');
    expect(formatDate(undefined)).toBe('');
    expect(formatPeriod('2026-09-01T00:00:00Z', '2026-09-30T23:59:59Z')).toBe('2026-09-01 \u2013 2026-09-30');
    // periods end exclusively: October ends at November 1 00:00
    expect(formatPeriod('2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')).toBe('2026-10-01 \u2013 2026-10-31');
    expect(formatPeriod('2026-10-10T10:00:00.000Z', '2026-10-10T10:00:00.000Z')).toBe('2026-10-10');
    expect(formatPercent('0.2')).toBe('20%');
    expect(formatPercent('0.055')).toBe('5.5%');
    expect(formatPercent('0.0775')).toBe('7.75%');
    expect(formatPercent('0')).toBe('0%');
    expect(formatPercent('1')).toBe('100%');
  });

  it('groups lines by product in order of appearance, account charges last, with subtotals', () => {
    const groups = groupBillLines(sampleBill().lines);
    expect(groups.map((g) => [g.title, g.lines.map((l) => l.name), g.taxExcludedAmount, g.taxIncludedAmount])).toEqual([
      ['Business Fiber', ['Monthly fee', 'Installation', 'Loyalty discount'], '1475.00', '1770.00'],
      ['Mobile Pro', ['Mobile Pro subscription', 'Roaming data'], '1283.50', '1540.20'],
      ['Cloud Backup', ['Storage plan'], '1234567.89', '1302469.12'],
      ['Account charges', ['Premium-rate calls'], '18.50', '22.20'],
    ]);
  });

  it('keeps WinAnsi characters for the PDF and replaces the others', () => {
    expect(toWinAnsi('Zürich – Œuvre “quoted” 5 €')).toBe('Zürich – Œuvre “quoted” 5 €');
    expect(toWinAnsi('北京')).toBe('??');
    expect(toWinAnsi('Łódź Őr')).toBe('?ódz Or');
    expect(toWinAnsi('Zu\u0308rich')).toBe('Zürich'); // decomposed input
    expect(toWinAnsi('a\tb\nc\u00a0d\u200be 😀')).toBe('a b c\u00a0de ?');
  });
});

describe('renderBillHtml', () => {
  const view = sampleBill();
  const html = renderBillHtml(view);

  it('is a complete, self-contained HTML5 page', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>Bill B-2026-000123</title>');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/<(link|script|img|iframe)\b/i);
    expect(html).not.toMatch(/(src|href)=|url\(|@import/i);
  });

  it('shows the header facts', () => {
    const header = section(html, '<header', '</header>');
    for (const text of ['B-2026-000123', 'Acme Zürich GmbH', 'acc-0001', 'Acme Holding AG', 'cust-0001', '2026-10-01', '2026-10-31', '2026-11-01', '2026-09-01 \u2013 2026-09-30', 'On-cycle', 'New', '1,305,801.52 EUR']) {
      expect(header).toContain(text);
    }
  });

  it('shows every line under its product, with its type in words, period, quantity, amounts, rate', () => {
    for (const line of view.lines) expect(html).toContain(`<td>${line.name}</td>`);
    const headings = ['Business Fiber', 'Mobile Pro', 'Cloud Backup', 'Account charges'].map((t) => html.indexOf(`class="group-title">${t}`));
    expect(headings.every((i) => i > 0)).toBe(true);
    expect([...headings].sort((a, b) => a - b)).toEqual(headings);
    const under = (name: string, title: string) => {
      const at = html.indexOf(`<td>${name}</td>`);
      const group = headings.filter((h) => h < at).pop();
      return group === html.indexOf(`class="group-title">${title}`);
    };
    expect(under('Monthly fee', 'Business Fiber') && under('Installation', 'Business Fiber') && under('Loyalty discount', 'Business Fiber')).toBe(true);
    expect(under('Mobile Pro subscription', 'Mobile Pro') && under('Roaming data', 'Mobile Pro')).toBe(true);
    expect(under('Storage plan', 'Cloud Backup') && under('Premium-rate calls', 'Account charges')).toBe(true);

    const roaming = section(html, '<td>Roaming data</td>', '</tr>');
    expect(roaming).toContain('<td>Usage</td>');
    expect(roaming).toContain('2026-09-01 \u2013 2026-09-30');
    expect(roaming).toContain('12.5 GB');
    expect(roaming).toContain('87.50 EUR');
    expect(roaming).toContain('>20%<');
    expect(roaming).toContain('105.00 EUR');
    expect(section(html, '<td>Monthly fee</td>', '</tr>')).toContain('Recurring charge');
    expect(section(html, '<td>Installation</td>', '</tr>')).toContain('One-time charge');
    const discount = section(html, '<td>Loyalty discount</td>', '</tr>');
    expect(discount).toContain('Discount');
    expect(discount).toContain('<span class="credit">-125.00 EUR</span>');
    expect(discount).toContain('<span class="credit">-150.00 EUR</span>');
    expect(section(html, '<td>Storage plan</td>', '</tr>')).toContain('>5.5%<');
  });

  it('shows a subtotal per product', () => {
    const subtotal = (label: string) => section(html, `<td colspan="4">${label}</td>`, '</tr>');
    expect(subtotal('Subtotal Business Fiber')).toMatch(/1,475\.00 EUR.*1,770\.00 EUR/s);
    expect(subtotal('Subtotal Mobile Pro')).toMatch(/1,283\.50 EUR.*1,540\.20 EUR/s);
    expect(subtotal('Subtotal Cloud Backup')).toMatch(/1,234,567\.89 EUR.*1,302,469\.12 EUR/s);
    expect(subtotal('Subtotal account charges')).toMatch(/18\.50 EUR.*22\.20 EUR/s);
  });

  it('shows the tax summary, the totals and the extra sections, in that order', () => {
    const taxes = section(html, '<h2>Tax summary</h2>', '</table>');
    expect(taxes).toMatch(/<td>5\.5%<\/td><td class="num">1,234,567\.89 EUR<\/td><td class="num">67,901\.23 EUR<\/td>/);
    expect(taxes).toMatch(/<td>20%<\/td><td class="num">2,777\.00 EUR<\/td><td class="num">555\.40 EUR<\/td>/);
    const totals = section(html, '<h2>Totals</h2>', '</section>');
    expect(totals).toMatch(/Total excl\. tax<\/td><td class="num">1,237,344\.89 EUR/);
    expect(totals).toMatch(/Tax<\/td><td class="num">68,456\.63 EUR/);
    expect(totals).toMatch(/Total incl\. tax<\/td><td class="num">1,305,801\.52 EUR/);
    expect(totals).toMatch(/Amount due<\/td><td class="num">1,305,801\.52 EUR/);
    const order = ['<h2>Charges</h2>', '<h2>Tax summary</h2>', '<h2>Totals</h2>', '<h2>Offers for you</h2>', '<h2>Messages</h2>'].map((h) => html.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(section(html, '<h2>Offers for you</h2>', '</section>')).toMatch(/Fiber 10 Gbit\/s upgrade.*First 3 months free.*49\.90 EUR/s);
  });

  it('escapes every value taken from the view', () => {
    const evil = '<script>alert("x")</script>';
    const quote = `O'Brien & "Sons" <b>`;
    const hostile: BillView = {
      ...sampleBill(),
      billNo: `B-1</title>${evil}`,
      account: { id: `"><img src=x onerror=alert(1)>`, name: quote },
      customer: { id: 'c', name: evil },
      lines: [{ productId: evil, productName: evil, type: evil, name: evil, quantity: evil, taxRate: evil, taxExcludedAmount: evil, taxIncludedAmount: evil }],
      taxItems: [{ taxRate: evil, taxableAmount: evil, taxAmount: evil }],
      currency: evil,
      state: evil,
      runType: evil,
      sections: [{ title: evil, rows: [{ label: evil, detail: evil, amount: evil }] }],
    };
    const out = renderBillHtml(hostile);
    expect(out).not.toMatch(/<script|<img|<b>|<\/title><script/i);
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(out).toContain('O&#39;Brien &amp; &quot;Sons&quot; &lt;b&gt;');
    expect(out).toContain('<title>Bill B-1&lt;/title&gt;&lt;script&gt;');
    expect(out).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    // Only the page's own elements remain.
    const own = ['!doctype', 'body', 'dd', 'div', 'dl', 'dt', 'h1', 'h2', 'head', 'header', 'html', 'main', 'meta', 'p', 'section', 'span', 'style', 'table', 'tbody', 'td', 'th', 'thead', 'title', 'tr'];
    for (const m of out.matchAll(/<\/?([^\s>/]+)/g)) expect(own).toContain(m[1].toLowerCase());
  });

  it('renders a bill without charges, taxes or sections', () => {
    const out = renderBillHtml({ ...sampleBill(), lines: [], taxItems: [], sections: undefined, nextBillDate: undefined, taxExcludedAmount: '0.00', taxAmount: '0.00', taxIncludedAmount: '0.00' });
    expect(out).toContain('There are no charges on this bill.');
    expect(out).toContain('No tax applies to this bill.');
    expect(out).not.toContain('Next bill date');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Reading an uncompressed pdfkit PDF
// ---------------------------------------------------------------------------------------------------------------

/** WinAnsiEncoding's 0x80–0x9F (everything else is Latin-1). */
const WIN_ANSI_HIGH: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š', 0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž',
  0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

/**
 * The text drawn in a PDF made with `compress: false`, one string per text fragment: pdfkit writes each fragment as
 * `[<hex> kerning <hex> …] TJ`, two hex digits per WinAnsi character.
 */
function pdfTexts(pdf: Buffer): string[] {
  const texts: string[] = [];
  for (const tj of pdf.toString('latin1').matchAll(/\[([^\]]*)\]\s*TJ/g)) {
    let text = '';
    for (const hex of tj[1].matchAll(/<([0-9a-fA-F]*)>/g)) {
      for (let i = 0; i < hex[1].length; i += 2) {
        const code = parseInt(hex[1].slice(i, i + 2), 16);
        text += WIN_ANSI_HIGH[code] ?? String.fromCharCode(code);
      }
    }
    texts.push(text);
  }
  return texts;
}

/** An entry of the document information dictionary as written (pdfkit makes each an indirect object): `(…)`. */
function infoEntry(pdf: Buffer, key: string): string | undefined {
  const text = pdf.toString('latin1');
  const ref = new RegExp(`/Info (\\d+) 0 R`).exec(text);
  const info = ref && new RegExp(`\\n${ref[1]} 0 obj\\n<<([^]*?)>>\\nendobj`).exec(text);
  const entry = info && new RegExp(`/${key} (\\d+) 0 R`).exec(info[1]);
  return (entry && new RegExp(`\\n${entry[1]} 0 obj\\n(.*)\\nendobj`).exec(text)?.[1]) ?? undefined;
}

/** Page objects (`/Type /Page`, not the `/Type /Pages` tree). */
const pageCount = (pdf: Buffer): number => pdf.toString('latin1').match(/\/Type \/Page(?!s)\b/g)?.length ?? 0;

describe('renderBillPdf', () => {
  it('renders an A4 PDF with the bill in it', async () => {
    const view = sampleBill();
    const pdf = await renderBillPdf(view, { compress: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(1);
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(infoEntry(pdf, 'Title')).toBe('(Bill B-2026-000123)');
    expect(infoEntry(pdf, 'CreationDate')).toBe('(D:20261001000000Z)');

    const texts = pdfTexts(pdf);
    const all = texts.join('\n');
    for (const text of [
      'B-2026-000123', 'Acme Zürich GmbH', 'Acme Holding AG', '2026-09-01 – 2026-09-30', '2026-10-31', 'On-cycle',
      'Business Fiber', 'Mobile Pro', 'Cloud Backup', 'Account charges',
      'Recurring charge', 'One-time charge', 'Usage', 'Discount', '12.5 GB', '-125.00 EUR', '5.5%',
      'Subtotal Business Fiber', '1,475.00 EUR', '1,770.00 EUR', 'Subtotal account charges',
      'Tax summary', '67,901.23 EUR', '555.40 EUR', 'Total excl. tax', '1,237,344.89 EUR', 'Amount due', '1,305,801.52 EUR',
      'Offers for you', 'Fiber 10 Gbit/s upgrade', 'Messages', 'Bill B-2026-000123 — page 1',
    ]) {
      expect(all).toContain(text);
    }
    for (const line of view.lines) expect(texts).toContain(line.name);
    // Grouping: each product's title comes before its lines and its subtotal.
    const at = (text: string) => texts.indexOf(text);
    expect(at('Business Fiber')).toBeLessThan(at('Monthly fee'));
    expect(at('Loyalty discount')).toBeLessThan(at('Subtotal Business Fiber'));
    expect(at('Subtotal Business Fiber')).toBeLessThan(at('Mobile Pro'));
    expect(at('Mobile Pro')).toBeLessThan(at('Roaming data'));
    expect(at('Account charges')).toBeLessThan(at('Premium-rate calls'));
    expect(at('Premium-rate calls')).toBeLessThan(at('Tax summary'));
    expect(at('Tax summary')).toBeLessThan(at('Total excl. tax'));
    expect(at('Total excl. tax')).toBeLessThan(at('Offers for you'));
  });

  it('breaks long bills onto more pages, each with its footer', async () => {
    const pdf = await renderBillPdf(longBill(300), { compress: false });
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(1);
    const texts = pdfTexts(pdf);
    for (let n = 1; n <= pages; n++) expect(texts).toContain(`Bill B-2026-000123 — page ${n}`);
    expect(texts).not.toContain(`Bill B-2026-000123 — page ${pages + 1}`);
    for (let i = 0; i < 300; i++) expect(texts).toContain(`Call no. ${i}`);
    expect(texts).toContain('Call bundle (continued)');
    // Each page starts with its footer; a page with lines has the column headings.
    const byPage: string[][] = [];
    for (const text of texts) {
      if (text.startsWith('Bill B-2026-000123 — page ')) byPage.push([]);
      byPage[byPage.length - 1].push(text);
    }
    expect(byPage.length).toBe(pages);
    for (const page of byPage.filter((p) => p.some((t) => t.startsWith('Call no. ')))) expect(page).toContain('Description');
    expect(texts).toContain('30.00 EUR'); // the bundle's subtotal
  });

  it('compresses by default, and is deterministic', async () => {
    const view = longBill(50);
    const [a, b, plain] = await Promise.all([renderBillPdf(view), renderBillPdf(view), renderBillPdf(view, { compress: false })]);
    expect(a.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(a.toString('latin1')).toContain('/FlateDecode');
    expect(infoEntry(a, 'Title')).toBe('(Bill B-2026-000123)');
    expect(a.length).toBeLessThan(plain.length);
    expect(a.equals(b)).toBe(true);
  });

  it('survives characters outside WinAnsi and hostile or huge values', async () => {
    const view = sampleBill();
    view.customer.name = '北京 Trading (Zürich) \u0000\u0007 😀';
    view.account.name = 'x'.repeat(5000);
    const long: BillLine = { ...view.lines[0], name: 'word '.repeat(2000), quantity: '9'.repeat(200), taxExcludedAmount: '123456789012345678.99' };
    view.lines.push(long);
    view.sections = [{ title: '<script>', rows: [{ label: '(unbalanced \\ parens', detail: ')' }] }];
    const pdf = await renderBillPdf(view, { compress: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const texts = pdfTexts(pdf);
    expect(texts).toContain('?? Trading (Zürich) ?');
    expect(texts).toContain('<script>');
    expect(texts).toContain('(unbalanced \\ parens');
  });

  it('puts a non-ASCII bill number in the title as Unicode', async () => {
    const pdf = await renderBillPdf({ ...sampleBill(), billNo: 'Nº 1' }, { compress: false });
    // UTF-16BE with a byte order mark, as PDF text strings are.
    expect(infoEntry(pdf, 'Title')).toBe(`(${Buffer.from('\ufeffBill Nº 1', 'utf16le').swap16().toString('latin1')})`);
  });
});
