import encodeQR from "qr";
import decodeQR from "qr/decode.js";
const bytes = new Uint8Array(411);
for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + 11) & 255;
const latin1 = String.fromCharCode(...bytes);
const m = encodeQR(latin1, "raw", {
  ecc: "medium",
  encoding: "byte",
  textEncoder: (t) => Uint8Array.from(t, (c) => c.charCodeAt(0)),
});
console.log("size", m.length, m[0]!.length);
const scale = 4;
const W = m.length * scale;
const y = new Uint8Array(W * W * 3 / 2 | 0);
for (let r = 0; r < W; r++) {
  for (let c = 0; c < W; c++) y[r * W + c] = m[(r / scale) | 0]![(c / scale) | 0] ? 0 : 255;
}
let got: Uint8Array | null = null;
const s = decodeQR({ width: W, height: W, data: y }, {
  format: "I420",
  textDecoder: (b) => {
    got = b.slice();
    return "";
  },
});
console.log(
  JSON.stringify(s),
  got && (got as Uint8Array).length,
  got && (got as Uint8Array).every((v, i) => v === bytes[i]),
);
const y2 = y.slice(0, W * W);
try {
  decodeQR({ width: W, height: W, data: y2 }, { format: "I420" });
  console.log("Y-only ok");
} catch (e) {
  console.log("Y-only", (e as Error).message);
}
const txt = encodeQR("hello world", "raw", {});
console.log(txt.length);
