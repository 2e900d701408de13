CREATE TABLE `communities` (
	`id` text PRIMARY KEY NOT NULL,
	`street_id` text NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`name_en` text DEFAULT '' NOT NULL,
	`kind` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`office_hours` text DEFAULT '' NOT NULL,
	`contact_phone` text DEFAULT '' NOT NULL,
	`intro` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`street_id`) REFERENCES `streets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `communities_street_slug_uq` ON `communities` (`street_id`,`slug`);--> statement-breakpoint
CREATE TABLE `community_officials` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`body` text NOT NULL,
	`name` text NOT NULL,
	`post` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `community_officials_community_idx` ON `community_officials` (`community_id`,`body`,`sort_order`);--> statement-breakpoint
CREATE TABLE `streets` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`name_en` text DEFAULT '' NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `streets_slug_uq` ON `streets` (`slug`);--> statement-breakpoint
CREATE TABLE `login_throttle` (
	`username` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`street_id` text NOT NULL,
	`community_id` text,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`password_salt` text NOT NULL,
	`password_hash` text NOT NULL,
	`disabled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`street_id`) REFERENCES `streets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_uq` ON `users` (`username`);--> statement-breakpoint
CREATE INDEX `users_community_idx` ON `users` (`community_id`,`role`);--> statement-breakpoint
CREATE INDEX `users_street_idx` ON `users` (`street_id`,`role`);--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`notice_id` text,
	`name` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`r2_key` text NOT NULL,
	`published_at` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attachments_notice_idx` ON `attachments` (`community_id`,`notice_id`);--> statement-breakpoint
CREATE TABLE `notice_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`notice_id` text NOT NULL,
	`community_id` text NOT NULL,
	`version` integer NOT NULL,
	`category` text NOT NULL,
	`title` text NOT NULL,
	`body_md` text NOT NULL,
	`change_note` text DEFAULT '' NOT NULL,
	`attachments` text NOT NULL,
	`published_at` integer NOT NULL,
	`publicity_ends_at` integer NOT NULL,
	`published_by` text NOT NULL,
	`content_hash` text NOT NULL,
	FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notice_versions_notice_version_uq` ON `notice_versions` (`notice_id`,`version`);--> statement-breakpoint
CREATE INDEX `notice_versions_community_idx` ON `notice_versions` (`community_id`,`published_at`);--> statement-breakpoint
CREATE INDEX `notice_versions_hash_idx` ON `notice_versions` (`content_hash`);--> statement-breakpoint
CREATE TABLE `notices` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`category` text NOT NULL,
	`status` text NOT NULL,
	`title` text NOT NULL,
	`body_md` text NOT NULL,
	`pinned` integer DEFAULT false NOT NULL,
	`publicity_days` integer DEFAULT 15 NOT NULL,
	`current_version` integer DEFAULT 0 NOT NULL,
	`first_published_at` integer,
	`last_published_at` integer,
	`scheduled_at` integer,
	`scheduled_by` text,
	`withdrawn_at` integer,
	`withdraw_reason` text,
	`replaced_by` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notices_community_status_idx` ON `notices` (`community_id`,`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `notices_community_published_idx` ON `notices` (`community_id`,`last_published_at`);--> statement-breakpoint
CREATE INDEX `notices_community_category_idx` ON `notices` (`community_id`,`category`,`last_published_at`);--> statement-breakpoint
CREATE INDEX `notices_scheduled_idx` ON `notices` (`status`,`scheduled_at`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`street_id` text NOT NULL,
	`community_id` text,
	`at` integer NOT NULL,
	`actor_id` text,
	`actor_name` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`before` text,
	`after` text,
	FOREIGN KEY (`street_id`) REFERENCES `streets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_community_idx` ON `audit_log` (`community_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_street_idx` ON `audit_log` (`street_id`,`at`);--> statement-breakpoint
CREATE TABLE `transparency_log` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`record_id` text NOT NULL,
	`version` integer NOT NULL,
	`content_hash` text NOT NULL,
	`prev_hash` text NOT NULL,
	`entry_hash` text NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transparency_log_seq_uq` ON `transparency_log` (`community_id`,`seq`);--> statement-breakpoint
CREATE INDEX `transparency_log_content_idx` ON `transparency_log` (`community_id`,`content_hash`);--> statement-breakpoint
CREATE INDEX `transparency_log_record_idx` ON `transparency_log` (`community_id`,`record_id`);