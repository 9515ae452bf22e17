/**
 * Bounded in-memory queue of admission events. Admission never waits on delivery: `push` is O(1)
 * and, when the queue is full, drops the oldest event and counts it (newer decisions matter more
 * to an operator than old ones).
 */
export class EventQueue<T> {
  private items: (T | undefined)[];
  private head = 0;
  private size = 0;
  private droppedCount = 0;

  constructor(
    readonly capacity: number,
    private readonly onDrop: (count: number) => void = () => undefined,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error('capacity must be a positive integer');
    this.items = new Array<T | undefined>(capacity);
  }

  get depth(): number {
    return this.size;
  }

  /** Events dropped since the queue was created. */
  get dropped(): number {
    return this.droppedCount;
  }

  push(item: T): void {
    if (this.size === this.capacity) {
      this.dropped1(this.items[this.head]);
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.size--;
      this.droppedCount++;
      this.onDrop(1);
    }
    this.items[(this.head + this.size) % this.capacity] = item;
    this.size++;
  }

  /** Called with the oldest event when a full queue drops it (subclasses keep indexes in step). */
  protected dropped1(_item: T | undefined): void {}

  /** Removes and returns up to `max` oldest events. */
  take(max: number): T[] {
    const n = Math.min(max, this.size);
    const out: T[] = [];
    for (let i = 0; i < n; i++) {
      const at = (this.head + i) % this.capacity;
      out.push(this.items[at] as T);
      this.items[at] = undefined;
    }
    this.head = (this.head + n) % this.capacity;
    this.size -= n;
    return out;
  }

  /**
   * Puts a batch that failed to send back at the front, so delivery order is kept. Whatever does
   * not fit (newer events arrived meanwhile) is dropped from the oldest end and counted.
   */
  returnToFront(batch: readonly T[]): void {
    const room = this.capacity - this.size;
    const keep = batch.slice(Math.max(0, batch.length - room));
    const lost = batch.length - keep.length;
    if (lost > 0) {
      this.droppedCount += lost;
      this.onDrop(lost);
    }
    for (let i = keep.length - 1; i >= 0; i--) {
      this.head = (this.head - 1 + this.capacity) % this.capacity;
      this.items[this.head] = keep[i];
      this.size++;
    }
  }
}
