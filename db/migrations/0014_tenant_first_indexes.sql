CREATE INDEX `decision_updates_community_idx` ON `decision_updates` (`community_id`,`at`);--> statement-breakpoint
CREATE INDEX `decisions_meeting_idx` ON `decisions` (`community_id`,`meeting_id`);--> statement-breakpoint
CREATE INDEX `shifts_due_idx` ON `shifts` (`ends_at`) WHERE settled_at IS NULL AND cancelled_at IS NULL;