export { BackupError } from './format.ts';
export { readBackup } from './read.ts';
export { restoreBackup, type Restored } from './restore.ts';
export { applyRetention, planRetention, type Plan, type RetentionRule } from './retention.ts';
export { readBackupStatus } from './status.ts';
export { writeBackup, type WrittenBackup } from './write.ts';
export { backupAndPrune } from './backup-and-prune.ts';
