import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = path.resolve(__dirname, '../histories');

/**
 * Saves workflow histories of a real scenario into test/histories when KHFLOW_RECORD_HISTORIES=1, so that the
 * replay test can prove later workflow code still replays them (the safety net for `patched()` changes).
 */
export async function recordHistories(client: Client, scenario: string, workflows: { name: string; workflowId: string }[]): Promise<void> {
  if (process.env.KHFLOW_RECORD_HISTORIES !== '1') return;
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  for (const w of workflows) {
    const history = await client.workflow.getHandle(w.workflowId).fetchHistory();
    fs.writeFileSync(path.join(HISTORIES_DIR, `${scenario}.${w.name}.json`), historyToJSON(history));
  }
}
