// On a plan's page, for its plan owners: pick a task and give it a report form (or amend it, with a reason, once the
// plan runs). The field editor is report-form-editor.tsx.
import { useState } from 'react';
import type { PlanView } from '@khflow/contracts';
import { api } from '../api';
import { useLoad } from '../use-load';
import { ReportFormEditor } from './report-form-editor';
import { type ReportField, rw } from './report-types';

/** The editor, offering the fields the plan's KPI tables propose while the task has no form yet. */
function EditorWithProposal({ taskId, running, onSaved }: { taskId: string; running: boolean; onSaved?: () => void }) {
  const { data, problem } = useLoad(() => api.get<{ fields: ReportField[] }>(`/tasks/${taskId}/report-form/proposal`), [taskId]);
  if (!data && !problem) return null;
  return <ReportFormEditor taskId={taskId} running={running} proposed={data?.fields} onSaved={onSaved} />;
}

export function ReportFormsPanel({ plan, onSaved }: { plan: PlanView; onSaved?: () => void }) {
  const [taskId, setTaskId] = useState<string>('');
  if (!plan.tasks.length || plan.status === 'closed' || plan.status === 'cancelled') return null;
  return (
    <section aria-labelledby="report-forms-h" className="report-section">
      <h2 id="report-forms-h">{rw('reportForm')}</h2>
      <label>
        {rw('task')}
        <select value={taskId} onChange={(e) => setTaskId(e.target.value)} data-testid="report-form-task">
          <option value="">—</option>
          {plan.tasks.map((t) => (
            <option key={t.id} value={t.id}>
              {t.ref}. {t.title.slice(0, 80)}
            </option>
          ))}
        </select>
      </label>
      {taskId ? <EditorWithProposal key={taskId} taskId={taskId} running={plan.status !== 'draft'} onSaved={onSaved} /> : null}
    </section>
  );
}
