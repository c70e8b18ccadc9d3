// The baseline of the fan-out benchmark: a bare workflow that does nothing, started N times by the raw client.
export async function benchNoopWorkflow(): Promise<void> {
  return;
}
