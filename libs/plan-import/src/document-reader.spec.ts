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
