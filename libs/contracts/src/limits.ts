// Limits shared by the HTTP schemas and the workflows, in one place so the layers cannot disagree.

/** Units one coordination request may name (HTTP schema and the assignment workflow's validator). */
export const MAX_COORDINATION_UNITS = 50;
/** Units one amendment may add or remove. */
export const MAX_AMENDMENT_UNITS = 5000;
/** Unit ids: letters, digits, . _ - (the directory's own ids), at most this long. */
export const MAX_UNIT_ID_LENGTH = 100;
/** Per-unit rows of a dashboard or a plan's progress per page (`limit`): by default, and at most. */
export const UNIT_PAGE_DEFAULT = 100;
export const UNIT_PAGE_MAX = 500;
