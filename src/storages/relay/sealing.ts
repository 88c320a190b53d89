/**
 * What a relay's objects look like on the store: as they are, or encrypted with a key derived
 * from a passphrase. Encrypted, a relay shows neither file names (blob names are keyed hashes of
 * the content hashes; indexes, manifests and records are sealed whole) nor contents, nor sizes
 * closer than 4 KiB: everything is padded to a multiple of that before it is sealed.
 *
 * Small objects are sealed in one piece with AES-256-GCM. A blob streams in 64 KiB chunks, each
 * sealed on its own with a nonce made of the blob's random prefix and the chunk's number, and the
 * last one marked as last in its authenticated data: a chunk moved, dropped or cut off fails to
 * open, and a file is never written from a blob that does not open whole.
 * @module
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt } from "node:crypto";
import { InvalidDataError } from "../../errors/index.js";

export interface Sealing {
  readonly encrypted: boolean;
  /** A small object as stored. */
  seal(plain: Uint8Array): Uint8Array;
  /** A small object as written; InvalidDataError when it does not open (tampered, another key). */
  open(stored: Uint8Array, where: string): Uint8Array;
  sealStream(plain: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array>;
  openStream(stored: AsyncIterable<Uint8Array>, where: string): AsyncIterable<Uint8Array>;
  /** A blob's name on the store for content of this hash. */
  blobName(hash: string): string;
}

export const plainSealing: Sealing = {
  encrypted: false,
  seal: (plain) => plain,
  open: (stored) => stored,
  sealStream: (plain) => plain,
  openStream: (stored) => stored,
  blobName: (hash) => hash,
};

/** The key derivation's parameters, kept in `relay.json` (they are not secret). */
export interface KeyParameters {
  readonly salt: string;
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

export const newKeyParameters = (): KeyParameters => ({
  salt: randomBytes(16).toString("base64"),
  N: 2 ** 15,
  r: 8,
  p: 1,
});

export async function deriveSealing(passphrase: string, parameters: KeyParameters): Promise<Sealing> {
  const { N, r, p } = parameters;
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(
      passphrase,
      Buffer.from(parameters.salt, "base64"),
      64,
      { N, r, p, maxmem: 256 * N * r },
      (error, derived) => (error ? reject(error) : resolve(derived)),
    ),
  );
  return encryptedSealing(key.subarray(0, 32), key.subarray(32));
}

const block = 4096;
const chunk = 64 * 1024;
const tag = 16;
const nonceLength = 12;
const prefixLength = 8;
/** The most a last chunk holds sealed: less than a chunk, its padding and the padding's length. */
const lastSealedMax = chunk + block + tag;

function encryptedSealing(contentKey: Buffer, nameKey: Buffer): Sealing {
  const sealPiece = (nonce: Buffer, plain: Uint8Array, last: boolean): Buffer => {
    const cipher = createCipheriv("aes-256-gcm", contentKey, nonce);
    cipher.setAAD(Buffer.from([last ? 1 : 0]));
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  };
  const openPiece = (nonce: Buffer, sealed: Uint8Array, last: boolean, where: string): Buffer => {
    try {
      const decipher = createDecipheriv("aes-256-gcm", contentKey, nonce);
      decipher.setAAD(Buffer.from([last ? 1 : 0]));
      decipher.setAuthTag(sealed.subarray(sealed.byteLength - tag));
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.byteLength - tag)), decipher.final()]);
    } catch {
      throw new InvalidDataError(`${where}: does not open with this relay's key (damaged or tampered with)`, {
        what: where,
      });
    }
  };
  const chunkNonce = (prefix: Buffer, index: number): Buffer => {
    const nonce = Buffer.alloc(nonceLength);
    prefix.copy(nonce);
    nonce.writeUInt32BE(index, prefixLength);
    return nonce;
  };

  return {
    encrypted: true,
    seal(plain) {
      const nonce = randomBytes(nonceLength);
      return Buffer.concat([nonce, sealPiece(nonce, padded(plain), true)]);
    },
    open(stored, where) {
      if (stored.byteLength < nonceLength + tag) {
        throw new InvalidDataError(`${where}: cut short`, { what: where });
      }
      const nonce = Buffer.from(stored.subarray(0, nonceLength));
      return unpadded(openPiece(nonce, stored.subarray(nonceLength), true, where), where);
    },
    async *sealStream(plain) {
      const prefix = randomBytes(prefixLength);
      yield prefix;
      let index = 0;
      let held = Buffer.alloc(0);
      for await (const piece of plain) {
        held = held.byteLength === 0 ? Buffer.from(piece) : Buffer.concat([held, piece]);
        while (held.byteLength >= chunk) {
          yield sealPiece(chunkNonce(prefix, index++), held.subarray(0, chunk), false);
          held = held.subarray(chunk);
        }
      }
      yield sealPiece(chunkNonce(prefix, index), padded(held), true);
    },
    async *openStream(stored, where) {
      let prefix: Buffer | undefined;
      let held = Buffer.alloc(0);
      let index = 0;
      for await (const piece of stored) {
        held = held.byteLength === 0 ? Buffer.from(piece) : Buffer.concat([held, piece]);
        if (prefix === undefined) {
          if (held.byteLength < prefixLength) continue;
          prefix = held.subarray(0, prefixLength);
          held = held.subarray(prefixLength);
        }
        // A chunk is known not to be the last once more than the largest last chunk follows it.
        while (held.byteLength > lastSealedMax) {
          yield openPiece(chunkNonce(prefix, index++), held.subarray(0, chunk + tag), false, where);
          held = held.subarray(chunk + tag);
        }
      }
      if (prefix === undefined || held.byteLength < tag) {
        throw new InvalidDataError(`${where}: cut short`, { what: where });
      }
      yield unpadded(openPiece(chunkNonce(prefix, index), held, true, where), where);
    },
    blobName: (hash) => createHmac("sha256", nameKey).update(hash).digest("hex"),
  };
}

/** `plain`, zeros, and the zeros' count in 4 bytes, to a multiple of 4 KiB. */
function padded(plain: Uint8Array): Buffer {
  const length = Math.ceil((plain.byteLength + 4) / block) * block;
  const out = Buffer.alloc(length);
  out.set(plain);
  out.writeUInt32BE(length - plain.byteLength - 4, length - 4);
  return out;
}

function unpadded(opened: Buffer, where: string): Buffer {
  const zeros = opened.byteLength >= 4 ? opened.readUInt32BE(opened.byteLength - 4) : Infinity;
  if (zeros + 4 > opened.byteLength) throw new InvalidDataError(`${where}: bad padding`, { what: where });
  return opened.subarray(0, opened.byteLength - 4 - zeros);
}
