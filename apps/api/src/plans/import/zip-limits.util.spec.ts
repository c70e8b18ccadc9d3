import { deflateRawSync } from 'node:zlib';
import { checkZipExpansion, ZipLimitError } from './zip-limits.util';

/** A minimal ZIP archive (deflated entries), enough for the central-directory walk. */
function zip(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = deflateRawSync(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(1, 24); // a lying uncompressed size: the check must not believe it
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const limits = { maxExpandedBytes: 8 * 1024 * 1024, maxRatio: 100, maxEntries: 10 };
const statusOf = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (err) {
    return err instanceof ZipLimitError ? err.status : String(err);
  }
};

describe('checkZipExpansion', () => {
  it.each([
    ['an ordinary document', zip([{ name: 'word/document.xml', data: Buffer.from('<w:t>Kế hoạch</w:t>'.repeat(1000)) }]), 'ok'],
    ['an entry expanding beyond the budget', zip([{ name: 'word/document.xml', data: Buffer.alloc(9 * 1024 * 1024, 0x20) }]), 413],
    ['an entry expanding too many times', zip([{ name: 'word/document.xml', data: Buffer.alloc(4 * 1024 * 1024, 0x20) }]), 413],
    ['too many entries', zip(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x') }))), 413],
    ['not a ZIP archive', Buffer.from('PK but nothing else'), 422],
    ['a truncated archive', zip([{ name: 'word/document.xml', data: Buffer.from('<w:t>x</w:t>'.repeat(100)) }]).subarray(0, 40), 422],
  ])('%s', (_name, buf, expected) => {
    expect(statusOf(() => checkZipExpansion(buf, limits))).toBe(expected);
  });
});
