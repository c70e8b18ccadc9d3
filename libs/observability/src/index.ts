export * from './observability-config';
