/**
 * A first-come first-served async mutex. The embedded store serialises its writers in-process with it: an import
 * holds SQLite's write lock across awaits (while the file is read), and a second writer on the same thread must wait
 * its turn here rather than block the thread in SQLite's busy handler, which would stall the import it waits for.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(work: () => Promise<T> | T): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}
