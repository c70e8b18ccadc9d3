export * from './entities';
export * from './data-source';
export * from './migrate';
export * from './seed-demo';
export * from './audit-chain';
export * from './canonical-json.util';
export * from './password-hash.util';
export * from './directory-store';
