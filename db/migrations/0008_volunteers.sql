CREATE TABLE `shift_signups` (
	`id` text PRIMARY KEY NOT NULL,
	`shift_id` text NOT NULL,
	`volunteer_id` text NOT NULL,
	`signed_up_at` integer NOT NULL,
	`cancelled_at` integer,
	`check_in_at` integer,
	`check_in_by` text,
	`check_out_at` integer,
	`check_out_by` text,
	`minutes` integer,
	`flag` text,
	`adjusted_minutes` integer,
	`adjust_reason` text,
	FOREIGN KEY (`shift_id`) REFERENCES `shifts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`volunteer_id`) REFERENCES `volunteers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shift_signups_live_uq` ON `shift_signups` (`shift_id`,`volunteer_id`) WHERE cancelled_at IS NULL;--> statement-breakpoint
CREATE INDEX `shift_signups_volunteer_idx` ON `shift_signups` (`volunteer_id`,`signed_up_at`);--> statement-breakpoint
CREATE TABLE `shifts` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`community_id` text NOT NULL,
	`series_id` text,
	`task` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`place` text DEFAULT '' NOT NULL,
	`grid_id` text,
	`capacity` integer NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`cancelled_at` integer,
	`cancel_reason` text,
	`settled_at` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `volunteer_teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `shifts_team_idx` ON `shifts` (`team_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `shifts_community_idx` ON `shifts` (`community_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `team_members` (
	`team_id` text NOT NULL,
	`volunteer_id` text NOT NULL,
	`status` text NOT NULL,
	`joined_at` integer NOT NULL,
	PRIMARY KEY(`team_id`, `volunteer_id`),
	FOREIGN KEY (`team_id`) REFERENCES `volunteer_teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`volunteer_id`) REFERENCES `volunteers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `team_members_volunteer_idx` ON `team_members` (`volunteer_id`);--> statement-breakpoint
CREATE TABLE `volunteer_certificates` (
	`code` text PRIMARY KEY NOT NULL,
	`volunteer_id` text NOT NULL,
	`community_id` text NOT NULL,
	`issued_at` integer NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`total_minutes` integer NOT NULL,
	`services` integer NOT NULL,
	`content_hash` text NOT NULL,
	FOREIGN KEY (`volunteer_id`) REFERENCES `volunteers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `volunteer_certificates_volunteer_idx` ON `volunteer_certificates` (`volunteer_id`,`issued_at`);--> statement-breakpoint
CREATE TABLE `volunteer_records` (
	`id` text PRIMARY KEY NOT NULL,
	`volunteer_id` text NOT NULL,
	`community_id` text NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`title` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`recorded_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`volunteer_id`) REFERENCES `volunteers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `volunteer_records_volunteer_idx` ON `volunteer_records` (`volunteer_id`,`date`);--> statement-breakpoint
CREATE TABLE `volunteer_teams` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`leader_volunteer_id` text,
	`is_public` integer NOT NULL,
	`risky` integer NOT NULL,
	`adults_only` integer NOT NULL,
	`cancel_cutoff_hours` integer NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `volunteer_teams_name_uq` ON `volunteer_teams` (`community_id`,`name`);--> statement-breakpoint
CREATE TABLE `volunteers` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`resident_id` text NOT NULL,
	`skills` text DEFAULT '' NOT NULL,
	`availability` text DEFAULT '' NOT NULL,
	`show_name` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`guardian_name` text,
	`guardian_consent_at` integer,
	`insurer` text,
	`insurance_policy` text,
	`insured_until` text,
	`approved_by` text,
	`approved_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resident_id`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `volunteers_resident_uq` ON `volunteers` (`resident_id`);--> statement-breakpoint
CREATE INDEX `volunteers_community_idx` ON `volunteers` (`community_id`,`status`);