import assert from "node:assert/strict";
import { canonicalRaster } from "../../../domain/carrier/canonical_raster.ts";
import type { RasterImage } from "../../../domain/carrier/raster_image.ts";

Deno.test("canonicalRaster() reduces an all-grey RGB image to grey", () => {
  const rgb: RasterImage = {
    width: 2,
    height: 1,
    channels: 3,
    bitDepth: 8,
    samples: new Uint8Array([5, 5, 5, 200, 200, 200]),
  };
  assert.deepEqual(canonicalRaster(rgb), {
    ...rgb,
    channels: 1,
    samples: new Uint8Array([5, 200]),
  });
});

Deno.test("canonicalRaster() reduces an all-grey 16-bit RGBA image to grey + alpha", () => {
  const rgba: RasterImage = {
    width: 2,
    height: 1,
    channels: 4,
    bitDepth: 16,
    samples: new Uint16Array([700, 700, 700, 0, 9, 9, 9, 65535]),
  };
  const grey = canonicalRaster(rgba);
  assert.equal(grey.channels, 2);
  assert.deepEqual(grey.samples, new Uint16Array([700, 0, 9, 65535]));
});

Deno.test("canonicalRaster() keeps a colour image, and a grey one, as they are", () => {
  const colour: RasterImage = {
    width: 2,
    height: 1,
    channels: 3,
    bitDepth: 8,
    samples: new Uint8Array([5, 5, 5, 200, 201, 200]),
  };
  assert.equal(canonicalRaster(colour), colour);
  const grey: RasterImage = {
    width: 1,
    height: 1,
    channels: 1,
    bitDepth: 8,
    samples: new Uint8Array([3]),
  };
  assert.equal(canonicalRaster(grey), grey);
});

Deno.test("canonicalRaster() ignores the colour of invisible pixels when deciding", () => {
  const rgba: RasterImage = {
    width: 2,
    height: 1,
    channels: 4,
    bitDepth: 8,
    samples: new Uint8Array([10, 200, 30, 0, 9, 9, 9, 255]),
  };
  const grey = canonicalRaster(rgba);
  assert.equal(grey.channels, 2);
  assert.deepEqual(grey.samples, new Uint8Array([10, 0, 9, 255]));
});
