export { createMemoryTransport, type MemoryTransport } from './memory-transport.js';
export type { MemoryTransportOptions } from './memory-transport-options.js';
