CREATE TABLE `monitor_rolling` (
	`community_id` text PRIMARY KEY NOT NULL,
	`street_id` text NOT NULL,
	`from_day` text NOT NULL,
	`through_day` text NOT NULL,
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
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`street_id`) REFERENCES `streets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `monitor_rolling_street_idx` ON `monitor_rolling` (`street_id`);