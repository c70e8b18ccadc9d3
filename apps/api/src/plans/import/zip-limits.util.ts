// A .docx is a ZIP archive: before any parser sees one, every entry is inflated here with a hard output limit, so
// an archive whose few kilobytes expand to gigabytes (a "zip bomb") is refused after inflating at most the budget,
// whatever sizes its headers claim.
import { inflateRawSync } from 'node:zlib';

export interface ZipLimits {
  /** Most bytes all entries may expand to together. */
  maxExpandedBytes: number;
  /** Most an entry (and the whole archive) may expand relative to its compressed size. */
  maxRatio: number;
  maxEntries: number;
}

export const DOCX_LIMITS: ZipLimits = { maxExpandedBytes: 64 * 1024 * 1024, maxRatio: 200, maxEntries: 2000 };

export class ZipLimitError extends Error {
  constructor(
    message: string,
    readonly status: 413 | 422,
  ) {
    super(message);
    this.name = 'ZipLimitError';
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Checks the archive against the limits by inflating each entry (stored entries are counted as they are). */
export function checkZipExpansion(buf: Buffer, limits: ZipLimits = DOCX_LIMITS): { entries: number; expandedBytes: number } {
  const bad = (m: string) => new ZipLimitError(`the .docx is not a readable ZIP archive (${m})`, 422);
  // The end-of-central-directory record sits in the last 65 557 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('no central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  if (count > limits.maxEntries) throw new ZipLimitError(`the .docx has ${count} entries (at most ${limits.maxEntries})`, 413);
  let expanded = 0;
  let compressedTotal = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL) throw bad('broken central directory');
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const localAt = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    at += 46 + nameLen + extraLen + commentLen;
    if (localAt + 30 > buf.length || buf.readUInt32LE(localAt) !== LOCAL) throw bad(`entry ${name} has no local header`);
    const dataAt = localAt + 30 + buf.readUInt16LE(localAt + 26) + buf.readUInt16LE(localAt + 28);
    if (dataAt + compressed > buf.length) throw bad(`entry ${name} is truncated`);
    const budget = limits.maxExpandedBytes - expanded;
    let size: number;
    if (method === 0) size = compressed;
    else if (method === 8) {
      try {
        size = inflateRawSync(buf.subarray(dataAt, dataAt + compressed), { maxOutputLength: Math.max(1, budget) }).length;
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
          throw new ZipLimitError(`the .docx expands beyond ${limits.maxExpandedBytes} bytes (entry ${name})`, 413);
        }
        throw bad(`entry ${name} does not inflate`);
      }
    } else throw bad(`entry ${name} uses compression method ${method}`);
    expanded += size;
    compressedTotal += compressed;
    if (expanded > limits.maxExpandedBytes) throw new ZipLimitError(`the .docx expands beyond ${limits.maxExpandedBytes} bytes (entry ${name})`, 413);
    if (size > 1024 * 1024 && size > compressed * limits.maxRatio) throw new ZipLimitError(`entry ${name} of the .docx expands ${Math.round(size / Math.max(1, compressed))} times (at most ${limits.maxRatio})`, 413);
  }
  if (expanded > 1024 * 1024 && expanded > Math.max(1, compressedTotal) * limits.maxRatio) throw new ZipLimitError(`the .docx expands ${Math.round(expanded / compressedTotal)} times (at most ${limits.maxRatio})`, 413);
  return { entries: count, expandedBytes: expanded };
}
