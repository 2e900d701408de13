-- Hand edit: poll_ballots is WITHOUT ROWID, stored in receipt order, so no rowid or insertion order
-- can re-link a secret ballot to the participation row written in the same batch.
CREATE TABLE `poll_ballots` (
	`receipt` text PRIMARY KEY NOT NULL,
	`poll_id` text NOT NULL,
	`choice` text NOT NULL,
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `poll_ballots_poll_idx` ON `poll_ballots` (`poll_id`);--> statement-breakpoint
CREATE TABLE `poll_participation` (
	`poll_id` text NOT NULL,
	`resident_id` text NOT NULL,
	`cast_by` text NOT NULL,
	`via` text NOT NULL,
	`receipt` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`poll_id`, `resident_id`),
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resident_id`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `poll_proxies` (
	`poll_id` text NOT NULL,
	`grantor_id` text NOT NULL,
	`holder_id` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`recorded_by` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`poll_id`, `grantor_id`),
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grantor_id`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`holder_id`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `poll_proxies_holder_idx` ON `poll_proxies` (`poll_id`,`holder_id`);--> statement-breakpoint
CREATE TABLE `poll_roll` (
	`poll_id` text NOT NULL,
	`resident_id` text NOT NULL,
	PRIMARY KEY(`poll_id`, `resident_id`),
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resident_id`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `polls` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`meeting_item_id` text,
	`kind` text NOT NULL,
	`ballot_type` text NOT NULL,
	`rule_set` text NOT NULL,
	`title` text NOT NULL,
	`description_md` text DEFAULT '' NOT NULL,
	`options` text NOT NULL,
	`min_choices` integer NOT NULL,
	`max_choices` integer NOT NULL,
	`eligibility` text NOT NULL,
	`secret` integer NOT NULL,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`pass_rule` text NOT NULL,
	`turnout_pct` integer,
	`allow_change` integer NOT NULL,
	`hide_results` integer NOT NULL,
	`review_year` integer,
	`status` text NOT NULL,
	`eligible_count` integer,
	`opened_at` integer,
	`closed_at` integer,
	`result` text,
	`result_hash` text,
	`cancel_reason` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `polls_community_idx` ON `polls` (`community_id`,`status`,`closes_at`);--> statement-breakpoint
CREATE INDEX `polls_due_idx` ON `polls` (`status`,`opens_at`,`closes_at`);--> statement-breakpoint
CREATE TABLE `review_outcomes` (
	`poll_id` text NOT NULL,
	`community_id` text NOT NULL,
	`year` integer NOT NULL,
	`member_name` text NOT NULL,
	`post` text DEFAULT '' NOT NULL,
	`competent` integer NOT NULL,
	`basic` integer NOT NULL,
	`incompetent` integer NOT NULL,
	`ballots_cast` integer NOT NULL,
	`incompetent_majority` integer NOT NULL,
	`ends_post` integer NOT NULL,
	PRIMARY KEY(`poll_id`, `member_name`),
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_outcomes_year_uq` ON `review_outcomes` (`community_id`,`member_name`,`year`);