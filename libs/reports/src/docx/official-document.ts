// An administrative document (văn bản hành chính) in the layout of Decree 30/2020/NĐ-CP, Appendix I: A4, Times New
// Roman, margins top/bottom 20 mm, left 30 mm, right 15 mm; a header of two columns without borders — the issuing
// body (its managing body above it) with "Số: …/…" under it on the left, the national motto and the place and date
// (italic) on the right —, the kind of document and its summary (trích yếu) centred in bold, the body, then the
// recipients (Nơi nhận) on the left and the signer's capacity, title and name on the right.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  convertMillimetersToTwip,
} from 'docx';

export interface OfficialDocumentSpec {
  /** The managing body above the issuer (cơ quan chủ quản), e.g. "UBND THÀNH PHỐ HẢI PHÒNG" for the Sở; null for a UBND. */
  parentBody: string | null;
  /** The issuing body (cơ quan ban hành), e.g. "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG". */
  issuingBody: string;
  /** Number (left blank in a draft to be numbered at issue) and symbol, e.g. "BC-UBND". */
  number: string | null;
  symbol: string;
  place: string;
  /** YYYY-MM-DD */
  date: string;
  /** Kind of document: "BÁO CÁO". */
  kind: string;
  /** Summary (trích yếu): "Kết quả thực hiện Kế hoạch số 193/KH-UBND …". */
  title: string;
  /** Body paragraphs before and after the table. */
  intro: string[];
  table: { caption?: string | null; headers: string[]; rows: string[][]; totalRow?: string[] | null } | null;
  closing: string[];
  recipients: string[];
  signer: { capacity: string[]; title: string; name: string };
}

const FONT = 'Times New Roman';
const pt = (n: number) => n * 2; // docx sizes are half-points

function run(text: string, o: { bold?: boolean; italics?: boolean; size?: number; underline?: boolean } = {}) {
  return new TextRun({ text, font: FONT, size: pt(o.size ?? 13), bold: o.bold, italics: o.italics, ...(o.underline ? { underline: {} } : {}) });
}

function para(children: TextRun[], o: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; before?: number; after?: number; indent?: boolean } = {}) {
  return new Paragraph({
    children,
    alignment: o.align ?? AlignmentType.JUSTIFIED,
    spacing: { before: o.before ?? 0, after: o.after ?? 60, line: 276 },
    ...(o.indent ? { indent: { firstLine: convertMillimetersToTwip(12.7) } } : {}),
  });
}

const centred = (text: string, o: Parameters<typeof run>[1] = {}, after = 0) => para([run(text, o)], { align: AlignmentType.CENTER, after });

/** A short horizontal line under a heading, as the decree draws under the issuing body and the motto. */
function rule(widthMm: number) {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [],
    spacing: { after: 80 },
    border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    indent: { left: convertMillimetersToTwip(Math.max(0, (80 - widthMm) / 2)), right: convertMillimetersToTwip(Math.max(0, (80 - widthMm) / 2)) },
  });
}

function cell(children: Paragraph[], widthPct: number, borders = true) {
  return new TableCell({
    children,
    width: { size: widthPct, type: WidthType.PERCENTAGE },
    verticalAlign: VerticalAlign.TOP,
    ...(borders ? {} : { borders: TableBorders.NONE }),
  });
}

function layoutTable(left: Paragraph[], right: Paragraph[], leftPct: number) {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: TableBorders.NONE,
    layout: TableLayoutType.FIXED,
    rows: [new TableRow({ children: [cell(left, leftPct, false), cell(right, 100 - leftPct, false)] })],
  });
}

export function vietnameseDateLine(place: string, date: string): string {
  const [y, m, d] = date.split('-');
  return `${place}, ngày ${d} tháng ${m} năm ${y}`;
}

function figuresTable(t: NonNullable<OfficialDocumentSpec['table']>) {
  const head = new TableRow({
    tableHeader: true,
    children: t.headers.map((h) => cell([para([run(h, { bold: true, size: 12 })], { align: AlignmentType.CENTER, after: 0 })], 100 / t.headers.length)),
  });
  const body = t.rows.map(
    (r) => new TableRow({ children: r.map((c, i) => cell([para([run(c, { size: 12 })], { align: i <= 1 ? AlignmentType.LEFT : AlignmentType.RIGHT, after: 0 })], 100 / t.headers.length)) }),
  );
  const total = t.totalRow
    ? [new TableRow({ children: t.totalRow.map((c, i) => cell([para([run(c, { size: 12, bold: true })], { align: i <= 1 ? AlignmentType.LEFT : AlignmentType.RIGHT, after: 0 })], 100 / t.headers.length)) })]
    : [];
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [head, ...body, ...total] });
}

/** Builds the .docx file. */
export async function buildOfficialDocument(spec: OfficialDocumentSpec): Promise<Buffer> {
  const numberLine = `Số: ${spec.number?.trim() ? spec.number.trim() : '      '}/${spec.symbol}`;
  const left = [
    ...(spec.parentBody ? [centred(spec.parentBody.toUpperCase(), { size: 12 })] : []),
    centred(spec.issuingBody.toUpperCase(), { bold: true, size: 12 }),
    rule(25),
    centred(numberLine, { size: 13 }),
  ];
  const right = [
    centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 12 }),
    centred('Độc lập - Tự do - Hạnh phúc', { bold: true, size: 13 }),
    rule(60),
    centred(vietnameseDateLine(spec.place, spec.date), { italics: true, size: 13 }),
  ];
  const signerLines = [
    ...spec.signer.capacity.map((c) => centred(c, { bold: true, size: 13 })),
    centred(spec.signer.title, { bold: true, size: 13 }, 1200),
    centred(spec.signer.name, { bold: true, size: 13 }),
  ];
  const recipients = [
    para([run('Nơi nhận:', { bold: true, italics: true, size: 12 })], { align: AlignmentType.LEFT, after: 0 }),
    ...spec.recipients.map((r, i) => para([run(`- ${r}${i === spec.recipients.length - 1 ? '.' : ';'}`, { size: 11 })], { align: AlignmentType.LEFT, after: 0 })),
  ];
  const doc = new Document({
    creator: 'khflow',
    title: `${spec.kind} ${spec.title}`,
    styles: { default: { document: { run: { font: FONT, size: pt(13) } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: { top: convertMillimetersToTwip(20), bottom: convertMillimetersToTwip(20), left: convertMillimetersToTwip(30), right: convertMillimetersToTwip(15) },
          },
        },
        children: [
          layoutTable(left, right, 40),
          centred(spec.kind.toUpperCase(), { bold: true, size: 14 }),
          centred(spec.title, { bold: true, size: 14 }),
          rule(30),
          ...spec.intro.map((p) => para([run(p, { size: 14 })], { indent: true })),
          ...(spec.table
            ? [...(spec.table.caption ? [para([run(spec.table.caption, { bold: true, size: 13 })], { align: AlignmentType.CENTER, before: 120 })] : []), figuresTable(spec.table)]
            : []),
          ...spec.closing.map((p) => para([run(p, { size: 14 })], { indent: true, before: 120 })),
          new Paragraph({ children: [], spacing: { after: 120 } }),
          layoutTable(recipients, signerLines, 50),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
