export * from './demo-directory';
export * from './province-generator';
