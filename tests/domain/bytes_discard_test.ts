import assert from "node:assert/strict";
import { discard } from "../../domain/bytes.ts";

Deno.test("discard frees an array that is the whole of its own buffer", () => {
  const own = new Uint8Array(65_536).fill(7);
  const buffer = own.buffer;
  discard(own);
  assert.equal(own.length, 0);
  assert.equal(buffer.byteLength, 0);
  assert.ok(buffer.detached);
  discard(own); // discarding twice is harmless
});

Deno.test("discard leaves views into larger or shared buffers alone", () => {
  const backing = new Uint8Array(100).fill(1);
  const head = backing.subarray(0, 50);
  const tail = backing.subarray(50);
  discard(head);
  discard(tail);
  assert.equal(backing.length, 100, "a view that is not the whole buffer is untouched");
  assert.deepEqual(head, new Uint8Array(50).fill(1));
  const shared = new Uint8Array(new SharedArrayBuffer(16));
  discard(shared);
  assert.equal(shared.length, 16);
  const resizable = new Uint8Array(new ArrayBuffer(8, { maxByteLength: 16 }));
  discard(resizable);
  assert.equal(resizable.length, 8);
  discard(new Uint8Array(0));
});
