import type { DirectoryUnit, ImportedPlanDraft } from '@khflow/contracts';
import { readPlanDocument } from './document-reader';
import { parsePlanText, type ParseOptions } from './plan-text.parser';

export * from './document-reader';
export * from './plan-text.parser';
export * from './time-expression.util';
export * from './unit-resolver.util';
export * from './plan-directory.util';
export * from './directory-file.reader';
export * from './import-evaluation';
export * from './sample-evaluation';

/** Reads an uploaded plan document and parses it into a draft to review. */
export async function importPlan(buffer: Buffer, fileName: string, units: DirectoryUnit[], options: ParseOptions = {}): Promise<ImportedPlanDraft> {
  const text = await readPlanDocument(buffer, fileName);
  return parsePlanText(text, units, options);
}
export * from './draft-to-plan-spec.util';
export * from './draft-corrections.util';
