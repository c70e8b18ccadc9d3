// Imported plans propose report-form fields from their KPI tables (issue 17): the importer (libs/plan-import) reads
// each indicator with its baseline and target; here each becomes a proposed field a plan owner reviews in the field
// editor before saving. A person confirms: nothing here is saved by itself.
import type { ReportField } from './report-form.types';

export interface KpiRow {
  indicator: string;
  baseline: string | null;
  target: string | null;
}

const MAX_KEY = 40;
const MAX_FIELDS = 30;

/** Vietnamese text folded to a-z0-9 (đ → d, diacritics dropped), words joined by "_". */
export function keyOf(text: string): string {
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const key = folded.slice(0, MAX_KEY).replace(/_+$/, '');
  return /^[a-z]/.test(key) ? key : `chi_tieu${key ? `_${key}` : ''}`.slice(0, MAX_KEY);
}

/**
 * What a KPI's target says about the figure each unit reports:
 * - a percentage ("≥ 80%", "100%") → a percentage; the level above sees the lowest one (min), the unit furthest from the target;
 * - a rank ("xếp hạng", "top 10", "nhóm đầu") → a whole number; the best (min) rank;
 * - a count or amount ("100 trường", "15 tỷ đồng") → a number added up (sum), with its unit of measure;
 * - anything else → text, listed unit by unit.
 */
export function fieldOfKpi(k: KpiRow, key: string): ReportField {
  const target = (k.target ?? '').trim();
  const label = k.indicator.replace(/\s+/g, ' ').trim().slice(0, 500);
  const help = [target ? `Chỉ tiêu: ${target}` : null, k.baseline ? `Kết quả năm trước: ${k.baseline}` : null].filter(Boolean).join('; ') || null;
  const base = { key, label, required: false, ...(help ? { help: help.slice(0, 2000) } : {}) };
  const folded = target.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  if (/%/.test(target)) return { ...base, type: 'percent', consolidate: 'min' };
  if (/xep hang|\btop\b|nhom dau|thu hang/.test(folded) || /xep hang|thu hang/.test(label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase())) return { ...base, type: 'number', integer: true, min: 1, consolidate: 'min' };
  const amount = /^[^\d]*([\d.,]+)\s*(.*)$/.exec(target);
  if (amount) {
    const unit = amount[2].replace(/[()]/g, '').trim().split(/\s+/).slice(0, 3).join(' ');
    // A bare score ("≥ 6,5") is a level each unit reaches, not an amount to add up: the lowest shows who lags.
    if (!unit) return { ...base, type: 'number', min: 0, consolidate: 'min' };
    return { ...base, type: 'number', min: 0, consolidate: 'sum', unit: unit.slice(0, 50) };
  }
  return { ...base, type: 'text', consolidate: 'list' };
}

/** The proposed fields of a plan's KPI rows: one per indicator, keys unique, at most 30. */
export function proposeFieldsFromKpis(kpis: KpiRow[]): ReportField[] {
  const used = new Set<string>();
  const out: ReportField[] = [];
  for (const k of kpis) {
    if (!k.indicator?.trim() || out.length >= MAX_FIELDS) continue;
    let key = keyOf(k.indicator);
    for (let n = 2; used.has(key); n++) key = `${keyOf(k.indicator).slice(0, MAX_KEY - 4)}_${n}`;
    used.add(key);
    out.push(fieldOfKpi(k, key));
  }
  return out;
}
