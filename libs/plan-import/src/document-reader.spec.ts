import { importPlan, ImportError, readPlanDocument } from './index';

describe('readPlanDocument', () => {
  it('reads UTF-8 text (with a BOM) as NFC', async () => {
    const text = await readPlanDocument(Buffer.from('\ufeffKE\u0302\u0301 HOẠCH', 'utf8'), 'plan.txt');
    expect(text).toBe('KẾ HOẠCH');
  });

  it('rejects unsupported types, naming the type', async () => {
    await expect(readPlanDocument(Buffer.from('x'), 'plan.doc')).rejects.toThrow(ImportError);
    await expect(readPlanDocument(Buffer.from('x'), 'plan.doc')).rejects.toThrow(/\.doc/);
  });

  it('reports an unreadable .docx as an ImportError', async () => {
    await expect(readPlanDocument(Buffer.from('not a zip'), 'plan.docx')).rejects.toThrow(ImportError);
  });

  it('importPlan reads and parses', async () => {
    const draft = await importPlan(Buffer.from('Số: 5/KH-UBND\nKẾ HOẠCH\nThử\nII. NHIỆM VỤ\n1. Việc một\nChủ trì: Sở Nội vụ\n'), 'p.txt', []);
    expect(draft.number).toBe('5/KH-UBND');
    expect(draft.tasks[0]).toMatchObject({ ref: 'II.1', title: 'Việc một', lines: [5, 6] });
  });
});

describe('document limits and OCR', () => {
  it('refuses a .docx whose archive inflates past the limit, before inflating it', async () => {
    const JSZip = (await import('jszip')).default;
    const zip = new JSZip();
    zip.file('word/document.xml', 'a'.repeat(101 * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    await expect(readPlanDocument(bomb, 'bomb.docx')).rejects.toThrow(/inflates to 101 MB/);
  });

  it('marks OCR text so the draft says it was read by OCR', async () => {
    const draft = await importPlan(Buffer.from('[OCR]\nSố: 5/KH-UBND\nKẾ HOẠCH\nThử\nII. NHIỆM VỤ\n1. Việc một\n'), 'p.txt', []);
    expect(draft.warningDetails?.[0]).toMatchObject({ code: 'ocr' });
    expect(draft.number).toBe('5/KH-UBND');
  });
});

describe('docxHtmlToText', () => {
  it('keeps tables as rows of cells, paragraphs as lines, drops footnote marks', async () => {
    const { docxHtmlToText } = await import('./document-reader');
    const html =
      '<table><tr><td><p><strong>UBND TỈNH X</strong></p><p>SỞ Y</p></td><td></td><td><p>CỘNG HÒA</p></td></tr></table><p>KẾ HOẠCH</p><p>Thử &amp; xem<sup><a href="#f1">[1]</a></sup></p>' +
      '<table><tr><td><p>TT</p></td><td><p>Nhiệm vụ</p></td><td><p>Chủ trì</p></td></tr><tr><td><p>1</p></td><td><p>Rà soát</p><p>văn bản</p></td><td><p>Sở Tư pháp</p></td></tr></table><ul><li>Một</li></ul>';
    expect(docxHtmlToText(html).split('\n')).toEqual(['UBND TỈNH X   SỞ Y |  | CỘNG HÒA', 'KẾ HOẠCH', 'Thử & xem', 'TT | Nhiệm vụ | Chủ trì', '1 | Rà soát   văn bản | Sở Tư pháp', '- Một']);
  });
});
