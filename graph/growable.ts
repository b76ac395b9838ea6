/** Append-only typed arrays that double their capacity, for building snapshots without boxing numbers. */
type TypedArray = Int32Array | Uint32Array | Float32Array | Float64Array | Uint8Array;
type TypedArrayConstructor<T extends TypedArray> = { new (length: number): T };

export class Growable<T extends TypedArray> {
  private data: T;
  length = 0;

  constructor(
    private readonly ctor: TypedArrayConstructor<T>,
    initialCapacity = 1024,
    private readonly fill?: number,
  ) {
    this.data = this.allocate(Math.max(16, initialCapacity));
  }

  private allocate(capacity: number): T {
    const array = new this.ctor(capacity);
    if (this.fill !== undefined) array.fill(this.fill);
    return array;
  }

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(this.length * 2);
    this.data[this.length++] = value;
  }

  /** Sets position i, growing (with the fill value) when i is past the end. */
  set(i: number, value: number): void {
    if (i >= this.data.length) this.reserve(Math.max(i + 1, this.data.length * 2));
    this.data[i] = value;
    if (i >= this.length) this.length = i + 1;
  }

  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const next = this.allocate(capacity);
    next.set(this.data.subarray(0, this.length) as never);
    this.data = next;
  }

  get(i: number): number {
    return this.data[i];
  }

  /** The filled part as an array of exactly `length` elements (a copy when capacity exceeds length). */
  toArray(length = this.length): T {
    if (length > this.data.length) this.reserve(length);
    return (this.data.length === length ? this.data : this.data.slice(0, length)) as T;
  }
}
