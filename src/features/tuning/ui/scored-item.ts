import { type BatchItem, ItemStatus } from '../../batch/ui/batch-item.js';
import type { Detection } from '../../detection/pipeline/detection.js';
import type { PairedLabels } from '../pipeline/labels.js';

/** The name an item's labels are paired by: its path inside a chosen folder, else its name. */
export function itemImageName(item: BatchItem): string {
  return item.file.webkitRelativePath || item.file.name;
}

/** The detections of a result whose figures stand (a queued re-run still holds a stale one). */
export function scoredDetections(item: BatchItem): readonly Detection[] | null {
  const standing = item.status === ItemStatus.Done || item.status === ItemStatus.Skipped;
  return standing && item.result ? item.result.detections : null;
}

/** The group an image's figures pool into: its dataset source when labels name one, else its folder. */
export function groupName(item: BatchItem, labels: PairedLabels): string {
  if ('source' in labels.labels && typeof labels.labels.source === 'string') {
    return labels.labels.source;
  }
  return folderOf(itemImageName(item)) || labels.labelFile;
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash > 0 ? path.slice(0, slash) : '';
}
