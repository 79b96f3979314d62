// HarfBuzz, from the harfbuzzjs package's WebAssembly build (its harfbuzz.wasm), with a thin binding
// of our own for the calls we make. Why not harfbuzzjs's JavaScript API: shaping is the line layer's
// hot path (tens of thousands of distinct words in a large pack), and that API makes a WebAssembly
// call and a JavaScript object per glyph to hand back what HarfBuzz already holds in two arrays;
// here the shaper reads those arrays straight from WebAssembly memory. The module is compiled and
// instantiated synchronously, once per process (on V8's Liftoff when run from bin/briefing.js, which
// sets --liftoff-only before anything compiles). test/seam.test.ts checks the glyphs we draw against
// harfbuzzjs's own API, an independent reading of the same HarfBuzz.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The WebAssembly API as used here (TypeScript's libs without "dom" do not declare it). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: object };
};

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The HarfBuzz functions we call (C signatures; pointers are offsets into `memory`). */
interface HarfBuzzExports {
  memory: WasmMemory;
  __wasm_call_ctors(): void;
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_font_create(face: number): number;
  hb_font_get_glyph_h_advance(font: number, glyph: number): number;
  hb_set_create(): number;
  hb_set_destroy(set: number): void;
  hb_set_get_population(set: number): number;
  hb_set_next_many(set: number, codepoint: number, out: number, size: number): number;
  hb_face_collect_unicodes(face: number, set: number): void;
  hb_buffer_create(): number;
  hb_buffer_reset(buffer: number): void;
  hb_buffer_add_utf16(buffer: number, text: number, length: number, offset: number, itemLength: number): void;
  hb_buffer_set_direction(buffer: number, direction: number): void;
  hb_buffer_set_cluster_level(buffer: number, level: number): void;
  hb_buffer_guess_segment_properties(buffer: number): void;
  hb_buffer_get_length(buffer: number): number;
  hb_buffer_get_glyph_infos(buffer: number, length: number): number;
  hb_buffer_get_glyph_positions(buffer: number, length: number): number;
  hb_feature_from_string(text: number, length: number, feature: number): number;
  hb_shape(font: number, buffer: number, features: number, count: number): void;
}

/** As harfbuzzjs opens fonts: HarfBuzz may patch the bytes in place while sanitizing, not copy them. */
const HB_MEMORY_MODE_WRITABLE = 2;
const HB_DIRECTION_LTR = 4;
const HB_DIRECTION_RTL = 5;
/** Marks keep clusters of their own, so the ToUnicode map can name every character once. */
const HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS = 1;
/** sizeof(hb_glyph_info_t), sizeof(hb_glyph_position_t), sizeof(hb_feature_t) */
const INFO_BYTES = 20;
const FEATURE_BYTES = 16;

function instantiate(): HarfBuzzExports {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz.wasm'));
  let exports: HarfBuzzExports | null = null;
  const fail = (what: string) => (): never => {
    throw new Error(`HarfBuzz: ${what}`);
  };
  // What the Emscripten build asks of its host: growing memory, and failures that end the call.
  const host = {
    emscripten_resize_heap: (requested: number): number => {
      const memory = exports!.memory;
      const pages = Math.ceil(((requested >>> 0) - memory.buffer.byteLength) / 65536);
      try {
        memory.grow(Math.max(pages, Math.ceil(memory.buffer.byteLength / 65536 / 4)));
        return 1;
      } catch {
        return 0;
      }
    },
    _abort_js: fail('aborted'),
    proc_exit: fail('exited'),
    _setitimer_js: (): number => 0,
    _emscripten_runtime_keepalive_clear: (): void => undefined,
  };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(wasm), { env: host, wasi_snapshot_preview1: host });
  exports = instance.exports as unknown as HarfBuzzExports;
  exports.__wasm_call_ctors();
  return exports;
}

const hb = instantiate();
/** The one shaping buffer (a process shapes one word at a time). */
const buffer = hb.hb_buffer_create();

/** Typed views onto WebAssembly memory, made again whenever the memory has grown. */
let viewOf: ArrayBuffer | null = null;
let u8 = new Uint8Array(0);
let u16 = new Uint16Array(0);
let u32 = new Uint32Array(0);
let i32 = new Int32Array(0);

function views(): void {
  const current = hb.memory.buffer;
  if (current === viewOf) return;
  viewOf = current;
  u8 = new Uint8Array(current);
  u16 = new Uint16Array(current);
  u32 = new Uint32Array(current);
  i32 = new Int32Array(current);
}

/** A font opened in HarfBuzz from the same bytes pdfkit embeds. Lives as long as the process. */
export class HbFont {
  readonly ptr: number;
  private readonly face: number;

  constructor(bytes: Uint8Array) {
    const data = hb.malloc(bytes.byteLength);
    views();
    u8.set(bytes, data);
    this.face = hb.hb_face_create(hb.hb_blob_create(data, bytes.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0), 0);
    this.ptr = hb.hb_font_create(this.face);
  }

  /** The glyph's nominal (hmtx) advance, in font units. */
  glyphHAdvance(glyph: number): number {
    return hb.hb_font_get_glyph_h_advance(this.ptr, glyph);
  }

  /** Every code point the font's cmap maps. */
  collectUnicodes(): Uint32Array {
    const set = hb.hb_set_create();
    hb.hb_face_collect_unicodes(this.face, set);
    const count = hb.hb_set_get_population(set);
    const out = hb.malloc(Math.max(4, count * 4));
    hb.hb_set_next_many(set, -1, out, count);
    views();
    const result = u32.slice(out >> 2, (out >> 2) + count);
    hb.free(out);
    hb.hb_set_destroy(set);
    return result;
  }
}

/**
 * One shaped run, as HarfBuzz left it in its buffer: per glyph, `infos` holds (glyph id, mask,
 * cluster, …) and `positions` (x advance, y advance, x offset, y offset, …), five 32-bit words each
 * from the given word offsets. Valid until the next call into HarfBuzz.
 */
export interface ShapedBuffer {
  readonly count: number;
  readonly infos: Uint32Array;
  readonly infoStart: number;
  readonly positions: Int32Array;
  readonly positionStart: number;
}

/** Shape `text` (one direction, no bidi inside) with the font and OpenType feature strings. */
export function shape(font: HbFont, text: string, rtl: boolean, features: readonly string[]): ShapedBuffer {
  hb.hb_buffer_reset(buffer);
  const utf16 = hb.malloc(Math.max(2, text.length * 2));
  views();
  for (let i = 0, at = utf16 >> 1; i < text.length; i++, at++) u16[at] = text.charCodeAt(i);
  hb.hb_buffer_add_utf16(buffer, utf16, text.length, 0, text.length);
  hb.free(utf16);
  hb.hb_buffer_set_direction(buffer, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
  hb.hb_buffer_set_cluster_level(buffer, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
  hb.hb_buffer_guess_segment_properties(buffer);
  const featureBlock = features.length > 0 ? parseFeatures(features) : { pointer: 0, count: 0 };
  hb.hb_shape(font.ptr, buffer, featureBlock.pointer, featureBlock.count);
  if (featureBlock.pointer !== 0) hb.free(featureBlock.pointer);
  const count = hb.hb_buffer_get_length(buffer);
  const infos = hb.hb_buffer_get_glyph_infos(buffer, 0);
  const positions = hb.hb_buffer_get_glyph_positions(buffer, 0);
  views();
  return { count, infos: u32, infoStart: infos >> 2, positions: i32, positionStart: positions >> 2 };
}

/** Feature strings («kern», «-liga», «ss01=1»…) as HarfBuzz's hb_feature_t array; unknown ones dropped. */
function parseFeatures(features: readonly string[]): { pointer: number; count: number } {
  const block = hb.malloc(features.length * FEATURE_BYTES);
  let count = 0;
  for (const feature of features) {
    const bytes = Buffer.from(feature, 'latin1');
    const text = hb.malloc(bytes.length + 1);
    views();
    u8.set(bytes, text);
    if (hb.hb_feature_from_string(text, bytes.length, block + count * FEATURE_BYTES)) count++;
    hb.free(text);
  }
  return { pointer: block, count };
}

/** Words per glyph in the info and position arrays. */
export const GLYPH_WORDS = INFO_BYTES / 4;
