// One ordered outbox per workflow: effects run one after another in the order they were pushed, whoever pushed
// them (an update handler, the main loop draining signals, a deadline). Created before any handler is registered.

export class Outbox<T> {
  private tail: Promise<void> = Promise.resolve();
  private running = 0;

  constructor(private readonly send: (item: T) => Promise<void>) {}

  /** Runs `item` after every item pushed before it; resolves when it has been sent. */
  push(item: T): Promise<void> {
    // When idle, send at once (the activity is scheduled in the same step as before the outbox existed).
    const done = this.running === 0 ? this.send(item) : this.tail.then(() => this.send(item));
    this.running += 1;
    const settled = done.finally(() => {
      this.running -= 1;
    });
    // The next item waits for this one, whether it succeeded or failed (a failure is its pusher's to handle).
    this.tail = settled.then(
      () => undefined,
      () => undefined,
    );
    return settled;
  }

  get idle(): boolean {
    return this.running === 0;
  }
}
