// Runs the importer over a folder of sample plans with gold annotations (`<base>.txt` beside
// `<base>.gold.json`, plus headers.json) and scores every plan. Shared by `npm run eval:import` and the test.
import fs from 'node:fs';
import path from 'node:path';
import type { ImportedPlanDraft } from '@khflow/contracts';
import { evaluate, microAverage, type Evaluation, type EvaluationTotals, type GoldHeader, type GoldPlan } from './import-evaluation';

export interface SampleResult {
  name: string;
  gold: GoldPlan;
  draft: ImportedPlanDraft;
  evaluation: Evaluation;
}

export interface SampleRun {
  results: SampleResult[];
  total: EvaluationTotals;
}

/** Scores `parse(text)` of every plan that has gold. `only`: keep the plans whose name passes (leave-some-out checks). */
export function evaluateSamples(
  plansDir: string,
  goldDir: string,
  parse: (text: string, name: string) => ImportedPlanDraft,
  only: (name: string) => boolean = () => true,
): SampleRun {
  const headersFile = path.join(goldDir, 'headers.json');
  const headers = fs.existsSync(headersFile) ? (JSON.parse(fs.readFileSync(headersFile, 'utf8')) as Record<string, GoldHeader>) : {};
  const results: SampleResult[] = [];
  for (const goldFile of fs.readdirSync(goldDir).filter((f) => f.endsWith('.gold.json')).sort()) {
    const name = goldFile.replace(/\.gold\.json$/, '');
    if (!only(name)) continue;
    const planFile = path.join(plansDir, `${name}.txt`);
    if (!fs.existsSync(planFile)) throw new Error(`gold ${goldFile} has no plan ${planFile}`);
    const gold = JSON.parse(fs.readFileSync(path.join(goldDir, goldFile), 'utf8')) as GoldPlan;
    const draft = parse(fs.readFileSync(planFile, 'utf8'), name);
    results.push({ name, gold, draft, evaluation: evaluate(draft, gold, headers[name]) });
  }
  return { results, total: microAverage(results.map((r) => r.evaluation)) };
}

/**
 * The originals (.docx, .pdf) beside the sample plans, read as a user's upload would be and scored by titles only
 * (their text has other line numbers), next to the .txt scored the same way: the difference is what the document
 * reader loses.
 */
export async function evaluateOriginals(
  plansDir: string,
  goldDir: string,
  read: (buffer: Buffer, fileName: string) => Promise<ImportedPlanDraft>,
  parse: (text: string) => ImportedPlanDraft,
): Promise<{ name: string; original: Evaluation; text: Evaluation }[]> {
  const headersFile = path.join(goldDir, 'headers.json');
  const headers = fs.existsSync(headersFile) ? (JSON.parse(fs.readFileSync(headersFile, 'utf8')) as Record<string, GoldHeader>) : {};
  const out: { name: string; original: Evaluation; text: Evaluation }[] = [];
  for (const f of fs.readdirSync(plansDir).filter((x) => /\.(?:docx|pdf)$/.test(x)).sort()) {
    const base = f.replace(/\.(?:docx|pdf)$/, '');
    const goldFile = path.join(goldDir, `${base}.gold.json`);
    if (!fs.existsSync(goldFile)) continue;
    const gold = JSON.parse(fs.readFileSync(goldFile, 'utf8')) as GoldPlan;
    let original: ImportedPlanDraft;
    try {
      original = await read(fs.readFileSync(path.join(plansDir, f)), f);
    } catch (err) {
      // A refused document (a garbled text layer without OCR) imports nothing.
      original = { number: null, issuer: null, issuedAt: null, place: null, title: null, basis: [], tasks: [], duties: [], kpis: [], recipients: [], signer: null, warnings: [String(err)] };
    }
    const text = parse(fs.readFileSync(path.join(plansDir, `${base}.txt`), 'utf8'));
    out.push({ name: f, original: evaluate(original, gold, headers[base], { byTitle: true }), text: evaluate(text, gold, headers[base], { byTitle: true }) });
  }
  return out;
}

/** Lines explaining the misses of one plan (for --verbose). */
export function explainMisses(r: SampleResult): string[] {
  const out: string[] = [];
  const matchedG = new Set(r.evaluation.matches.map(([g]) => g));
  const matchedD = new Set(r.evaluation.matches.map(([, d]) => d));
  r.gold.tasks.forEach((t, i) => matchedG.has(i) || out.push(`  missed ${t.ref} [${t.lines.join('-')}] ${t.title.slice(0, 90)}`));
  r.draft.tasks.forEach((t, i) => matchedD.has(i) || out.push(`  extra  ${t.ref} [${t.lines.join('-')}] ${t.title.slice(0, 90)}`));
  for (const [g, d] of r.evaluation.matches) {
    const gt = r.gold.tasks[g];
    const dt = r.draft.tasks[d];
    const refs = (xs: { text: string; unitId: string | null; group?: { kinds?: string[] } | null }[]) =>
      xs.map((x) => x.unitId ?? (x.group ? `group:${x.group.kinds?.join('+')}` : x.text)).join(' | ');
    const diffs: string[] = [];
    const lead = refs(dt.lead);
    if (lead !== gt.lead.join(' | ')) diffs.push(`lead gold=[${gt.lead.join(' | ')}] draft=[${lead}]`);
    const co = refs(dt.coordinators);
    if (co !== gt.coordinators.join(' | ')) diffs.push(`coord gold=[${gt.coordinators.join(' | ')}] draft=[${co}]`);
    if ((dt.timeframe.due ?? null) !== (gt.due ?? null)) diffs.push(`due gold=${gt.due} draft=${dt.timeframe.due} (${dt.timeframe.text ?? ''})`);
    if (gt.timeframe && gt.timeframe !== dt.timeframe.kind) diffs.push(`tf gold=${gt.timeframe} draft=${dt.timeframe.kind}`);
    if (diffs.length) out.push(`  ~ ${gt.ref} [${gt.lines.join('-')}] ${gt.title.slice(0, 50)}: ${diffs.join('; ')}`);
  }
  if (r.evaluation.headerFields) {
    const bad = Object.entries(r.evaluation.headerFields).filter(([, ok]) => !ok).map(([k]) => k);
    if (bad.length)
      out.push(`  header wrong: ${bad.join(', ')} (number=${r.draft.number} issuer=${r.draft.issuer?.text}/${r.draft.issuer?.unitId} date=${r.draft.issuedAt} signer=${r.draft.signer?.name} title=${(r.draft.title ?? '').slice(0, 80)})`);
  }
  return out;
}
