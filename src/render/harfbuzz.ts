// The one entry to harfbuzzjs: importing the tiering flag first guarantees V8 sees it before
// harfbuzzjs compiles its WebAssembly (ES modules evaluate their imports in order).
import './wasm-tiering.js';

export * from 'harfbuzzjs';
