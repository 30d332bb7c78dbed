/**
 * An unbounded async queue whose `next` can time out.
 *
 * @module
 */

/**
 * FIFO of items produced by background loops and consumed with a deadline.
 *
 * @example
 * ```ts
 * const q = new AsyncQueue<number>();
 * q.push(1);
 * console.log(await q.next(10)); // 1
 * console.log(await q.next(10)); // undefined (timed out)
 * ```
 */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private waiter: ((item: T | undefined) => void) | null = null;

  /** Adds `item`, waking a waiting consumer. */
  push(item: T): void {
    if (this.waiter) {
      const wake = this.waiter;
      this.waiter = null;
      wake(item);
    } else {
      this.items.push(item);
    }
  }

  /** The next item, or `undefined` after `timeoutMs` milliseconds without one. */
  next(timeoutMs: number): Promise<T | undefined> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift());
    if (this.waiter) throw new Error("AsyncQueue: only one consumer may wait at a time");
    if (timeoutMs <= 0) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(undefined);
      }, timeoutMs);
      this.waiter = (item) => {
        clearTimeout(timer);
        resolve(item);
      };
    });
  }
}
