/**
 * A YUV4MPEG2 (y4m) video of still images, for Chromium's fake camera
 * (`--use-file-for-fake-video-capture`): each image greyscale, scaled to fit and centred on a
 * grey frame, shown for `framesEach` frames; Chromium plays the file in a loop. The format is a
 * text header, then per frame "FRAME\n", the Y plane and the two quarter-size chroma planes.
 *
 * @module
 */

/** A greyscale image: `luma[y * width + x]`. */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly luma: Uint8Array;
}

export const Y4M_WIDTH = 640;
export const Y4M_HEIGHT = 480;
const FPS = 10;

/** One frame's planes with `image` fitted into `side` × `side` pixels in the middle. */
function frame(image: GreyImage, side: number): Uint8Array {
  const w = Y4M_WIDTH;
  const h = Y4M_HEIGHT;
  const planes = new Uint8Array(w * h * 3 / 2).fill(128);
  planes.fill(200, 0, w * h);
  const scale = Math.min(side / image.width, side / image.height);
  const dw = Math.floor(image.width * scale);
  const dh = Math.floor(image.height * scale);
  const x0 = (w - dw) >> 1;
  const y0 = (h - dh) >> 1;
  for (let y = 0; y < dh; y++) {
    const sy = Math.min(image.height - 1, Math.floor(y / scale));
    for (let x = 0; x < dw; x++) {
      const sx = Math.min(image.width - 1, Math.floor(x / scale));
      planes[(y0 + y) * w + x0 + x] = image.luma[sy * image.width + sx]!;
    }
  }
  return planes;
}

/** Writes `images` as a looping y4m video at `path`, each shown for `framesEach` frames. */
export function writeY4m(path: string, images: readonly GreyImage[], framesEach = 8): void {
  const header = new TextEncoder().encode(
    `YUV4MPEG2 W${Y4M_WIDTH} H${Y4M_HEIGHT} F${FPS}:1 Ip A1:1 C420jpeg\n`,
  );
  const tag = new TextEncoder().encode("FRAME\n");
  const frames = images.map((image) => frame(image, 440));
  const size = header.length + frames.length * framesEach * (tag.length + frames[0]!.length);
  const out = new Uint8Array(size);
  out.set(header, 0);
  let at = header.length;
  for (const planes of frames) {
    for (let i = 0; i < framesEach; i++) {
      out.set(tag, at);
      at += tag.length;
      out.set(planes, at);
      at += planes.length;
    }
  }
  Deno.writeFileSync(path, out);
}
