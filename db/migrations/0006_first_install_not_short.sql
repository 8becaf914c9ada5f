-- Standing-window occurrences stored at first install were flagged short-notice; the standing window itself announced them (issue 9).
UPDATE "maintenances" SET "short_notice" = false, "short_notice_reason" = NULL
WHERE "series_id" IS NOT NULL AND "short_notice" AND "short_notice_reason" = '初回設定時に自動登録';
