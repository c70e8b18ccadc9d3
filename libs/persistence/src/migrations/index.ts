import { InitialSchema1732406400000 } from './1732406400000-initial-schema.migration';

/** Every migration, in order. Never use `synchronize`. */
export const MIGRATIONS = [InitialSchema1732406400000];
