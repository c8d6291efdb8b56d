/**
 * A worker-thread task holds at most this many plain files and, past its first file, this many
 * bytes (a large multi-document file is a task of its own).
 */
const THREAD_PART = 250;
const PART_BYTES = 256 * 1024;
/**
 * The size of a piece of a large multi-document file: a piece's parse is held in its thread until
 * its fixes are planned, so smaller pieces hold less at once (a piece costs only its own length:
 * see fileEditor's `held.piece` and documentPiece).
 */
const PIECE_BYTES = 128 * 1024;
/**
 * The last bytes of the files go in parts a quarter of the size: the threads finish their last
 * tasks close together instead of one idling while another works through a whole part.
 */
const TAIL_BYTES = 8 * PART_BYTES;
const TAIL_PART = 64;
const TAIL_PART_BYTES = PART_BYTES / 4;

/** A plain file of a thread part: whole, or one piece of a large multi-document file (see document-pieces.ts). */
export type PartFile = { path: string; piece?: { index: number; of: number } };

/**
 * The plain files in consecutive parts of at most THREAD_PART files and about PART_BYTES bytes
 * (within the last TAIL_BYTES, TAIL_PART files and a quarter of the bytes), in order; a file over twice PART_BYTES is cut
 * into pieces of about PIECE_BYTES, each a part of its own, so the threads share one large
 * multi-document file too.
 */
export function threadParts(paths: readonly string[], size: (path: string) => number): PartFile[][] {
  const parts: PartFile[][] = [];
  let current: PartFile[] = [];
  let bytes = 0;
  const close = (): void => {
    if (current.length > 0) parts.push(current);
    current = [];
    bytes = 0;
  };
  // bytes of the files not yet placed, this one included
  let left = 0;
  for (const path of paths) left += size(path);
  for (const path of paths) {
    const own = size(path);
    if (own > 2 * PART_BYTES) {
      close();
      const of = Math.ceil(own / PIECE_BYTES);
      for (let index = 0; index < of; index++) parts.push([{ path, piece: { index, of } }]);
      left -= own;
      continue;
    }
    const tail = left <= TAIL_BYTES;
    if (current.length >= (tail ? TAIL_PART : THREAD_PART) || bytes + own > (tail ? TAIL_PART_BYTES : PART_BYTES)) close();
    current.push({ path });
    bytes += own;
    left -= own;
  }
  close();
  return parts;
}
