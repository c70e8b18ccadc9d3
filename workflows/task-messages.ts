// Messages internal to the engine's workflows (the API never sends these).
import { defineSignal } from '@temporalio/workflow';
import type { Actor, Recurrence } from '@khflow/contracts';

export const periodDoneSignal = defineSignal<[{ periodKey: string; outcome: { assignments: number; approved: number; cancelled: number } }]>('periodDone');
export const taskChangeDueSignal = defineSignal<[{ due: string | null; actor: Actor; reason: string }]>('taskChangeDue');
export const taskUnitsChangedSignal = defineSignal<[{ added: string[]; removed: string[]; actor: Actor; reason: string }]>('taskUnitsChanged');
export const taskChangeRuleSignal = defineSignal<[{ recurrence: Recurrence; actor: Actor; reason: string }]>('taskChangeRule');
