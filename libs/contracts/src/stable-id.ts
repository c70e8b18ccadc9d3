// Deterministic UUID-shaped ids from business keys (workflow ids), computable inside workflow code (no crypto
// module there): the same key always gives the same id, so re-running a step never creates a second row.
function murmur32(key: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < key.length; i++) {
    let k = key.charCodeAt(i);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= key.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function stableUuid(key: string): string {
  const hex = [0x9747b28c, 0x2a1f4d3b, 0x5bd1e995, 0x1b873593]
    .map((seed) => murmur32(key, seed).toString(16).padStart(8, '0'))
    .join('');
  // Version nibble 8 ("custom", RFC 9562) and the RFC variant bits, so the value is a valid uuid.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
