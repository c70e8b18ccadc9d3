export * from './observability-config';
export * from './tracing';
