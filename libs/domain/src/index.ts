export * from './time.util';
export * from './recurrence.util';
export * from './deadline.util';
export * from './assignment-state.util';
export * from './org-tree.util';
export * from './permission.util';
export * from './calendar';
