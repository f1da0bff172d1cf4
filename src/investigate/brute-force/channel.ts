/**
 * A bounded queue between one producer and one consumer: `put` waits while the queue is full,
 * `take` waits while it is empty and returns undefined once the producer has closed it.
 */
export class Channel<T> {
  private items: T[] = [];
  private closed = false;
  private capacity: number;
  private wakeTaker?: () => void;
  private wakePutter?: () => void;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  async put(item: T): Promise<void> {
    while (this.items.length >= this.capacity) await new Promise<void>((r) => (this.wakePutter = r));
    this.items.push(item);
    this.wake('taker');
  }

  close(): void {
    this.closed = true;
    this.wake('taker');
  }

  async take(): Promise<T | undefined> {
    while (this.items.length === 0) {
      if (this.closed) return undefined;
      await new Promise<void>((r) => (this.wakeTaker = r));
    }
    const item = this.items.shift() as T;
    this.wake('putter');
    return item;
  }

  private wake(who: 'taker' | 'putter'): void {
    const w = who === 'taker' ? this.wakeTaker : this.wakePutter;
    if (who === 'taker') this.wakeTaker = undefined;
    else this.wakePutter = undefined;
    w?.();
  }
}
