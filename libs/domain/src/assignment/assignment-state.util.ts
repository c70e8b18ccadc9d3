import type { AssignmentState } from '@khflow/contracts';

export type AssignmentAction =
  | 'acknowledge'
  | 'start'
  | 'submit'
  | 'approve'
  | 'return'
  | 'cancel'
  | 'request_extension'
  | 'decide_extension'
  | 'request_coordination'
  | 'comment'
  | 'reassign'
  | 'request_explanation'
  | 'answer_explanation';

const OPEN: AssignmentState[] = ['assigned', 'acknowledged', 'in_progress', 'submitted', 'returned'];
const WORKING: AssignmentState[] = ['assigned', 'acknowledged', 'in_progress', 'returned'];

/** The single transition table of the lifecycle: from-states an action is allowed in, and where it leads. */
const TABLE: Record<AssignmentAction, { from: AssignmentState[]; to: (s: AssignmentState) => AssignmentState }> = {
  acknowledge: { from: ['assigned'], to: () => 'acknowledged' },
  start: { from: ['acknowledged'], to: () => 'in_progress' },
  submit: { from: WORKING, to: () => 'submitted' },
  approve: { from: ['submitted'], to: () => 'approved' },
  return: { from: ['submitted'], to: () => 'returned' },
  cancel: { from: OPEN, to: () => 'cancelled' },
  request_extension: { from: WORKING, to: (s) => (s === 'acknowledged' ? 'in_progress' : s) },
  decide_extension: { from: OPEN, to: (s) => s },
  request_coordination: { from: WORKING, to: (s) => (s === 'acknowledged' ? 'in_progress' : s) },
  comment: { from: OPEN, to: (s) => s },
  reassign: { from: OPEN, to: (s) => s },
  // Explanation requests (issue 17): asked of work still to be done (the decider also requires it to be overdue);
  // answered while the assignment is open, a report sent meanwhile included.
  request_explanation: { from: WORKING, to: (s) => s },
  answer_explanation: { from: OPEN, to: (s) => s },
};

export type TransitionResult = { ok: true; next: AssignmentState } | { ok: false; reason: string };

export function transition(state: AssignmentState, action: AssignmentAction): TransitionResult {
  if (state === 'approved' || state === 'cancelled') return { ok: false, reason: `assignment is already ${state}` };
  const rule = TABLE[action];
  if (!rule) return { ok: false, reason: `unknown action ${action}` };
  if (!rule.from.includes(state)) {
    const hint: Partial<Record<AssignmentAction, string>> = {
      acknowledge: 'assignment is already acknowledged',
      approve: 'only a submitted assignment can be approved',
      return: 'only a submitted assignment can be returned',
      submit: 'assignment is already submitted and waits for review',
      request_extension: 'an extension cannot be requested while the submission waits for review',
      request_coordination: 'coordination cannot be requested while the submission waits for review',
      request_explanation: 'an explanation cannot be requested while the submission waits for review',
    };
    return { ok: false, reason: hint[action] ?? `${action} is not allowed when the assignment is ${state}` };
  }
  return { ok: true, next: rule.to(state) };
}
