CREATE TABLE `activation_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`resident_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`revoked_at` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resident_id`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `activation_codes_hash_uq` ON `activation_codes` (`code_hash`);--> statement-breakpoint
CREATE INDEX `activation_codes_resident_idx` ON `activation_codes` (`resident_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `correction_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`resident_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`response` text,
	`handled_at` integer,
	`handled_by` text,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resident_id`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `correction_requests_community_idx` ON `correction_requests` (`community_id`,`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `grids` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`name` text NOT NULL,
	`area` text DEFAULT '' NOT NULL,
	`worker_user_id` text,
	`worker_name` text DEFAULT '' NOT NULL,
	`work_phone` text DEFAULT '' NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`worker_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grids_community_name_uq` ON `grids` (`community_id`,`name`);--> statement-breakpoint
CREATE TABLE `households` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`address` text NOT NULL,
	`grid_id` text,
	`group_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `resident_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `households_community_address_uq` ON `households` (`community_id`,`address`);--> statement-breakpoint
CREATE INDEX `households_community_grid_idx` ON `households` (`community_id`,`grid_id`);--> statement-breakpoint
CREATE TABLE `notice_acknowledgements` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`notice_id` text NOT NULL,
	`resident_id` text NOT NULL,
	`version` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resident_id`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notice_ack_uq` ON `notice_acknowledgements` (`notice_id`,`resident_id`);--> statement-breakpoint
CREATE INDEX `notice_ack_resident_idx` ON `notice_acknowledgements` (`resident_id`,`at`);--> statement-breakpoint
CREATE TABLE `notice_objections` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`notice_id` text NOT NULL,
	`version` integer NOT NULL,
	`resident_id` text NOT NULL,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`answer` text,
	`answered_at` integer,
	`answered_by` text,
	`published` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resident_id`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notice_objections_community_idx` ON `notice_objections` (`community_id`,`answered_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `notice_objections_notice_idx` ON `notice_objections` (`notice_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `notice_objections_resident_idx` ON `notice_objections` (`resident_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `resident_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`name` text NOT NULL,
	`leader_name` text DEFAULT '' NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `resident_groups_community_name_uq` ON `resident_groups` (`community_id`,`name`);--> statement-breakpoint
CREATE TABLE `resident_history` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`resident_id` text NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`detail` text NOT NULL,
	`actor_name` text NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resident_id`) REFERENCES `residents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `resident_history_resident_idx` ON `resident_history` (`resident_id`,`at`);--> statement-breakpoint
CREATE TABLE `residents` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`household_id` text,
	`group_id` text,
	`name` text NOT NULL,
	`birth_date` text NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`is_household_rep` integer DEFAULT false NOT NULL,
	`is_representative` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`moved_out_on` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `resident_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `residents_community_person_uq` ON `residents` (`community_id`,`name`,`birth_date`);--> statement-breakpoint
CREATE UNIQUE INDEX `residents_one_rep_per_household_uq` ON `residents` (`household_id`) WHERE is_household_rep = 1 AND status = 'active';--> statement-breakpoint
CREATE INDEX `residents_community_name_idx` ON `residents` (`community_id`,`status`,`name`);--> statement-breakpoint
CREATE INDEX `residents_household_idx` ON `residents` (`household_id`);--> statement-breakpoint
CREATE INDEX `residents_community_group_idx` ON `residents` (`community_id`,`group_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `resident_id` text;--> statement-breakpoint
ALTER TABLE `users` ADD `phone` text;--> statement-breakpoint
CREATE UNIQUE INDEX `users_resident_uq` ON `users` (`resident_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_phone_uq` ON `users` (`phone`);