import { InitialSchema1732406400000 } from './1732406400000-initial-schema.migration';
import { DirectoryVersions1764000500000 } from './1764000500000-directory-versions.migration';

/** Every migration, in order. Never use `synchronize`. */
export const MIGRATIONS = [InitialSchema1732406400000, DirectoryVersions1764000500000];
