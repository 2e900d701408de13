CREATE TABLE `decision_updates` (
	`id` text PRIMARY KEY NOT NULL,
	`decision_id` text NOT NULL,
	`community_id` text NOT NULL,
	`at` integer NOT NULL,
	`status` text NOT NULL,
	`progress` integer NOT NULL,
	`note` text NOT NULL,
	`actor_name` text NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decision_updates_decision_idx` ON `decision_updates` (`decision_id`,`at`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`meeting_id` text NOT NULL,
	`item_id` text NOT NULL,
	`title` text NOT NULL,
	`resolution` text NOT NULL,
	`decided_at` integer NOT NULL,
	`status` text NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_item_uq` ON `decisions` (`item_id`);--> statement-breakpoint
CREATE INDEX `decisions_community_idx` ON `decisions` (`community_id`,`decided_at`);--> statement-breakpoint
CREATE TABLE `meeting_attendance` (
	`meeting_id` text NOT NULL,
	`resident_id` text NOT NULL,
	`method` text NOT NULL,
	`proxy_holder_id` text,
	`at` integer NOT NULL,
	`recorded_by` text NOT NULL,
	PRIMARY KEY(`meeting_id`, `resident_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resident_id`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meeting_attendance_holder_idx` ON `meeting_attendance` (`meeting_id`,`proxy_holder_id`);--> statement-breakpoint
CREATE TABLE `meeting_items` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`community_id` text NOT NULL,
	`seq` integer NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`proposed_resolution` text DEFAULT '' NOT NULL,
	`result` text,
	`votes_for` integer,
	`votes_against` integer,
	`votes_abstain` integer,
	`present_at_vote` integer,
	`outcome_note` text,
	`decided_at` integer,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_items_seq_uq` ON `meeting_items` (`meeting_id`,`seq`);--> statement-breakpoint
CREATE TABLE `meeting_roll` (
	`meeting_id` text NOT NULL,
	`resident_id` text NOT NULL,
	PRIMARY KEY(`meeting_id`, `resident_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resident_id`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`kind` text NOT NULL,
	`subkind` text,
	`rule_set` text NOT NULL,
	`basis` text NOT NULL,
	`group_id` text,
	`title` text NOT NULL,
	`place` text NOT NULL,
	`starts_at` integer NOT NULL,
	`urgent_reason` text,
	`status` text NOT NULL,
	`announced_at` integer,
	`announcement_notice_id` text,
	`eligible_count` integer,
	`quorum_needed` integer,
	`opened_at` integer,
	`closed_at` integer,
	`present_at_close` integer,
	`minutes_md` text,
	`minutes_notice_id` text,
	`cancel_reason` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meetings_community_idx` ON `meetings` (`community_id`,`starts_at`);