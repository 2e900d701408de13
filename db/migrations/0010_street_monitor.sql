CREATE TABLE `assessment_adjustments` (
	`street_id` text NOT NULL,
	`year` integer NOT NULL,
	`community_id` text NOT NULL,
	`points` real NOT NULL,
	`reason` text NOT NULL,
	`user_name` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`street_id`, `year`, `community_id`),
	FOREIGN KEY (`street_id`) REFERENCES `streets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `assessment_plans` (
	`street_id` text NOT NULL,
	`year` integer NOT NULL,
	`weights` text NOT NULL,
	`status` text NOT NULL,
	`published_at` integer,
	`published_by` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`street_id`, `year`),
	FOREIGN KEY (`street_id`) REFERENCES `streets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `assessment_results` (
	`street_id` text NOT NULL,
	`year` integer NOT NULL,
	`community_id` text NOT NULL,
	`rank` integer NOT NULL,
	`score` real,
	`base` real,
	`adjustment` real NOT NULL,
	`adjustment_reason` text DEFAULT '' NOT NULL,
	`content` text NOT NULL,
	`content_hash` text NOT NULL,
	`published_at` integer NOT NULL,
	PRIMARY KEY(`street_id`, `year`, `community_id`),
	FOREIGN KEY (`street_id`) REFERENCES `streets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `monitor_alert_acks` (
	`street_id` text NOT NULL,
	`alert_key` text NOT NULL,
	`community_id` text,
	`note` text DEFAULT '' NOT NULL,
	`user_id` text NOT NULL,
	`user_name` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`street_id`, `alert_key`),
	FOREIGN KEY (`street_id`) REFERENCES `streets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `monitor_days` (
	`community_id` text NOT NULL,
	`day` text NOT NULL,
	`street_id` text NOT NULL,
	`disclosures_due` integer DEFAULT 0 NOT NULL,
	`disclosures_on_time` integer DEFAULT 0 NOT NULL,
	`meetings_with_quorum` integer DEFAULT 0 NOT NULL,
	`meetings_quorate` integer DEFAULT 0 NOT NULL,
	`poll_eligible` integer DEFAULT 0 NOT NULL,
	`poll_cast` integer DEFAULT 0 NOT NULL,
	`cases_closed` integer DEFAULT 0 NOT NULL,
	`cases_closed_in_time` integer DEFAULT 0 NOT NULL,
	`mediations_done` integer DEFAULT 0 NOT NULL,
	`mediations_agreed` integer DEFAULT 0 NOT NULL,
	`ratings` integer DEFAULT 0 NOT NULL,
	`rating_sum` integer DEFAULT 0 NOT NULL,
	`volunteer_minutes` integer DEFAULT 0 NOT NULL,
	`patrol_planned` integer DEFAULT 0 NOT NULL,
	`patrol_filled` integer DEFAULT 0 NOT NULL,
	`residents` integer,
	PRIMARY KEY(`community_id`, `day`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`street_id`) REFERENCES `streets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `monitor_days_street_idx` ON `monitor_days` (`street_id`,`day`);--> statement-breakpoint
CREATE TABLE `monitor_runs` (
	`street_id` text PRIMARY KEY NOT NULL,
	`through_day` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`street_id`) REFERENCES `streets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notices_community_first_idx` ON `notices` (`community_id`,`category`,`first_published_at`);--> statement-breakpoint
CREATE INDEX `polls_closed_idx` ON `polls` (`community_id`,`closed_at`);--> statement-breakpoint
CREATE INDEX `cases_closed_idx` ON `cases` (`community_id`,`closed_at`);--> statement-breakpoint
CREATE INDEX `cases_rated_idx` ON `cases` (`community_id`,`rated_at`);