ALTER TABLE `attachments` ADD `meeting_item_id` text;--> statement-breakpoint
ALTER TABLE `attachments` ADD `decision_id` text;--> statement-breakpoint
ALTER TABLE `attachments` ADD `decision_update_id` text;--> statement-breakpoint
CREATE INDEX `attachments_item_idx` ON `attachments` (`meeting_item_id`);--> statement-breakpoint
CREATE INDEX `attachments_decision_idx` ON `attachments` (`decision_id`,`decision_update_id`);