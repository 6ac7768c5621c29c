/*
 * Argon2id memory filling (RFC 9106 §3.2 steps 5-6, §3.4, §3.5, §3.6, version 0x13), compiled
 * to WebAssembly by scripts/build_argon2_wasm.ts. One call fills one segment of one lane, so
 * that several threads sharing one memory can fill the lanes of a slice at the same time; the
 * caller synchronises the threads between slices and computes H0, the first two blocks of each
 * lane and the final tag itself (BLAKE2b in JavaScript).
 *
 * No C library, no static data and no address-taken local (clang -O3 keeps every local out of
 * linear memory); the caller still gives each thread's instance a stack of its own through the
 * exported stack pointer, so threads sharing the memory could not overwrite each other's locals
 * even if a compiler spilled some. Every block a call touches lies in the memory area or the
 * caller's own scratch area.
 */

typedef unsigned long long u64;
typedef unsigned int u32;

#define QWORDS 128 /* 64-bit words in a 1024-byte block */

static inline u64 rotr(u64 x, u32 n) { return (x >> n) | (x << (64 - n)); }

/* The BlaMka mix: x + y + 2 * lo32(x) * lo32(y), modulo 2^64. */
static inline u64 mix(u64 x, u64 y) { return x + y + 2 * ((u64)(u32)x * (u64)(u32)y); }

#define GB(a, b, c, d)           \
  do {                           \
    a = mix(a, b);               \
    d = rotr(d ^ a, 32);         \
    c = mix(c, d);               \
    b = rotr(b ^ c, 24);         \
    a = mix(a, b);               \
    d = rotr(d ^ a, 16);         \
    c = mix(c, d);               \
    b = rotr(b ^ c, 63);         \
  } while (0)

/* The permutation P on the 16 words r[i0], r[i0+s1], ... (RFC 9106 §3.6). */
__attribute__((always_inline)) static inline void permute(u64 *r, u32 i0, u32 i1, u32 i2, u32 i3, u32 i4, u32 i5, u32 i6,
                           u32 i7, u32 i8, u32 i9, u32 i10, u32 i11, u32 i12, u32 i13,
                           u32 i14, u32 i15) {
  u64 v0 = r[i0], v1 = r[i1], v2 = r[i2], v3 = r[i3], v4 = r[i4], v5 = r[i5], v6 = r[i6],
      v7 = r[i7], v8 = r[i8], v9 = r[i9], v10 = r[i10], v11 = r[i11], v12 = r[i12],
      v13 = r[i13], v14 = r[i14], v15 = r[i15];
  GB(v0, v4, v8, v12);
  GB(v1, v5, v9, v13);
  GB(v2, v6, v10, v14);
  GB(v3, v7, v11, v15);
  GB(v0, v5, v10, v15);
  GB(v1, v6, v11, v12);
  GB(v2, v7, v8, v13);
  GB(v3, v4, v9, v14);
  r[i0] = v0, r[i1] = v1, r[i2] = v2, r[i3] = v3, r[i4] = v4, r[i5] = v5, r[i6] = v6;
  r[i7] = v7, r[i8] = v8, r[i9] = v9, r[i10] = v10, r[i11] = v11, r[i12] = v12;
  r[i13] = v13, r[i14] = v14, r[i15] = v15;
}

/*
 * The compression G (RFC 9106 §3.5): next = G(prev, ref), or next ^= G(prev, ref) when `xor`
 * (passes after the first). `r` and `t` are two scratch blocks of the caller's own.
 */
static void compress(const u64 *prev, const u64 *ref, u64 *next, int xor, u64 *r, u64 *t) {
  for (u32 i = 0; i < QWORDS; i++) {
    r[i] = prev[i] ^ ref[i];
    t[i] = xor ? r[i] ^ next[i] : r[i];
  }
  for (u32 i = 0; i < 8; i++) {
    u32 b = 16 * i;
    permute(r, b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10, b + 11,
            b + 12, b + 13, b + 14, b + 15);
  }
  for (u32 i = 0; i < 8; i++) {
    u32 b = 2 * i;
    permute(r, b, b + 1, b + 16, b + 17, b + 32, b + 33, b + 48, b + 49, b + 64, b + 65, b + 80,
            b + 81, b + 96, b + 97, b + 112, b + 113);
  }
  for (u32 i = 0; i < QWORDS; i++) next[i] = t[i] ^ r[i];
}

/* The next block of pseudo-random addresses (data-independent addressing, RFC 9106 §3.4.1.2). */
static void next_addresses(u64 *address, u64 *input, const u64 *zero, u64 *r, u64 *t) {
  input[6]++;
  compress(zero, input, address, 0, r, t);
  compress(zero, address, address, 0, r, t);
}

/*
 * Fills segment `slice` of `lane` in pass `pass` (RFC 9106 §3.4). `memory` holds the
 * `lanes * lane_length` blocks, lane by lane; `scratch` is 6 blocks of this thread's own
 * (address, input, zero, two for the compression, one spare). `total` is m' (blocks), `passes`
 * is t. Argon2id: data-independent addressing in the first two slices of the first pass.
 */
__attribute__((export_name("fill_segment"))) void fill_segment(u64 *memory, u64 *scratch,
                                                                u32 lanes, u32 lane_length,
                                                                u32 pass, u32 slice, u32 lane,
                                                                u32 total, u32 passes) {
  u32 segment_length = lane_length / 4;
  u64 *address = scratch, *input = scratch + QWORDS, *zero = scratch + 2 * QWORDS;
  u64 *r = scratch + 3 * QWORDS, *t = scratch + 4 * QWORDS;
  int independent = pass == 0 && slice < 2;
  if (independent) {
    for (u32 i = 0; i < QWORDS; i++) input[i] = zero[i] = 0;
    input[0] = pass;
    input[1] = lane;
    input[2] = slice;
    input[3] = total;
    input[4] = passes;
    input[5] = 2; /* Argon2id */
  }
  u32 start = 0;
  if (pass == 0 && slice == 0) {
    start = 2; /* blocks 0 and 1 come from H0 */
    if (independent) next_addresses(address, input, zero, r, t);
  }
  u32 offset = lane * lane_length + slice * segment_length + start;
  u32 prev = offset % lane_length == 0 ? offset + lane_length - 1 : offset - 1;
  for (u32 i = start; i < segment_length; i++, offset++, prev++) {
    if (offset % lane_length == 1) prev = offset - 1;
    u64 random;
    if (independent) {
      if (i % QWORDS == 0) next_addresses(address, input, zero, r, t);
      random = address[i % QWORDS];
    } else {
      random = memory[(u64)prev * QWORDS];
    }
    u32 ref_lane = (u32)(random >> 32) % lanes;
    if (pass == 0 && slice == 0) ref_lane = lane;
    int same = ref_lane == lane;
    /* The reference area (RFC 9106 §3.4.1.3); unsigned arithmetic as in the reference code. */
    u32 area;
    if (pass == 0) {
      if (slice == 0) area = i - 1;
      else if (same) area = slice * segment_length + i - 1;
      else area = slice * segment_length + (i == 0 ? (u32)-1 : 0);
    } else {
      if (same) area = lane_length - segment_length + i - 1;
      else area = lane_length - segment_length + (i == 0 ? (u32)-1 : 0);
    }
    u64 x = random & 0xffffffffULL;
    x = (x * x) >> 32;
    u32 relative = area - 1 - (u32)(((u64)area * x) >> 32);
    u32 first = 0;
    if (pass != 0) first = slice == 3 ? 0 : (slice + 1) * segment_length;
    u32 ref_index = (u32)(((u64)first + relative) % lane_length);
    compress(memory + (u64)prev * QWORDS, memory + ((u64)ref_lane * lane_length + ref_index) * QWORDS,
             memory + (u64)offset * QWORDS, pass != 0, r, t);
  }
}
