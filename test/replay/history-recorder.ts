import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type History, historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Client } from '@temporalio/client';
import { temporalTestConnection } from '../support/test-env';

export const HISTORIES_DIR = path.resolve(__dirname, '../histories');
const REPO_ROOT = `${path.resolve(__dirname, '../..')}/`;

/**
 * Saves workflow histories of a real scenario into test/histories when KHFLOW_RECORD_HISTORIES=1, so that the
 * replay test can prove later workflow code still replays them (the safety net for `patched()` changes).
 * Uses `temporal workflow show --output json`, the format the SDK's replayer reads (as in Temporal's samples).
 */
export async function recordHistories(scenario: string, workflows: { name: string; workflowId: string }[]): Promise<void> {
  if (process.env.KHFLOW_RECORD_HISTORIES !== '1') return;
  const cli = process.env.KHFLOW_TEMPORAL_CLI;
  if (!cli) throw new Error('KHFLOW_TEMPORAL_CLI is not set (the global setup sets it)');
  const { address, namespace } = temporalTestConnection();
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  for (const w of workflows) {
    const json = execFileSync(cli, ['workflow', 'show', '--address', address, '--namespace', namespace, '--workflow-id', w.workflowId, '--output', 'json'], { maxBuffer: 64 * 1024 * 1024 }).toString();
    // Failure stack traces name the folder the tests ran in: recorded files keep only paths relative to the repository.
    fs.writeFileSync(path.join(HISTORIES_DIR, `${scenario}.${w.name}.json`), json.split(REPO_ROOT).join('<repo>/'));
  }
}

/**
 * The same for a history a test already holds (e.g. from a time-skipping environment, which the CLI cannot reach):
 * written in the JSON form the CLI writes and the replayer reads.
 */
export function recordHistory(scenario: string, name: string, history: History): void {
  if (process.env.KHFLOW_RECORD_HISTORIES !== '1') return;
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  fs.writeFileSync(path.join(HISTORIES_DIR, `${scenario}.${name}.json`), historyToJSON(history).split(REPO_ROOT).join('<repo>/'));
}

/**
 * The same for a scenario on the time-skipping test server (whose address the CLI is not given): the histories
 * are fetched through the scenario's client and written in the JSON the replayer reads.
 */
export async function recordFetchedHistories(scenario: string, client: Client, workflows: { name: string; workflowId: string }[]): Promise<void> {
  if (process.env.KHFLOW_RECORD_HISTORIES !== '1') return;
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  for (const w of workflows) {
    const json = historyToJSON(await client.workflow.getHandle(w.workflowId).fetchHistory());
    fs.writeFileSync(path.join(HISTORIES_DIR, `${scenario}.${w.name}.json`), json.split(REPO_ROOT).join('<repo>/'));
  }
}
