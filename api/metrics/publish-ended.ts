import type { PublishReport } from '../publish/publisher.ts';
import type { FileStore } from '../publish/store.ts';
import type { PublishEnded } from './publish-record.ts';

/**
 * The publisher's end of a publish (its `ended` hook) as the publish record takes it. The changed
 * files' sizes come from where the store keeps them: a packed object's entry on disk, the bytes
 * themselves in memory; no file is read.
 */
export function publishEnded(
  end: { report: PublishReport; changedPaths: readonly string[] } | { failedAfterMs: number },
  store: Pick<FileStore, 'get' | 'objectLocation' | 'peek'>,
): PublishEnded {
  if ('failedAfterMs' in end) return { outcome: 'failed', seconds: end.failedAfterMs / 1000 };
  const { report } = end;
  if (report.upToDate) return { outcome: 'unchanged', seconds: report.ms / 1000 };
  let changedBytes = 0;
  for (const path of end.changedPaths) {
    const file = store.get(path);
    if (!file) continue;
    changedBytes += store.objectLocation(file.hash)?.[2] ?? store.peek(path)?.length ?? 0;
  }
  return {
    outcome: 'published',
    seconds: report.ms / 1000,
    files: report.routes,
    changed: report.changed,
    changedBytes,
    at: report.at,
  };
}
