// Replays histories recorded from real scenarios (test/histories/*.json) against the current workflow code: a change
// that would break running plans fails here. Changes in behaviour go behind `patched()`.
// protobufjs is a direct dependency so that npm hoists one copy for all @temporalio packages: with several copies,
// historyFromJSON fails with "type must be a Type".
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { workflowBundlePath } from '../support/test-env';
import { HISTORIES_DIR } from './history-recorder';

jest.setTimeout(300_000);

const files = fs.existsSync(HISTORIES_DIR) ? fs.readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).sort() : [];

describe('replay of recorded histories', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it('replays every recorded history without non-determinism', async () => {
    const histories = files.map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, f), 'utf8'))) }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: workflowBundlePath() } }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });

  // Recorded by test/engine/quarterly-report.test.ts (KHFLOW_RECORD_HISTORIES=1): the plan and its task's last run,
  // cancelled with open quarters: each open task, and each open quarter's tree, is asked to cancel exactly once.
  it.each([
    ['quarterly-cancel.task.json', 'task-roots-cancelled-once'],
    ['quarterly-cancel.plan.json', 'plan-tasks-cancelled-once'],
  ])('replays %s, cancelled with its open work, each child asked once, behind %s', async (file, patch) => {
    expect(files).toContain(file);
    const json = JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8'));
    const events = json.events as { eventType: string; markerRecordedEventAttributes?: { details: Record<string, { payloads: { data: string }[] }> }; requestCancelExternalWorkflowExecutionInitiatedEventAttributes?: { workflowExecution: { workflowId: string } } }[];
    const markers = events.filter((e) => e.eventType === 'EVENT_TYPE_MARKER_RECORDED').flatMap((e) => Object.values(e.markerRecordedEventAttributes!.details).flatMap((d) => d.payloads.map((p) => Buffer.from(p.data, 'base64').toString())));
    expect(markers.some((m) => m.includes(`"${patch}"`))).toBe(true);
    const asked = events.filter((e) => e.eventType === 'EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED').map((e) => e.requestCancelExternalWorkflowExecutionInitiatedEventAttributes!.workflowExecution.workflowId);
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked).size).toBe(asked.length);
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: workflowBundlePath() } }, [{ workflowId: file.replace(/\.json$/, ''), history: historyFromJSON(json) }])) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });

  // Recorded by test/engine/plan-lifecycle.test.ts (KHFLOW_RECORD_HISTORIES=1) before and after the projection became a
  // local activity: the later assignment histories project through markers only, the earlier ones through activity
  // tasks, and both replay.
  it.each([
    ['plan-lifecycle', true],
    ['remote-projection-plan-lifecycle', false],
  ])('replays %s assignments, projecting locally: %s (projection-as-local-activity)', async (scenario, local) => {
    const mine = files.filter((f) => f.startsWith(`${scenario}.assignment-`));
    expect(mine.length).toBe(3);
    type Ev = { eventType: string; activityTaskScheduledEventAttributes?: { activityType: { name: string } }; markerRecordedEventAttributes?: { markerName: string; details: Record<string, { payloads: { data?: string }[] }> } };
    for (const f of mine) {
      const events = JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, f), 'utf8')).events as Ev[];
      const remote = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType.name === 'recordAssignmentEvent').length;
      const markers = events.filter((e) => e.eventType === 'EVENT_TYPE_MARKER_RECORDED').flatMap((e) => Object.values(e.markerRecordedEventAttributes!.details).flatMap((d) => d.payloads.map((p) => Buffer.from(p.data ?? '', 'base64').toString())));
      const localRuns = markers.filter((m) => m.includes('"recordAssignmentEvent"')).length;
      expect({ f, patch: markers.some((m) => m.includes('"projection-as-local-activity"')), remote: remote > 0, local: localRuns > 0 }).toEqual({ f, patch: local, remote: !local, local });
    }
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: workflowBundlePath() } }, mine.map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, f), 'utf8'))) })))) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });

  // Recorded by test/directory/merge-consolidations.test.ts (KHFLOW_RECORD_HISTORIES=1): the reorganisation that
  // absorbs a consolidation, the absorbed one, the survivor that took it over and a school rerouted to it.
  it('replays a merge of consolidating units, recorded behind reorganisation-absorb-consolidation', async () => {
    const merge = files.filter((f) => f.startsWith('reorganisation-merge-consolidations.'));
    expect(merge.map((f) => f.split('.')[1]).sort()).toEqual(['assignment-absorbed-consolidation', 'assignment-school-of-absorbed', 'assignment-surviving-consolidation', 'reorganisation']);
    const text = (f: string) => fs.readFileSync(path.join(HISTORIES_DIR, f), 'utf8');
    const patches = (f: string) => (JSON.parse(text(f)).events as { eventType: string; markerRecordedEventAttributes?: { details: Record<string, { payloads: { data: string }[] }> } }[])
      .filter((e) => e.eventType === 'EVENT_TYPE_MARKER_RECORDED')
      .flatMap((e) => Object.values(e.markerRecordedEventAttributes!.details).flatMap((d) => d.payloads.map((p) => Buffer.from(p.data, 'base64').toString())));
    for (const f of merge.filter((x) => /absorbed-consolidation|\.reorganisation\./.test(x))) expect(patches(f).some((p) => p.includes('"reorganisation-absorb-consolidation"'))).toBe(true);
    const histories = merge.map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: historyFromJSON(JSON.parse(text(f))) }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: workflowBundlePath() } }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
