// A scanned plan: a PDF whose pages are only images (no text layer), made here from a known Vietnamese plan text by
// Debian's Chromium (the text rendered, photographed, and the photograph printed to PDF). The importer reads it
// through OCR (tesseract with the Vietnamese model), finds its tasks and says in the draft that it was read by OCR:
// uploaded to the API as a plan owner does (the document is read in the API's reader thread, whose time limit
// grows with the pages OCR reads).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { titleSimilarity } from '@khflow/plan-import';
import { type ApiSystem, startApiSystem } from '../api/api-harness';

jest.setTimeout(240_000);

const TASKS = [
  'Tuyên truyền, phổ biến kế hoạch đến cán bộ, giáo viên',
  'Rà soát cơ sở vật chất của các trường học',
  'Tổ chức tập huấn kỹ năng số cho giáo viên',
  'Báo cáo kết quả thực hiện về Ủy ban nhân dân thành phố',
];
const PLAN = [
  'ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG',
  'Số: 25/KH-UBND',
  'Hải Phòng, ngày 15 tháng 4 năm 2025',
  'KẾ HOẠCH',
  'Chuyển đổi số trong giáo dục năm 2025',
  'I. MỤC ĐÍCH, YÊU CẦU',
  'Nâng cao chất lượng dạy và học.',
  'II. NHIỆM VỤ',
  `1. ${TASKS[0]}`,
  '- Đơn vị chủ trì: Sở Giáo dục và Đào tạo',
  '- Thời gian thực hiện: trước ngày 30/5/2025',
  `2. ${TASKS[1]}`,
  '- Đơn vị chủ trì: Sở Giáo dục và Đào tạo',
  '- Thời gian thực hiện: tháng 6/2025',
  `3. ${TASKS[2]}`,
  '- Đơn vị chủ trì: Sở Giáo dục và Đào tạo',
  '- Thời gian thực hiện: tháng 8/2025',
  `4. ${TASKS[3]}`,
  '- Đơn vị chủ trì: Sở Giáo dục và Đào tạo',
  '- Thời gian thực hiện: trước ngày 15/12/2025',
  'Nơi nhận:',
  '- Như trên;',
  'TM. ỦY BAN NHÂN DÂN',
  'CHỦ TỊCH',
  'Nguyễn Văn An',
];

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

describe('a scanned plan (PDF without a text layer)', () => {
  let dir: string;
  let sys: ApiSystem;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(process.env.KHFLOW_TEST_DIR ?? os.tmpdir(), 'ocr-'));
    sys = await startApiSystem();
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await sys?.close();
  });

  it('is read through OCR: its tasks are found and the draft says it was read by OCR', async () => {
    const browser = await chromium.launch({ executablePath: process.env.KHFLOW_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    let pdf: Buffer;
    try {
      const page = await browser.newPage({ viewport: { width: 1240, height: 1754 }, deviceScaleFactor: 1 });
      await page.setContent(
        `<html><body style="margin:60px;font:26px/1.5 'DejaVu Serif',serif;color:#000;background:#fff">${PLAN.map((l) => `<div>${escape(l)}</div>`).join('')}</body></html>`,
      );
      const scan = await page.screenshot({ type: 'png', fullPage: true });
      // The "scan" printed to PDF: the page holds only the image.
      await page.setContent(`<html><body style="margin:0"><img style="width:100%" src="data:image/png;base64,${scan.toString('base64')}"></body></html>`);
      pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '0', bottom: '0', left: '0', right: '0' } });
    } finally {
      await browser.close();
    }
    const file = path.join(dir, 'ke-hoach-ban-quet.pdf');
    fs.writeFileSync(file, pdf);
    // It really has no text layer.
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).trim()).toBe('');

    const owner = await sys.login('owner.hp-ubnd');
    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'ke-hoach-ban-quet.pdf');
    const res = await fetch(`${sys.api.url}/plans/import`, { method: 'POST', headers: { authorization: `Bearer ${owner}`, 'idempotency-key': randomUUID() }, body: form });
    const answer = (await res.json()) as any;
    expect(res.status).toBe(201);
    const draft = answer.draft;
    expect(draft.warningDetails.filter((w: { code: string }) => w.code === 'ocr')).toHaveLength(1);
    expect(draft.warnings.some((w: string) => /nhận dạng chữ \(OCR\)/.test(w))).toBe(true);
    // Every task of the scan is found (OCR may miss an accent: matched as the evaluation matches titles).
    const titles: string[] = draft.tasks.map((t: { title: string }) => t.title);
    for (const title of TASKS) expect(Math.max(...titles.map((t) => titleSimilarity(title, t)))).toBeGreaterThanOrEqual(0.7);
    expect(draft.tasks).toHaveLength(TASKS.length);
    expect(draft.tasks.filter((t: { lead: { unitId: string | null }[] }) => t.lead.some((l) => l.unitId === 'hp-sgddt')).length).toBeGreaterThanOrEqual(3);
    expect(draft.number).toBe('25/KH-UBND');
    // The plan's draft carries the warning for the person who confirms it.
    const plan = (await sys.call('GET', `/plans/${answer.planId}`, { token: owner })).body;
    expect(plan.source.warnings).toContain(draft.warnings.find((w: string) => /OCR/.test(w)));
    expect(plan.tasks).toHaveLength(TASKS.length);
  });
});
