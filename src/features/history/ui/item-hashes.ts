import type { BatchItem } from '../../batch/ui/batch-item.js';
import { sha256Hex } from '../store/content-hash.js';

/**
 * The content keys of batch items, by file: the SHA-256 of the file's bytes, and for a PDF page
 * the page number too. Each file is hashed once; a failed read is not kept, so a later try (the
 * file came back) reads it again.
 */
export class ItemHashes {
  private readonly hashes = new WeakMap<File, Promise<string>>();

  /** `item`'s content key. */
  async of(item: Pick<BatchItem, 'file' | 'page'>): Promise<string> {
    const hash = await this.hashOf(item.file);
    return item.page ? `${hash}#page=${item.page.number}` : hash;
  }

  private hashOf(file: File): Promise<string> {
    let hash = this.hashes.get(file);
    if (!hash) {
      hash = file.arrayBuffer().then(sha256Hex);
      hash.catch(() => this.hashes.delete(file));
      this.hashes.set(file, hash);
    }
    return hash;
  }
}
