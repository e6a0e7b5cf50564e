/**
 * Dictionary encoding. Each distinct value gets an integer id once; records then hold ids in
 * typed arrays, and the distinct strings are packed as UTF-16 code units into one shared
 * array, so worker threads read them without copying and compare ids before characters.
 */

export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(1, length) * 4));
}
export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(1, length) * 8));
}
export function sharedUint8(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(Math.max(1, length)));
}

export class StringInterner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  /** The id of `value`; '' is null (-1). */
  intern(value: string): number {
    if (value === '') return -1;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }

  get size(): number {
    return this.values.length;
  }

  pack(): PackedStrings {
    let total = 0;
    for (const value of this.values) total += value.length;
    const codes = new Uint16Array(new SharedArrayBuffer(Math.max(2, total * 2)));
    const offsets = sharedInt32(this.values.length + 1);
    let at = 0;
    for (const [i, value] of this.values.entries()) {
      offsets[i] = at;
      for (let k = 0; k < value.length; k++) codes[at + k] = value.charCodeAt(k);
      at += value.length;
    }
    offsets[this.values.length] = at;
    return { codes, offsets };
  }
}

/** Distinct strings as code units: value i is codes[offsets[i] .. offsets[i+1]). */
export interface PackedStrings {
  codes: Uint16Array;
  offsets: Int32Array;
}

export function unpack(packed: PackedStrings, id: number): string {
  const start = packed.offsets[id]!;
  const end = packed.offsets[id + 1]!;
  return String.fromCharCode(...packed.codes.subarray(start, end));
}
