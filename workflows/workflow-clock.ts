// The one place workflow code reads the clock. Inside the workflow sandbox Date.now() is the deterministic time
// of the current workflow task (replayed identically), so it is safe here; elsewhere in workflows/ it is linted
// out so that every use of time goes through this name and is easy to find.
export function workflowNow(): number {
  // eslint-disable-next-line no-restricted-properties
  return Date.now();
}
