CREATE TABLE `case_events` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`community_id` text NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`private` integer DEFAULT false NOT NULL,
	`data` text,
	`actor_id` text,
	`actor_name` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_events_case_idx` ON `case_events` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`grid_id` text,
	`kind` text NOT NULL,
	`category` text NOT NULL,
	`description` text NOT NULL,
	`place` text DEFAULT '' NOT NULL,
	`resident_id` text,
	`contact_name` text,
	`contact_phone` text,
	`tracking_code` text NOT NULL,
	`status` text NOT NULL,
	`assignee_user_id` text,
	`stage_started_at` integer NOT NULL,
	`stage_due_at` integer NOT NULL,
	`extended_at` integer,
	`extend_reason` text,
	`escalated_at` integer,
	`street_holds` integer DEFAULT false NOT NULL,
	`mediation` text DEFAULT 'none' NOT NULL,
	`agreed_at` integer,
	`closed_at` integer,
	`closed_in_time` integer,
	`late_at` integer,
	`rating` integer,
	`rating_comment` text,
	`rated_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resident_id`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cases_community_idx` ON `cases` (`community_id`,`status`,`stage_due_at`);--> statement-breakpoint
CREATE INDEX `cases_grid_idx` ON `cases` (`grid_id`,`status`);--> statement-breakpoint
CREATE INDEX `cases_resident_idx` ON `cases` (`resident_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_tracking_uq` ON `cases` (`tracking_code`);--> statement-breakpoint
ALTER TABLE `attachments` ADD `case_id` text;--> statement-breakpoint
CREATE INDEX `attachments_case_idx` ON `attachments` (`case_id`);