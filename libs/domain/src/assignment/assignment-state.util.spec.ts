import type { AssignmentState } from '@khflow/contracts';
import { type AssignmentAction, transition, type TransitionResult } from './assignment-state.util';

const ok = (next: AssignmentState): TransitionResult => ({ ok: true, next });
const no = (reason: string): TransitionResult => ({ ok: false, reason });

describe('transition', () => {
  // The full lifecycle matrix for the five open states, written out by hand.
  it.each<[AssignmentState, AssignmentAction, TransitionResult]>([
    // acknowledge
    ['assigned', 'acknowledge', ok('acknowledged')],
    ['acknowledged', 'acknowledge', no('assignment is already acknowledged')],
    ['in_progress', 'acknowledge', no('assignment is already acknowledged')],
    ['submitted', 'acknowledge', no('assignment is already acknowledged')],
    ['returned', 'acknowledge', no('assignment is already acknowledged')],
    // start
    ['assigned', 'start', no('start is not allowed when the assignment is assigned')],
    ['acknowledged', 'start', ok('in_progress')],
    ['in_progress', 'start', no('start is not allowed when the assignment is in_progress')],
    ['submitted', 'start', no('start is not allowed when the assignment is submitted')],
    ['returned', 'start', no('start is not allowed when the assignment is returned')],
    // submit: from any working state, including straight from assigned and after a return
    ['assigned', 'submit', ok('submitted')],
    ['acknowledged', 'submit', ok('submitted')],
    ['in_progress', 'submit', ok('submitted')],
    ['returned', 'submit', ok('submitted')],
    ['submitted', 'submit', no('assignment is already submitted and waits for review')],
    // approve
    ['submitted', 'approve', ok('approved')],
    ['assigned', 'approve', no('only a submitted assignment can be approved')],
    ['acknowledged', 'approve', no('only a submitted assignment can be approved')],
    ['in_progress', 'approve', no('only a submitted assignment can be approved')],
    ['returned', 'approve', no('only a submitted assignment can be approved')],
    // return
    ['submitted', 'return', ok('returned')],
    ['assigned', 'return', no('only a submitted assignment can be returned')],
    ['acknowledged', 'return', no('only a submitted assignment can be returned')],
    ['in_progress', 'return', no('only a submitted assignment can be returned')],
    ['returned', 'return', no('only a submitted assignment can be returned')],
    // cancel: from every open state
    ['assigned', 'cancel', ok('cancelled')],
    ['acknowledged', 'cancel', ok('cancelled')],
    ['in_progress', 'cancel', ok('cancelled')],
    ['submitted', 'cancel', ok('cancelled')],
    ['returned', 'cancel', ok('cancelled')],
    // request_extension: acknowledging by acting moves to in_progress; other working states stay
    ['assigned', 'request_extension', ok('assigned')],
    ['acknowledged', 'request_extension', ok('in_progress')],
    ['in_progress', 'request_extension', ok('in_progress')],
    ['returned', 'request_extension', ok('returned')],
    ['submitted', 'request_extension', no('an extension cannot be requested while the submission waits for review')],
    // decide_extension: state unchanged in every open state
    ['assigned', 'decide_extension', ok('assigned')],
    ['acknowledged', 'decide_extension', ok('acknowledged')],
    ['in_progress', 'decide_extension', ok('in_progress')],
    ['submitted', 'decide_extension', ok('submitted')],
    ['returned', 'decide_extension', ok('returned')],
    // request_coordination: like request_extension
    ['assigned', 'request_coordination', ok('assigned')],
    ['acknowledged', 'request_coordination', ok('in_progress')],
    ['in_progress', 'request_coordination', ok('in_progress')],
    ['returned', 'request_coordination', ok('returned')],
    ['submitted', 'request_coordination', no('coordination cannot be requested while the submission waits for review')],
    // comment and reassign: allowed and state-preserving in every open state
    ['assigned', 'comment', ok('assigned')],
    ['acknowledged', 'comment', ok('acknowledged')],
    ['in_progress', 'comment', ok('in_progress')],
    ['submitted', 'comment', ok('submitted')],
    ['returned', 'comment', ok('returned')],
    ['assigned', 'reassign', ok('assigned')],
    ['acknowledged', 'reassign', ok('acknowledged')],
    ['in_progress', 'reassign', ok('in_progress')],
    ['submitted', 'reassign', ok('submitted')],
    ['returned', 'reassign', ok('returned')],
  ])('%s --%s--> %j', (state, action, expected) => {
    expect(transition(state, action)).toEqual(expected);
  });

  const ALL_ACTIONS: AssignmentAction[] = [
    'acknowledge',
    'start',
    'submit',
    'approve',
    'return',
    'cancel',
    'request_extension',
    'decide_extension',
    'request_coordination',
    'comment',
    'reassign',
  ];

  it.each(ALL_ACTIONS.flatMap((action) => (['approved', 'cancelled'] as AssignmentState[]).map((state) => [state, action] as const)))(
    'a %s assignment is final: %s is refused',
    (state, action) => {
      expect(transition(state, action)).toEqual(no(`assignment is already ${state}`));
    },
  );

  it.each<[AssignmentState, string, TransitionResult]>([
    ['assigned', 'fly', no('unknown action fly')],
    ['submitted', 'delete', no('unknown action delete')],
    ['approved', 'fly', no('assignment is already approved')], // the final-state check comes first
  ])('%s with the unknown action %s → %j', (state, action, expected) => {
    expect(transition(state, action as AssignmentAction)).toEqual(expected);
  });

  it('walks the happy path with a return and resubmission', () => {
    const steps: AssignmentAction[] = ['acknowledge', 'start', 'submit', 'return', 'submit', 'approve'];
    let s: AssignmentState = 'assigned';
    const seen: AssignmentState[] = [];
    for (const a of steps) {
      const r = transition(s, a);
      if (!r.ok) throw new Error(r.reason);
      s = r.next;
      seen.push(s);
    }
    expect(seen).toEqual(['acknowledged', 'in_progress', 'submitted', 'returned', 'submitted', 'approved']);
  });
});
