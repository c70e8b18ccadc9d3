// Limits shared by the HTTP request schemas and the workflows, so that a request the API accepts is never refused
// by a workflow for being too large (and the other way round).

/** Unit ids one request may name: a coordination request, units added to or removed from a task. */
export const MAX_UNIT_IDS_PER_REQUEST = 50;
