// The directory as of a date from a file (for the plan-import CLI's --directory): a CSV/XLSX directory export, or a
// JSON list of units (one row per version). Problems (unknown kinds, cycles …) are answered, not thrown.
import type { DirectoryUnit } from '@khflow/contracts';
import { readDirectoryFile, type FileProblem } from './directory-file.codec';
import { parseDirectorySheets } from './directory-import.validator';
import { unitsAsOf } from './unit-versions.util';

export async function directoryFromFile(content: Buffer, fileName: string, asOf: string): Promise<{ units: DirectoryUnit[]; problems: FileProblem[] }> {
  if (/\.json$/i.test(fileName)) {
    const rows = JSON.parse(content.toString('utf8')) as DirectoryUnit[];
    return { units: unitsAsOf(rows, asOf, 'all'), problems: [] };
  }
  const parsed = parseDirectorySheets(await readDirectoryFile(content, fileName), { units: [] });
  return { units: unitsAsOf(parsed.units.map((r) => r.unit), asOf, 'all'), problems: parsed.problems };
}
