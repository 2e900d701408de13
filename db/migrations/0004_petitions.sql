CREATE TABLE `petition_signatures` (
	`petition_id` text NOT NULL,
	`resident_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`petition_id`, `resident_id`),
	FOREIGN KEY (`petition_id`) REFERENCES `petitions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resident_id`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `petitions` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`kind` text NOT NULL,
	`rule_set` text NOT NULL,
	`basis` text NOT NULL,
	`title` text NOT NULL,
	`reason` text NOT NULL,
	`eligible_count` integer NOT NULL,
	`threshold` integer NOT NULL,
	`status` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`reached_at` integer,
	`meeting_id` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `petitions_community_idx` ON `petitions` (`community_id`,`status`,`created_at`);