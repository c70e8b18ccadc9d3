export * from './directory.types';
export * from './plan.types';
export * from './assignment.types';
export * from './engine.types';
export * from './import.types';
export * from './workflow-messages';
export * from './activities.types';
export * from './stable-id';
